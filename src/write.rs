//! `build`'s output: every page written in parallel into a staging folder beside the
//! output, then swapped in at once. `public/` is always either the old site or the new
//! one: a failed or interrupted build leaves the old one byte for byte. Entries made
//! before come from the page store, linked; entries made now are linked into it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::incr::store::{PageStore, Source};
use crate::output::{Body, Count, Entry, Output, Page, PageKey};

/// A staging folder beside the output, filled in parallel while the site renders and
/// swapped in by [`Staging::commit`]. Dropped without a commit, it removes itself and
/// the old site stays as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
    /// Where entries made before are found, and entries made now are kept.
    store: Option<PageStore>,
    /// The identities of the deferred files (charts) of the entries reused from the store.
    reused_later: std::sync::Mutex<Vec<u128>>,
}

impl Staging {
    /// A staging folder for `output`, with the page store `store` (`None`: every entry
    /// is made, none kept).
    pub fn create(output: &Path, store: Option<PageStore>) -> io::Result<Staging> {
        let (parent, name) = parent_and_name(output);
        fs::create_dir_all(&parent)?;
        recover_aside(&parent, &name, output)?;
        if output.exists() && !output.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                output.display()
            )));
        }
        remove_stale_staging(&parent, &name);
        let dir = beside(output, &format!("staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
            store,
            reused_later: std::sync::Mutex::default(),
        })
    }

    /// The identities of the deferred files (charts) of the entries reused from the page
    /// store: with those the build made, what the chart store keeps.
    pub fn reused_later(&self) -> Vec<u128> {
        std::mem::take(&mut *self.reused_later.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Write one file below the staging folder.
    pub fn write_file(&self, page: &Page) -> io::Result<()> {
        let target = self.dir.join(&page.path);
        // Its folder is made when the first file of it finds none: one call a file, not
        // a look for the folder before each (a site has tens of thousands).
        match Self::put_at(page, &target) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent)?;
                }
                Self::put_at(page, &target)
            }
            done => done,
        }
    }

    fn put_at(page: &Page, target: &Path) -> io::Result<()> {
        match &page.body {
            Body::Text(t) => fs::write(target, t),
            Body::Bytes(b) => fs::write(target, b),
            Body::Later(l) => fs::write(
                target,
                l.bytes().map_err(|e| io::Error::other(e.to_string()))?,
            ),
            Body::Copy(src) => fs::copy(src, target).map(|_| ()).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot copy {}: {e}", src.display()))
            }),
            // A cached file is never changed in place (entries are replaced whole), so the
            // site may share it. Copied where it cannot be linked (another drive).
            Body::Cached(src) => fs::hard_link(src, target)
                .or_else(|e| match e.kind() {
                    io::ErrorKind::NotFound => Err(e),
                    _ => fs::copy(src, target).map(|_| ()),
                })
                .map_err(|e| {
                    io::Error::new(e.kind(), format!("cannot copy {}: {e}", src.display()))
                }),
        }
    }

    /// Swap the finished site in.
    pub fn commit(mut self) -> io::Result<()> {
        swap_in(&self.dir, &self.output)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// [`Staging::put`], its error as a diagnostic. A deferred body is made first, so
    /// that its own error is said (not as an I/O error of the write).
    fn write(&self, page: &Page) -> Result<(), Diagnostics> {
        page.body.make()?;
        self.write_file(page).map_err(|e| {
            Diagnostic::error(crate::msg!(
                "cannot-write",
                file = &page.path,
                reason = crate::i18n::io_reason(&e)
            ))
            .hint(crate::msg!("cannot-write-help"))
            .into()
        })
    }
}

impl Output for Staging {
    fn reuse(&self, key: PageKey) -> Result<Option<Count>, Diagnostics> {
        let Some(stored) = self.store.as_ref().and_then(|s| s.get(key)) else {
            return Ok(None);
        };
        let pages = &stored.pages;
        pages.iter().try_for_each(|p| self.write(p))?;
        if stored.identities().next().is_some() {
            let mut reused = self.reused_later.lock().unwrap_or_else(|e| e.into_inner());
            reused.extend(stored.identities());
        }
        Ok(Some(Count::of(pages.iter().map(|p| p.path.as_str()))))
    }

    fn put(&self, entry: Entry) -> Result<(), Diagnostics> {
        entry.pages.iter().try_for_each(|p| self.write(p))?;
        // Kept by linking the files just written, not by writing them again.
        if let (Some(key), Some(store)) = (entry.key, &self.store) {
            let written: Vec<PathBuf> =
                entry.pages.iter().map(|p| self.dir.join(&p.path)).collect();
            store.keep(
                key,
                entry
                    .pages
                    .iter()
                    .zip(&written)
                    .map(|(p, f)| (p.path.as_str(), Source::Written(f), later_of(p))),
            );
        }
        Ok(())
    }
}

/// The identity of a deferred file, which the page store lists with it.
fn later_of(page: &Page) -> Option<u128> {
    match &page.body {
        Body::Later(l) => Some(l.identity()),
        _ => None,
    }
}

/// Write `pages` into `output` atomically.
pub fn write_site(output: &Path, pages: &[Page]) -> io::Result<()> {
    let staging = Staging::create(output, None)?;
    pages.par_iter().try_for_each(|p| staging.write_file(p))?;
    staging.commit()
}

/// Put `staging` where `output` is. On Linux the two folders are exchanged in one
/// `renameat2(RENAME_EXCHANGE)`; elsewhere (Windows, where a folder cannot be renamed
/// onto another), or where the file system refuses, the old folder is moved aside first.
fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return retry(|| fs::rename(staging, output));
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the old site; one left behind goes with the next build.
            let _ = remove_tree(staging).or_else(|_| fs::remove_dir_all(staging));
            return Ok(());
        }
    }
    swap_aside(staging, output, &|from, to| retry(|| fs::rename(from, to)))
}

/// Remove `dir` and everything below it, its folders in parallel: the old site of a
/// rebuild holds tens of thousands of files. Links are removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(dir)
}

/// The swap in two renames: `output` to `.NAME.old-PID` beside it, then `staging` to
/// `output`. If the second fails, the old site is moved back; if even that fails (or the
/// process dies between the two), the next build finds `output` missing and moves the
/// old site back before anything else ([`recover_aside`]). The old site is then removed;
/// when a file of it is still open (Windows refuses that), it is left for the next build.
fn swap_aside(
    staging: &Path,
    output: &Path,
    rename: &dyn Fn(&Path, &Path) -> io::Result<()>,
) -> io::Result<()> {
    let aside = beside(output, &format!("old-{}", std::process::id()));
    if aside.exists() {
        fs::remove_dir_all(&aside)?;
    }
    rename(output, &aside).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!(
                "cannot move the old site aside ({e}); a program may have a file or the folder {} open",
                output.display()
            ),
        )
    })?;
    if let Err(e) = rename(staging, output) {
        if rename(&aside, output).is_err() {
            return Err(io::Error::new(
                e.kind(),
                format!(
                    "{e}; the old site is in {} and the next build puts it back",
                    aside.display()
                ),
            ));
        }
        return Err(e);
    }
    let _ = remove_tree(&aside).or_else(|_| fs::remove_dir_all(&aside));
    Ok(())
}

/// `.NAME.TAG` in the folder of `output` (NAME: `output`'s own name).
fn beside(output: &Path, tag: &str) -> PathBuf {
    let (parent, name) = parent_and_name(output);
    parent.join(format!(".{name}.{tag}"))
}

fn parent_and_name(output: &Path) -> (PathBuf, String) {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    (parent, name)
}

/// A build that died between the two renames of [`swap_aside`] left no `output`, and the
/// old site aside: put it back (the newest, if there are several).
fn recover_aside(parent: &Path, name: &str, output: &Path) -> io::Result<()> {
    if output.exists() {
        return Ok(());
    }
    let prefix = format!(".{name}.old-");
    let newest = fs::read_dir(parent)?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max();
    match newest {
        Some((_, dir)) => retry(|| fs::rename(&dir, output)),
        None => Ok(()),
    }
}

/// Staging folders and old sites left by an interrupted build (once `output` is whole).
fn remove_stale_staging(parent: &Path, name: &str) {
    let staging = format!(".{name}.staging-");
    let old = format!(".{name}.old-");
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            if file.starts_with(&staging) || file.starts_with(&old) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Runs `op` again, a few times over about two seconds, while it fails for a reason that
/// passes: on Windows a virus scanner, the search indexer or Explorer holds a file of the
/// folder for a moment, and a rename fails with "access denied" or a sharing violation.
fn retry(op: impl FnMut() -> io::Result<()>) -> io::Result<()> {
    retry_while(op, transient, &RETRY_WAITS)
}

const RETRY_WAITS: [u64; 6] = [20, 50, 100, 200, 500, 1000];

fn retry_while(
    mut op: impl FnMut() -> io::Result<()>,
    passing: fn(&io::Error) -> bool,
    waits_ms: &[u64],
) -> io::Result<()> {
    let mut waits = waits_ms.iter();
    loop {
        match op() {
            Err(e) if passing(&e) => match waits.next() {
                Some(&ms) => std::thread::sleep(std::time::Duration::from_millis(ms)),
                None => return Err(e),
            },
            other => return other,
        }
    }
}

/// ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
#[cfg(windows)]
fn transient(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(5 | 32 | 33))
}

#[cfg(not(windows))]
fn transient(_: &io::Error) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            &[
                Page::text("a/index.html", "old"),
                Page::text("gone.html", "x"),
            ],
        )
        .unwrap();
        write_site(&out, &[Page::text("a/index.html", "new")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("gone.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }

    #[test]
    fn the_old_tree_goes_whole_and_links_out_of_it_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let (old, outside) = (dir.path().join("old"), dir.path().join("outside"));
        for i in 0..50 {
            let d = old.join(format!("2025/{i:02}/wechat"));
            fs::create_dir_all(&d).unwrap();
            fs::write(d.join("a.png"), b"png").unwrap();
            fs::write(old.join(format!("2025/{i:02}/index.html")), b"x").unwrap();
        }
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("keep.txt"), b"keep").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, old.join("link")).unwrap();
        remove_tree(&old).unwrap();
        assert!(!old.exists());
        assert_eq!(fs::read(outside.join("keep.txt")).unwrap(), b"keep");
    }

    #[test]
    fn a_failure_midway_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[Page::text("index.html", "old")]).unwrap();
        let pages = vec![
            Page::text("index.html", "new"),
            Page::text("b/c.html", "new"),
            Page {
                path: "b/photo.jpg".into(),
                body: Body::Copy(dir.path().join("missing.jpg")),
            },
        ];
        let err = write_site(&out, &pages).unwrap_err();
        assert!(err.to_string().contains("missing.jpg"), "{err}");
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert!(!out.join("b").exists());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The two-rename swap that Windows takes, here on any system.
    #[test]
    fn the_swap_aside_replaces_the_site_and_leaves_nothing_beside() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("绩效 公示").join("public");
        write_site(&out, &[Page::text("index.html", "old")]).unwrap();
        let staging = Staging::create(&out, None).unwrap();
        staging
            .write_file(&Page::text("index.html", "new"))
            .unwrap();
        swap_aside(&staging.dir, &out, &|a, b| fs::rename(a, b)).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        let left: Vec<_> = fs::read_dir(out.parent().unwrap())
            .unwrap()
            .flatten()
            .collect();
        assert_eq!(left.len(), 1, "only public/ remains");
    }

    /// A rename of the new site that fails (a file of it held open) leaves the old site.
    #[test]
    fn a_failed_swap_aside_puts_the_old_site_back() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[Page::text("index.html", "old")]).unwrap();
        let staging = Staging::create(&out, None).unwrap();
        staging
            .write_file(&Page::text("index.html", "new"))
            .unwrap();
        let refuse_staging = |a: &Path, b: &Path| {
            if a == staging.dir {
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            } else {
                fs::rename(a, b)
            }
        };
        assert!(swap_aside(&staging.dir, &out, &refuse_staging).is_err());
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The old site moved aside and never moved back (the build died, or Windows refused
    /// both renames): the next build puts it back before it does anything, and a failure
    /// of that build leaves it in place.
    #[test]
    fn an_old_site_left_aside_is_put_back_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[Page::text("index.html", "old")]).unwrap();
        let staging = Staging::create(&out, None).unwrap();
        let never = |_: &Path, _: &Path| Err(io::Error::from(io::ErrorKind::PermissionDenied));
        let first = std::cell::Cell::new(true);
        let once = |a: &Path, b: &Path| {
            if first.replace(false) {
                fs::rename(a, b)
            } else {
                never(a, b)
            }
        };
        let err = swap_aside(&staging.dir, &out, &once).unwrap_err();
        assert!(
            err.to_string().contains("the next build puts it back"),
            "{err}"
        );
        drop(staging);
        assert!(!out.exists());
        let pages = [
            Page::text("index.html", "new"),
            Page {
                path: "photo.jpg".into(),
                body: Body::Copy(dir.path().join("missing.jpg")),
            },
        ];
        assert!(write_site(&out, &pages).is_err());
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_passing_failure_is_tried_again_and_a_lasting_one_reported() {
        let passing = |e: &io::Error| e.kind() == io::ErrorKind::PermissionDenied;
        let mut calls = 0;
        let result = retry_while(
            || {
                calls += 1;
                if calls < 3 {
                    Err(io::Error::from(io::ErrorKind::PermissionDenied))
                } else {
                    Ok(())
                }
            },
            passing,
            &[0, 0, 0],
        );
        assert!(result.is_ok());
        assert_eq!(calls, 3);
        let mut calls = 0;
        let result = retry_while(
            || {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            },
            passing,
            &[0, 0],
        );
        assert!(result.is_err());
        assert_eq!(calls, 3, "the first try and one per wait");
        let mut calls = 0;
        let _ = retry_while(
            || {
                calls += 1;
                Err(io::Error::from(io::ErrorKind::NotFound))
            },
            passing,
            &[0, 0],
        );
        assert_eq!(calls, 1, "a lasting error is not tried again");
    }
}
