//! The chart cache: PNGs drawn by earlier builds, reused by a hash of what decides their
//! pixels.

use std::path::PathBuf;

use super::{FontError, Fonts, svg_to_png};

/// Charts drawn in earlier builds, by the hash of everything that decides their pixels
/// (the SVG, the fonts, the scale and this encoder), so that a rebuild draws only the
/// charts that changed. Kept in the site's `.bulletin-cache/png/`; deleting it is safe.
///
/// No lock is shared between the threads that draw: an entry a build uses has its
/// modification time set to now, and [`ChartCache::prune`] removes what is older than the
/// build's start.
pub struct ChartCache {
    dir: Option<PathBuf>,
    /// `check` reads the cache but never writes it.
    writable: bool,
}

/// Bumped whenever drawing or encoding changes, so that old entries are not reused.
const CACHE_VERSION: &str = "bulletin-png-2";

impl ChartCache {
    /// A cache in `dir` (created when first written); `None` draws every chart. A cache
    /// that is not `writable` reuses what is there and adds nothing (for `check`).
    pub fn new(dir: Option<PathBuf>, writable: bool) -> ChartCache {
        ChartCache { dir, writable }
    }

    /// Remove the entries this build did not use (charts that changed or went), so that
    /// the cache holds one site's charts and no more: those not touched since `started`.
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
            if name.ends_with(".png") && stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// The PNG of `svg`: from the cache when it is there, else drawn and kept.
    pub fn png(&self, svg: &str, fonts: &Fonts, scale: f32) -> Result<Vec<u8>, FontError> {
        let Some(dir) = &self.dir else {
            return svg_to_png(svg, fonts, scale);
        };
        let key = xxhash_rust::xxh3::xxh3_128(
            format!("{CACHE_VERSION}\0{scale}\0{}\0{svg}", fonts.identity()).as_bytes(),
        );
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
            let tmp = dir.join(format!(
                ".{key:032x}.{}.{:?}",
                std::process::id(),
                std::thread::current().id()
            ));
            if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, &path).is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
        Ok(bytes)
    }
}
