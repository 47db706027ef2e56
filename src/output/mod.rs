//! What a build makes and where it goes: the files of the output ([`Page`], [`Body`]) and
//! the sinks that take them as they are made.

pub mod later;

use std::path::PathBuf;

use crate::diag::Diagnostics;

pub use later::Later;

crate::hash::key_type!(
    /// An entry of the output: the pages of one bulletin, one unit page, the home page…,
    /// by everything they are made from.
    PageKey
);

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    Bytes(Vec<u8>),
    /// A file of `content/`, copied.
    Copy(PathBuf),
    /// A file of the page cache, linked where the file system allows (else copied).
    Cached(PathBuf),
    /// Bytes made when first asked for (only where the sink [`Sink::defers`]).
    Later(Later),
}

/// A file to write, at a `/`-separated path below the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub body: Body,
}

impl Body {
    /// A [`Body::Later`] made now, so that its checks run and its errors are said here:
    /// for sinks that write (or drop) what they get at once. Other bodies: nothing to do.
    pub fn make(&self) -> Result<(), Diagnostics> {
        match self {
            Body::Later(l) => l.bytes().map(drop).map_err(Clone::clone),
            _ => Ok(()),
        }
    }
}

impl Page {
    /// A page of text at `path`.
    pub fn text(path: impl Into<String>, text: impl Into<String>) -> Page {
        Page {
            path: path.into(),
            body: Body::Text(text.into()),
        }
    }
}

/// Where rendered files go as soon as they are made, so that a build never holds the
/// whole site in memory: the staging folder of `build`, or nowhere for `check`.
pub trait Sink: Sync {
    fn put(&self, page: Page) -> Result<(), Diagnostics>;

    /// Where the sink wrote the file at `path`, if it writes files: the page cache links
    /// them instead of writing them again.
    fn written(&self, _path: &str) -> Option<PathBuf> {
        None
    }

    /// Whether the sink takes [`Body::Later`] as it is, to make when asked (`serve`):
    /// renderers then defer what is slow to make. Other sinks make it when they get it.
    fn defers(&self) -> bool {
        false
    }

    /// Pages with a [`Body::Later`] that the page cache keeps under `key` once they are
    /// made (a deferring sink does it after the build). Other sinks never get any.
    fn keep_when_made(&self, _cache: &crate::cache::PageCache, _key: u128, _pages: Vec<Page>) {}

    /// Put again the files the previous build of this sink made under `key` (`serve`:
    /// the served site is the first cache of the next build). Their paths, or `None`.
    fn put_kept(&self, _key: u128) -> Option<std::sync::Arc<EntryPaths>> {
        None
    }

    /// `pages` are those of the page-cache entry `key` (for [`Sink::put_kept`]).
    fn entry(&self, _key: u128, _pages: &[Page]) {}
}

/// The paths of one page-cache entry as a sink holds them (shared, never copied), and how
/// many of them are HTML pages.
#[derive(Debug, Default)]
pub struct EntryPaths {
    pub paths: Vec<String>,
    pub pages: usize,
}

impl EntryPaths {
    pub fn new(paths: Vec<String>) -> EntryPaths {
        let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
        EntryPaths { paths, pages }
    }
}

/// A sink that keeps nothing: `check` renders every page (templates, WeChat limits) and
/// throws it away.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, page: Page) -> Result<(), Diagnostics> {
        // Made and thrown away: making it runs its checks.
        page.body.make()
    }
}

/// What a render made.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
}
