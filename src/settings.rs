//! What a build is asked to do: the command line's flags, resolved and checked once,
//! before anything is loaded. A flag that replaces a `site.yaml` setting is checked like
//! its twin (`--base-url` like `base_url`), and a bad one is a usage error.

use std::path::PathBuf;

use jiff::civil::Date;

/// Where a site keeps what builds may reuse (drawn charts), below its root.
pub const CACHE_DIR: &str = ".bulletin-cache";

/// What a run of the pipeline is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Write the site (`build`).
    Build,
    /// Find every error, write nothing (`check`): bulletins held back are rendered too,
    /// and nothing is kept for later builds (drawn charts are read).
    Check,
    /// Serve the site from memory (`serve`): its pages link to the local server, so what
    /// it keeps for later builds is kept apart from `build`'s.
    Serve,
}

/// The settings of one build or check.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site folder, holding `content/` and optionally `templates/`.
    pub root: PathBuf,
    /// Where the site goes.
    pub output: PathBuf,
    /// Replaces `base_url` of `site.yaml` (checked, ending in `/`).
    pub base_url: Option<String>,
    /// The build day: which bulletins are published yet, and what pages say about notice
    /// periods without JavaScript. Today in China when not given.
    pub today: Date,
    /// Reuse drawn charts from `ROOT/.bulletin-cache/`, and keep new ones there.
    pub cache: bool,
    /// Publish bulletins whose `published` day is after the build day.
    pub future: bool,
    /// Publish drafts (`draft: true`).
    pub drafts: bool,
    /// Warnings (a masked number) are errors.
    pub strict: bool,
    /// Show bulletins that are not published yet (future or draft) under a banner that
    /// says so, instead of leaving them out: `serve`, where they are prepared.
    pub preview: bool,
    /// What the run is for: what it renders and what it keeps.
    pub purpose: Purpose,
}

impl Settings {
    /// The settings of a build of `root` into `ROOT/public`, as of today.
    pub fn new(root: impl Into<PathBuf>) -> Settings {
        let root = root.into();
        Settings {
            output: root.join("public"),
            root,
            base_url: None,
            today: today_in_china(),
            cache: true,
            future: false,
            drafts: false,
            strict: false,
            preview: false,
            purpose: Purpose::Build,
        }
    }

    /// Where drawn charts are kept, when the cache is on.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache.then(|| self.root.join(CACHE_DIR))
    }
}

use crate::tr;

/// [`crate::model::check_base_url`] for the command line (clap's value parser).
pub fn base_url(text: &str) -> Result<String, String> {
    crate::model::check_base_url(text)
        .map_err(|(what, fix)| tr!("base-url-flag", what = what, fix = fix))
}

/// Today in China (UTC+8, which has no daylight saving time): the day the offices that
/// publish bulletins live in, whatever the clock of the machine says.
pub fn today_in_china() -> Date {
    let offset = jiff::tz::Offset::constant(8);
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .date()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_like_site_yaml() {
        assert_eq!(
            base_url("https://staging.example.org").as_deref(),
            Ok("https://staging.example.org/")
        );
        assert_eq!(
            base_url("http://127.0.0.1:1111/sub/").as_deref(),
            Ok("http://127.0.0.1:1111/sub/")
        );
        for bad in [
            "not a url",
            "kaohe.example.org",
            "https://",
            "https://a b/",
            "ftp://x/",
        ] {
            assert!(base_url(bad).is_err(), "{bad}");
        }
    }
}
