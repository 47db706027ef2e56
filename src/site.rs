//! The pipeline, end to end: `load → rank → render`, one bulletin at a time, then the
//! site-wide pages from the bulletins' digests, into an output (`write` for `build`,
//! memory for `serve`, nothing for `check`, which lists every error it finds). This
//! module orders the stages; what is made again is the query layer's ([`crate::incr`]).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::gate::Gate;
use crate::incr::context::{self, Context};
use crate::incr::run::Run;
use crate::incr::store::{Stores, Used};
use crate::incr::{Db, bulletins, channels, loaded, ranked, site_pages};
use crate::model::{Bulletin, Site};
use crate::output::{Count, Discard, Entry, Output, PageKey};
use crate::settings::{Purpose, Settings};
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

/// The stores a build of `settings` may reuse: `serve` keeps its entries apart (its pages
/// link to the local server); `check` only reads drawn charts.
pub fn stores(settings: &Settings) -> Stores {
    let pages = match settings.purpose {
        Purpose::Serve => "pages-serve",
        Purpose::Build | Purpose::Check => "pages",
    };
    let check = settings.purpose == Purpose::Check;
    Stores::open(settings.cache_dir().as_deref(), pages, check)
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

/// Load, rank and render the site of `settings` into `out`, reusing what `db` and the
/// stores hold from earlier builds. The stages are pure; the query layer ([`crate::incr`])
/// decides what to make again, and every file made passes the output gate on its way.
pub fn generate(settings: &Settings, db: &Db, out: &dyn Output) -> Result<Generated, Diagnostics> {
    let (started, mut phases) = (SystemTime::now(), crate::timing::Phases::start());
    let (root, check) = (&settings.root, settings.purpose == Purpose::Check);
    let stores = stores(settings);
    let gate = Gate::new(root);
    let run = Run::new(out, gate.clone());
    let ((loaded, folders), theme) = (
        loaded::loaded(db, stores.load.as_ref(), root),
        context::theme(db, root),
    );
    let (mut site, mut warnings, theme) = both(loaded, theme)?;
    strict(settings, &warnings)?;
    let held = hold(&mut site, settings);
    let held_paths: BTreeSet<String> = held.iter().map(|(p, _)| p.clone()).collect();
    phases.mark("load");
    let ranked = ranked::ranked(db, &site.bulletins, &held_paths)?;
    phases.mark("rank");
    let published = |b: &Bulletin| !held_paths.contains(&b.path);
    let draw = stores.png.clone();
    let cx = Context::new(db, &site, theme, settings.today, published, draw)?;
    let digests = bulletins::pages(&run, db, &cx, &site.bulletins, &ranked, &held_paths, check)?;
    phases.mark("bulletins");
    let units = channels::channels(&run, db, &cx, &site.bulletins, &digests, &ranked.results)?;
    phases.mark("channels");
    let bulletins = digests.len();
    site_pages::site_pages(&run, db, &cx, site.home.as_deref(), digests, &units)?;
    phases.mark("site pages");
    for (path, why) in &held {
        let note = Diagnostic::note(crate::msg!("held-back", path = path, why = why.clone()));
        warnings.push(note.hint(crate::msg!("held-back-help")));
    }
    let (rendered, entries, later) = run.finish();
    let used = Used {
        folders,
        entries,
        later,
    };
    // Freeing the loaded and ranked site (hundreds of thousands of strings at 2,000
    // bulletins) is left to a worker: the caller goes on to swap the site in.
    let ranked: Vec<_> = ranked.results.into_values().collect();
    rayon::spawn(move || drop((site, ranked)));
    phases.print();
    if crate::timing::enabled() {
        // The gate's time is spread over the parallel phases: summed over threads here.
        let ms = gate.spent().as_secs_f64() * 1000.0;
        eprintln!("timings: gate {ms:.1} ms (summed over threads)");
    }
    let prune = Prune {
        stores,
        used,
        started,
    };
    Ok(Generated {
        rendered,
        bulletins,
        held,
        warnings,
        prune,
    })
}

/// The loaded site and the theme, or the errors of both.
fn both<T>(
    loaded: crate::load::Loaded,
    theme: Result<T, Diagnostics>,
) -> Result<(Site, Diagnostics, T), Diagnostics> {
    match (loaded, theme) {
        (Ok((site, warnings)), Ok(t)) => Ok((site, warnings, t)),
        (l, t) => {
            let mut errors = l.err().unwrap_or_default();
            errors.extend(t.err().unwrap_or_default());
            Err(errors)
        }
    }
}

/// With `--strict`, every warning is an error.
fn strict(settings: &Settings, warnings: &Diagnostics) -> Result<(), Diagnostics> {
    if !settings.strict {
        return Ok(());
    }
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
    match strict.is_empty() {
        true => Ok(()),
        false => Err(Diagnostics(strict)),
    }
}

/// The bulletins held back as of the build day, and why; `--base-url` put in. A preview
/// (`serve`) holds nothing back: it shows those bulletins under a banner instead.
fn hold(site: &mut Site, settings: &Settings) -> Vec<(String, crate::i18n::Message)> {
    if let Some(url) = &settings.base_url {
        site.config.base_url.clone_from(url);
    }
    let mut held: Vec<(String, crate::i18n::Message)> = site
        .bulletins
        .values()
        .filter_map(|b| held_back(b, settings).map(|why| (b.path.clone(), why)))
        .collect();
    if settings.preview {
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
    held
}

/// Every check of `build` without writing anything. All errors of all files.
pub fn check(settings: &Settings) -> Result<Diagnostics, Diagnostics> {
    let settings = Settings {
        purpose: Purpose::Check,
        ..settings.clone()
    };
    generate(&settings, &Db::transient(), &Discard).map(|g| g.warnings)
}

/// Build the site into its output folder, atomically. Stops at the first file that fails.
pub fn build(settings: &Settings) -> Result<Report, Diagnostics> {
    build_counting(settings, &|| {})
}

/// An output that says each file it is given or reuses (the workspace's progress bar),
/// then passes it on.
struct Counting<'a> {
    inner: &'a Staging,
    each: &'a (dyn Fn() + Sync),
}

impl Output for Counting<'_> {
    fn reuse(&self, key: PageKey) -> Result<Option<Count>, Diagnostics> {
        let reused = self.inner.reuse(key)?;
        (0..reused.map_or(0, |c| c.files)).for_each(|_| (self.each)());
        Ok(reused)
    }

    fn put(&self, entry: Entry) -> Result<(), Diagnostics> {
        entry.pages.iter().for_each(|_| (self.each)());
        self.inner.put(entry)
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
    let staging = Staging::create(&output, stores(settings).pages).map_err(write_error)?;
    let Generated {
        rendered,
        bulletins,
        held,
        warnings,
        prune,
    } = generate(
        settings,
        &Db::transient(),
        &Counting {
            inner: &staging,
            each,
        },
    )
    .map_err(first_file_only)?;
    let mut prune = prune;
    prune.used.later.extend(staging.reused_later());
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
