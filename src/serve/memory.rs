//! The site as `serve` holds it: path → file. A build fills a [`MemoryOutput`] (no lock on
//! the way: rayon's workers send into a channel); when the build succeeds, the finished
//! [`Files`] replace the served ones at once, so that a request always sees one whole site,
//! the last good one, never half of a build.
//!
//! A file is held in memory only until the page store holds it: a file of an entry the
//! store keeps is held as the path of its store file, read when asked for (the OS caches
//! it, not our heap), so that a 2,000-bulletin site takes its paths in memory rather than
//! its 1.7 GB ([`stored`](super::stored)). What the store never holds stays in memory: the
//! files made on every build (the theme's static files, published photos), and everything
//! when there is no store.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use super::stored::{self, Stored};
use crate::diag::{Diagnostic, Diagnostics};
use crate::incr::store::PageStore;
use crate::output::{Body, Count, Entry, Later, Output, Page, PageKey};

/// One file of a served site: its bytes, what makes them when first asked for, or the
/// page-store file that holds them.
#[derive(Debug, Clone)]
pub enum Served {
    Ready(Bytes),
    Later(Later),
    Stored(Stored),
}

impl Served {
    /// The bytes, made now if they were deferred and no one asked before, or read from
    /// the page store.
    pub fn bytes(&self) -> Result<Bytes, Diagnostics> {
        match self {
            Served::Ready(b) => Ok(b.clone()),
            Served::Later(l) => l.bytes().map(Bytes::copy_from_slice).map_err(Clone::clone),
            Served::Stored(s) => s.read().map_err(|e| s.unreadable(&e)),
        }
    }

    /// The identity of the deferred file it is, or was made as (the chart store keeps
    /// the charts of the served site).
    pub fn later(&self) -> Option<u128> {
        match self {
            Served::Later(l) => Some(l.identity()),
            Served::Stored(s) => s.later,
            Served::Ready(_) => None,
        }
    }
}

/// Where a file of the site is, shared by every site that holds the same file: when its
/// entry goes into the page store, it turns from bytes into the store's path for all of
/// them at once (the same bytes, so no request can tell).
pub(super) type Slot = Arc<RwLock<Served>>;

pub(super) fn slot(served: Served) -> Slot {
    Arc::new(RwLock::new(served))
}

pub(super) fn now(slot: &Slot) -> Served {
    slot.read().unwrap_or_else(|p| p.into_inner()).clone()
}

/// One file of a served site.
#[derive(Debug, Clone)]
pub(super) struct File {
    pub(super) slot: Slot,
    /// The entry it is a file of.
    pub(super) entry: Option<PageKey>,
}

/// The paths of one entry as the site holds them (shared, never copied).
#[derive(Debug, Default)]
pub(super) struct EntryPaths {
    pub(super) paths: Vec<String>,
    count: Count,
    /// Its files are read from its own entry of the page store: nothing left to make or
    /// keep. Shared by the sites that reuse the entry.
    pub(super) stored: AtomicBool,
}

impl EntryPaths {
    fn new(paths: Vec<String>) -> EntryPaths {
        let count = Count::of(paths.iter().map(String::as_str));
        EntryPaths {
            paths,
            count,
            stored: AtomicBool::new(false),
        }
    }
}

/// One finished site: `/`-separated paths below the site root (`2025/03-units/index.html`)
/// and their files.
///
/// The map of paths is persistent (`imbl`): the next build starts from a copy that costs
/// nothing and changes only the paths that changed, so that an edit of one bulletin does
/// not insert the 31,456 paths of a 2,000-bulletin site again. An entry that the next
/// build reuses is one message and one map entry, not one per file.
#[derive(Debug, Default)]
pub struct Files {
    pub(super) files: imbl::HashMap<String, File>,
    /// The paths of each entry the build put, by key.
    pub(super) entries: HashMap<PageKey, Arc<EntryPaths>>,
    /// The paths the build put outside any entry: with the entries the next build does
    /// not reuse, what the next site may have lost.
    loose: Vec<String>,
}

impl Files {
    pub fn get(&self, path: &str) -> Option<Served> {
        self.files.get(path).map(|f| now(&f.slot))
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Every path of the site, in no order.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The entries this site is made of.
    pub fn entries(&self) -> HashSet<PageKey> {
        self.entries.keys().copied().collect()
    }

    /// The identities of its deferred files (made, read from the store, or not made
    /// yet): the chart store keeps the charts among them, which the next build may draw
    /// again.
    pub fn later(&self) -> HashSet<u128> {
        self.files
            .values()
            .filter_map(|f| now(&f.slot).later())
            .collect()
    }

    /// The page-store entries its files are read from: the store must keep them while
    /// the site is served.
    pub fn stored_keys(&self) -> HashSet<PageKey> {
        self.files
            .values()
            .filter_map(|f| match now(&f.slot) {
                Served::Stored(s) => Some(s.key),
                _ => None,
            })
            .collect()
    }

    /// The deferred files not made yet.
    pub fn unmade(&self) -> Vec<Later> {
        self.files
            .values()
            .filter_map(|f| match now(&f.slot) {
                Served::Later(l) if !l.is_made() => Some(l),
                _ => None,
            })
            .collect()
    }
}

/// Past this many bytes of files made by one build and held in memory, the entries it
/// makes next go to the page store as they come (a first build, a template changed), so
/// that such a build never holds the whole site. An edit makes far less.
pub const SPILL: usize = 32 << 20;

/// The output keeping the site in memory. `put` is called from rayon's workers: it only
/// sends into a channel (lock-free); [`Collected::finish`] gathers after the build.
/// A file whose bytes equal the previous site's shares them. Deferred files stay
/// deferred: what is slow to make (PNGs, unit pages) is made after the build, or when
/// first asked for, and entries made now go to the page store after that
/// ([`stored::make_deferred`]).
pub struct MemoryOutput {
    tx: Sender<Kept>,
    pub(super) previous: Arc<Files>,
    pub(super) store: Option<PageStore>,
    /// Entries of the previous site whose store files went missing: made again.
    lost: HashSet<PageKey>,
    /// Bytes of the files this build holds in memory so far.
    held: AtomicUsize,
    /// Past this, entries go to the store as they are put ([`SPILL`]).
    spill: usize,
}

/// What the build hands the output, in the order it does.
pub(super) enum Kept {
    /// A file: its path and contents.
    File(String, File),
    /// The entry `key`, with its paths: made or read from the page store by this build.
    Entry(PageKey, Arc<EntryPaths>),
    /// The entry `key` of the previous site, whose files this site keeps.
    Reused(PageKey, Arc<EntryPaths>),
}

/// The receiving end of a [`MemoryOutput`].
pub struct Collected(Receiver<Kept>);

impl MemoryOutput {
    /// An output for the next build after `previous` (empty for the first), with the
    /// page store `store`.
    pub fn new(previous: Arc<Files>, store: Option<PageStore>) -> (MemoryOutput, Collected) {
        let (tx, rx) = channel();
        (
            MemoryOutput {
                tx,
                previous,
                store,
                lost: HashSet::new(),
                held: AtomicUsize::new(0),
                spill: SPILL,
            },
            Collected(rx),
        )
    }

    /// The same, for a build after a request found store files gone: the entries of
    /// the store keys `vanished`, and of any other entry gone from the store, are made
    /// again rather than reused.
    pub fn remaking(mut self, vanished: &HashSet<PageKey>) -> MemoryOutput {
        self.lost = stored::lost(&self.previous, self.store.as_ref(), vanished);
        self
    }

    /// Send entries to the store as they come once the build holds `bytes` (tests).
    pub fn spilling_over(mut self, bytes: usize) -> MemoryOutput {
        self.spill = bytes;
        self
    }

    /// The receiver is dropped only after the output: a send cannot fail.
    pub(super) fn send(&self, kept: Kept) {
        let _ = self.tx.send(kept);
    }

    /// The store to send the entries to as they are put, when this build holds enough.
    fn spill_to(&self) -> Option<&PageStore> {
        self.store
            .as_ref()
            .filter(|_| self.held.load(Relaxed) >= self.spill)
    }

    pub(super) fn keep(&self, path: &str, bytes: Vec<u8>) -> Served {
        match self.previous.get(path) {
            Some(Served::Ready(old)) if old.as_ref() == bytes.as_slice() => Served::Ready(old),
            _ => {
                self.held.fetch_add(bytes.len(), Relaxed);
                Served::Ready(Bytes::from(bytes))
            }
        }
    }

    /// The pages of the entry `key` (made now, or read from the page store).
    fn entry(&self, key: PageKey, pages: &[Page]) -> Arc<EntryPaths> {
        let paths = EntryPaths::new(pages.iter().map(|p| p.path.clone()).collect());
        let paths = Arc::new(paths);
        self.send(Kept::Entry(key, paths.clone()));
        paths
    }
}

impl Collected {
    /// Everything `out` was given, as one site: the previous site, less what this build
    /// did not put again, with what it put.
    pub fn finish(self, out: MemoryOutput) -> Files {
        let previous = out.previous.clone();
        drop(out);
        let mut entries = HashMap::with_capacity(previous.entries.len() + 16);
        let (mut put, mut made) = (Vec::new(), Vec::new());
        for kept in self.0 {
            match kept {
                Kept::File(path, file) => put.push((path, file)),
                Kept::Entry(key, paths) => {
                    made.push((key, paths.clone()));
                    entries.insert(key, paths);
                }
                Kept::Reused(key, paths) => {
                    entries.insert(key, paths);
                }
            }
        }
        // Which entry each file put now belongs to, if any.
        let owner: HashMap<&str, PageKey> = made
            .iter()
            .flat_map(|(key, paths)| paths.paths.iter().map(|p| (p.as_str(), *key)))
            .collect();
        for (path, file) in &mut put {
            file.entry = owner.get(path.as_str()).copied();
        }
        let now: HashSet<&str> = put.iter().map(|(p, _)| p.as_str()).collect();
        let mut files = previous.files.clone();
        // What the previous site had and this one may not: its files outside any entry,
        // and the files of its entries that this build did not reuse; unless this build
        // put them again, or they belong to an entry it reused.
        let gone: Vec<&str> = previous
            .loose
            .iter()
            .map(String::as_str)
            .chain(
                previous
                    .entries
                    .iter()
                    .filter(|(key, _)| !entries.contains_key(key))
                    .flat_map(|(_, paths)| paths.paths.iter().map(String::as_str)),
            )
            .filter(|p| !now.contains(p))
            .filter(|p| {
                files
                    .get(*p)
                    .and_then(|f| f.entry)
                    .is_none_or(|key| !entries.contains_key(&key))
            })
            .collect();
        for path in gone {
            files.remove(path);
        }
        drop((owner, now));
        let mut loose = Vec::new();
        for (path, file) in put {
            if file.entry.is_none() {
                loose.push(path.clone());
            }
            files.insert(path, file);
        }
        let files = Files {
            files,
            entries,
            loose,
        };
        // Freed by a worker: the previous site may be its last holder.
        rayon::spawn(move || drop(previous));
        files
    }
}

impl Output for MemoryOutput {
    fn reuse(&self, key: PageKey) -> Result<Option<Count>, Diagnostics> {
        if let Some(paths) = self.previous.entries.get(&key)
            && !self.lost.contains(&key)
        {
            self.send(Kept::Reused(key, paths.clone()));
            return Ok(Some(paths.count));
        }
        let Some(stored) = self.store.as_ref().and_then(|s| s.get(key)) else {
            return Ok(None);
        };
        let paths = self.entry(key, &stored.pages);
        // Read from the store when asked for: nothing to make or keep.
        paths.stored.store(true, Relaxed);
        for (page, later) in stored.pages.into_iter().zip(stored.later) {
            self.put_file(page, Some(key), later)?;
        }
        Ok(Some(paths.count))
    }

    fn put(&self, entry: Entry) -> Result<(), Diagnostics> {
        let Some(key) = entry.key else {
            return entry
                .pages
                .into_iter()
                .try_for_each(|p| self.put_page(p, None));
        };
        let paths = self.entry(key, &entry.pages);
        if let Some(store) = self.spill_to() {
            return stored::spill(self, store, key, &paths, entry.pages);
        }
        entry
            .pages
            .into_iter()
            .try_for_each(|p| self.put_page(p, Some(key)))
    }
}

impl MemoryOutput {
    /// One file of the entry `key` (if any) as the site holds it.
    pub(super) fn put_page(&self, page: Page, key: Option<PageKey>) -> Result<(), Diagnostics> {
        self.put_file(page, key, None)
    }

    /// [`put_page`](Self::put_page), with the identity of the deferred file a file of the
    /// store was made as (the chart store keeps it).
    fn put_file(
        &self,
        page: Page,
        key: Option<PageKey>,
        later: Option<u128>,
    ) -> Result<(), Diagnostics> {
        let served = match page.body {
            Body::Text(t) => self.keep(&page.path, t.into_bytes()),
            Body::Bytes(b) => self.keep(&page.path, b),
            // The same inputs as the served one: keep that (made already, perhaps).
            Body::Later(l) => match self.previous.get(&page.path) {
                Some(Served::Later(old)) if old == l => Served::Later(old),
                _ => Served::Later(l),
            },
            // Read now, not when served: the served site is the one this build saw.
            Body::Copy(src) => self.keep(&page.path, read_copy(&src)?),
            // A file of the store never changes (an entry is written once, under the hash
            // of its inputs): read when asked for.
            Body::Cached(path) => match key {
                Some(key) => Served::Stored(Stored { path, key, later }),
                None => self.keep(&page.path, read_copy(&path)?),
            },
        };
        self.send(Kept::File(
            page.path,
            File {
                slot: slot(served),
                entry: None,
            },
        ));
        Ok(())
    }
}

/// A file of `content/`, read as the build sees it.
pub(super) fn read_copy(src: &Path) -> Result<Vec<u8>, Diagnostics> {
    std::fs::read(src).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(crate::msg!(
                "cannot-read",
                file = src,
                reason = crate::i18n::io_reason(&e)
            ))
            .hint(crate::msg!("serve-file-changed-help")),
        )
    })
}

/// What the server shows now: the last good site, its number, and the error of the last
/// build when it failed (the text the terminal shows).
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub files: Arc<Files>,
    /// Counts successful builds; pages carry it, so that a tab loaded before a rebuild
    /// reloads even if it missed the event.
    pub generation: u64,
    pub error: Option<Arc<str>>,
}

/// The served state, replaced as a whole under a short lock (never inside a build).
#[derive(Debug, Default)]
pub struct Current(RwLock<Status>);

impl Current {
    pub fn get(&self) -> Status {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// A good build: serve `files`, clear the error. Returns the new generation.
    pub fn publish(&self, files: Files) -> u64 {
        let mut s = self.0.write().unwrap_or_else(|p| p.into_inner());
        let old = std::mem::replace(&mut s.files, Arc::new(files));
        s.generation += 1;
        s.error = None;
        let generation = s.generation;
        drop(s);
        // The old site (31,456 paths at 2,000 bulletins) is freed by a worker, not on the
        // way to the reload.
        rayon::spawn(move || drop(old));
        generation
    }

    /// A failed build: keep serving the last good site, remember the error.
    pub fn fail(&self, error: String) {
        let mut s = self.0.write().unwrap_or_else(|p| p.into_inner());
        s.error = Some(error.into());
    }
}

/// The outcome of one build into memory.
pub struct Built {
    pub files: Files,
    /// The page store its entries go to once their deferred files are made, if any.
    pub store: Option<PageStore>,
    pub bulletins: usize,
    pub warnings: Diagnostics,
    /// What the build did not use, removed from the stores once the tabs are told
    /// ([`stored::prune`]).
    pub prune: crate::site::Prune,
    pub elapsed: Duration,
}

/// Build the whole site at `root` into memory, with `base_url` pointing at the server.
/// `previous` is the site served now, `db` what its builds made, `vanished` the store
/// entries requests found gone since (made again).
pub fn build(
    root: &Path,
    base_url: &str,
    previous: Arc<Files>,
    db: &crate::incr::Db,
    vanished: &HashSet<PageKey>,
) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    // As `build` would make it, with its page store (an edit renders only what it
    // changed), but with bulletins not yet published shown under a banner: this is where
    // they are prepared.
    let mut settings = crate::settings::Settings::new(root);
    settings.base_url = Some(base_url.to_string());
    settings.preview = true;
    settings.purpose = crate::settings::Purpose::Serve;
    let store = crate::site::stores(&settings).pages;
    let (out, collected) = MemoryOutput::new(previous, store.clone());
    let out = out.remaking(vanished);
    let generated = crate::site::generate(&settings, db, &out)?;
    let mut phases = crate::timing::Phases::start();
    let files = collected.finish(out);
    phases.mark("collect");
    phases.print();
    Ok(Built {
        files,
        store,
        bulletins: generated.bulletins,
        warnings: generated.warnings,
        prune: generated.prune,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::stored::make_deferred;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn bytes(files: &Files, path: &str) -> Vec<u8> {
        files.get(path).unwrap().bytes().unwrap().to_vec()
    }

    fn counted(identity: u128, calls: &Arc<AtomicUsize>, out: &'static [u8]) -> Page {
        let calls = calls.clone();
        Page {
            path: "chart.png".into(),
            body: Body::Later(Later::new(identity, move || {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok(out.to_vec())
            })),
        }
    }

    #[test]
    fn deferred_files_are_made_once_and_kept_by_their_inputs() {
        let calls = Arc::new(AtomicUsize::new(0));
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        sink.put_page(counted(1, &calls, b"one"), None).unwrap();
        let first = collected.finish(sink);
        assert_eq!(calls.load(Ordering::SeqCst), 0, "not made by the build");
        assert_eq!(first.unmade().len(), 1);
        assert!(make_deferred(&first, None, &|| false).is_none());
        assert_eq!(calls.load(Ordering::SeqCst), 1, "made after it");
        assert!(first.unmade().is_empty());
        let first = Arc::new(first);
        // The next build defers the same file again: the made one is kept.
        let (sink, collected) = MemoryOutput::new(first.clone(), None);
        sink.put_page(counted(1, &calls, b"one"), None).unwrap();
        let second = collected.finish(sink);
        assert!(second.unmade().is_empty());
        assert_eq!(bytes(&second, "chart.png"), b"one");
        // Other inputs: made again, when asked for.
        let (sink, collected) = MemoryOutput::new(Arc::new(second), None);
        sink.put_page(counted(2, &calls, b"two"), None).unwrap();
        let third = collected.finish(sink);
        assert_eq!(bytes(&third, "chart.png"), b"two");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_deferred_file_that_fails_is_an_error_after_the_build() {
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        sink.put_page(
            Page {
                path: "card.png".into(),
                body: Body::Later(Later::new(3, || {
                    Err(Diagnostic::error(crate::msg!("card-png-help")).into())
                })),
            },
            None,
        )
        .unwrap();
        let files = collected.finish(sink);
        let errors = make_deferred(&files, None, &|| false).expect("the failure is said");
        assert_eq!(errors.error_count(), 1);
        assert!(files.get("card.png").unwrap().bytes().is_err());
    }

    #[test]
    fn the_sink_keeps_every_page_and_reads_copies_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.pdf");
        std::fs::write(&src, b"%PDF-1.4").unwrap();
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        sink.put_page(
            Page {
                path: "index.html".into(),
                body: Body::Text("<p>hi</p>".into()),
            },
            None,
        )
        .unwrap();
        sink.put_page(
            Page {
                path: "x/a.pdf".into(),
                body: Body::Copy(src.clone()),
            },
            None,
        )
        .unwrap();
        std::fs::write(&src, b"changed").unwrap();
        let files = collected.finish(sink);
        assert_eq!(files.len(), 2);
        assert_eq!(bytes(&files, "index.html"), b"<p>hi</p>");
        assert_eq!(bytes(&files, "x/a.pdf"), b"%PDF-1.4");
    }

    #[test]
    fn unchanged_files_share_the_previous_bytes() {
        let put = |sink: &MemoryOutput, path: &str, text: &str| {
            sink.put_page(
                Page {
                    path: path.into(),
                    body: Body::Text(text.into()),
                },
                None,
            )
            .unwrap()
        };
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        put(&sink, "a.html", "same");
        put(&sink, "b.html", "old");
        let first = Arc::new(collected.finish(sink));
        let (sink, collected) = MemoryOutput::new(first.clone(), None);
        put(&sink, "a.html", "same");
        put(&sink, "b.html", "new");
        let second = collected.finish(sink);
        let (a1, a2) = (
            first.get("a.html").unwrap().bytes().unwrap(),
            second.get("a.html").unwrap().bytes().unwrap(),
        );
        assert_eq!(a1.as_ptr(), a2.as_ptr(), "shared, not copied");
        assert_eq!(bytes(&second, "b.html"), b"new");
    }

    /// The next site starts from the last one: what a build reuses stays, what it does not
    /// put again goes, whichever way the last build had it.
    #[test]
    fn a_site_keeps_the_entries_it_reuses_and_loses_the_rest() {
        let text = |path: &str, t: &str| Page::text(path, t);
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        let pages = vec![text("a/index.html", "A"), text("a/print.html", "P")];
        sink.put(Entry {
            key: Some(PageKey(1)),
            pages,
        })
        .unwrap();
        sink.put_page(text("index.html", "home"), None).unwrap();
        sink.put_page(text("gone.html", "old"), None).unwrap();
        let first = Arc::new(collected.finish(sink));
        assert_eq!(first.len(), 4);

        // The entry reused, the home page put again, gone.html not.
        let (sink, collected) = MemoryOutput::new(first.clone(), None);
        assert_eq!(sink.reuse(PageKey(1)).unwrap().unwrap().pages, 2);
        assert!(sink.reuse(PageKey(2)).unwrap().is_none(), "never kept");
        sink.put_page(text("index.html", "home 2"), None).unwrap();
        let second = Arc::new(collected.finish(sink));
        assert_eq!(bytes(&second, "a/print.html"), b"P");
        assert_eq!(bytes(&second, "index.html"), b"home 2");
        assert!(second.get("gone.html").is_none());
        assert_eq!(second.len(), 3);
        assert_eq!(second.entries(), [PageKey(1)].into());

        // Reused again (its files were put two builds ago), then not.
        let (sink, collected) = MemoryOutput::new(second, None);
        sink.reuse(PageKey(1)).unwrap().unwrap();
        sink.put_page(text("index.html", "home 3"), None).unwrap();
        let third = Arc::new(collected.finish(sink));
        assert_eq!(bytes(&third, "a/index.html"), b"A");
        let (sink, collected) = MemoryOutput::new(third, None);
        let pages = vec![text("a/index.html", "A2")];
        sink.put(Entry {
            key: Some(PageKey(3)),
            pages,
        })
        .unwrap();
        let fourth = collected.finish(sink);
        assert_eq!(bytes(&fourth, "a/index.html"), b"A2");
        assert!(
            fourth.get("a/print.html").is_none(),
            "its entry was not reused"
        );
        assert!(fourth.get("index.html").is_none(), "not put again");
        assert_eq!(fourth.len(), 1);
    }

    #[test]
    fn a_missing_copy_is_a_located_error() {
        let (sink, _collected) = MemoryOutput::new(Arc::default(), None);
        let err = sink
            .put_page(
                Page {
                    path: "a.pdf".into(),
                    body: Body::Copy("/nonexistent/a.pdf".into()),
                },
                None,
            )
            .unwrap_err();
        assert!(err.to_string().contains("cannot read /nonexistent/a.pdf"));
    }

    #[test]
    fn a_failure_keeps_the_last_good_site() {
        let current = Current::default();
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        sink.put_page(
            Page {
                path: "index.html".into(),
                body: Body::Text("good".into()),
            },
            None,
        )
        .unwrap();
        assert_eq!(current.publish(collected.finish(sink)), 1);
        current.fail("error: broken".into());
        let s = current.get();
        assert_eq!(s.generation, 1);
        assert_eq!(s.error.as_deref(), Some("error: broken"));
        assert_eq!(bytes(&s.files, "index.html"), b"good");
        assert_eq!(current.publish(Files::default()), 2);
        assert!(current.get().error.is_none());
    }
}
