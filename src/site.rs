//! The pipeline, end to end: `load → rank → render`, then `write` for `build`.
//! `check` is the same pipeline without `write`, and lists every error it finds.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load;
use crate::rank;
use crate::render::{self, Discard, Rendered, Sink, Theme};
use crate::write::Staging;

/// Where a site keeps what builds may reuse (drawn charts), below its root.
pub const CACHE_DIR: &str = ".bulletin-cache";

/// What a build is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder, holding `content/` and optionally `templates/`.
    pub root: PathBuf,
    /// Where the site goes; `root/public` when `None`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` of `site.yaml`, e.g. for a staging server.
    pub base_url: Option<String>,
    /// Keep and reuse drawn charts in `ROOT/.bulletin-cache/` (the default).
    pub cache: bool,
    /// The build day as pages state it (notice status without JavaScript); today when
    /// `None`. Fix it for byte-identical rebuilds on another day.
    pub today: Option<jiff::civil::Date>,
}

/// What a finished build did.
#[derive(Debug)]
pub struct Report {
    pub output: PathBuf,
    pub bulletins: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// What a generated site holds.
pub struct Generated {
    pub rendered: Rendered,
    pub bulletins: usize,
    pub warnings: Diagnostics,
}

/// Load, rank and render, every file into `sink`.
pub fn generate(
    root: &Path,
    base_url: Option<&str>,
    today: Option<jiff::civil::Date>,
    sink: &dyn Sink,
    cache: bool,
) -> Result<Generated, Diagnostics> {
    let (loaded, theme) = (load::load_site(root), Theme::load(root));
    let ((mut site, warnings), theme) = match (loaded, theme) {
        (Ok(l), Ok(t)) => (l, t),
        (l, t) => {
            let mut errors = l.err().unwrap_or_default();
            errors.extend(t.err().unwrap_or_default());
            return Err(errors);
        }
    };
    if let Some(day) = today {
        site.today = day;
    }
    if let Some(url) = base_url {
        site.config.base_url = if url.ends_with('/') {
            url.to_string()
        } else {
            format!("{url}/")
        };
    }
    let results = rank::rank_site(&site.bulletins)?;
    let cache = render::png::ChartCache::new(cache.then(|| root.join(CACHE_DIR).join("png")));
    let rendered = render::render_site(&site, &results, &theme, sink, &cache)?;
    cache.prune();
    Ok(Generated {
        rendered,
        bulletins: site.bulletins.len(),
        warnings,
    })
}

/// Every check of `build` without writing. All errors of all files.
pub fn check(root: &Path) -> Result<Diagnostics, Diagnostics> {
    generate(root, None, None, &Discard, true).map(|g| g.warnings)
}

/// Build the site into its output folder, atomically. Stops at the first file that fails.
pub fn build(options: &BuildOptions) -> Result<Report, Diagnostics> {
    let started = Instant::now();
    let output = options
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let write_error = |e: std::io::Error| {
        Diagnostics::from(
            Diagnostic::error(format!("cannot write {}: {e}", output.display())).hint(
                "the previous site is left as it was; check the disk and the folder's permissions",
            ),
        )
    };
    // Files go into a staging folder as they are rendered; on any error it is dropped,
    // and removed with it.
    let staging = Staging::create(&output).map_err(write_error)?;
    let Generated {
        rendered,
        bulletins,
        warnings,
    } = generate(
        &options.root,
        options.base_url.as_deref(),
        options.today,
        &staging,
        options.cache,
    )
    .map_err(first_file_only)?;
    staging.commit().map_err(write_error)?;
    Ok(Report {
        output,
        bulletins,
        pages: rendered.pages,
        files: rendered.files,
        warnings,
        elapsed: started.elapsed(),
    })
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
