//! The pipeline, end to end: `load → rank → render`, one bulletin at a time, then the
//! site-wide pages from the bulletins' digests, and `write` for `build`. `check` is the
//! same pipeline without `write`, and lists every error it finds.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant, SystemTime};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::load;
use crate::model::Bulletin;
use crate::rank;
use crate::render::bulletin::{self, Digest};
use crate::render::summary::{Listed, Summary};
use crate::render::{self, Discard, Page, Rendered, Sink, Theme, site_pages};
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
    pub rendered: Rendered,
    pub bulletins: usize,
    pub held: Vec<(String, crate::i18n::Message)>,
    pub warnings: Diagnostics,
    /// What the build did not use, to remove from the caches.
    pub prune: Prune,
}

/// The cache entries a build did not use (a chart or bulletin that changed or went),
/// removed by [`Prune::run`], so that the caches hold about one site: at the end of
/// `build`; after the reload for `serve`, which is waiting for nothing then.
pub struct Prune {
    charts: render::png::ChartCache,
    pages: crate::cache::PageCache,
    started: SystemTime,
}

impl Prune {
    /// Remove what no build used since this one began (another process may be building).
    pub fn run(self) {
        self.charts.prune(self.started);
        self.pages.prune(self.started);
    }

    /// Remove all but the page-cache entries `pages` and the charts `charts` (`serve`,
    /// whose site in memory is the only one using them: an entry it reuses from memory is
    /// not read from the cache, so its time says nothing).
    pub fn run_keeping(
        self,
        pages: &std::collections::HashSet<u128>,
        charts: &std::collections::HashSet<u128>,
    ) {
        self.charts.prune_except(charts, self.started);
        self.pages.prune_except(pages, self.started);
    }
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

/// Load, rank and render, every file into `sink`. With `everything`, bulletins held back
/// are rendered too (into a sink that keeps nothing), so that `check` finds their errors.
pub fn generate(
    settings: &Settings,
    sink: &dyn Sink,
    everything: bool,
) -> Result<Generated, Diagnostics> {
    let started = SystemTime::now();
    let mut phases = crate::timing::Phases::start();
    let root = &settings.root;
    // Unchanged folders are reused by `build` and `serve`, never by `check`.
    let reuse = load::reuse::Reuse {
        disk: settings
            .cache_dir()
            .filter(|_| !everything)
            .map(|d| d.join("load")),
        memo: settings.memory.loaded.clone(),
    };
    let (loaded, theme) = (load::load_site_reusing(root, &reuse), Theme::load(root));
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
    site.today = settings.today;
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
        rank::rank_site(&site.bulletins, &held_paths, &settings.memory.ranked)?;
    phases.mark("rank");
    let fonts = render::chart_fonts(&site)?;
    // `check` (a sink that keeps nothing) reads the chart cache but never writes it.
    let writes = !everything;
    let cache = render::png::ChartCache::new(settings.cache_dir().map(|d| d.join("png")), writes)
        .lazy(sink.defers());
    let published = |b: &&Bulletin| !held_paths.contains(&b.path);
    let sv = std::sync::Arc::new(render::views::SiteView::new(&site, |b| {
        !held_paths.contains(&b.path)
    }));
    let theme = std::sync::Arc::new(theme);
    let shared = bulletin::Shared {
        theme: &theme,
        site: &sv,
        fonts: fonts.as_ref(),
        cache: &cache,
    };
    phases.mark("views");
    let previous = rank::previous_in_series(site.bulletins.values().map(|b| &**b));
    let list: Vec<&Bulletin> = site.bulletins.values().map(|b| &**b).collect();
    // A bulletin's summary is made of its own files (its fingerprint) and the preview
    // note: kept by those, with its hash (what the next bulletin's page key takes).
    let kept_summaries = settings.memory.summaries.snapshot();
    let listed: Vec<(&str, u128, std::sync::Arc<Listed>)> = list
        .par_iter()
        .copied()
        .filter(published)
        .map(|b| {
            let mut k = crate::cache::KeyBuilder::default();
            k.add(&b.fingerprint.to_le_bytes())
                .add_str(b.preview_note.as_deref().unwrap_or(""));
            let key = k.finish();
            let l = match kept_summaries.get(&key) {
                Some(l) => l.clone(),
                None => std::sync::Arc::new(Listed::new(Summary::new(b))),
            };
            (b.path.as_str(), key, l)
        })
        .collect();
    drop(kept_summaries);
    if settings.memory.summaries.keeps() {
        settings
            .memory
            .summaries
            .replace(listed.iter().map(|(_, k, l)| (*k, l.clone())).collect());
    }
    let summaries: std::collections::BTreeMap<&str, std::sync::Arc<Listed>> =
        listed.into_iter().map(|(p, _, l)| (p, l)).collect();
    phases.mark("summaries");
    // Rendered bulletins are reused by `build` and `serve`, never by `check`, which must
    // run every check again.
    let page_cache = crate::cache::PageCache::new(
        settings
            .cache_dir()
            .filter(|_| !everything)
            .map(|d| d.join(settings.page_cache)),
    );
    let site_key = {
        let mut k = crate::cache::KeyBuilder::default();
        k.add(&theme.identity.to_le_bytes())
            .add_json(&*sv)
            .add_str(&fonts.as_ref().map(|f| f.identity()).unwrap_or_default());
        k.finish()
    };
    // Everything a bulletin's pages are made from: the site's part, its own files, and the
    // previous bulletin of its series as its pages show it (the link and the change column).
    let page_key = |b: &Bulletin, before: Option<&Listed>| {
        let mut k = crate::cache::KeyBuilder::default();
        k.add(&site_key.to_le_bytes())
            .add(&b.fingerprint.to_le_bytes());
        k.add(&before.map_or([0; 16], |l| l.key.to_le_bytes()));
        let before_standings = previous.get(b.path.as_str()).map(|p| standings[p].key);
        k.add(&before_standings.map_or([0; 16], u128::to_le_bytes));
        k.finish()
    };

    phases.mark("keys");
    let counts = (AtomicUsize::new(0), AtomicUsize::new(0));
    let count = |pages: usize, files: usize| {
        counts.0.fetch_add(pages, Relaxed);
        counts.1.fetch_add(files, Relaxed);
    };
    let emit = |pages: Vec<Page>| -> Result<(), Diagnostics> {
        for p in pages {
            count(usize::from(p.path.ends_with(".html")), 1);
            sink.put(p)?;
        }
        Ok(())
    };
    let gate = crate::gate::Gate::new(root);
    let reuser = crate::cache::Reuser {
        cache: &page_cache,
        sink,
        emit: &emit,
        count: &count,
        site_key,
        gate: &gate,
    };
    let kept_digests = settings.memory.digests.snapshot();
    let digests: Vec<Option<(u128, std::sync::Arc<Digest>)>> = list
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
                render::gated(&gate, &pages)?;
                return Ok(None);
            }
            let key = page_key(b, listed.map(|l| &**l));
            let made = reuser.pages(key, || bulletin::render(&shared, b, ranked, before))?;
            let digest = match made {
                Some(digest) => with_source(digest, key),
                None => match kept_digests.get(&key) {
                    Some(d) => d.clone(),
                    None => with_source(bulletin::digest(b, ranked), key),
                },
            };
            Ok(Some((key, digest)))
        })
        .collect::<Result<_, Diagnostics>>()?;
    phases.mark("bulletins");
    let digests: Vec<(u128, std::sync::Arc<Digest>)> = digests.into_iter().flatten().collect();
    drop(kept_digests);
    if settings.memory.digests.keeps() {
        settings
            .memory
            .digests
            .replace(digests.iter().cloned().collect());
    }
    let bulletins = digests.len();
    let out: Vec<&Bulletin> = list.iter().copied().filter(published).collect();
    let page_keys: std::collections::HashMap<&str, u128> = digests
        .iter()
        .map(|(key, d)| (d.summary.path.as_str(), *key))
        .collect();
    let channels = render::unit_channels::render(
        &shared,
        &out,
        &results,
        &reuser,
        &page_keys,
        &settings.memory.views,
    )?;
    phases.mark("channels");
    site_pages::render(
        &theme,
        &sv,
        site.home.as_deref(),
        digests,
        &channels,
        &reuser,
        &settings.memory.units,
    )?;
    phases.mark("site pages");
    for (path, why) in &held {
        warnings.push(
            Diagnostic::note(crate::msg!("held-back", path = path, why = why.clone()))
                .hint(crate::msg!("held-back-help")),
        );
    }
    let generated = Generated {
        rendered: Rendered {
            pages: counts.0.load(Relaxed),
            files: counts.1.load(Relaxed),
        },
        bulletins,
        held,
        warnings,
        prune: Prune {
            charts: cache,
            pages: page_cache,
            started,
        },
    };
    // Freeing the loaded and ranked site (hundreds of thousands of strings at 2,000
    // bulletins) is left to a worker: the caller goes on to swap the site in.
    let ranked: (Vec<std::sync::Arc<rank::Results>>, Vec<rank::Handed>) = (
        results.into_values().collect(),
        standings.into_values().collect(),
    );
    rayon::spawn(move || drop((site, ranked)));
    phases.print();
    if crate::timing::enabled() {
        // The gate's time is spread over the parallel phases: summed over threads here.
        eprintln!(
            "timings: gate {:.1} ms (summed over threads)",
            gate.spent().as_secs_f64() * 1000.0
        );
    }
    Ok(generated)
}

/// A fresh digest, its rows marked with the key of the pages they come from: what the unit
/// pages' keys are made of.
fn with_source(mut digest: Digest, key: u128) -> std::sync::Arc<Digest> {
    for r in &mut digest.units {
        std::sync::Arc::make_mut(r).source = key;
    }
    digest.seal();
    std::sync::Arc::new(digest)
}

/// Every check of `build` without writing anything. All errors of all files.
pub fn check(settings: &Settings) -> Result<Diagnostics, Diagnostics> {
    generate(settings, &Discard, true).map(|g| g.warnings)
}

/// Build the site into its output folder, atomically. Stops at the first file that fails.
pub fn build(settings: &Settings) -> Result<Report, Diagnostics> {
    build_counting(settings, &|| {})
}

/// A sink that says each file it is given (the workspace's progress bar), then passes
/// it on.
struct Counting<'a> {
    inner: &'a Staging,
    each: &'a (dyn Fn() + Sync),
}

impl Sink for Counting<'_> {
    fn put(&self, page: Page) -> Result<(), Diagnostics> {
        (self.each)();
        Sink::put(self.inner, page)
    }

    fn written(&self, path: &str) -> Option<std::path::PathBuf> {
        (self.each)();
        Sink::written(self.inner, path)
    }
}

/// [`build`], calling `each` for every file of the new site as it is written or linked.
pub fn build_counting(
    settings: &Settings,
    each: &(dyn Fn() + Sync),
) -> Result<Report, Diagnostics> {
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
    let staging = Staging::create(&output).map_err(write_error)?;
    let Generated {
        rendered,
        bulletins,
        held,
        warnings,
        prune,
    } = generate(
        settings,
        &Counting {
            inner: &staging,
            each,
        },
        false,
    )
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
