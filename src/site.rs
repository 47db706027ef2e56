//! The pipeline, end to end: `load → rank → render`, one bulletin at a time, then the
//! site-wide pages from the bulletins' digests, and `write` for `build`. `check` is the
//! same pipeline without `write`, and lists every error it finds.

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::incr::Db;
use crate::incr::keys::PageKey;
use crate::incr::store::{Stores, Used};
use crate::model::Bulletin;
use crate::output::{Count, Discard, Output};
use crate::rank;
use crate::render::bulletin::{self, Digest};
use crate::render::summary::{Listed, Summary};
use crate::render::{self, Theme, site_pages};
use crate::settings::Settings;
use crate::write::Staging;

pub use crate::settings::CACHE_DIR;

/// What a finished build did.
#[derive(Debug)]
pub struct Report {
    pub output: std::path::PathBuf,
    /// Bulletins published.
    pub bulletins: usize,
    pub pages: usize,
    pub files: usize,
    /// Bulletins held back: (source folder, why, as words).
    pub held: Vec<(String, crate::i18n::Message)>,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// What a generated site holds.
pub struct Generated {
    pub rendered: Count,
    pub bulletins: usize,
    pub held: Vec<(String, crate::i18n::Message)>,
    pub warnings: Diagnostics,
    /// What the build did not use, to remove from the stores.
    pub prune: Prune,
}

/// The store entries a build did not use (a chart or bulletin that changed or went),
/// removed by [`Prune::run`], so that the stores hold about one site: at the end of
/// `build`; after the reload for `serve`, which is waiting for nothing then.
pub struct Prune {
    stores: Stores,
    pub used: Used,
    started: SystemTime,
}

impl Prune {
    /// Remove what the build did not use (a write in progress since it began is kept).
    pub fn run(self) {
        self.stores.prune(&self.used, self.started);
    }
}

/// The stores a build of `settings` may reuse; `check` only reads drawn charts.
pub fn stores(settings: &Settings, check: bool) -> Stores {
    Stores::open(settings.cache_dir().as_deref(), settings.page_cache, check)
}

/// Why a bulletin is not published as of `settings.today`, if it is not.
pub fn held_back(b: &Bulletin, settings: &Settings) -> Option<crate::i18n::Message> {
    if b.draft && !settings.drafts {
        return Some(crate::msg!("held-draft"));
    }
    if b.published > settings.today && !settings.future {
        let d = b.published;
        return Some(crate::msg!(
            "held-future",
            date = d.to_string(),
            year = d.year(),
            month = d.month(),
            day = d.day()
        ));
    }
    None
}

/// Load, rank and render, every file into `out`. With `everything`, bulletins held back
/// are rendered too (into an output that keeps nothing), so that `check` finds their errors.
pub fn generate(
    settings: &Settings,
    db: &crate::incr::Db,
    out: &dyn Output,
    everything: bool,
) -> Result<Generated, Diagnostics> {
    let started = SystemTime::now();
    let mut phases = crate::timing::Phases::start();
    let root = &settings.root;
    // Unchanged folders are reused by `build` and `serve`, never by `check`.
    let stores = stores(settings, everything);
    let ((loaded, folders), theme) = (
        crate::incr::loaded::loaded(db, stores.load.as_ref(), root),
        Theme::load(root),
    );
    let ((mut site, mut warnings), theme) = match (loaded, theme) {
        (Ok(l), Ok(t)) => (l, t),
        (l, t) => {
            let mut errors = l.err().unwrap_or_default();
            errors.extend(t.err().unwrap_or_default());
            return Err(errors);
        }
    };
    phases.mark("load");
    if settings.strict {
        let strict: Vec<Diagnostic> = warnings
            .0
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .cloned()
            .map(|mut d| {
                d.severity = Severity::Error;
                d.hint = Some(match d.hint {
                    Some(hint) => crate::msg!("strict-hint", hint = hint),
                    None => crate::msg!("strict-no-hint"),
                });
                d
            })
            .collect();
        if !strict.is_empty() {
            return Err(Diagnostics(strict));
        }
    }
    if let Some(url) = &settings.base_url {
        site.config.base_url.clone_from(url);
    }
    let mut held: Vec<(String, crate::i18n::Message)> = site
        .bulletins
        .values()
        .filter_map(|b| held_back(b, settings).map(|why| (b.path.clone(), why)))
        .collect();
    if settings.preview {
        // Shown, under a banner, rather than held back.
        for (path, _) in held.drain(..) {
            let b = std::sync::Arc::make_mut(
                site.bulletins
                    .get_mut(&path)
                    .expect("held paths are bulletins"),
            );
            let d = b.published;
            b.preview_note = Some(if b.draft {
                "未发布：草稿（draft: true），去掉后按发布日期发布".to_string()
            } else {
                format!("未发布：将于{}年{}月{}日发布", d.year(), d.month(), d.day())
            });
        }
    }
    let held_paths: BTreeSet<String> = held.iter().map(|(p, _)| p.clone()).collect();
    let rank::RankedSite { results, standings } =
        crate::incr::ranked::ranked(db, &site.bulletins, &held_paths)?;
    phases.mark("rank");
    let fonts = render::chart_fonts(&site)?;
    let draw: std::sync::Arc<dyn render::png::Draw> = stores.png.clone();
    let published = |b: &&Bulletin| !held_paths.contains(&b.path);
    let sv = std::sync::Arc::new(render::views::SiteView::new(&site, settings.today, |b| {
        !held_paths.contains(&b.path)
    }));
    let theme = std::sync::Arc::new(theme);
    let shared = bulletin::Shared {
        theme: &theme,
        site: &sv,
        fonts: fonts.as_ref(),
        draw: &draw,
    };
    phases.mark("views");
    let previous = rank::previous_in_series(site.bulletins.values().map(|b| &**b));
    let list: Vec<&Bulletin> = site.bulletins.values().map(|b| &**b).collect();
    // A bulletin's summary is made of its own files (its fingerprint) and the preview
    // note: kept by those, with its hash (what the next bulletin's page key takes).
    let kept_summaries = db.summaries.snapshot();
    let listed: Vec<(&str, u128, std::sync::Arc<Listed>)> = list
        .par_iter()
        .copied()
        .filter(published)
        .map(|b| {
            let key = crate::incr::keys::key("listed", |k| {
                k.add_u128(b.fingerprint)
                    .add_str(b.preview_note.as_deref().unwrap_or(""));
            });
            let l = match kept_summaries.get(&key) {
                Some(l) => l.clone(),
                None => std::sync::Arc::new(Listed::new(Summary::new(b))),
            };
            (b.path.as_str(), key, l)
        })
        .collect();
    drop(kept_summaries);
    if db.summaries.keeps() {
        db.summaries
            .replace(listed.iter().map(|(_, k, l)| (*k, l.clone())).collect());
    }
    let summaries: std::collections::BTreeMap<&str, std::sync::Arc<Listed>> =
        listed.into_iter().map(|(p, _, l)| (p, l)).collect();
    phases.mark("summaries");
    let site_key = crate::incr::keys::SiteKey(crate::incr::keys::key("site", |k| {
        k.add_u128(theme.identity)
            .add_json(&*sv)
            .add_str(&fonts.as_ref().map(|f| f.identity()).unwrap_or_default());
    }));
    // Everything a bulletin's pages are made from: the site's part, its own files, and the
    // previous bulletin of its series as its pages show it (the link and the change column).
    let page_key = |b: &Bulletin, before: Option<&Listed>| {
        let before_standings = previous.get(b.path.as_str()).map(|p| standings[p].key.0);
        PageKey(crate::incr::keys::key("bulletin", |k| {
            k.add_u128(site_key.0)
                .add_u128(b.fingerprint)
                .add_u128(before.map_or(0, |l| l.key))
                .add_u128(before_standings.unwrap_or(0));
        }))
    };

    phases.mark("keys");
    let run = crate::incr::run::Run::new(out, crate::gate::Gate::new(root));
    let kept_digests = db.digests.snapshot();
    let digests: Vec<Option<(PageKey, std::sync::Arc<Digest>)>> = list
        .par_iter()
        .map(|b| {
            let is_published = published(b);
            if !is_published && !everything {
                return Ok(None);
            }
            let listed = previous.get(b.path.as_str()).and_then(|p| summaries.get(p));
            let before = listed.map(|l| &l.summary);
            let ranked = &results[b.path.as_str()];
            if !is_published {
                // `check` only: what is held back today is published on its day.
                let (pages, _) = bulletin::render(&shared, b, ranked, before)?;
                run.put(None, pages)?;
                return Ok(None);
            }
            let key = page_key(b, listed.map(|l| &**l));
            let made = run.entry(key, || bulletin::render(&shared, b, ranked, before))?;
            let digest = match made {
                Some(digest) => with_source(digest, key),
                None => match kept_digests.get(&key.0) {
                    Some(d) => d.clone(),
                    None => with_source(bulletin::digest(b, ranked), key),
                },
            };
            Ok(Some((key, digest)))
        })
        .collect::<Result<_, Diagnostics>>()?;
    phases.mark("bulletins");
    let digests: Vec<(PageKey, std::sync::Arc<Digest>)> = digests.into_iter().flatten().collect();
    drop(kept_digests);
    if db.digests.keeps() {
        db.digests
            .replace(digests.iter().map(|(k, d)| (k.0, d.clone())).collect());
    }
    let bulletins = digests.len();
    let out_list: Vec<&Bulletin> = list.iter().copied().filter(published).collect();
    let page_keys: std::collections::HashMap<&str, u128> = digests
        .iter()
        .map(|(key, d)| (d.summary.path.as_str(), key.0))
        .collect();
    let channels = render::unit_channels::render(
        &shared, &out_list, &results, &run, site_key, &page_keys, &db.views,
    )?;
    phases.mark("channels");
    site_pages::render(
        &theme,
        &sv,
        site.home.as_deref(),
        digests,
        &channels,
        &run,
        site_key,
        &db.units,
    )?;
    phases.mark("site pages");
    for (path, why) in &held {
        warnings.push(
            Diagnostic::note(crate::msg!("held-back", path = path, why = why.clone()))
                .hint(crate::msg!("held-back-help")),
        );
    }
    let (rendered, entries, later) = run.finish();
    let generated = Generated {
        rendered,
        bulletins,
        held,
        warnings,
        prune: Prune {
            stores,
            used: Used {
                folders,
                entries,
                later,
            },
            started,
        },
    };
    // Freeing the loaded and ranked site (hundreds of thousands of strings at 2,000
    // bulletins) is left to a worker: the caller goes on to swap the site in.
    let ranked: (
        Vec<std::sync::Arc<rank::Results>>,
        Vec<crate::incr::ranked::Handed>,
    ) = (
        results.into_values().collect(),
        standings.into_values().collect(),
    );
    rayon::spawn(move || drop((site, ranked)));
    phases.print();
    Ok(generated)
}

/// A fresh digest, its rows marked with the key of the pages they come from: what the unit
/// pages' keys are made of.
fn with_source(mut digest: Digest, key: PageKey) -> std::sync::Arc<Digest> {
    for r in &mut digest.units {
        std::sync::Arc::make_mut(r).source = key.0;
    }
    digest.seal();
    std::sync::Arc::new(digest)
}

/// Every check of `build` without writing anything. All errors of all files.
pub fn check(settings: &Settings) -> Result<Diagnostics, Diagnostics> {
    generate(settings, &Db::transient(), &Discard, true).map(|g| g.warnings)
}

/// Build the site into its output folder, atomically. Stops at the first file that fails.
pub fn build(settings: &Settings) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let output = settings.output.clone();
    let write_error = |e: std::io::Error| {
        Diagnostics::from(
            Diagnostic::error(crate::msg!(
                "cannot-write",
                file = &output,
                reason = crate::i18n::io_reason(&e)
            ))
            .hint(crate::msg!("cannot-write-help")),
        )
    };
    // Files go into a staging folder as they are rendered; on any error it is dropped,
    // and removed with it.
    let staging = Staging::create(&output, stores(settings, false).pages).map_err(write_error)?;
    let Generated {
        rendered,
        bulletins,
        held,
        warnings,
        prune,
    } = generate(settings, &crate::incr::Db::transient(), &staging, false)
        .map_err(first_file_only)?;
    prune.run();
    staging.commit().map_err(write_error)?;
    Ok(Report {
        output,
        bulletins,
        pages: rendered.pages,
        files: rendered.files,
        held,
        warnings,
        elapsed: started.elapsed(),
    })
}

/// The site folder `root`'s default settings, as of today.
pub fn settings(root: &Path) -> Settings {
    Settings::new(root)
}

/// `build` reports the errors of the first failing file only; `check` reports all.
fn first_file_only(all: Diagnostics) -> Diagnostics {
    let first = all
        .0
        .iter()
        .find(|d| d.severity == crate::diag::Severity::Error)
        .and_then(|d| d.span.as_ref().map(|s| s.path.clone()));
    match first {
        Some(path) => Diagnostics(
            all.0
                .into_iter()
                .filter(|d| d.span.as_ref().is_some_and(|s| s.path == path))
                .collect(),
        ),
        None => all,
    }
}
