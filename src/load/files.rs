//! Reading content files safely, and deciding which files beside a page are published.
//!
//! Every text file of `content/` goes through [`read_content`]: it refuses links out of
//! `content/`, files over [`MAX_TEXT_BYTES`] and control characters (they break the feed
//! and the charts far from where they were typed), and masks ID and mobile numbers in the
//! whole text before it is parsed, so that no field, label or narrative can carry one
//! through. Files beside a page are published only when they are web images or PDF, or
//! named in the front matter's `attachments:`; hidden files, editor backups, sources and
//! spreadsheets never are.

use crate::msg;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, display_path};

/// The largest text file `content/` may hold (8 MiB): a year of 10,000 people is under a
/// quarter of that. Anything larger is a mistake (a pasted export), refused before it is
/// read into memory.
pub const MAX_TEXT_BYTES: u64 = 8 * 1024 * 1024;

/// Files beside a page that are published without being named: what a web page can show.
pub const WEB_TYPES: &[&str] = &["png", "jpg", "jpeg", "gif", "webp", "avif", "pdf"];

/// What a file beside a page is, for publishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A web image or PDF: published.
    Web,
    /// Published only when named in `attachments:`.
    Other,
    /// Never published, whatever the front matter says; the reason, for messages.
    /// The id of what the file is in the catalogues (`file-kind-…`).
    Never(&'static str),
    /// The bulletin's own sources and OS clutter: left out without a word.
    Quiet,
}

/// What `name` is, by its name alone (case-insensitive).
pub fn kind(name: &str) -> Kind {
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if matches!(
        lower.as_str(),
        "index.md" | "scores.yaml" | "thumbs.db" | "desktop.ini" | ".ds_store"
    ) {
        return Kind::Quiet;
    }
    if lower.starts_with('.') {
        return Kind::Never("file-kind-hidden");
    }
    let backup = lower.ends_with('~')
        || lower.starts_with('#')
        || lower.starts_with("~$")
        || matches!(
            ext,
            "bak" | "orig" | "rej" | "swp" | "swo" | "tmp" | "temp" | "old" | "backup"
        );
    if backup {
        return Kind::Never("file-kind-backup");
    }
    if matches!(ext, "md" | "markdown" | "yaml" | "yml" | "toml" | "json") {
        return Kind::Never("file-kind-source");
    }
    if matches!(
        ext,
        "xls"
            | "xlsx"
            | "xlsm"
            | "xlsb"
            | "xlt"
            | "xltx"
            | "et"
            | "ett"
            | "ods"
            | "csv"
            | "tsv"
            | "numbers"
            | "dbf"
    ) {
        return Kind::Never("file-kind-spreadsheet");
    }
    if WEB_TYPES.contains(&ext) {
        Kind::Web
    } else {
        Kind::Other
    }
}

/// A file beside a page.
#[derive(Debug, Clone)]
pub struct Beside {
    pub path: PathBuf,
    pub name: String,
    pub kind: Kind,
}

/// The files directly in `dir` (not its folders), in name order. A link that leads out of
/// `content/` is an error; one that stays inside is read as the file it leads to.
pub fn beside(root: &Path, content: &Path, dir: &Path) -> Result<Vec<Beside>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(msg!(
            "cannot-read",
            file = display_path(root, dir),
            reason = crate::i18n::io_reason(&e)
        ))
    })?;
    let mut out = Vec::new();
    let mut errors = Diagnostics::default();
    for entry in entries.flatten() {
        let path = entry.path();
        if let Err(e) = inside(root, content, &path) {
            errors.extend(e);
            continue;
        }
        if !path.is_file() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = kind(&name);
        out.push(Beside { path, name, kind });
    }
    if errors.has_errors() {
        return Err(errors);
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Refuse a path that is a link out of `content/` (to a file or a folder), or a broken one.
pub fn inside(root: &Path, content: &Path, path: &Path) -> Result<(), Diagnostics> {
    let is_link = path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Ok(());
    }
    let shown = display_path(root, path);
    let base = content
        .canonicalize()
        .unwrap_or_else(|_| content.to_path_buf());
    match path.canonicalize() {
        Ok(target) if target.starts_with(&base) => Ok(()),
        Ok(target) => Err(
            Diagnostic::error(msg!("link-outside", file = &shown, target = &target))
                .at(SourceFile::new(shown, "").whole())
                .hint(if target.is_dir() {
                    msg!("link-outside-folder-help")
                } else {
                    msg!("link-outside-help")
                })
                .into(),
        ),
        Err(e) => Err(Diagnostic::error(msg!(
            "link-broken",
            file = &shown,
            reason = crate::i18n::io_reason(&e)
        ))
        .at(SourceFile::new(shown, "").whole())
        .hint(msg!("link-broken-help"))
        .into()),
    }
}

/// Read a text file of `content/`: no links out, at most [`MAX_TEXT_BYTES`], UTF-8, no
/// control characters, and every ID, mobile and bank number masked. Returns the file as the
/// pages will see it, and a warning for each number masked, pointing at it.
pub fn read_content(
    root: &Path,
    content: &Path,
    path: &Path,
) -> Result<(SourceFile, Vec<Diagnostic>), Diagnostics> {
    inside(root, content, path)?;
    let shown = display_path(root, path);
    if let Ok(meta) = path.metadata()
        && meta.len() > MAX_TEXT_BYTES
    {
        return Err(Diagnostic::error(msg!(
            "file-too-large",
            file = &shown,
            size = format!("{:.1}", meta.len() as f64 / 1024.0 / 1024.0),
            limit = MAX_TEXT_BYTES / 1024 / 1024
        ))
        .at(SourceFile::new(shown, "").whole())
        .hint(msg!("file-too-large-help"))
        .into());
    }
    let file = crate::source::read_source(root, path)?;
    control_characters(&file)?;
    let markdown = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let (text, found) = crate::privacy::mask_file(&file.text, markdown);
    let file = SourceFile::new(file.path, text);
    let mut refused = Diagnostics::default();
    let mut warnings = Vec::new();
    for m in found {
        let kind = crate::privacy::kind_message(m.what);
        let at = file.span_at_offset(m.offset, m.len);
        if m.refused {
            refused.push(
                Diagnostic::error(msg!("masked-refused", kind = kind))
                    .at(at)
                    .hint(msg!("masked-refused-help")),
            );
        } else {
            warnings.push(
                Diagnostic::warning(msg!("masked", kind = kind))
                    .at(at)
                    .hint(msg!("masked-help")),
            );
        }
    }
    if refused.has_errors() {
        return Err(refused);
    }
    Ok((file, warnings))
}

/// A file to publish (an image or PDF beside a page, an attachment, a photo): read,
/// hashed, and stripped of its metadata ([`crate::media`]) to learn what that takes. The
/// bytes are not kept: rendering reads the file again and publishes the stripped bytes.
/// A note says what was removed; a format whose metadata cannot be removed (HEIF, AVIF,
/// TIFF, an encrypted PDF with properties) is an error; a file named as a picture whose
/// bytes are of no known format is a warning (`check --strict` refuses it).
pub fn publish(
    root: &Path,
    path: &Path,
    name: &str,
) -> Result<(crate::model::Asset, Option<Diagnostic>), Diagnostics> {
    use crate::media::{self, Refused};
    let shown = display_path(root, path);
    let bytes = crate::source::read_bytes(path, &shown)?;
    let at = SourceFile::new(shown.clone(), "").whole();
    let said = match media::strip(name, &bytes) {
        Ok(Some(s)) if s.removed.is_empty() => None,
        Ok(Some(s)) => Some(
            Diagnostic::note(msg!(
                "media-stripped",
                file = &shown,
                what = parts(&s.removed)
            ))
            .hint(msg!("media-stripped-help")),
        ),
        Ok(None) if media::named_as_picture(name) => Some(
            Diagnostic::warning(msg!("media-unknown", file = &shown))
                .hint(msg!("media-unknown-help")),
        ),
        Ok(None) => None,
        Err(refused) => {
            let (message, hint) = match refused {
                Refused::Unsupported(format) => (
                    msg!("media-unsupported", file = &shown, format = format),
                    msg!("media-unsupported-help"),
                ),
                Refused::Broken(format) => (
                    msg!("media-broken", file = &shown, format = format.name()),
                    msg!("media-broken-help"),
                ),
                Refused::Encrypted => (
                    msg!("media-encrypted", file = &shown),
                    msg!("media-encrypted-help"),
                ),
                Refused::Hidden(found) => (
                    msg!("media-hidden", file = &shown, what = parts(&found)),
                    msg!("media-unknown-help"),
                ),
            };
            return Err(Diagnostic::error(message).at(at).hint(hint).into());
        }
    };
    let asset = crate::model::Asset {
        path: path.to_path_buf(),
        shown,
        name: name.to_string(),
        hash: xxhash_rust::xxh3::xxh3_128(&bytes),
    };
    Ok((asset, said.map(|d| d.at(at))))
}

/// The published files of one bulletin folder, each read and stripped once however
/// many announcements name it, with what that said.
pub struct Published<'a> {
    root: &'a Path,
    done: std::collections::HashMap<PathBuf, Option<crate::model::Asset>>,
    /// Notes and warnings, once per file.
    pub said: Vec<Diagnostic>,
    pub errors: Diagnostics,
}

impl<'a> Published<'a> {
    pub fn new(root: &'a Path) -> Self {
        Published {
            root,
            done: std::collections::HashMap::new(),
            said: Vec::new(),
            errors: Diagnostics::default(),
        }
    }

    /// The file at `path` as published (`None` when it cannot be, said once).
    pub fn get(&mut self, path: &Path, name: &str) -> Option<crate::model::Asset> {
        if let Some(done) = self.done.get(path) {
            return done.clone();
        }
        let asset = match publish(self.root, path, name) {
            Ok((asset, said)) => {
                self.said.extend(said);
                Some(asset)
            }
            Err(e) => {
                self.errors.extend(e);
                None
            }
        };
        self.done.insert(path.to_path_buf(), asset.clone());
        asset
    }

    /// The error for `name` holding a personal number, at `at`.
    pub fn name_error(&self, path: &Path, name: &str, at: crate::diag::Span) -> Option<Diagnostic> {
        name_holds_number(&display_path(self.root, path), name, Some(at))
    }
}

/// The parts of a file's metadata ([`crate::media::part`]) as a list of the catalogues.
fn parts(labels: &[&'static str]) -> Message {
    let one = |label: &str| match label {
        "exif" => msg!("media-part-exif"),
        "exif-but-orientation" => msg!("media-part-exif-but-orientation"),
        "xmp" => msg!("media-part-xmp"),
        "iptc" => msg!("media-part-iptc"),
        "comment" => msg!("media-part-comment"),
        "text" => msg!("media-part-text"),
        "time" => msg!("media-part-time"),
        "thumbnail" => msg!("media-part-thumbnail"),
        "trailer" => msg!("media-part-trailer"),
        "info" => msg!("media-part-info"),
        "old-versions" => msg!("media-part-old-versions"),
        _ => msg!("media-part-app-data"),
    };
    let mut list = labels.iter().rev().map(|l| one(l));
    let last = list.next().unwrap_or_else(|| msg!("media-part-app-data"));
    list.fold(last, |rest, first| {
        msg!("media-list", first = first, rest = rest)
    })
}

/// The error for a published file whose name holds an ID, mobile or bank number: the
/// name is part of the page's address and of every link to it. `None` for a clean name.
/// The name is shown masked, as the terminal's log may travel further than the site.
pub fn name_holds_number(
    shown: &str,
    name: &str,
    at: Option<crate::diag::Span>,
) -> Option<Diagnostic> {
    let (_, found) = crate::privacy::mask(name);
    let first = found.first()?;
    let (masked, _) = crate::privacy::mask(shown);
    let at = at.unwrap_or_else(|| SourceFile::new(masked.clone(), "").whole());
    Some(
        Diagnostic::error(msg!(
            "file-name-personal",
            file = &masked,
            kind = crate::privacy::kind_message(first.what)
        ))
        .at(at)
        .hint(msg!("file-name-personal-help")),
    )
}

/// Control characters (other than tab and newline) are refused where they stand: a NUL
/// or an escape code pasted with a name makes the feed ill-formed and the charts fail.
fn control_characters(file: &SourceFile) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::default();
    for (offset, c) in file.text.char_indices() {
        let bad =
            (c.is_control() && !matches!(c, '\t' | '\n')) || matches!(c, '\u{FFFE}' | '\u{FFFF}');
        if !bad {
            continue;
        }
        let name = match c {
            '\0' => msg!("control-nul"),
            '\r' => msg!("control-cr"),
            '\u{1b}' => msg!("control-escape"),
            c => msg!("control-other", code = format!("U+{:04X}", u32::from(c))),
        };
        errors.push(
            Diagnostic::error(msg!("file-holds-control", file = &file.path, what = name))
                .at(file.span_at_offset(offset, 1))
                .hint(msg!("file-holds-control-help")),
        );
        if errors.0.len() == 5 {
            break;
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_name() {
        for (name, expected) in [
            ("photo.JPG", Kind::Web),
            ("chart.png", Kind::Web),
            ("公示.pdf", Kind::Web),
            ("异议登记表.docx", Kind::Other),
            ("roster.txt", Kind::Other),
            ("名单.xls", Kind::Never("file-kind-spreadsheet")),
            ("名单.ET", Kind::Never("file-kind-spreadsheet")),
            ("名单.ods", Kind::Never("file-kind-spreadsheet")),
            ("名单.tsv", Kind::Never("file-kind-spreadsheet")),
            ("data.json", Kind::Never("file-kind-source")),
            ("scores.yaml.bak", Kind::Never("file-kind-backup")),
            ("scores.yml~", Kind::Never("file-kind-backup")),
            ("index.md.orig", Kind::Never("file-kind-backup")),
            ("~$名单.xlsx", Kind::Never("file-kind-backup")),
            (".env", Kind::Never("file-kind-hidden")),
            ("index.md", Kind::Quiet),
            ("scores.yaml", Kind::Quiet),
        ] {
            assert_eq!(kind(name), expected, "{name}");
        }
    }
}
