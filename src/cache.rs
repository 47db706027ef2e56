//! What a build may reuse: each bulletin's rendered files, kept in
//! `.bulletin-cache/pages/<key>/` under a key that hashes everything they are made from
//! (the bulletin's files, the previous bulletin of its series as the page shows it, the
//! theme, the site view, the chart fonts and this tool's version). A bulletin whose key is
//! there is not rendered again: its files are linked (or copied) from the cache, which
//! gives the same bytes as rendering them. Deleting the folder is always safe.
//!
//! No lock is shared between the threads of a build: every entry is a folder of its own,
//! written under a temporary name and renamed into place, and an entry a build uses has
//! its manifest touched, so that [`PageCache::prune`] can remove what no build used.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::diag::Diagnostics;
use crate::output::{Body, Page, Sink};

/// Bumped whenever what a key covers, or the manifest, changes.
const SCHEMA: &str = "bulletin-pages-2";

/// A key being made: feed it every input, then [`KeyBuilder::finish`].
pub struct KeyBuilder(Xxh3);

impl Default for KeyBuilder {
    fn default() -> Self {
        let mut h = Xxh3::new();
        h.update(SCHEMA.as_bytes());
        h.update(&crate::incr::keys::program_identity().to_le_bytes());
        KeyBuilder(h)
    }
}

impl KeyBuilder {
    /// Add a piece of input; pieces are length-prefixed, so `ab`+`c` ≠ `a`+`bc`.
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn add_str(&mut self, s: &str) -> &mut Self {
        self.add(s.as_bytes())
    }

    /// `value` as JSON, streamed into the hash (JSON delimits itself): no string made.
    pub fn add_json(&mut self, value: &impl Serialize) -> &mut Self {
        serde_json::to_writer(KeyWriter(&mut self.0), value).expect("plain data serialises");
        self
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    /// The file's path in the output.
    path: String,
    /// Its number inside the entry's folder.
    file: usize,
}

enum Source<'a> {
    File(&'a Path),
    Page(&'a Page),
}

/// The cache of rendered bulletins.
#[derive(Debug, Clone)]
pub struct PageCache {
    dir: Option<PathBuf>,
}

impl PageCache {
    /// A cache in `dir` (created when first written); `None` renders everything.
    pub fn new(dir: Option<PathBuf>) -> PageCache {
        PageCache { dir }
    }

    fn entry_dir(&self, key: u128) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(format!("{key:032x}")))
    }

    /// The files kept under `key`, as pages to emit, or `None` on a miss.
    pub fn get(&self, key: u128) -> Option<Vec<Page>> {
        let dir = self.entry_dir(key)?;
        let manifest = dir.join("manifest.json");
        let entries: Vec<Entry> = serde_json::from_slice(&std::fs::read(&manifest).ok()?).ok()?;
        let pages: Vec<Page> = entries
            .into_iter()
            .map(|e| Page {
                path: e.path,
                body: Body::Cached(dir.join(e.file.to_string())),
            })
            .collect();
        // Every file is still there (one listing of the folder, not a look at each file).
        let present: std::collections::HashSet<std::ffi::OsString> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.file_name()))
            .collect();
        let whole = pages.iter().all(|p| {
            matches!(&p.body, Body::Cached(f) if f.file_name().is_some_and(|n| present.contains(n)))
        });
        if !whole {
            return None;
        }
        // Marks the entry as used by this build, for `prune`.
        let _ = std::fs::File::options()
            .append(true)
            .open(&manifest)
            .and_then(|f| f.set_modified(SystemTime::now()));
        Some(pages)
    }

    /// Keep `pages` under `key`, writing their contents. A cache that cannot be written
    /// only makes the next build slower, so failures are ignored.
    pub fn put(&self, key: u128, pages: &[Page]) {
        self.store(
            key,
            pages.iter().map(|p| (p.path.as_str(), Source::Page(p))),
        );
    }

    /// Keep under `key` files a sink has already written (`written` says where): linked,
    /// not written again.
    pub fn put_written(&self, key: u128, files: &[(String, PathBuf)]) {
        self.store(
            key,
            files
                .iter()
                .map(|(path, f)| (path.as_str(), Source::File(f))),
        );
    }

    fn store<'a>(&self, key: u128, files: impl Iterator<Item = (&'a str, Source<'a>)>) {
        let Some(dir) = self.entry_dir(key) else {
            return;
        };
        if dir.is_dir() {
            return;
        }
        let tmp = dir.with_extension(format!(
            "tmp-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let stored = (|| -> std::io::Result<()> {
            std::fs::create_dir_all(&tmp)?;
            let mut entries = Vec::new();
            for (n, (path, source)) in files.enumerate() {
                let target = tmp.join(n.to_string());
                match source {
                    Source::File(f) => {
                        if std::fs::hard_link(f, &target).is_err() {
                            std::fs::copy(f, &target)?;
                        }
                    }
                    Source::Page(p) => match &p.body {
                        Body::Text(t) => std::fs::write(&target, t)?,
                        Body::Bytes(b) => std::fs::write(&target, b)?,
                        // Made now if not yet; one that fails is not kept (its error
                        // is said where it is served).
                        Body::Later(l) => std::fs::write(
                            &target,
                            l.bytes()
                                .map_err(|e| std::io::Error::other(e.to_string()))?,
                        )?,
                        Body::Copy(src) | Body::Cached(src) => {
                            std::fs::copy(src, &target)?;
                        }
                    },
                }
                entries.push(Entry {
                    path: path.to_string(),
                    file: n,
                });
            }
            std::fs::write(
                tmp.join("manifest.json"),
                serde_json::to_vec(&entries).expect("plain data serialises"),
            )?;
            std::fs::rename(&tmp, &dir)
        })();
        if stored.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
    }

    /// Remove every entry but those under `keys` (`serve`: the entries its site is made of,
    /// whichever way it got them), and what a write cut short left before `started`.
    pub fn prune_except(&self, keys: &std::collections::HashSet<u128>, started: SystemTime) {
        let Some(dir) = &self.dir else { return };
        prune_except(dir, "", keys, started);
    }

    /// Remove the entries no build used since `started`, so that the cache holds about one
    /// site's pages.
    pub fn prune(&self, started: SystemTime) {
        let Some(dir) = &self.dir else { return };
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let used = path
                .join("manifest.json")
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= started);
            if !used {
                let _ = std::fs::remove_dir_all(&path);
            }
        }
    }
}

/// Remove from `dir` the files or folders named by a key (`KEY` + `suffix`) not in `keys`,
/// and the others (a write cut short) older than `started`. Named entries are not looked
/// at: one listing of the folder.
pub(crate) fn prune_except(
    dir: &Path,
    suffix: &str,
    keys: &std::collections::HashSet<u128>,
    started: SystemTime,
) {
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

/// Feeds what serde writes straight into a key, without a string in between.
struct KeyWriter<'a>(&'a mut Xxh3);

impl std::io::Write for KeyWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The emitter of a build's pages: every page goes to the sink through it.
pub type Emit<'a> = dyn Fn(Vec<Page>) -> Result<(), Diagnostics> + Sync + 'a;

/// Pages reused by a key of their inputs: taken from the page cache when it holds them,
/// else rendered, emitted and kept. One for a build; used from its parallel loops.
pub struct Reuser<'a> {
    pub cache: &'a PageCache,
    pub sink: &'a dyn Sink,
    pub emit: &'a Emit<'a>,
    /// Counts the HTML pages and files the sink put again by itself ([`Sink::put_kept`]).
    pub count: &'a (dyn Fn(usize, usize) + Sync + 'a),
    /// What every page depends on: the theme, the site view, the chart fonts.
    pub site_key: u128,
    /// The last check of what is made, before it is kept or put.
    pub gate: &'a crate::gate::Gate,
}

impl Reuser<'_> {
    /// The key of pages of kind `what` made from `input` (with the site's key), where
    /// `input` is everything they are made from besides the site.
    pub fn key(&self, what: &str, input: &impl Serialize) -> u128 {
        let mut k = KeyBuilder::default();
        k.add(&self.site_key.to_le_bytes())
            .add_str(what)
            .add_json(input);
        k.finish()
    }

    /// Emit the pages kept under `key`: `None`. Or, on a miss, `render` them, emit them,
    /// keep them and hand back what `render` made beside them: `Some`.
    pub fn pages<T>(
        &self,
        key: u128,
        render: impl FnOnce() -> Result<(Vec<Page>, T), Diagnostics>,
    ) -> Result<Option<T>, Diagnostics> {
        if let Some(kept) = self.sink.put_kept(key) {
            (self.count)(kept.pages, kept.paths.len());
            return Ok(None);
        }
        if let Some(pages) = self.cache.get(key) {
            self.sink.entry(key, &pages);
            (self.emit)(pages)?;
            return Ok(None);
        }
        let (pages, made) = render()?;
        crate::render::gated(self.gate, &pages)?;
        self.sink.entry(key, &pages);
        if pages.iter().any(|p| matches!(p.body, Body::Later(_))) {
            // Kept once made, after the build (only a deferring sink gets these).
            self.sink.keep_when_made(self.cache, key, pages.clone());
            (self.emit)(pages)?;
            return Ok(Some(made));
        }
        // Files the sink writes are linked into the cache after they are written; the
        // others (memory, nothing) are written into it from the pages.
        let written: Option<Vec<(String, PathBuf)>> = pages
            .iter()
            .map(|p| self.sink.written(&p.path).map(|f| (p.path.clone(), f)))
            .collect();
        match written {
            Some(files) => {
                (self.emit)(pages)?;
                self.cache.put_written(key, &files);
            }
            None => {
                self.cache.put(key, &pages);
                (self.emit)(pages)?;
            }
        }
        Ok(Some(made))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve` keeps the entries its site is made of, whether or not a build read them.
    #[test]
    fn pruning_by_keys_keeps_those_keys_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PageCache::new(Some(dir.path().join("pages")));
        let (kept, gone) = (KeyBuilder::default().add_str("kept").finish(), 7);
        cache.put(kept, &[Page::text("a/index.html", "A")]);
        cache.put(gone, &[Page::text("b/index.html", "B")]);
        let cut_short = dir.path().join("pages").join("0000.tmp-1-ThreadId(2)");
        std::fs::create_dir_all(&cut_short).unwrap();
        let before = SystemTime::now() - std::time::Duration::from_secs(60);
        cache.prune_except(&[kept].into(), before);
        assert!(cache.get(kept).is_some() && cache.get(gone).is_none());
        assert!(
            cut_short.exists(),
            "written since the build began: perhaps in progress"
        );
        let later = SystemTime::now() + std::time::Duration::from_secs(60);
        cache.prune_except(&[kept].into(), later);
        assert!(!cut_short.exists(), "left from before it: cut short");
        assert!(cache.get(kept).is_some());
    }

    /// A build killed while it stored an entry leaves its temporary folder, with or
    /// without its manifest; the next build's prune removes both with what it did not use.
    #[test]
    fn prune_removes_unused_entries_and_stores_cut_short() {
        let dir = tempfile::tempdir().unwrap();
        let pages = dir.path().join("pages");
        let cache = PageCache::new(Some(pages.clone()));
        let (used, unused) = (KeyBuilder::default().add_str("used").finish(), 9);
        cache.put(unused, &[Page::text("b/index.html", "B")]);
        let bare = pages.join(format!("{used:032x}.tmp-4242-ThreadId(3)"));
        let manifested = pages.join(format!("{unused:032x}.tmp-4242-ThreadId(4)"));
        std::fs::create_dir_all(&bare).unwrap();
        std::fs::create_dir_all(&manifested).unwrap();
        std::fs::write(bare.join("0"), "half").unwrap();
        std::fs::write(manifested.join("manifest.json"), "[]").unwrap();
        let started = SystemTime::now() + std::time::Duration::from_secs(1);
        cache.put(used, &[Page::text("a/index.html", "A")]);
        std::fs::File::options()
            .append(true)
            .open(pages.join(format!("{used:032x}/manifest.json")))
            .unwrap()
            .set_modified(started)
            .unwrap();
        cache.prune(started);
        let left: Vec<_> = std::fs::read_dir(&pages)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(left, [format!("{used:032x}")]);
    }

    #[test]
    fn an_entry_is_used_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let cache = PageCache::new(Some(dir.path().join("pages")));
        let key = KeyBuilder::default().add_str("a bulletin").finish();
        assert!(cache.get(key).is_none());
        cache.put(
            key,
            &[
                Page::text("a/index.html", "A"),
                Page::text("a/print.html", "P"),
            ],
        );
        let pages = cache.get(key).expect("kept");
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a/index.html", "a/print.html"]);
        let Body::Cached(second) = &pages[1].body else {
            panic!("a cached page is a file of the cache")
        };
        assert_eq!(std::fs::read_to_string(second).unwrap(), "P");
        // A file gone from the entry: the entry is not used (the pages are made again).
        std::fs::remove_file(second).unwrap();
        assert!(cache.get(key).is_none());
        // Another key is another entry.
        let other = KeyBuilder::default().add_str("a bulletin ").finish();
        assert_ne!(key, other);
    }
}
