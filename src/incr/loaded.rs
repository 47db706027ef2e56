//! The loaded site, reusing bulletin folders loaded by an earlier build when nothing in
//! the folder changed.
//!
//! Reading and validating 2,000 `scores.yaml` is most of what a build with nothing to do
//! would still do. A folder's key hashes every file below it by content (and where each
//! symlink points) and its place in the site; a folder whose key was loaded before is not
//! parsed again. Two layers: the load store on disk between runs of the tool, and the
//! memo in memory that `serve` keeps between rebuilds, with the key each folder had and
//! the walk of `content/`, both trusted until the watcher says something changed.
//! Errors are never kept: a broken folder is read again every time.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Db;
use super::keys::{FolderKey, key};
use super::store::LoadStore;
use crate::load::{self, Folder, walk::Walk};

/// What the memo keeps of the loaded site.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    /// Loaded folders, by key.
    folders: super::Memo<FolderKey, Folder>,
    /// The key each folder had at the last build, for folders nothing has changed in since.
    keys: super::Memo<PathBuf, FolderKey>,
    /// The last walk of `content/`, while no change since changed what it found.
    walk: super::Memo<(), Arc<Walk>>,
}

impl Tables {
    pub fn kept() -> Tables {
        Tables {
            folders: super::Memo::kept(),
            keys: super::Memo::kept(),
            walk: super::Memo::kept(),
        }
    }

    /// Files changed at these absolute paths (a file, or a folder created, renamed or
    /// removed): the folders holding them, or below them, are hashed again by the next
    /// build; the others keep the key they had, unread. `None`: anything may have changed
    /// (the watcher lost events), every folder is hashed again.
    pub fn changed(&self, paths: Option<&[PathBuf]>) {
        let walk = self.walk.take();
        if walk.get(&()).is_some_and(|w| w.still_after(paths)) {
            self.walk.replace(walk);
        }
        let mut keys = self.keys.take();
        match paths {
            None => keys.clear(),
            Some(paths) => keys.retain(|dir, _| {
                !paths
                    .iter()
                    .any(|p| p.starts_with(dir) || dir.starts_with(p))
            }),
        }
        self.keys.replace(keys);
    }
}

/// What one folder's load came to: its key, whether that key may be remembered for the
/// folder (no symlink below it), and what to keep in the memo.
struct Found {
    dir: Option<PathBuf>,
    key: Option<FolderKey>,
    kept: Option<Folder>,
}

/// The site at `root`, its folders reused from the memo or `store` where their key was
/// loaded before; and the keys of the folders it holds (for the store's prune).
pub fn loaded(
    db: &Db,
    store: Option<&LoadStore>,
    root: &Path,
) -> (load::Loaded, HashSet<FolderKey>) {
    let tables = &db.loaded;
    let content = root.join("content");
    let walk = tables.walk.snapshot().get(&()).cloned();
    let walk = walk.unwrap_or_else(|| Arc::new(Walk::new(root, &content)));
    let (folders, keys) = (tables.folders.snapshot(), tables.keys.snapshot());
    let keeps = tables.folders.keeps();
    let (site, found) = load::load_site_with(root, &walk, |dir| {
        let (key, stable) = match keys.get(dir) {
            Some(&k) => (Some(k), true),
            None => match folder_key(root, dir) {
                Some((k, links)) => (Some(k), !links),
                None => (None, false),
            },
        };
        let kept = key.and_then(|k| folders.get(&k).cloned().or_else(|| store?.get(k)));
        let loaded = match kept {
            Some(loaded) => loaded,
            None => {
                let loaded = load::folder(root, &content, dir)?;
                if let (Some(k), Some(store)) = (key, store) {
                    store.keep(k, &loaded);
                }
                loaded
            }
        };
        // The site and the memo share the bulletin.
        let found = Found {
            dir: stable.then(|| dir.to_path_buf()),
            key,
            kept: keeps.then(|| loaded.clone()),
        };
        Ok((loaded, found))
    });
    let used = found.iter().filter_map(|f| f.key).collect();
    if keeps {
        // Only folders that loaded are remembered: a broken one is read again.
        let kept = || found.iter().filter(|f| f.kept.is_some());
        tables.keys.replace(
            kept()
                .filter_map(|f| Some((f.dir.clone()?, f.key?)))
                .collect(),
        );
        let folders: HashMap<FolderKey, Folder> = found
            .into_iter()
            .filter_map(|f| Some((f.key?, f.kept?)))
            .collect();
        tables.folders.replace(folders);
        tables.walk.replace(HashMap::from([((), walk)]));
    }
    (site, used)
}

/// The key of the folder `dir`: every file below it by content, where each symlink
/// points, and the folder's place; and whether a symlink is below it (a change to what
/// it points at is no change below the folder, so such a folder's key is never
/// remembered). `None` when a file cannot be read (the load then reports it).
fn folder_key(root: &Path, dir: &Path) -> Option<(FolderKey, bool)> {
    let mut links = false;
    let mut entries = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        entries.push(entry.ok()?);
    }
    let mut failed = false;
    let k = key("folder", |k| {
        k.add_str(&root.to_string_lossy())
            .add_str(&dir.to_string_lossy());
        for entry in &entries {
            let path = entry.path();
            k.add_str(&path.strip_prefix(dir).unwrap_or(path).to_string_lossy());
            let kind = entry.file_type();
            if kind.is_symlink() {
                links = true;
                match std::fs::read_link(path) {
                    Ok(to) => k.add(b"\0link").add_str(&to.to_string_lossy()),
                    Err(_) => {
                        failed = true;
                        return;
                    }
                };
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
    });
    (!failed).then_some((FolderKey(k), links))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    fn shown(l: &load::Loaded) -> String {
        let (site, warnings) = l.as_ref().expect("the example site loads");
        format!("{:?}\n{warnings}", site.bulletins)
    }

    #[test]
    fn a_reused_folder_is_the_folder_as_parsed() {
        let disk = tempfile::tempdir().unwrap();
        let store = LoadStore::new(disk.path().to_path_buf());
        let (parsed, used) = loaded(&Db::transient(), Some(&store), &example());
        let kept = std::fs::read_dir(disk.path()).unwrap().count();
        assert_eq!(kept, parsed.as_ref().unwrap().0.bulletins.len());
        assert_eq!(used.len(), kept);
        // From disk (a new process), then from the memo alone (serve's next rebuild).
        let db = Db::kept();
        let (read, _) = loaded(&db, Some(&store), &example());
        assert_eq!(shown(&read), shown(&parsed));
        assert_eq!(db.loaded.folders.snapshot().len(), kept);
        assert_eq!(shown(&loaded(&db, None, &example()).0), shown(&parsed));
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
        let db = Db::kept();
        let total = |db: &Db| {
            let (site, _) = loaded(db, None, site.path()).0.unwrap();
            let b = &site.bulletins["2025/03"];
            format!("{:?}", b.data.entries[0].measure)
        };
        let before = total(&db);
        let dir = site.path().join("content/2025/03");
        let scores = dir.join("scores.yaml");
        let text = std::fs::read_to_string(&scores).unwrap();
        std::fs::write(&scores, text.replace("growth: 88.5,", "growth: 77.5,")).unwrap();
        assert_eq!(total(&db), before, "no change was said: the memo's folder");
        db.changed(Some(&[site.path().join("content/2025/02/index.md")]));
        assert_eq!(total(&db), before, "another folder changed");
        db.changed(Some(std::slice::from_ref(&scores)));
        let after = total(&db);
        assert_ne!(after, before, "the folder's own file changed");
        assert!(after.contains("77.5"), "{after}");
        std::fs::write(&scores, &text).unwrap();
        db.changed(None);
        assert_eq!(total(&db), before, "anything may have changed");
        std::fs::write(&scores, text.replace("growth: 88.5,", "growth: 66.5,")).unwrap();
        db.changed(Some(&[site.path().join("content/2025")]));
        assert!(total(&db).contains("66.5"), "a folder above it changed");
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
