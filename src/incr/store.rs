//! The disk tables of `ROOT/.bulletin-cache/`, which builds of any process may reuse:
//! loaded bulletin folders (`load/`), rendered entries of the output (`pages/`, and
//! `pages-serve/` for `serve`, whose pages link to the local server) and drawn charts
//! (`png/`). Deleting the folder is always safe.
//!
//! Every entry is named by its key and written once, by [`write_atomic`]: under a
//! temporary name, then renamed into place, so that no reader ever sees half of one and no
//! lock is shared between the threads or processes that write. After a build,
//! [`prune_except`] removes every entry the build did not use, so that a table holds about
//! one site.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::keys::FolderKey;

/// Write the file or folder `target` through `write`, which writes it at the path it is
/// given: a temporary name beside `target`, renamed into place when `write` succeeds,
/// removed when it fails. A table that cannot be written only makes the next build slower.
pub fn write_atomic(target: &Path, write: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // Hidden, and unique to the process and the thread, so that no two writers share it.
    let tmp = target.with_file_name(format!(
        ".{name}.tmp-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let written = write(&tmp).and_then(|()| std::fs::rename(&tmp, target));
    if written.is_err() {
        let _ = std::fs::remove_dir_all(&tmp).or_else(|_| std::fs::remove_file(&tmp));
    }
    written
}

/// Remove from `dir` the files or folders named by a key (`KEY` + `suffix`) not in `keys`,
/// and the others (a write cut short) older than `started`, when the build began: a
/// newer one may be another build's write in progress. One listing of the folder; named
/// entries are not looked at.
pub fn prune_except(dir: &Path, suffix: &str, keys: &HashSet<u128>, started: SystemTime) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let key = name
            .to_str()
            .and_then(|n| n.strip_suffix(suffix))
            .filter(|h| h.len() == 32)
            .and_then(|h| u128::from_str_radix(h, 16).ok());
        let stale = match key {
            Some(k) => !keys.contains(&k),
            None => entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < started),
        };
        if stale {
            let path = entry.path();
            let _ = if entry.file_type().is_ok_and(|t| t.is_dir()) {
                std::fs::remove_dir_all(&path)
            } else {
                std::fs::remove_file(&path)
            };
        }
    }
}

/// Bulletin folders loaded before, by the key of their files: `load/KEY.json`. What is
/// kept is the loaded bulletin of a folder whose load had nothing to say; one with
/// warnings (a masked number) is read again, so that the next run says them again.
#[derive(Debug, Clone)]
pub struct LoadStore {
    dir: PathBuf,
}

impl LoadStore {
    pub fn new(dir: PathBuf) -> LoadStore {
        LoadStore { dir }
    }

    fn file(&self, key: FolderKey) -> PathBuf {
        self.dir.join(format!("{}.json", key.hex()))
    }

    /// The folder loaded under `key`, if it was kept.
    pub fn get(&self, key: FolderKey) -> Option<crate::load::Folder> {
        let bytes = std::fs::read(self.file(key)).ok()?;
        // A file that does not read back (cut short, another schema) is not reused.
        serde_json::from_slice::<Option<crate::model::Bulletin>>(&bytes)
            .ok()
            .map(|b| (b.map(std::sync::Arc::new), Vec::new()))
    }

    /// Keep a freshly loaded folder, unless its load had something to say.
    pub fn keep(&self, key: FolderKey, loaded: &crate::load::Folder) {
        if !loaded.1.is_empty() {
            return;
        }
        let Ok(json) = serde_json::to_vec(&loaded.0.as_deref()) else {
            return;
        };
        let _ = write_atomic(&self.file(key), |tmp| std::fs::write(tmp, &json));
    }

    /// Remove every folder but those of `keys` (the site's).
    pub fn prune(&self, keys: &HashSet<FolderKey>, started: SystemTime) {
        let keys = keys.iter().map(|k| k.0).collect();
        prune_except(&self.dir, ".json", &keys, started);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build killed while it wrote an entry leaves its temporary name; the next prune
    /// removes it with what that build did not use, and keeps a write that may be in
    /// progress.
    #[test]
    fn pruning_keeps_the_keys_and_writes_in_progress() {
        let dir = tempfile::tempdir().unwrap();
        let (kept, gone) = (format!("{:032x}.json", 1), format!("{:032x}.json", 2));
        for name in [&kept, &gone] {
            write_atomic(&dir.path().join(name), |tmp| std::fs::write(tmp, "x")).unwrap();
        }
        let cut_short = dir.path().join(format!(".{gone}.tmp-1-ThreadId(2)"));
        std::fs::write(&cut_short, "half").unwrap();
        let before = SystemTime::now() - std::time::Duration::from_secs(60);
        prune_except(dir.path(), ".json", &[1].into(), before);
        assert!(dir.path().join(&kept).exists() && !dir.path().join(&gone).exists());
        assert!(cut_short.exists(), "written since the build began");
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        prune_except(dir.path(), ".json", &[1].into(), later);
        assert!(!cut_short.exists(), "left from before it: cut short");
        assert!(dir.path().join(&kept).exists());
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("entry");
        let failed = write_atomic(&target, |tmp| {
            std::fs::create_dir_all(tmp)?;
            std::fs::write(tmp.join("0"), "half")?;
            Err(io::Error::other("cut short"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
