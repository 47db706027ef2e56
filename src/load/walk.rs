//! The walk of `content/`: which folders are bulletins (a `scores.yaml` or a non-root
//! `index.md`), and what else it found on the way.
//!
//! One pass over the folder tree, reading each folder once: whether a folder holds those
//! files is seen among its entries, not asked of the file system again. `serve` keeps the
//! last walk with every path it saw, by kind: an edit to a file that was there and still
//! is changes nothing a walk finds, so the next build does not walk again
//! ([`Walk::still_after`]).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, display_path};
use crate::msg;

/// What a path was when the tree was walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Dir,
    /// A symlink or anything else: what it points at can change with no event on it.
    Other,
}

impl Kind {
    fn of(t: std::fs::FileType) -> Kind {
        if t.is_symlink() {
            Kind::Other
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Other
        }
    }
}

/// One walk of `content/`.
#[derive(Debug, Clone, Default)]
pub struct Walk {
    /// The bulletin folders, in path order.
    pub folders: Vec<PathBuf>,
    pub errors: Diagnostics,
    /// The folder walked.
    content: PathBuf,
    /// Every path seen below it, by kind.
    seen: HashMap<PathBuf, Kind>,
    /// Whether a link (or anything but a file or folder) was seen.
    links: bool,
}

impl Walk {
    /// Walk `content` (the folder `content/` of the site at `root`).
    pub fn new(root: &Path, content: &Path) -> Walk {
        let mut errors = Diagnostics::default();
        let mut dirs = Vec::new();
        let mut seen = HashMap::new();
        // Folders holding a bulletin's file, and those holding a misnamed `scores.yml`.
        let (mut bulletins, mut misnamed) = (HashSet::new(), HashSet::new());
        let mut links = Vec::new();
        let walker = walkdir::WalkDir::new(content)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let reason = e
                        .io_error()
                        .map_or_else(|| Message::verbatim(e.to_string()), crate::i18n::io_reason);
                    errors.push(Diagnostic::error(msg!(
                        "content-unreadable",
                        reason = reason
                    )));
                    continue;
                }
            };
            let path = entry.path();
            if path == content {
                continue;
            }
            let kind = Kind::of(entry.file_type());
            seen.insert(path.to_path_buf(), kind);
            if entry.file_type().is_symlink() {
                links.push(path.to_path_buf());
            }
            if kind == Kind::Dir {
                dirs.push(path.to_path_buf());
                continue;
            }
            let Some(parent) = path.parent().filter(|p| *p != content) else {
                continue;
            };
            // A link is a file when it points at one, as the load reads it.
            let is_file = || kind == Kind::File || path.is_file();
            match entry.file_name().to_str() {
                Some("index.md" | "scores.yaml") if is_file() => {
                    bulletins.insert(parent.to_path_buf());
                }
                Some("scores.yml") if is_file() => {
                    misnamed.insert(parent.to_path_buf());
                }
                _ => {}
            }
        }
        for dir in &dirs {
            if misnamed.contains(dir) {
                errors.push(
                    Diagnostic::error(msg!("scores-yml"))
                        .at(
                            SourceFile::new(display_path(root, &dir.join("scores.yml")), "")
                                .whole(),
                        )
                        .hint(msg!("scores-yml-help")),
                );
            }
        }
        // A link is not followed, so a folder linked from outside would vanish from the
        // site without a word: every link out is an error here, unless the load checks
        // it where it reads or publishes it (a bulletin's files and models/, site.yaml,
        // the home page), which would say it twice.
        let loaded = |p: &Path| {
            bulletins.contains(p)
                || (p.ends_with("models") && p.parent().is_some_and(|b| bulletins.contains(b)))
        };
        for link in &links {
            let read = [content.join("site.yaml"), content.join("index.md")].contains(link);
            if !read
                && !link.parent().is_some_and(loaded)
                && let Err(e) = super::files::inside(root, content, link)
            {
                errors.extend(e);
            }
        }
        dirs.retain(|d| bulletins.contains(d));
        let links = seen.values().any(|k| *k == Kind::Other);
        Walk {
            links,
            folders: dirs,
            errors,
            content: content.to_path_buf(),
            seen,
        }
    }

    /// Whether this walk is still what a walk would find after changes at `paths`: each
    /// of them below `content/` is what it was (a file edited in place), and no link was
    /// seen. `None` (the watcher lost events) is never.
    pub fn still_after(&self, paths: Option<&[PathBuf]>) -> bool {
        let Some(paths) = paths else { return false };
        if self.links {
            return false;
        }
        paths.iter().all(|p| {
            if !p.starts_with(&self.content) {
                return true;
            }
            if p == &self.content {
                return p.is_dir();
            }
            let now = std::fs::symlink_metadata(p)
                .ok()
                .map(|m| Kind::of(m.file_type()));
            now == self.seen.get(p).copied()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_in_place_keeps_the_walk_and_anything_else_does_not() {
        let root = tempfile::tempdir().unwrap();
        let content = root.path().join("content");
        let a = content.join("2025/03");
        std::fs::create_dir_all(a.join("models")).unwrap();
        std::fs::write(a.join("scores.yaml"), "x").unwrap();
        std::fs::write(a.join("models/wang.md"), "x").unwrap();
        std::fs::create_dir_all(content.join("2025/04")).unwrap();
        std::fs::write(content.join("2025/04/scores.yml"), "x").unwrap();
        std::fs::write(content.join("site.yaml"), "x").unwrap();
        let walk = Walk::new(root.path(), &content);
        assert_eq!(
            walk.folders,
            std::slice::from_ref(&a),
            "only the folder with its file"
        );
        assert_eq!(walk.errors.error_count(), 1, "the misnamed scores.yml");
        let still = |p: &[PathBuf]| walk.still_after(Some(p));
        let scores = a.join("scores.yaml");
        std::fs::write(&scores, "edited").unwrap();
        assert!(still(std::slice::from_ref(&scores)), "an edit in place");
        assert!(
            still(&[root.path().join("templates/base.html")]),
            "not content"
        );
        assert!(still(&[content.join("2025/gone.tmp")]), "came and went");
        let new = content.join("2025/05/index.md");
        std::fs::create_dir_all(new.parent().unwrap()).unwrap();
        std::fs::write(&new, "x").unwrap();
        assert!(!still(std::slice::from_ref(&new)), "a new file");
        std::fs::remove_file(a.join("models/wang.md")).unwrap();
        assert!(!still(&[a.join("models/wang.md")]), "a file removed");
        assert!(!walk.still_after(None), "events lost");
    }
}
