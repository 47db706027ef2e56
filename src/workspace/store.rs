//! Every file the workspace reads or writes: inside `content/` only, named by a relative
//! `/`-separated path that is checked before it is joined (no `..`, no absolute path, no
//! drive, no hidden part, markdown and YAML only) and then walked on disk (no symlink
//! anywhere on the way). A write goes to a temporary file beside the target and is
//! renamed over it, only when the file on disk is still the version the editor opened
//! (else the user is asked), and the version it replaces is kept in
//! `content/.history/` (hidden: the loader never reads it) so that a save can be undone.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// Where earlier versions are kept, below `content/`.
pub const HISTORY: &str = ".history";
/// How many earlier versions of one file are kept.
const KEPT: usize = 50;

/// Why a read or write was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a path of `content/` the workspace may touch.
    Path,
    /// A symlink on the way, or something that is not a plain file or folder.
    Link,
    /// The file changed on disk since it was opened: its version now.
    Changed(String),
    /// Nothing to undo.
    NoHistory,
    Io(String),
}

impl Refusal {
    /// The message id that says it.
    pub fn id(&self) -> &'static str {
        match self {
            Refusal::Path => "ws-refused-path",
            Refusal::Link => "ws-refused-link",
            Refusal::Changed(_) => "ws-changed-on-disk",
            Refusal::NoHistory => "ws-no-history",
            Refusal::Io(_) => "ws-cannot-write",
        }
    }
}

fn io(e: std::io::Error) -> Refusal {
    Refusal::Io(e.to_string())
}

/// The version of a file's bytes as the editor saw them (`absent` when there was none).
pub fn version(bytes: Option<&[u8]>) -> String {
    match bytes {
        None => "absent".into(),
        Some(b) => format!("{:032x}", xxhash_rust::xxh3::xxh3_128(b)),
    }
}

/// Whether `rel` names a file the workspace may touch: `content/…/NAME.md` or `.yaml`,
/// every part a plain name.
pub fn allowed(rel: &str) -> bool {
    let mut parts = rel.split('/');
    if parts.next() != Some("content") {
        return false;
    }
    let parts: Vec<&str> = parts.collect();
    let Some(last) = parts.last() else {
        return false;
    };
    let plain = |p: &&str| {
        !p.is_empty()
            && !p.starts_with('.')
            && !p.contains(['\\', ':', '\0', '*', '?', '"', '<', '>', '|'])
            && !p.chars().any(char::is_control)
            && !p.ends_with(['.', ' '])
    };
    parts.iter().all(plain) && (last.ends_with(".md") || last.ends_with(".yaml"))
}

/// The file `rel` names below `root`, once its path and every folder on the way are
/// checked. Folders that do not exist yet are fine (a write creates them).
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf, Refusal> {
    if !allowed(rel) {
        return Err(Refusal::Path);
    }
    let mut at = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').collect();
    for (i, part) in parts.iter().enumerate() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(Refusal::Link),
            Ok(m) if i + 1 < parts.len() && !m.is_dir() => return Err(Refusal::Link),
            Ok(m) if i + 1 == parts.len() && !m.is_file() => return Err(Refusal::Link),
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(at)
}

/// The text of `rel` (`None` when there is no such file yet) and its version.
pub fn read(root: &Path, rel: &str) -> Result<(Option<String>, String), Refusal> {
    let path = resolve(root, rel)?;
    match std::fs::read(&path) {
        Ok(bytes) => {
            let v = version(Some(&bytes));
            Ok((Some(String::from_utf8_lossy(&bytes).into_owned()), v))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((None, version(None))),
        Err(e) => Err(io(e)),
    }
}

/// One file to write: its path, its new text, and the version the user saw.
pub struct Change<'a> {
    pub rel: String,
    pub text: &'a str,
    pub base: String,
}

/// Write every change, or none: each file's version is checked before any is written.
/// The new versions, in order.
pub fn write_all(root: &Path, changes: &[Change]) -> Result<Vec<String>, Refusal> {
    let mut paths = Vec::new();
    for c in changes {
        let path = resolve(root, &c.rel)?;
        let now = current(&path)?;
        if version(now.as_deref()) != c.base {
            return Err(Refusal::Changed(version(now.as_deref())));
        }
        paths.push((path, now));
    }
    let mut out = Vec::new();
    for (c, (path, before)) in changes.iter().zip(paths) {
        if before.as_deref() != Some(c.text.as_bytes()) {
            keep(root, &c.rel, before.as_deref())?;
            put(root, &c.rel, &path, c.text.as_bytes())?;
        }
        out.push(version(Some(c.text.as_bytes())));
    }
    Ok(out)
}

fn current(path: &Path) -> Result<Option<Vec<u8>>, Refusal> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(e)),
    }
}

/// Write `bytes` at `path` by a temporary file beside it and a rename; the folders on the
/// way are made and checked again (nothing may have put a link there meanwhile).
fn put(root: &Path, rel: &str, path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    let dir = path.parent().ok_or(Refusal::Path)?;
    std::fs::create_dir_all(dir).map_err(io)?;
    if resolve(root, rel)? != path {
        return Err(Refusal::Path);
    }
    let name = path.file_name().ok_or(Refusal::Path)?.to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.workspace", super::auth::new_token()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

fn history_dir(root: &Path, rel: &str) -> PathBuf {
    let mut dir = root.join("content").join(HISTORY);
    for part in rel.split('/').skip(1) {
        dir.push(part);
    }
    dir
}

/// Keep the version a write replaces (`None`: the file did not exist, so undoing the
/// write removes it).
fn keep(root: &Path, rel: &str, before: Option<&[u8]>) -> Result<(), Refusal> {
    let dir = history_dir(root, rel);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let mut list = entries(&dir);
    let n = list.last().map_or(1, |e| e.number + 1);
    let name = match before {
        Some(_) => format!("{n:06}.prev"),
        None => format!("{n:06}.absent"),
    };
    std::fs::write(dir.join(name), before.unwrap_or_default()).map_err(io)?;
    while list.len() >= KEPT {
        let old = list.remove(0);
        let _ = std::fs::remove_file(dir.join(old.file));
    }
    Ok(())
}

/// One kept version.
#[derive(Debug, Clone, Serialize)]
pub struct Kept {
    pub number: u64,
    #[serde(skip)]
    file: String,
    /// The file did not exist before that save.
    pub absent: bool,
    /// When it was replaced, as seconds since 1970.
    pub when: u64,
}

fn entries(dir: &Path) -> Vec<Kept> {
    let mut out: Vec<Kept> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let (n, kind) = file.split_once('.')?;
            let when = e
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_secs());
            Some(Kept {
                number: n.parse().ok()?,
                absent: kind == "absent",
                file,
                when,
            })
        })
        .collect();
    out.sort_by_key(|k| k.number);
    out
}

/// The kept versions of `rel`, oldest first.
pub fn history(root: &Path, rel: &str) -> Result<Vec<Kept>, Refusal> {
    resolve(root, rel)?;
    Ok(entries(&history_dir(root, rel)))
}

/// Put back the version the last save replaced, if the file is still `base`; each undo
/// goes one save further back. The new version.
pub fn undo(root: &Path, rel: &str, base: &str) -> Result<String, Refusal> {
    let path = resolve(root, rel)?;
    let dir = history_dir(root, rel);
    let now = current(&path)?;
    if version(now.as_deref()) != base {
        return Err(Refusal::Changed(version(now.as_deref())));
    }
    let last = entries(&dir).pop().ok_or(Refusal::NoHistory)?;
    let earlier = std::fs::read(dir.join(&last.file)).map_err(io)?;
    std::fs::remove_file(dir.join(&last.file)).map_err(io)?;
    if last.absent {
        if now.is_some() {
            std::fs::remove_file(&path).map_err(io)?;
        }
        return Ok(version(None));
    }
    put(root, rel, &path, &earlier)?;
    Ok(version(Some(&earlier)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_paths_of_content() {
        for good in [
            "content/2025/07-units/index.md",
            "content/2025/07-units/scores.yaml",
            "content/2025/q1-units/revisions/2025-04-08.scores.yaml",
            "content/site.yaml",
        ] {
            assert!(allowed(good), "{good}");
        }
        for bad in [
            "",
            "content",
            "content/",
            "/etc/passwd",
            "templates/page.html",
            "content/../x.md",
            "content/./x.md",
            "content/2025//index.md",
            "content/2025/../../x.md",
            "content/.history/x.md",
            "content/2025/.hidden.md",
            "content\\2025\\index.md",
            "content/C:/x.md",
            "content/2025/photo.jpg",
            "content/2025/x.md.",
            "content/2025/a\0.md",
            "public/index.md",
        ] {
            assert!(!allowed(bad), "{bad:?}");
        }
    }
}
