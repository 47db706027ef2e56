//! One build's way to its output: every entry is reused where the output holds it, or made,
//! passed by the output gate and put. The gate stands here, in one place: after rendering,
//! before anything is written, served or accepted. What the output reuses is trusted,
//! since every key covers the program that made it.

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc::{Receiver, Sender, channel};

use rayon::prelude::*;

use super::keys::PageKey;
use crate::diag::Diagnostics;
use crate::gate::Gate;
use crate::output::{Body, Count, Entry, Output, Page};

/// What a run hands back about what it used, as it goes (from parallel loops, without a
/// lock: a channel).
enum Used {
    Entry(PageKey),
    Later(u128),
}

/// One build into `out`.
pub struct Run<'a> {
    out: &'a dyn Output,
    gate: Gate,
    files: AtomicUsize,
    pages: AtomicUsize,
    used: Sender<Used>,
    said: Mutex<Receiver<Used>>,
}

impl<'a> Run<'a> {
    pub fn new(out: &'a dyn Output, gate: Gate) -> Run<'a> {
        let (used, said) = channel();
        Run {
            out,
            gate,
            files: AtomicUsize::new(0),
            pages: AtomicUsize::new(0),
            used,
            said: Mutex::new(said),
        }
    }

    /// The entry `key`: reused by the output when it holds it (`None`), else made by
    /// `make`, gated and put, with what `make` made beside its pages (`Some`).
    pub fn entry<T>(
        &self,
        key: PageKey,
        make: impl FnOnce() -> Result<(Vec<Page>, T), Diagnostics>,
    ) -> Result<Option<T>, Diagnostics> {
        let _ = self.used.send(Used::Entry(key));
        if let Some(count) = self.out.reuse(key)? {
            self.count(count);
            return Ok(None);
        }
        let (pages, made) = make()?;
        self.put(Some(key), pages)?;
        Ok(Some(made))
    }

    /// Pages made now, under `key` if they are an entry: gated, then put.
    pub fn put(&self, key: Option<PageKey>, pages: Vec<Page>) -> Result<(), Diagnostics> {
        let pages = self.gated(pages)?;
        for p in &pages {
            if let Body::Later(l) = &p.body {
                let _ = self.used.send(Used::Later(l.identity()));
            }
        }
        self.count(Count::of(pages.iter().map(|p| p.path.as_str())));
        self.out.put(Entry { key, pages })
    }

    fn count(&self, c: Count) {
        self.files.fetch_add(c.files, Relaxed);
        self.pages.fetch_add(c.pages, Relaxed);
    }

    /// The output gate ([`crate::gate`]) on every file made now: a page read as it is, a
    /// deferred one when it is made (its check becomes part of making it).
    fn gated(&self, pages: Vec<Page>) -> Result<Vec<Page>, Diagnostics> {
        pages
            .into_par_iter()
            .map(|Page { path, body }| {
                let body = match body {
                    Body::Text(t) => self.gate.check_text(&path, &t).map(|()| Body::Text(t))?,
                    Body::Bytes(b) => self.gate.check(&path, &b).map(|()| Body::Bytes(b))?,
                    Body::Copy(f) => {
                        let bytes = std::fs::read(&f).unwrap_or_default();
                        self.gate.check(&path, &bytes).map(|()| Body::Copy(f))?
                    }
                    Body::Cached(f) => Body::Cached(f),
                    Body::Later(l) => {
                        let (gate, at) = (self.gate.clone(), path.clone());
                        Body::Later(if l.is_content() {
                            l.checked(move |b| gate.check_content(&at, b))
                        } else {
                            l.checked(move |b| gate.check(&at, b))
                        })
                    }
                };
                Ok(Page { path, body })
            })
            .collect()
    }

    /// What the run put (files, HTML pages), and the entries and deferred files it used.
    pub fn finish(self) -> (Count, HashSet<PageKey>, HashSet<u128>) {
        let Run {
            files,
            pages,
            used,
            said,
            ..
        } = self;
        drop(used);
        let (mut entries, mut later) = (HashSet::new(), HashSet::new());
        let said = said.into_inner().unwrap_or_else(|e| e.into_inner());
        for u in said {
            match u {
                Used::Entry(k) => {
                    entries.insert(k);
                }
                Used::Later(id) => {
                    later.insert(id);
                }
            }
        }
        let count = Count {
            files: files.into_inner(),
            pages: pages.into_inner(),
        };
        (count, entries, later)
    }
}
