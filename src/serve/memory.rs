//! The site as `serve` holds it: every built file in memory, path → bytes. A build fills a
//! [`MemorySink`] (no lock on the way: rayon's workers send into a channel); when the
//! build succeeds, the finished [`Files`] replace the served ones at once, so a request
//! always sees one whole site, the last good one, never half of a build.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use rayon::prelude::*;

use crate::cache::PageCache;
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::later::Later;
use crate::render::{Body, Page, Sink};

/// One file of a served site: its bytes, or what makes them when first asked for.
#[derive(Debug, Clone)]
pub enum Served {
    Ready(Bytes),
    Later(Later),
}

impl Served {
    /// The bytes, made now if they were deferred and no one asked before.
    pub fn bytes(&self) -> Result<Bytes, Diagnostics> {
        match self {
            Served::Ready(b) => Ok(b.clone()),
            Served::Later(l) => l.bytes().map(Bytes::copy_from_slice).map_err(Clone::clone),
        }
    }
}

/// One finished site: `/`-separated paths below the site root (`2025/03-units/index.html`)
/// and their bytes.
#[derive(Debug, Default)]
pub struct Files(
    HashMap<String, Served>,
    HashMap<String, PathBuf>,
    /// The paths of each page-cache entry the build put, by key.
    HashMap<u128, Vec<String>>,
);

impl Files {
    pub fn get(&self, path: &str) -> Option<&Served> {
        self.0.get(path)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The page-cache entries this site is made of, and the identities of its deferred
    /// files (a chart's is its key in the chart cache): what the caches must keep for it.
    pub fn keys(&self) -> (HashSet<u128>, HashSet<u128>) {
        let later = self
            .0
            .values()
            .filter_map(|s| match s {
                Served::Later(l) => Some(l.identity()),
                Served::Ready(_) => None,
            })
            .collect();
        (self.2.keys().copied().collect(), later)
    }

    /// The deferred files not made yet.
    pub fn unmade(&self) -> Vec<Later> {
        self.0
            .values()
            .filter_map(|s| match s {
                Served::Later(l) if !l.is_made() => Some(l.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A sink keeping every page in memory. `put` is called from rayon's workers: it only
/// sends into a channel (lock-free); [`Collected::finish`] gathers after the build.
/// A file whose bytes equal the previous site's shares them, so that a rebuild holds
/// little more than one site in memory (charts are most of it). It defers: what is slow
/// to make (PNGs, unit pages) is made after the build, or when first asked for.
pub struct MemorySink {
    tx: Sender<Kept>,
    previous: Arc<Files>,
}

/// What the build hands the sink, in the order it does.
enum Kept {
    /// A file: its path, its contents, and the page-cache file it came from, if any.
    File(String, Served, Option<PathBuf>),
    /// The paths of the page-cache entry `key`.
    Entry(u128, Vec<String>),
    /// Pages to keep in the page cache once their deferred files are made.
    Store(Store),
}

/// Pages for the page cache, kept once their deferred files are made.
pub struct Store(PageCache, u128, Vec<Page>);

/// The receiving end of a [`MemorySink`].
pub struct Collected(Receiver<Kept>);

impl MemorySink {
    /// A sink for the next build after `previous` (empty for the first).
    pub fn new(previous: Arc<Files>) -> (MemorySink, Collected) {
        let (tx, rx) = channel();
        (MemorySink { tx, previous }, Collected(rx))
    }

    /// The receiver is dropped only after the sink: a send cannot fail.
    fn send(&self, kept: Kept) {
        let _ = self.tx.send(kept);
    }

    fn keep(&self, path: &str, bytes: Vec<u8>) -> Served {
        match self.previous.get(path) {
            Some(Served::Ready(old)) if old.as_ref() == bytes.as_slice() => {
                Served::Ready(old.clone())
            }
            _ => Served::Ready(Bytes::from(bytes)),
        }
    }
}

impl Collected {
    /// Everything `sink` was given, as one site, and the page-cache entries to keep once
    /// their files are made.
    pub fn finish(self, sink: MemorySink) -> (Files, Vec<Store>) {
        // About the previous site's size: the maps are not grown step by step.
        let sized = |n: usize| n + n / 8;
        let mut files = Files(
            HashMap::with_capacity(sized(sink.previous.0.len())),
            HashMap::with_capacity(sized(sink.previous.1.len())),
            HashMap::with_capacity(sized(sink.previous.2.len())),
        );
        drop(sink);
        let mut stores = Vec::new();
        for kept in self.0 {
            match kept {
                Kept::File(path, served, source) => {
                    if let Some(source) = source {
                        files.1.insert(path.clone(), source);
                    }
                    files.0.insert(path, served);
                }
                Kept::Entry(key, paths) => {
                    files.2.insert(key, paths);
                }
                Kept::Store(store) => stores.push(store),
            }
        }
        (files, stores)
    }
}

/// Make every deferred file of `files`, then keep `stores` in the page cache; stop early
/// when `superseded` says a newer build began (it makes what it keeps). The errors of the
/// files that could not be made, if any.
pub fn make_deferred(
    files: &Files,
    stores: Vec<Store>,
    superseded: &(dyn Fn() -> bool + Sync),
) -> Option<Diagnostics> {
    let failed: Vec<Diagnostics> = files
        .unmade()
        .par_iter()
        .filter(|_| !superseded())
        .filter_map(|l| l.bytes().err().cloned())
        .collect();
    stores
        .into_par_iter()
        .filter(|_| !superseded())
        .for_each(|Store(cache, key, pages)| cache.put(key, &pages));
    if failed.is_empty() {
        return None;
    }
    let mut all = Diagnostics::default();
    for d in failed {
        all.extend(d);
    }
    all.0.dedup();
    Some(all)
}

impl Sink for MemorySink {
    fn defers(&self) -> bool {
        true
    }

    fn keep_when_made(&self, cache: &PageCache, key: u128, pages: Vec<Page>) {
        self.send(Kept::Store(Store(cache.clone(), key, pages)));
    }

    fn put_kept(&self, key: u128) -> Option<Vec<String>> {
        let paths = self.previous.2.get(&key)?;
        let served: Vec<&Served> = paths
            .iter()
            .map(|p| self.previous.0.get(p))
            .collect::<Option<_>>()?;
        for (path, served) in paths.iter().zip(served) {
            let source = self.previous.1.get(path).cloned();
            self.send(Kept::File(path.clone(), served.clone(), source));
        }
        self.send(Kept::Entry(key, paths.clone()));
        Some(paths.clone())
    }

    fn entry(&self, key: u128, pages: &[Page]) {
        let paths = pages.iter().map(|p| p.path.clone()).collect();
        self.send(Kept::Entry(key, paths));
    }

    fn put(&self, page: Page) -> Result<(), Diagnostics> {
        // A file of the page cache never changes (an entry is written once, under the hash
        // of its inputs): if the served site already holds it, its bytes are not read again.
        let source = match &page.body {
            Body::Cached(src) => Some(src.clone()),
            _ => None,
        };
        if let Some(src) = &source
            && self.previous.1.get(&page.path) == Some(src)
            && let Some(old) = self.previous.0.get(&page.path)
        {
            self.send(Kept::File(page.path, old.clone(), source));
            return Ok(());
        }
        let served = match page.body {
            Body::Text(t) => self.keep(&page.path, t.into_bytes()),
            Body::Bytes(b) => self.keep(&page.path, b),
            // The same inputs as the served one: keep that (made already, perhaps).
            Body::Later(l) => match self.previous.get(&page.path) {
                Some(Served::Later(old)) if *old == l => Served::Later(old.clone()),
                _ => Served::Later(l),
            },
            // Read now, not when served: the served site is the one this build saw.
            Body::Copy(src) | Body::Cached(src) => {
                let bytes = std::fs::read(&src).map_err(|e| {
                    Diagnostics::from(
                        Diagnostic::error(crate::msg!(
                            "cannot-read",
                            file = &src,
                            reason = crate::i18n::io_reason(&e)
                        ))
                        .hint(crate::msg!("serve-file-changed-help")),
                    )
                })?;
                self.keep(&page.path, bytes)
            }
        };
        self.send(Kept::File(page.path, served, source));
        Ok(())
    }
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
    /// Page-cache entries to keep once the deferred files are made.
    pub stores: Vec<Store>,
    pub bulletins: usize,
    pub warnings: Diagnostics,
    /// What the build did not use, removed from the caches once the tabs are told.
    pub prune: crate::site::Prune,
    pub elapsed: Duration,
}

/// Build the whole site at `root` into memory, with `base_url` pointing at the server.
/// `previous` is the site served now, `memory` what its builds made.
pub fn build(
    root: &Path,
    base_url: &str,
    previous: Arc<Files>,
    memory: &crate::memo::Memory,
) -> Result<Built, Diagnostics> {
    let started = Instant::now();
    let (sink, collected) = MemorySink::new(previous);
    // As `build` would make it, with its page cache (an edit renders only what it changed),
    // but with bulletins not yet published shown under a banner: this is where they are
    // prepared.
    let mut settings = crate::settings::Settings::new(root);
    settings.base_url = Some(base_url.to_string());
    settings.preview = true;
    settings.page_cache = "pages-serve";
    settings.memory = memory.clone();
    let generated = crate::site::generate(&settings, &sink, false)?;
    let mut phases = crate::timing::Phases::start();
    let (files, stores) = collected.finish(sink);
    phases.mark("collect");
    phases.print();
    Ok(Built {
        files,
        stores,
        bulletins: generated.bulletins,
        warnings: generated.warnings,
        prune: generated.prune,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let (sink, collected) = MemorySink::new(Arc::default());
        sink.put(counted(1, &calls, b"one")).unwrap();
        let (first, stores) = collected.finish(sink);
        assert_eq!(calls.load(Ordering::SeqCst), 0, "not made by the build");
        assert_eq!(first.unmade().len(), 1);
        assert!(make_deferred(&first, stores, &|| false).is_none());
        assert_eq!(calls.load(Ordering::SeqCst), 1, "made after it");
        assert!(first.unmade().is_empty());
        let first = Arc::new(first);
        // The next build defers the same file again: the made one is kept.
        let (sink, collected) = MemorySink::new(first.clone());
        sink.put(counted(1, &calls, b"one")).unwrap();
        let (second, _) = collected.finish(sink);
        assert!(second.unmade().is_empty());
        assert_eq!(bytes(&second, "chart.png"), b"one");
        // Other inputs: made again, when asked for.
        let (sink, collected) = MemorySink::new(Arc::new(second));
        sink.put(counted(2, &calls, b"two")).unwrap();
        let (third, _) = collected.finish(sink);
        assert_eq!(bytes(&third, "chart.png"), b"two");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_deferred_file_that_fails_is_an_error_after_the_build() {
        let (sink, collected) = MemorySink::new(Arc::default());
        sink.put(Page {
            path: "card.png".into(),
            body: Body::Later(Later::new(3, || {
                Err(Diagnostic::error(crate::msg!("card-png-help")).into())
            })),
        })
        .unwrap();
        let (files, stores) = collected.finish(sink);
        let errors = make_deferred(&files, stores, &|| false).expect("the failure is said");
        assert_eq!(errors.error_count(), 1);
        assert!(files.get("card.png").unwrap().bytes().is_err());
    }

    #[test]
    fn the_sink_keeps_every_page_and_reads_copies_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("a.pdf");
        std::fs::write(&src, b"%PDF-1.4").unwrap();
        let (sink, collected) = MemorySink::new(Arc::default());
        sink.put(Page {
            path: "index.html".into(),
            body: Body::Text("<p>hi</p>".into()),
        })
        .unwrap();
        sink.put(Page {
            path: "x/a.pdf".into(),
            body: Body::Copy(src.clone()),
        })
        .unwrap();
        std::fs::write(&src, b"changed").unwrap();
        let (files, _) = collected.finish(sink);
        assert_eq!(files.len(), 2);
        assert_eq!(bytes(&files, "index.html"), b"<p>hi</p>");
        assert_eq!(bytes(&files, "x/a.pdf"), b"%PDF-1.4");
    }

    #[test]
    fn unchanged_files_share_the_previous_bytes() {
        let put = |sink: &MemorySink, path: &str, text: &str| {
            sink.put(Page {
                path: path.into(),
                body: Body::Text(text.into()),
            })
            .unwrap()
        };
        let (sink, collected) = MemorySink::new(Arc::default());
        put(&sink, "a.html", "same");
        put(&sink, "b.html", "old");
        let first = Arc::new(collected.finish(sink).0);
        let (sink, collected) = MemorySink::new(first.clone());
        put(&sink, "a.html", "same");
        put(&sink, "b.html", "new");
        let second = collected.finish(sink).0;
        let (a1, a2) = (
            first.get("a.html").unwrap().bytes().unwrap(),
            second.get("a.html").unwrap().bytes().unwrap(),
        );
        assert_eq!(a1.as_ptr(), a2.as_ptr(), "shared, not copied");
        assert_eq!(bytes(&second, "b.html"), b"new");
    }

    #[test]
    fn a_missing_copy_is_a_located_error() {
        let (sink, _collected) = MemorySink::new(Arc::default());
        let err = sink
            .put(Page {
                path: "a.pdf".into(),
                body: Body::Copy("/nonexistent/a.pdf".into()),
            })
            .unwrap_err();
        assert!(err.to_string().contains("cannot read /nonexistent/a.pdf"));
    }

    #[test]
    fn a_failure_keeps_the_last_good_site() {
        let current = Current::default();
        let (sink, collected) = MemorySink::new(Arc::default());
        sink.put(Page {
            path: "index.html".into(),
            body: Body::Text("good".into()),
        })
        .unwrap();
        assert_eq!(current.publish(collected.finish(sink).0), 1);
        current.fail("error: broken".into());
        let s = current.get();
        assert_eq!(s.generation, 1);
        assert_eq!(s.error.as_deref(), Some("error: broken"));
        assert_eq!(bytes(&s.files, "index.html"), b"good");
        assert_eq!(current.publish(Files::default()), 2);
        assert!(current.get().error.is_none());
    }
}
