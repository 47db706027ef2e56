//! Bulletin folders loaded by an earlier build, reused when nothing in the folder changed.
//!
//! Reading and validating 2,000 `scores.yaml` is most of what a build with nothing to do
//! would still do. A folder's key hashes every file below it by content (and where each
//! symlink points), its place in the site and this tool's version; a folder whose key was
//! loaded before is not parsed again. What is kept on disk is the loaded bulletin of a
//! folder whose load had nothing to say; one with warnings (a masked number) is kept in
//! memory only, with them, and read again by the next run, which says them again.
//! Errors are never kept: a broken folder is read again every time.
//!
//! Two layers: `ROOT/.bulletin-cache/load/KEY.json` between runs of the tool, and a memo
//! in memory that `serve` keeps between rebuilds. Neither is touched inside the parallel
//! loop: the memo is read there as it was when the build began, and replaced afterwards.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::cache::KeyBuilder;
use crate::diag::Diagnostic;
use crate::model::Bulletin;

/// A loaded folder as the site and the memo share it: its bulletin (none for a folder
/// that only reports) and its warnings. Cloned, not copied: the bulletin is shared.
pub type Loaded = (Option<Arc<Bulletin>>, Vec<Diagnostic>);

/// Loaded folders by key, kept in memory between the builds of one process
/// ([`Memo::kept`], for `serve`). The default keeps nothing: a build that runs once moves
/// what it loads into the site instead of copying it.
#[derive(Debug, Default, Clone)]
pub struct Memo(Option<Arc<Mutex<Kept>>>);

/// What a memo keeps: the loaded folders by key, and the key each folder had at the last
/// build, for folders that nothing has changed in since (the watcher says which did).
#[derive(Debug, Default, Clone)]
pub(super) struct Kept {
    folders: HashMap<u128, Loaded>,
    keys: HashMap<PathBuf, u128>,
    /// The last walk of `content/`, while no change since has changed what it found.
    walk: Option<Arc<super::walk::Walk>>,
}

impl Memo {
    /// A memo that keeps the folders of each build for the next.
    pub fn kept() -> Memo {
        Memo(Some(Arc::default()))
    }

    /// Whether it keeps anything.
    pub fn keeps(&self) -> bool {
        self.0.is_some()
    }

    /// Files changed at these absolute paths (a file, or a folder created, renamed or
    /// removed): the folders holding them, or below them, are hashed again by the next
    /// build. The others keep the key they had, unread. `None`: anything may have changed
    /// (the watcher lost events), every folder is hashed again.
    pub fn changed(&self, paths: Option<&[PathBuf]>) {
        let Some(memo) = &self.0 else { return };
        let Ok(mut m) = memo.lock() else { return };
        if m.walk.as_ref().is_some_and(|w| !w.still_after(paths)) {
            m.walk = None;
        }
        match paths {
            None => m.keys.clear(),
            Some(paths) => m.keys.retain(|dir, _| {
                !paths
                    .iter()
                    .any(|p| p.starts_with(dir) || dir.starts_with(p))
            }),
        }
    }
}

/// Where a build may find folders loaded before, and keep the ones it loads.
#[derive(Debug, Default)]
pub struct Reuse {
    /// `ROOT/.bulletin-cache/load`, or `None` (`check`, `--no-cache`).
    pub disk: Option<PathBuf>,
    pub memo: Memo,
}

/// What one folder's load came to, as the loop hands it back: its key, and what it
/// loaded to keep in the memo (when the memo keeps anything).
pub(super) struct Found {
    /// The folder, when its key may be remembered (no symlink below it).
    pub dir: Option<PathBuf>,
    pub key: Option<u128>,
    pub kept: Option<Loaded>,
}

impl Reuse {
    /// The memo as this build begins, to read inside the parallel loop.
    pub(super) fn snapshot(&self) -> Kept {
        let Some(memo) = &self.memo.0 else {
            return Kept::default();
        };
        memo.lock().map(|m| m.clone()).unwrap_or_default()
    }

    /// The walk of `content/` (the memo's, when nothing changed what it found).
    pub(super) fn walk(&self, memo: &Kept, root: &Path, content: &Path) -> Arc<super::walk::Walk> {
        memo.walk
            .clone()
            .unwrap_or_else(|| Arc::new(super::walk::Walk::new(root, content)))
    }

    /// The key of the folder `dir` (the one it had at the last build when nothing changed
    /// in it since, else hashed from its files), and whether it may be remembered.
    pub(super) fn key(&self, memo: &Kept, root: &Path, dir: &Path) -> Option<(u128, bool)> {
        if let Some(&key) = memo.keys.get(dir) {
            return Some((key, true));
        }
        folder_key(root, dir).map(|(key, links)| (key, !links))
    }

    /// A folder loaded before under `key`, from memory or from disk.
    pub(super) fn find(&self, memo: &Kept, key: u128) -> Option<Loaded> {
        if let Some(v) = memo.folders.get(&key) {
            return Some(v.clone());
        }
        let bytes = std::fs::read(self.disk.as_ref()?.join(file_name(key))).ok()?;
        // A file that does not read back (written by another version, cut short) is
        // simply not reused.
        serde_json::from_slice::<Option<crate::model::Bulletin>>(&bytes)
            .ok()
            .map(|b| (b.map(Arc::new), Vec::new()))
    }

    /// Keep a freshly loaded folder on disk (a file of its own: no lock, no clash).
    pub(super) fn keep(&self, key: u128, loaded: &Loaded) {
        let Some(dir) = &self.disk else { return };
        if !loaded.1.is_empty() {
            return;
        }
        let Ok(json) = serde_json::to_vec(&loaded.0.as_deref()) else {
            return;
        };
        let target = dir.join(file_name(key));
        let tmp = target.with_extension(format!("tmp-{}", std::process::id()));
        let written = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(&tmp, json))
            .and_then(|()| std::fs::rename(&tmp, &target));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }

    /// After the loop: the memo holds what this build used, and the disk loses the
    /// folders no longer there (or changed since).
    pub(super) fn finish(&self, used: &[Found], walk: Arc<super::walk::Walk>) {
        let keys: std::collections::HashSet<u128> = used.iter().filter_map(|f| f.key).collect();
        if let Some(dir) = &self.disk
            && let Ok(entries) = std::fs::read_dir(dir)
        {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let kept = name
                    .strip_suffix(".json")
                    .and_then(|h| u128::from_str_radix(h, 16).ok())
                    .is_some_and(|k| keys.contains(&k));
                if !kept {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        if let Some(memo) = &self.memo.0
            && let Ok(mut m) = memo.lock()
        {
            // Only folders that loaded are remembered: a broken one is read again.
            m.folders = used
                .iter()
                .filter_map(|f| Some((f.key?, f.kept.clone()?)))
                .collect();
            m.keys = used
                .iter()
                .filter(|f| f.kept.is_some())
                .filter_map(|f| Some((f.dir.clone()?, f.key?)))
                .collect();
            m.walk = Some(walk);
        }
    }
}

fn file_name(key: u128) -> String {
    format!("{key:032x}.json")
}

/// This program's own file, by size and time: a folder loaded by another build of the
/// tool (the version alone does not change between builds of it) is loaded again.
fn this_tool() -> String {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
            .unwrap_or_default()
    })
    .clone()
}

/// The key of the folder `dir`: every file below it by content, where each symlink
/// points, the folder's place and the tool's version; and whether a symlink is below it
/// (a change to what it points at is no change below the folder, so such a folder's key
/// is never remembered). `None` when a file cannot be read (the load then reports it).
fn folder_key(root: &Path, dir: &Path) -> Option<(u128, bool)> {
    let mut links = false;
    let mut k = KeyBuilder::default();
    k.add_str(&root.to_string_lossy())
        .add_str(&dir.to_string_lossy())
        .add_str(&this_tool());
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.ok()?;
        let path = entry.path();
        k.add_str(&path.strip_prefix(dir).unwrap_or(path).to_string_lossy());
        let kind = entry.file_type();
        if kind.is_symlink() {
            links = true;
            k.add(b"\0link")
                .add_str(&std::fs::read_link(path).ok()?.to_string_lossy());
        }
        if kind.is_dir() {
            k.add(b"\0dir");
        } else {
            match std::fs::read(path) {
                Ok(bytes) => k.add(&bytes),
                Err(_) => k.add(b"\0unreadable"),
            };
        }
    }
    Some((k.finish(), links))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn shown(l: &super::super::Loaded) -> String {
        let (site, warnings) = l.as_ref().expect("the example site loads");
        format!("{:?}\n{warnings}", site.bulletins)
    }

    #[test]
    fn a_reused_folder_is_the_folder_as_parsed() {
        let disk = tempfile::tempdir().unwrap();
        let parsed = super::super::load_site_reusing(
            &example(),
            &Reuse {
                disk: Some(disk.path().to_path_buf()),
                memo: Memo::default(),
            },
        );
        let kept = std::fs::read_dir(disk.path()).unwrap().count();
        assert_eq!(kept, parsed.as_ref().unwrap().0.bulletins.len());
        // From disk (a new process), then from the memo alone (serve's next rebuild).
        let memo = Memo::kept();
        let from_disk = Reuse {
            disk: Some(disk.path().to_path_buf()),
            memo: memo.clone(),
        };
        let read = super::super::load_site_reusing(&example(), &from_disk);
        assert_eq!(shown(&read), shown(&parsed));
        assert_eq!(memo.0.as_ref().unwrap().lock().unwrap().folders.len(), kept);
        let from_memo = Reuse { disk: None, memo };
        assert_eq!(
            shown(&super::super::load_site_reusing(&example(), &from_memo)),
            shown(&parsed)
        );
    }

    /// `serve` trusts its watcher: a folder nothing changed in is not read again, and a
    /// folder the watcher names is.
    #[test]
    fn the_memo_reads_again_only_the_folders_said_to_have_changed() {
        let site = tempfile::tempdir().unwrap();
        let fixture = example().join("tests/fixtures/basic");
        for e in walkdir::WalkDir::new(&fixture) {
            let e = e.unwrap();
            let to = site.path().join(e.path().strip_prefix(&fixture).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        let reuse = Reuse {
            disk: None,
            memo: Memo::kept(),
        };
        let total = |reuse: &Reuse| {
            let (site, _) = super::super::load_site_reusing(site.path(), reuse).unwrap();
            let b = &site.bulletins["2025/03"];
            format!("{:?}", b.data.entries[0].measure)
        };
        let before = total(&reuse);
        let dir = site.path().join("content/2025/03");
        let scores = dir.join("scores.yaml");
        let text = std::fs::read_to_string(&scores).unwrap();
        std::fs::write(&scores, text.replace("growth: 88.5,", "growth: 77.5,")).unwrap();
        assert_eq!(
            total(&reuse),
            before,
            "no change was said: the memo's folder"
        );
        reuse
            .memo
            .changed(Some(&[site.path().join("content/2025/02/index.md")]));
        assert_eq!(total(&reuse), before, "another folder changed");
        reuse.memo.changed(Some(std::slice::from_ref(&scores)));
        let after = total(&reuse);
        assert_ne!(after, before, "the folder's own file changed");
        assert!(after.contains("77.5"), "{after}");
        std::fs::write(&scores, &text).unwrap();
        reuse.memo.changed(None);
        assert_eq!(total(&reuse), before, "anything may have changed");
        std::fs::write(&scores, text.replace("growth: 88.5,", "growth: 66.5,")).unwrap();
        reuse
            .memo
            .changed(Some(&[site.path().join("content/2025")]));
        assert!(total(&reuse).contains("66.5"), "a folder above it changed");
    }

    #[test]
    fn any_change_below_the_folder_changes_its_key() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("content/2025/03");
        std::fs::create_dir_all(dir.join("models")).unwrap();
        std::fs::write(dir.join("scores.yaml"), "a: 1\n").unwrap();
        let key = || folder_key(root.path(), &dir).unwrap().0;
        let first = key();
        assert_eq!(key(), first, "the same files, the same key");
        std::fs::write(dir.join("scores.yaml"), "a: 2\n").unwrap();
        let second = key();
        assert_ne!(second, first, "an edit");
        std::fs::write(dir.join("models/wang.md"), "x").unwrap();
        let third = key();
        assert_ne!(third, second, "a file added below");
        std::fs::rename(dir.join("models/wang.md"), dir.join("models/li.md")).unwrap();
        assert_ne!(key(), third, "a file renamed");
    }
}
