//! The chart cache: PNGs drawn by earlier builds, reused by a hash of what decides their
//! pixels.

use std::path::PathBuf;
use std::sync::Arc;

use super::{FontError, Fonts, svg_to_png};
use crate::diag::Diagnostics;
use crate::output::Body;
use crate::output::Later;

/// Charts drawn in earlier builds, by the hash of everything that decides their pixels
/// (the SVG, the fonts, the scale and this encoder), so that a rebuild draws only the
/// charts that changed. Kept in the site's `.bulletin-cache/png/`; deleting it is safe.
///
/// No lock is shared between the threads that draw: an entry a build uses has its
/// modification time set to now, and [`ChartCache::prune`] removes what is older than the
/// build's start.
#[derive(Debug, Clone)]
pub struct ChartCache {
    dir: Option<PathBuf>,
    /// `check` reads the cache but never writes it.
    writable: bool,
    /// Charts are drawn when first asked for ([`Body::Later`], for `serve`).
    lazy: bool,
}

/// What decides a chart's pixels (and the program that draws them), hashed: its entry's
/// name, and a deferred chart's identity.
fn key(svg: &str, fonts: &Fonts, scale: f32) -> u128 {
    xxhash_rust::xxh3::xxh3_128(
        format!(
            "{CACHE_VERSION}\0{:x}\0{scale}\0{}\0{svg}",
            crate::incr::keys::program_identity(),
            fonts.identity()
        )
        .as_bytes(),
    )
}

/// Bumped whenever drawing or encoding changes, so that old entries are not reused.
const CACHE_VERSION: &str = "bulletin-png-2";

impl ChartCache {
    /// A cache in `dir` (created when first written); `None` draws every chart. A cache
    /// that is not `writable` reuses what is there and adds nothing (for `check`).
    pub fn new(dir: Option<PathBuf>, writable: bool) -> ChartCache {
        ChartCache {
            dir,
            writable,
            lazy: false,
        }
    }

    /// The same cache, drawing its charts when they are first asked for (`serve`: the
    /// pages reload before their pictures are drawn).
    pub fn lazy(self, lazy: bool) -> ChartCache {
        ChartCache { lazy, ..self }
    }

    /// The file of the PNG of `svg`, with `finish` said of what the drawing gives (its
    /// error as words, a check of its size): drawn now, or when first asked for if the
    /// cache is lazy, in which case `finish`'s error is said then.
    pub fn body(
        &self,
        svg: String,
        fonts: &Arc<Fonts>,
        scale: f32,
        finish: impl Fn(Result<Vec<u8>, FontError>) -> Result<Vec<u8>, Diagnostics>
        + Send
        + Sync
        + 'static,
    ) -> Result<Body, Diagnostics> {
        if !self.lazy {
            return finish(self.png(&svg, fonts, scale)).map(Body::Bytes);
        }
        let (cache, fonts) = (self.clone(), fonts.clone());
        Ok(Body::Later(Later::new(
            key(&svg, &fonts, scale),
            move || finish(cache.png(&svg, &fonts, scale)),
        )))
    }

    /// Remove the entries this build did not use (charts that changed or went), so that
    /// the cache holds one site's charts and no more: those not touched since `started`.
    /// So go the temporary files of writes cut short (a build killed while it drew):
    /// nothing else would ever remove them. Files of other names are not the cache's.
    pub fn prune(&self, started: std::time::SystemTime) {
        let Some(dir) = self.dir.as_ref().filter(|_| self.writable) else {
            return;
        };
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < started);
            if stale && (name.ends_with(".png") || is_temp_name(&name)) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Remove every chart but those of `keys` (the identities of the charts `serve` holds,
    /// drawn or not), and what a write cut short left before `started`.
    pub fn prune_except(
        &self,
        keys: &std::collections::HashSet<u128>,
        started: std::time::SystemTime,
    ) {
        if let Some(dir) = self.dir.as_ref().filter(|_| self.writable) {
            crate::cache::prune_except(dir, ".png", keys, started);
        }
    }

    /// The PNG of `svg`: from the cache when it is there, else drawn and kept.
    pub fn png(&self, svg: &str, fonts: &Fonts, scale: f32) -> Result<Vec<u8>, FontError> {
        let Some(dir) = &self.dir else {
            return svg_to_png(svg, fonts, scale);
        };
        let key = key(svg, fonts, scale);
        let name = format!("{key:032x}.png");
        let path = dir.join(&name);
        if let Ok(bytes) = std::fs::read(&path)
            && bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        {
            if self.writable {
                // Marks the entry as used by this build, for `prune`.
                let _ = std::fs::File::options()
                    .append(true)
                    .open(&path)
                    .and_then(|f| f.set_modified(std::time::SystemTime::now()));
            }
            return Ok(bytes);
        }
        let bytes = svg_to_png(svg, fonts, scale)?;
        if !self.writable {
            return Ok(bytes);
        }
        // Written under a unique name and renamed, so that parallel builds never see half
        // a file; a cache that cannot be written is only slower.
        if std::fs::create_dir_all(dir).is_ok() {
            let tmp = dir.join(temp_name(key));
            if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
        Ok(bytes)
    }
}

/// The name a chart is written under before it is renamed into place: hidden, its key,
/// then the process and the thread, so that no two writers share it.
fn temp_name(key: u128) -> String {
    format!(
        ".{key:032x}.{}.{:?}",
        std::process::id(),
        std::thread::current().id()
    )
}

/// Whether `name` is one [`temp_name`] gives.
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(key, _)| key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn aged(path: &std::path::Path, t: SystemTime) {
        std::fs::write(path, b"x").unwrap();
        let f = std::fs::File::options().append(true).open(path).unwrap();
        f.set_modified(t).unwrap();
    }

    /// A build killed while it wrote a chart leaves its temporary file; the next build's
    /// prune removes it with the charts it did not use, and nothing that is not the cache's.
    #[test]
    fn prune_removes_unused_charts_and_writes_cut_short() {
        let dir = tempfile::tempdir().unwrap();
        let started = SystemTime::now();
        let before = started - Duration::from_secs(60);
        let key = format!("{:032x}", 0xabc_u128);
        let used = dir.path().join(format!("{key}.png"));
        let unused = dir.path().join(format!("{:032x}.png", 7));
        let cut_short = dir.path().join(format!(".{key}.4242.ThreadId(3)"));
        let writing = dir.path().join(temp_name(0xdef));
        let other = dir.path().join("notes.txt");
        aged(&used, started + Duration::from_secs(1));
        aged(&unused, before);
        aged(&cut_short, before);
        aged(&writing, started + Duration::from_secs(1));
        aged(&other, before);
        assert!(is_temp_name(&temp_name(1)) && !is_temp_name(".hidden.png"));
        ChartCache::new(Some(dir.path().to_path_buf()), true).prune(started);
        assert!(used.exists(), "used by this build");
        assert!(!unused.exists(), "not used by this build");
        assert!(!cut_short.exists(), "a write cut short before this build");
        assert!(
            writing.exists(),
            "written since the build began: perhaps in progress"
        );
        assert!(other.exists(), "not a file of the cache");
        ChartCache::new(Some(dir.path().to_path_buf()), false)
            .prune(started + Duration::from_secs(9));
        assert!(used.exists(), "`check` never removes anything");
    }
}
