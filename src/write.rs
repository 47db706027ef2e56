//! Output: every page written in parallel into a staging folder beside the output, then
//! swapped in at once. `public/` is always either the old site or the new one: a failed
//! or interrupted build leaves the old one byte for byte.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::{Body, Page};

/// A staging folder beside the output, filled in parallel while the site renders and
/// swapped in by [`Staging::commit`]. Dropped without a commit, it removes itself and
/// the old site stays as it was.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn create(output: &Path) -> io::Result<Staging> {
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = match output.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        if output.exists() && !output.is_dir() {
            return Err(io::Error::other(format!(
                "{} exists and is not a folder",
                output.display()
            )));
        }
        remove_stale_staging(&parent, &name);
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            output: output.to_path_buf(),
            committed: false,
        })
    }

    /// Write one file below the staging folder.
    pub fn put(&self, page: &Page) -> io::Result<()> {
        let target = self.dir.join(&page.path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        match &page.body {
            Body::Text(t) => fs::write(&target, t),
            Body::Bytes(b) => fs::write(&target, b),
            Body::Copy(src) => fs::copy(src, &target).map(|_| ()).map_err(|e| {
                io::Error::new(e.kind(), format!("cannot copy {}: {e}", src.display()))
            }),
            // A cached file is never changed in place (entries are replaced whole), so the
            // site may share it.
            Body::Cached(src) => fs::hard_link(src, &target)
                .or_else(|_| fs::copy(src, &target).map(|_| ()))
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

impl crate::render::Sink for Staging {
    fn written(&self, path: &str) -> Option<std::path::PathBuf> {
        Some(self.dir.join(path))
    }

    fn put(&self, page: Page) -> Result<(), crate::diag::Diagnostics> {
        Staging::put(self, &page).map_err(|e| {
            crate::diag::Diagnostic::error(crate::msg!(
                "cannot-write",
                file = &page.path,
                reason = crate::i18n::io_reason(&e)
            ))
            .hint(crate::msg!("cannot-write-help"))
            .into()
        })
    }
}

/// Write `pages` into `output` atomically.
pub fn write_site(output: &Path, pages: &[Page]) -> io::Result<()> {
    let staging = Staging::create(output)?;
    pages.par_iter().try_for_each(|p| staging.put(p))?;
    staging.commit()
}

/// Put `staging` where `output` is. On Linux the two folders are exchanged in one
/// `renameat2(RENAME_EXCHANGE)`; elsewhere, or where the file system refuses, the old
/// folder is moved aside first.
fn swap_in(staging: &Path, output: &Path) -> io::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output);
    }
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, output, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the old site.
            return fs::remove_dir_all(staging);
        }
    }
    let old = staging.with_extension("old");
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

/// Staging folders left by an interrupted build.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    if let Ok(entries) = fs::read_dir(parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = fs::remove_dir_all(e.path());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(path: &str, t: &str) -> Page {
        Page {
            path: path.into(),
            body: Body::Text(t.into()),
        }
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[text("a/index.html", "old"), text("gone.html", "x")]).unwrap();
        write_site(&out, &[text("a/index.html", "new")]).unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("gone.html").exists());
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }

    #[test]
    fn a_failure_midway_leaves_the_old_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &[text("index.html", "old")]).unwrap();
        let pages = vec![
            text("index.html", "new"),
            text("b/c.html", "new"),
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
}
