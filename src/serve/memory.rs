//! The site as `serve` holds it: every built file in memory, path → bytes. A build fills a
//! [`MemorySink`] (no lock on the way: rayon's workers send into a channel); when the
//! build succeeds, the finished [`Files`] replace the served ones at once, so a request
//! always sees one whole site, the last good one, never half of a build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::{Body, Page, Sink};

/// One finished site: `/`-separated paths below the site root (`2025/03-units/index.html`)
/// and their bytes.
#[derive(Debug, Default)]
pub struct Files(HashMap<String, Bytes>, HashMap<String, PathBuf>);

impl Files {
    pub fn get(&self, path: &str) -> Option<&Bytes> {
        self.0.get(path)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A sink keeping every page in memory. `put` is called from rayon's workers: it only
/// sends into a channel (lock-free); [`Collected::finish`] gathers after the build.
/// A file whose bytes equal the previous site's shares them, so that a rebuild holds
/// little more than one site in memory (charts are most of it).
pub struct MemorySink {
    tx: Sender<Kept>,
    previous: Arc<Files>,
}

/// A file as kept: its path, its bytes, and the page-cache file it came from, if any.
type Kept = (String, Bytes, Option<PathBuf>);

/// The receiving end of a [`MemorySink`].
pub struct Collected(Receiver<Kept>);

impl MemorySink {
    /// A sink for the next build after `previous` (empty for the first).
    pub fn new(previous: Arc<Files>) -> (MemorySink, Collected) {
        let (tx, rx) = channel();
        (MemorySink { tx, previous }, Collected(rx))
    }

    fn keep(&self, path: &str, bytes: Vec<u8>) -> Bytes {
        match self.previous.get(path) {
            Some(old) if old.as_ref() == bytes.as_slice() => old.clone(),
            _ => Bytes::from(bytes),
        }
    }
}

impl Collected {
    /// Everything `sink` was given, as one site.
    pub fn finish(self, sink: MemorySink) -> Files {
        drop(sink);
        let mut files = Files::default();
        for (path, bytes, source) in self.0 {
            if let Some(source) = source {
                files.1.insert(path.clone(), source);
            }
            files.0.insert(path, bytes);
        }
        files
    }
}

impl Sink for MemorySink {
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
            let _ = self.tx.send((page.path, old.clone(), source));
            return Ok(());
        }
        let bytes = match page.body {
            Body::Text(t) => t.into_bytes(),
            Body::Bytes(b) => b,
            // Read now, not when served: the served site is the one this build saw.
            Body::Copy(src) | Body::Cached(src) => std::fs::read(&src).map_err(|e| {
                Diagnostics::from(
                    Diagnostic::error(crate::msg!(
                        "cannot-read",
                        file = &src,
                        reason = crate::i18n::io_reason(&e)
                    ))
                    .hint(crate::msg!("serve-file-changed-help")),
                )
            })?,
        };
        let bytes = self.keep(&page.path, bytes);
        // The receiver is dropped only after the sink: a send cannot fail.
        let _ = self.tx.send((page.path, bytes, source));
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
        s.files = Arc::new(files);
        s.generation += 1;
        s.error = None;
        s.generation
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
    pub bulletins: usize,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// Build the whole site at `root` into memory, with `base_url` pointing at the server.
/// `previous` is the site served now, `loaded` the folders its builds loaded.
pub fn build(
    root: &Path,
    base_url: &str,
    previous: Arc<Files>,
    loaded: &crate::load::reuse::Memo,
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
    settings.loaded = loaded.clone();
    let generated = crate::site::generate(&settings, &sink, false)?;
    Ok(Built {
        files: collected.finish(sink),
        bulletins: generated.bulletins,
        warnings: generated.warnings,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let files = collected.finish(sink);
        assert_eq!(files.len(), 2);
        assert_eq!(files.get("index.html").unwrap().as_ref(), b"<p>hi</p>");
        assert_eq!(files.get("x/a.pdf").unwrap().as_ref(), b"%PDF-1.4");
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
        let first = Arc::new(collected.finish(sink));
        let (sink, collected) = MemorySink::new(first.clone());
        put(&sink, "a.html", "same");
        put(&sink, "b.html", "new");
        let second = collected.finish(sink);
        let (a1, a2) = (first.get("a.html").unwrap(), second.get("a.html").unwrap());
        assert_eq!(a1.as_ptr(), a2.as_ptr(), "shared, not copied");
        assert_eq!(second.get("b.html").unwrap().as_ref(), b"new");
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
        assert_eq!(current.publish(collected.finish(sink)), 1);
        current.fail("error: broken".into());
        let s = current.get();
        assert_eq!(s.generation, 1);
        assert_eq!(s.error.as_deref(), Some("error: broken"));
        assert_eq!(s.files.get("index.html").unwrap().as_ref(), b"good");
        assert_eq!(current.publish(Files::default()), 2);
        assert!(current.get().error.is_none());
    }
}
