//! The served site's files that the page store holds (`.bulletin-cache/pages-serve/`),
//! served from there rather than from memory.
//!
//! An entry made by a build is held in memory until its deferred files are made
//! ([`make_deferred`], after the reload); then it is kept in the store and its files turn
//! into the paths of their store files, read on each request: the made PNGs, notices and
//! pages leave the heap, and the OS's page cache keeps what is read often. A build that
//! makes a lot (the first, or after a template edit) sends its entries to the store as it
//! puts them ([`spill`]), the deferred files of an entry staying behind until they are
//! made. The files of an entry found in the store at start are paths from the outset.
//!
//! A store entry is written once and never changed, so a path stands for the bytes it was
//! written with. What is left to make sure of:
//!
//! - the prune after a build keeps every entry the served site reads from, and those of
//!   the site it replaced, which a request may still be reading ([`prune`]);
//! - a store file that went away all the same (the cache folder deleted, another `serve`
//!   on the same folder pruning it) is made again: a request that finds it gone has the
//!   server rebuild, with that entry and any other gone from the store made again
//!   ([`lost`]), and is answered from the new site.

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::Ordering::Relaxed;

use axum::body::Bytes;
use rayon::prelude::*;

use super::memory::{EntryPaths, File, Files, Kept, MemoryOutput, Served, Slot, now, slot};
use crate::diag::{Diagnostic, Diagnostics};
use crate::incr::store::{PageStore, Source};
use crate::output::{Body, Page, PageKey};

/// A file of the site as a file of the page store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub path: PathBuf,
    /// The store entry it is a file of.
    pub key: PageKey,
    /// The identity of the deferred file it was made as, if it was one (the chart store
    /// keeps the charts of the served site).
    pub later: Option<u128>,
}

impl Stored {
    /// Its bytes, as the store holds them.
    pub fn read(&self) -> std::io::Result<Bytes> {
        std::fs::read(&self.path).map(Bytes::from)
    }

    /// The error of a read that failed.
    pub fn unreadable(&self, e: &std::io::Error) -> Diagnostics {
        Diagnostic::error(crate::msg!(
            "cannot-read",
            file = &self.path,
            reason = crate::i18n::io_reason(e)
        ))
        .hint(crate::msg!("serve-store-help"))
        .into()
    }
}

/// The store entry holding the files of the entry `key` made now, put while its deferred
/// files are not made yet. A key of its own: an entry of the store is whole or absent.
fn spilled(key: PageKey) -> PageKey {
    PageKey(
        crate::hash::Hasher::new()
            .add_str("serve-spilled")
            .add_u128(key.0)
            .finish(),
    )
}

/// Put the entry `key` (its `pages`, listed in `paths`) into `store` now rather than
/// into memory: whole when nothing of it is deferred; otherwise the files made so far,
/// under a key of their own ([`spilled`]), the deferred ones held until they are made.
/// Where the store cannot be written, the files stay in memory.
pub(super) fn spill(
    out: &MemoryOutput,
    store: &PageStore,
    key: PageKey,
    paths: &EntryPaths,
    pages: Vec<Page>,
) -> Result<(), Diagnostics> {
    let (mut made, mut rest) = (Vec::new(), Vec::new());
    for page in pages {
        match page.body {
            Body::Text(t) => made.push((page.path, t.into_bytes())),
            Body::Bytes(b) => made.push((page.path, b)),
            Body::Copy(src) => {
                let bytes = super::memory::read_copy(&src)?;
                made.push((page.path, bytes));
            }
            Body::Later(_) | Body::Cached(_) => rest.push(page),
        }
    }
    if made.is_empty() {
        return rest
            .into_iter()
            .try_for_each(|p| out.put_page(p, Some(key)));
    }
    let whole = rest.is_empty();
    let at = if whole { key } else { spilled(key) };
    // Made now, none of them deferred.
    store.keep(
        at,
        made.iter()
            .map(|(p, b)| (p.as_str(), Source::Bytes(b), None)),
    );
    let kept = store
        .get(at)
        .map(|s| s.pages)
        .filter(|pages| pages.len() == made.len());
    match kept {
        Some(pages) => {
            for page in pages {
                let Body::Cached(path) = page.body else {
                    continue;
                };
                let served = Served::Stored(Stored {
                    path,
                    key: at,
                    later: None,
                });
                out.send(Kept::File(
                    page.path,
                    File {
                        slot: slot(served),
                        entry: None,
                    },
                ));
            }
            paths.stored.store(whole, Relaxed);
        }
        None => rest.extend(made.into_iter().map(|(path, b)| Page {
            path,
            body: Body::Bytes(b),
        })),
    }
    rest.into_iter()
        .try_for_each(|p| out.put_page(p, Some(key)))
}

/// Make every deferred file of `files`, and keep each of its entries not in `store` yet
/// there, its files then read from the store (made bytes leave memory); stop early when
/// `superseded` says a newer build began (it makes what it keeps). Without a store, the
/// files stay in memory. The errors of the files that could not be made, if any.
pub fn make_deferred(
    files: &Files,
    store: Option<&PageStore>,
    superseded: &(dyn Fn() -> bool + Sync),
) -> Option<Diagnostics> {
    let todo: Vec<(PageKey, &EntryPaths)> = files
        .entries
        .iter()
        .filter(|(_, p)| !p.stored.load(Relaxed))
        .map(|(k, p)| (*k, &**p))
        .collect();
    let mut failed: Vec<Diagnostics> = todo
        .into_par_iter()
        .filter(|_| !superseded())
        .filter_map(|(key, paths)| settle(files, store, key, paths).err())
        .collect();
    // What no entry holds (published photos).
    failed.par_extend(
        files
            .unmade()
            .par_iter()
            .filter(|_| !superseded())
            .filter_map(|l| l.bytes().err().cloned()),
    );
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

/// Make the deferred files of the entry `key`, keep it in `store` and turn its files
/// into the store's. An entry with a file that failed is not kept.
fn settle(
    files: &Files,
    store: Option<&PageStore>,
    key: PageKey,
    paths: &EntryPaths,
) -> Result<(), Diagnostics> {
    // A path another entry put since: not this entry's file to keep.
    let Some(slots) = paths
        .paths
        .iter()
        .map(|p| {
            let f = files.files.get(p).filter(|f| f.entry == Some(key))?;
            Some((p.as_str(), f.slot.clone()))
        })
        .collect::<Option<Vec<(&str, Slot)>>>()
    else {
        return Ok(());
    };
    let held: Vec<Served> = slots.iter().map(|(_, s)| now(s)).collect();
    let sources = held
        .iter()
        .map(|s| match s {
            Served::Ready(b) => Ok(Source::Bytes(b)),
            Served::Later(l) => l.bytes().map(Source::Bytes).map_err(Clone::clone),
            Served::Stored(s) => Ok(Source::Written(&s.path)),
        })
        .collect::<Result<Vec<Source>, Diagnostics>>()?;
    let Some(store) = store else {
        return Ok(());
    };
    let later = held.iter().map(Served::later);
    store.keep(
        key,
        slots
            .iter()
            .zip(sources)
            .zip(later)
            .map(|(((p, _), source), later)| (*p, source, later)),
    );
    let Some(kept) = store.get(key).map(|s| s.pages) else {
        return Ok(());
    };
    for page in kept {
        let (Body::Cached(path), Some((_, slot))) =
            (page.body, slots.iter().find(|(p, _)| *p == page.path))
        else {
            continue;
        };
        let mut served = slot.write().unwrap_or_else(|p| p.into_inner());
        let later = served.later();
        *served = Served::Stored(Stored { path, key, later });
    }
    paths.stored.store(true, Relaxed);
    Ok(())
}

/// The entries of `previous` to make again: those with a file in a store entry of
/// `vanished` (found gone by a request) or absent from `store` (one listing of its
/// folder, only after a request found something gone).
pub(super) fn lost(
    previous: &Files,
    store: Option<&PageStore>,
    vanished: &HashSet<PageKey>,
) -> HashSet<PageKey> {
    if vanished.is_empty() {
        return HashSet::new();
    }
    let present = store.map(PageStore::present).unwrap_or_default();
    previous
        .files
        .values()
        .filter_map(|f| match now(&f.slot) {
            Served::Stored(s) if vanished.contains(&s.key) || !present.contains(&s.key) => f.entry,
            _ => None,
        })
        .collect()
}

/// Remove from the stores what the build of `served` did not use, but for the store
/// entries `served` reads its files from, and the entries of `previous`, the site it
/// replaced, which a request may still be reading.
pub fn prune(mut prune: crate::site::Prune, served: &Files, previous: &Files) {
    // The charts of the whole served site are kept, drawn or not: a later edit (a
    // template's) may need them again.
    prune.used.later.extend(served.later());
    prune.used.entries.extend(read_from(served, previous));
    prune.run();
}

/// The store entries that `served`, and `previous` while a request may still read it,
/// read from or will keep (beyond those the build used).
fn read_from(served: &Files, previous: &Files) -> HashSet<PageKey> {
    let mut keys = served.stored_keys();
    keys.extend(previous.entries());
    keys.extend(previous.stored_keys());
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Entry, Later, Output};
    use std::sync::Arc;

    fn store(dir: &tempfile::TempDir) -> PageStore {
        PageStore::new(dir.path().join("pages-serve"))
    }

    /// A page and a deferred chart, whose maker holds `alive`.
    fn entry(key: u128, alive: &Arc<()>) -> Entry {
        let held = alive.clone();
        let chart = Later::new(9, move || {
            let _ = &held;
            Ok(b"png".to_vec())
        });
        Entry {
            key: Some(PageKey(key)),
            pages: vec![
                Page::text("a/index.html", "A"),
                Page {
                    path: "a/chart.png".into(),
                    body: Body::Later(chart),
                },
            ],
        }
    }

    fn stored(files: &Files, path: &str) -> Stored {
        match files.get(path) {
            Some(Served::Stored(s)) => s,
            other => panic!("{path}: {other:?}"),
        }
    }

    fn bytes(files: &Files, path: &str) -> Vec<u8> {
        files.get(path).unwrap().bytes().unwrap().to_vec()
    }

    #[test]
    fn made_files_leave_memory_once_the_store_holds_them() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let alive = Arc::new(());
        let (sink, collected) = MemoryOutput::new(Arc::default(), Some(store.clone()));
        sink.put(entry(1, &alive)).unwrap();
        let files = collected.finish(sink);
        assert!(matches!(files.get("a/index.html"), Some(Served::Ready(_))));
        assert!(make_deferred(&files, Some(&store), &|| false).is_none());
        for (path, want) in [("a/index.html", "A"), ("a/chart.png", "png")] {
            assert_eq!(stored(&files, path).key, PageKey(1));
            assert_eq!(bytes(&files, path), want.as_bytes());
        }
        assert_eq!(
            Arc::strong_count(&alive),
            1,
            "the chart and its maker are let go"
        );
        assert_eq!(files.later(), [9].into(), "the chart store keeps the chart");
        assert_eq!(files.stored_keys(), [PageKey(1)].into());

        // The next build reuses the entry as it is now; a new process finds it in the
        // store: the same files, read from the store from the outset.
        let files = Arc::new(files);
        for previous in [files.clone(), Arc::default()] {
            let (sink, collected) = MemoryOutput::new(previous, Some(store.clone()));
            assert_eq!(sink.reuse(PageKey(1)).unwrap().unwrap().files, 2);
            let next = collected.finish(sink);
            let (now, before) = (stored(&next, "a/chart.png"), stored(&files, "a/chart.png"));
            assert_eq!((now.path, now.key), (before.path, before.key));
            assert_eq!(bytes(&next, "a/index.html"), b"A");
            assert!(make_deferred(&next, Some(&store), &|| false).is_none());
        }
    }

    #[test]
    fn without_a_store_files_stay_in_memory() {
        let alive = Arc::new(());
        let (sink, collected) = MemoryOutput::new(Arc::default(), None);
        sink.put(entry(1, &alive)).unwrap();
        let files = collected.finish(sink);
        assert!(make_deferred(&files, None, &|| false).is_none());
        assert!(matches!(files.get("a/index.html"), Some(Served::Ready(_))));
        assert!(matches!(files.get("a/chart.png"), Some(Served::Later(l)) if l.is_made()));
        assert_eq!(bytes(&files, "a/chart.png"), b"png");
    }

    /// A first build, or one after a template edit, makes every entry: past the budget,
    /// they go to the store as they come, the deferred files held until they are made.
    #[test]
    fn a_build_that_makes_a_lot_sends_its_entries_to_the_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let alive = Arc::new(());
        let (sink, collected) = MemoryOutput::new(Arc::default(), Some(store.clone()));
        let sink = sink.spilling_over(0);
        sink.put(entry(1, &alive)).unwrap();
        sink.put(Entry {
            key: Some(PageKey(2)),
            pages: vec![Page::text("b/index.html", "B")],
        })
        .unwrap();
        let files = collected.finish(sink);
        assert_eq!(stored(&files, "a/index.html").key, spilled(PageKey(1)));
        assert!(matches!(files.get("a/chart.png"), Some(Served::Later(l)) if !l.is_made()));
        assert_eq!(stored(&files, "b/index.html").key, PageKey(2), "kept whole");
        assert!(make_deferred(&files, Some(&store), &|| false).is_none());
        assert_eq!(stored(&files, "a/index.html").key, PageKey(1));
        assert_eq!(stored(&files, "a/chart.png").key, PageKey(1));
        assert_eq!(bytes(&files, "a/index.html"), b"A");
        assert_eq!(bytes(&files, "b/index.html"), b"B");
        assert_eq!(Arc::strong_count(&alive), 1);
        assert_eq!(files.stored_keys(), [PageKey(1), PageKey(2)].into());
    }

    /// The prune after a build keeps the store entries the served site reads from (an
    /// entry sent to the store before its deferred files are made is one no build asks
    /// for by its key), and those of the site it replaced.
    #[test]
    fn the_prune_keeps_what_the_served_sites_read() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let alive = Arc::new(());
        let (sink, collected) = MemoryOutput::new(Arc::default(), Some(store.clone()));
        let sink = sink.spilling_over(0);
        sink.put(entry(1, &alive)).unwrap();
        let previous = collected.finish(sink);
        let (sink, collected) = MemoryOutput::new(Arc::default(), Some(store.clone()));
        let sink = sink.spilling_over(0);
        sink.put(entry(3, &alive)).unwrap();
        let served = collected.finish(sink);
        let kept = read_from(&served, &previous);
        assert_eq!(
            kept,
            [spilled(PageKey(3)), PageKey(1), spilled(PageKey(1))].into()
        );
    }

    /// The cache folder deleted under a running server: a read is an error, not a panic,
    /// and the next build makes again every entry whose store files are gone.
    #[test]
    fn entries_gone_from_the_store_are_made_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = store(&dir);
        let alive = Arc::new(());
        let (sink, collected) = MemoryOutput::new(Arc::default(), Some(store.clone()));
        sink.put(entry(1, &alive)).unwrap();
        sink.put(Entry {
            key: Some(PageKey(2)),
            pages: vec![Page::text("b/index.html", "B")],
        })
        .unwrap();
        let files = collected.finish(sink);
        assert!(make_deferred(&files, Some(&store), &|| false).is_none());
        std::fs::remove_dir_all(dir.path().join("pages-serve")).unwrap();
        let err = files.get("a/chart.png").unwrap().bytes().unwrap_err();
        assert!(err.to_string().contains("cannot read"), "{err}");
        let files = Arc::new(files);

        // Nothing said gone: reused as it is.
        let (sink, _collected) = MemoryOutput::new(files.clone(), Some(store.clone()));
        assert!(sink.reuse(PageKey(1)).unwrap().is_some());
        // One file said gone: its entry and every other one gone with it are made again.
        let (sink, collected) = MemoryOutput::new(files.clone(), Some(store.clone()));
        let vanished = [stored(&files, "a/chart.png").key].into();
        let sink = sink.remaking(&vanished);
        assert!(sink.reuse(PageKey(1)).unwrap().is_none());
        assert!(sink.reuse(PageKey(2)).unwrap().is_none());
        sink.put(entry(1, &alive)).unwrap();
        let next = collected.finish(sink);
        assert!(make_deferred(&next, Some(&store), &|| false).is_none());
        assert_eq!(bytes(&next, "a/chart.png"), b"png");
        assert!(next.get("b/index.html").is_none(), "not put again");
    }
}
