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

use serde::{Deserialize, Serialize};

use super::keys::{ChartKey, FolderKey, PageKey};
use crate::output::{Body, Page};
use crate::render::png::{Draw, FontError, Fonts};

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

/// The tables of one build, where the settings keep any: `check` reads the chart store
/// only, and never writes it.
#[derive(Debug, Clone)]
pub struct Stores {
    pub load: Option<LoadStore>,
    pub pages: Option<PageStore>,
    pub png: std::sync::Arc<PngStore>,
}

/// What a build used of the tables: the rest goes ([`Stores::prune`]).
#[derive(Debug, Default)]
pub struct Used {
    pub folders: HashSet<FolderKey>,
    pub entries: HashSet<PageKey>,
    /// The identities of the deferred files the site holds (a chart's is what its key in
    /// the chart store is made of).
    pub later: HashSet<u128>,
}

impl Stores {
    /// The tables below `cache` (`None`: `--no-cache`, nothing kept), `pages` the folder
    /// of the page store; `check` reads the charts drawn before and nothing else.
    pub fn open(cache: Option<&Path>, pages: &str, check: bool) -> Stores {
        let (kept, read) = (cache.filter(|_| !check), cache);
        Stores {
            load: kept.map(|d| LoadStore::new(d.join("load"))),
            pages: kept.map(|d| PageStore::new(d.join(pages))),
            png: std::sync::Arc::new(PngStore {
                dir: read.map(|d| d.join("png")),
                writable: !check,
            }),
        }
    }

    /// Remove from every table what the build did not use.
    pub fn prune(&self, used: &Used, started: SystemTime) {
        if let Some(load) = &self.load {
            load.prune(&used.folders, started);
        }
        if let Some(pages) = &self.pages {
            let keys = used.entries.iter().map(|k| k.0).collect();
            prune_except(&pages.dir, "", &keys, started);
        }
        if let (Some(dir), true) = (&self.png.dir, self.png.writable) {
            let keys = used.later.iter().map(|&id| ChartKey::of(id).0).collect();
            prune_except(dir, ".png", &keys, started);
        }
    }
}

/// What a page-store entry's manifest says of one file.
#[derive(Serialize, Deserialize)]
struct Listed {
    /// The file's path in the output.
    path: String,
    /// Its number inside the entry's folder.
    file: usize,
    /// The identity of a deferred file (a chart's is its key in the chart store), in hex:
    /// an entry reused keeps its charts in the chart store, or a rebuild with nothing
    /// changed would leave the chart store empty and the next change of a theme would
    /// draw every chart again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    later: Option<String>,
}

/// An entry of the page store: its files, and the identity of each that was deferred
/// (`later[i]` is that of `pages[i]`).
pub struct Stored {
    pub pages: Vec<Page>,
    pub later: Vec<Option<u128>>,
}

impl Stored {
    /// The identities of its deferred files.
    pub fn identities(&self) -> impl Iterator<Item = u128> + '_ {
        self.later.iter().flatten().copied()
    }
}

/// Where the bytes of a file to keep are.
pub enum Source<'a> {
    /// A file the output wrote: linked (copied where it cannot be).
    Written(&'a Path),
    Bytes(&'a [u8]),
}

/// Entries of the output as made before: `pages/KEY/` holds each file by number and a
/// manifest of their paths. An entry whose key is there is not made again: its files are
/// linked (or copied) from the store, the same bytes as making them.
#[derive(Debug, Clone)]
pub struct PageStore {
    dir: PathBuf,
}

impl PageStore {
    pub fn new(dir: PathBuf) -> PageStore {
        PageStore { dir }
    }

    fn entry_dir(&self, key: PageKey) -> PathBuf {
        self.dir.join(key.hex())
    }

    /// The files kept under `key`, as pages of [`Body::Cached`], or `None` on a miss.
    pub fn get(&self, key: PageKey) -> Option<Stored> {
        let dir = self.entry_dir(key);
        let manifest = std::fs::read(dir.join("manifest.json")).ok()?;
        let listed: Vec<Listed> = serde_json::from_slice(&manifest).ok()?;
        // Every file is still there (one listing of the folder, not a look at each file).
        let present: HashSet<std::ffi::OsString> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        let later = listed
            .iter()
            .map(|l| u128::from_str_radix(l.later.as_deref()?, 16).ok())
            .collect();
        let pages = listed
            .into_iter()
            .map(|l| {
                let name = l.file.to_string();
                present.contains(std::ffi::OsStr::new(&name)).then(|| Page {
                    path: l.path,
                    body: Body::Cached(dir.join(name)),
                })
            })
            .collect::<Option<Vec<Page>>>()?;
        Some(Stored { pages, later })
    }

    /// The keys of the entries it holds (one listing of its folder).
    pub fn present(&self) -> HashSet<PageKey> {
        std::fs::read_dir(&self.dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name();
                let hex = name.to_str().filter(|h| h.len() == 32)?;
                u128::from_str_radix(hex, 16).ok().map(PageKey)
            })
            .collect()
    }

    /// Keep `files` (their paths in the output, where their bytes are, and the identity of
    /// those that were deferred) under `key`.
    pub fn keep<'a>(
        &self,
        key: PageKey,
        files: impl IntoIterator<Item = (&'a str, Source<'a>, Option<u128>)>,
    ) {
        let dir = self.entry_dir(key);
        if dir.is_dir() {
            return;
        }
        let _ = write_atomic(&dir, |tmp| {
            std::fs::create_dir_all(tmp)?;
            let mut listed = Vec::new();
            for (n, (path, source, later)) in files.into_iter().enumerate() {
                let target = tmp.join(n.to_string());
                match source {
                    Source::Written(f) => {
                        if std::fs::hard_link(f, &target).is_err() {
                            std::fs::copy(f, &target)?;
                        }
                    }
                    Source::Bytes(b) => std::fs::write(&target, b)?,
                }
                listed.push(Listed {
                    path: path.to_string(),
                    file: n,
                    later: later.map(|id| format!("{id:032x}")),
                });
            }
            let manifest = serde_json::to_vec(&listed).expect("plain data serialises");
            std::fs::write(tmp.join("manifest.json"), manifest)
        });
    }
}

/// Charts drawn before, by the hash of everything that decides their pixels (the SVG, the
/// fonts, the scale and the program that draws them): `png/KEY.png`. A rebuild draws only
/// the charts that changed.
#[derive(Debug)]
pub struct PngStore {
    dir: Option<PathBuf>,
    /// `check` reads the store but never writes it.
    writable: bool,
}

impl Draw for PngStore {
    fn png(
        &self,
        identity: u128,
        svg: &str,
        fonts: &Fonts,
        scale: f32,
    ) -> Result<Vec<u8>, FontError> {
        let Some(dir) = &self.dir else {
            return crate::render::png::svg_to_png(svg, fonts, scale);
        };
        let path = dir.join(format!("{}.png", ChartKey::of(identity).hex()));
        if let Ok(bytes) = std::fs::read(&path)
            && bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        {
            return Ok(bytes);
        }
        let bytes = crate::render::png::svg_to_png(svg, fonts, scale)?;
        if self.writable {
            let _ = write_atomic(&path, |tmp| std::fs::write(tmp, &bytes));
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_used_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let store = PageStore::new(dir.path().join("pages"));
        let key = PageKey(7);
        assert!(store.get(key).is_none());
        let written = dir.path().join("written.html");
        std::fs::write(&written, "A").unwrap();
        store.keep(
            key,
            [
                ("a/index.html", Source::Written(&written), None),
                ("a/print.html", Source::Bytes(b"P"), None),
                ("a/chart.png", Source::Bytes(b"C"), Some(0xc0ffee)),
            ],
        );
        let kept = store.get(key).expect("kept");
        // The chart's identity comes back with the entry: the chart store keeps it.
        assert_eq!(kept.identities().collect::<Vec<_>>(), [0xc0ffee]);
        let pages = kept.pages;
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a/index.html", "a/print.html", "a/chart.png"]);
        let Body::Cached(second) = &pages[1].body else {
            panic!("a kept page is a file of the store")
        };
        assert_eq!(std::fs::read_to_string(second).unwrap(), "P");
        // A file gone from the entry: the entry is not used (the pages are made again).
        std::fs::remove_file(second).unwrap();
        assert!(store.get(key).is_none());
    }

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
