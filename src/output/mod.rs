//! What a build makes and where it goes: the files of the output ([`Page`], [`Body`]),
//! grouped in entries by the key of their inputs, and the [`Output`] that takes them.

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
    /// A file of the page store, linked where the file system allows (else copied).
    Cached(PathBuf),
    /// Bytes made when first asked for: when is the output's choice.
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
    /// for outputs that write (or drop) what they get at once. Other bodies: nothing to do.
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

/// Files reused or made together: the pages of one bulletin, a unit's page, the home
/// page… by the key of everything they are made from; or, without a key, files made on
/// every build (the theme's static files, published photos).
#[derive(Debug)]
pub struct Entry {
    pub key: Option<PageKey>,
    pub pages: Vec<Page>,
}

/// How many files an output put, and how many of them are HTML pages.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub files: usize,
    pub pages: usize,
}

impl Count {
    /// The count of files at `paths`.
    pub fn of<'a>(paths: impl IntoIterator<Item = &'a str>) -> Count {
        paths.into_iter().fold(Count::default(), |c, p| Count {
            files: c.files + 1,
            pages: c.pages + usize::from(p.ends_with(".html")),
        })
    }
}

/// Where a build's files go as they are made, so that a build never holds the whole site
/// in memory: the staging folder of `build` (`write::Staging`), the site in memory of
/// `serve`, or nowhere for `check` ([`Discard`]). Build and serve differ only in the
/// output (and the memory) they pass; when a [`Body::Later`] is made is the output's choice.
pub trait Output: Sync {
    /// Put again the entry `key` as an earlier build made it, when this output holds it
    /// (`serve`'s site in memory, or the page store on disk): what it put, or `None`, to
    /// have it made. Entries are trusted: every key covers the program that made them.
    fn reuse(&self, key: PageKey) -> Result<Option<Count>, Diagnostics>;

    /// Put `entry`, made now and passed by the output gate.
    fn put(&self, entry: Entry) -> Result<(), Diagnostics>;
}

/// An output that keeps every file in memory, each made as it is put, as `build` makes it
/// (`examples/phases`, tests): the site a build would write, without a folder.
#[derive(Default)]
pub struct Keep(std::sync::Mutex<Vec<Page>>);

impl Keep {
    /// Every file put, in the order they came.
    pub fn into_pages(self) -> Vec<Page> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Keep {
    fn reuse(&self, _key: PageKey) -> Result<Option<Count>, Diagnostics> {
        Ok(None)
    }

    fn put(&self, entry: Entry) -> Result<(), Diagnostics> {
        entry.pages.iter().try_for_each(|p| p.body.make())?;
        let mut pages = self.0.lock().unwrap_or_else(|e| e.into_inner());
        pages.extend(entry.pages);
        Ok(())
    }
}

/// An output that keeps nothing: `check` renders every page (templates, WeChat limits) and
/// throws it away, after making it, which runs its checks.
pub struct Discard;

impl Output for Discard {
    fn reuse(&self, _key: PageKey) -> Result<Option<Count>, Diagnostics> {
        Ok(None)
    }

    fn put(&self, entry: Entry) -> Result<(), Diagnostics> {
        entry.pages.iter().try_for_each(|p| p.body.make())
    }
}
