//! The last line: every file of the output read as a reader sees it, before anything is
//! written (`build`), served (`serve`) or accepted (`check`). Masking when content is read
//! is the first line; this one trusts none of it. A template override that prints a raw
//! number, a YAML escape that made one, a field nobody thought of: any ID, mobile or bank
//! number found in any output stops the build, naming the file and, where the number can
//! be traced, the source file and line it came from.
//!
//! Pages are read by their kind: HTML, XML and SVG with tags hidden and references
//! decoded, each attribute value on its own ([`Syntax::Markup`]); JSON and scripts with
//! their escapes decoded; CSV and text as written; the XML parts inside a Word file; the
//! text chunks of a PNG; and every output path.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::msg;
use crate::privacy::numbers::{self, Hit, Tok};
use crate::privacy::quick;
use crate::privacy::reader::{self, Syntax};

/// A personal number found in an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub what: &'static str,
    /// Its masked form, to name it without showing it.
    pub masked: String,
    /// Its digits, to trace it to the source (never shown).
    digits: String,
    /// Where in the file: the part of a Word file, a PNG's chunk, the file's path.
    pub part: Option<String>,
}

/// The gate of one site: where its sources are, to trace what it finds.
#[derive(Debug, Clone)]
pub struct Gate {
    root: Arc<PathBuf>,
    /// Time spent checking, summed over threads (for `BULLETIN_TIMINGS`).
    spent: Arc<std::sync::atomic::AtomicU64>,
}

impl Gate {
    pub fn new(root: &Path) -> Gate {
        Gate {
            root: Arc::new(root.to_path_buf()),
            spent: Arc::default(),
        }
    }

    /// The time spent checking so far, summed over the threads that checked.
    pub fn spent(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.spent.load(std::sync::atomic::Ordering::Relaxed))
    }

    fn timed<T>(&self, f: impl FnOnce() -> T) -> T {
        if !crate::timing::enabled() {
            return f();
        }
        let start = std::time::Instant::now();
        let out = f();
        let ns = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.spent
            .fetch_add(ns, std::sync::atomic::Ordering::Relaxed);
        out
    }

    /// The output file `path` (below the output folder) holding `bytes` may be published:
    /// or an error naming what it would show, and where that came from.
    pub fn check(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        match self.timed(|| scan(path, bytes)) {
            None => Ok(()),
            Some(found) => Err(self.diagnostic(path, &found).into()),
        }
    }

    /// [`Gate::check`] of a text file, already known to be UTF-8.
    pub fn check_text(&self, path: &str, text: &str) -> Result<(), Diagnostics> {
        match self.timed(|| scan_text(path, text)) {
            None => Ok(()),
            Some(found) => Err(self.diagnostic(path, &found).into()),
        }
    }

    /// [`Gate::check`] of a file of `content/` about to be published at `path`: any
    /// metadata left in it (a PNG too, which [`scan`] reads only for text, since the
    /// tool's own charts are PNGs), or a number in it or its name.
    pub fn check_content(&self, path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        published_file(path, bytes)
    }

    fn diagnostic(&self, path: &str, found: &Found) -> Diagnostic {
        let d = untraced(path, found);
        match trace(&self.root, &found.digits).filter(|_| !found.digits.is_empty()) {
            Some(span) => d.at(span).hint(msg!("gate-found-traced-help")),
            None => d,
        }
    }
}

/// The first personal number `bytes` would show at `path`, if any.
pub fn scan(path: &str, bytes: &[u8]) -> Option<Found> {
    if let Some(f) = in_path(path) {
        return Some(f);
    }
    let ext = extension(path);
    match ext.as_str() {
        "docx" | "xlsx" | "pptx" | "odt" | "ods" | "odp" => zipped(bytes),
        "png" => png_text(bytes),
        // Published from content/ only, stripped when loaded: no metadata may be left.
        "jpg" | "jpeg" | "jfif" | "gif" | "webp" | "avif" | "heic" | "heif" | "tif" | "tiff"
        | "pdf" => metadata(path, bytes),
        "ico" | "woff" | "woff2" => None,
        _ => match std::str::from_utf8(bytes) {
            Ok(t) => text(t, syntax_of(&ext), None),
            Err(_) => text(&String::from_utf8_lossy(bytes), syntax_of(&ext), None),
        },
    }
}

/// An image or PDF of `content/` about to be published at `path`: any metadata left in
/// it (a PNG too, which [`scan`] reads only for text, since the tool's own charts are
/// PNGs), or a number in it.
pub fn published_file(path: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
    let found = metadata(path, bytes).or_else(|| scan(path, bytes));
    match found {
        None => Ok(()),
        Some(found) => Err(untraced(path, &found).into()),
    }
}

/// The metadata `media` says is left in an image or PDF, as a finding.
fn metadata(path: &str, bytes: &[u8]) -> Option<Found> {
    let left = crate::media::metadata_left(path, bytes);
    (!left.is_empty()).then(|| Found {
        what: METADATA,
        masked: left.join(", "),
        digits: String::new(),
        part: None,
    })
}

/// What [`Found`] names when it is metadata rather than a number.
pub const METADATA: &str = "image metadata";

/// The error for `found` in the output file `path`, without looking for its source.
fn untraced(path: &str, found: &Found) -> Diagnostic {
    let file = match &found.part {
        Some(part) => format!("{path} › {part}"),
        None => path.to_string(),
    };
    Diagnostic::error(msg!(
        "gate-found",
        file = file,
        kind = crate::privacy::kind_message(found.what),
        masked = &found.masked
    ))
    .hint(msg!("gate-found-help"))
}

/// [`scan`] of a text file.
pub fn scan_text(path: &str, body: &str) -> Option<Found> {
    in_path(path).or_else(|| text(body, syntax_of(&extension(path)), None))
}

fn in_path(path: &str) -> Option<Found> {
    numbers::first(reader::tokens(path, Syntax::Plain))
        .map(|hit| found(path, &hit, Some("path".into())))
}

fn extension(path: &str) -> String {
    path.rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default()
}

fn syntax_of(ext: &str) -> Syntax {
    match ext {
        "html" | "htm" | "xml" | "svg" | "rels" | "xhtml" => Syntax::Markup,
        "json" | "js" | "mjs" => Syntax::Json,
        _ => Syntax::Plain,
    }
}

/// The first personal number of a text, read in `syntax`, skipping what only looks like
/// one inside a hash (`a13812345678f…`, a cache-busting or integrity value). A quick look
/// ([`quick::regions`]) finds where numbers may be; only those regions are read exactly.
fn text(text: &str, syntax: Syntax, part: Option<String>) -> Option<Found> {
    let mut regions = Vec::new();
    quick::regions(text, syntax, &mut regions);
    regions.into_iter().find_map(|(r, syntax)| {
        let hits = numbers::find(reader::tokens(&text[r.clone()], syntax));
        hits.into_iter()
            .map(|h| h.shifted(r.start))
            .find(|h| !in_hash(text, h))
            .map(|h| found(text, &h, part.clone()))
    })
}

/// Whether `hit` stands inside a run of at least 16 hexadecimal characters holding
/// letters as well as digits: a hash, which no reader reads as a number.
fn in_hash(text: &str, hit: &Hit) -> bool {
    let b = text.as_bytes();
    let hex = |c: &u8| c.is_ascii_hexdigit();
    let mut start = hit.start;
    while start > 0 && hex(&b[start - 1]) {
        start -= 1;
    }
    let mut end = hit.end;
    while end < b.len() && hex(&b[end]) {
        end += 1;
    }
    let run = &b[start..end];
    run.iter().all(hex) && run.len() >= 16 && run.iter().any(u8::is_ascii_alphabetic)
}

fn found(text: &str, hit: &Hit, part: Option<String>) -> Found {
    let digits = hit
        .digits
        .iter()
        .map(|&(a, b, _)| {
            text[a..b]
                .chars()
                .next()
                .and_then(numbers::digit)
                .map_or('X', |d| char::from(b'0' + d))
        })
        .collect();
    Found {
        what: hit.what,
        masked: hit.masked.clone(),
        digits,
        part,
    }
}

/// The XML parts of a zipped office file (a Word file's text, its properties and links).
/// The pictures inside are the tool's own drawings (charts, the QR code), checked where
/// their words come from (the pages).
fn zipped(bytes: &[u8]) -> Option<Found> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return text(&String::from_utf8_lossy(bytes), Syntax::Plain, None);
    };
    for i in 0..zip.len() {
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().to_string();
        let lower = name.to_ascii_lowercase();
        let part = Some(name.clone());
        if let Some(f) = numbers::first(reader::tokens(&name, Syntax::Plain)) {
            return Some(found(&name, &f, part));
        }
        if lower.ends_with(".xml") || lower.ends_with(".rels") {
            let mut xml = String::new();
            if entry.read_to_string(&mut xml).is_ok()
                && let Some(f) = text(&xml, Syntax::Office, part)
            {
                return Some(f);
            }
        }
    }
    None
}

/// The text a PNG carries beside its pixels (`tEXt`, `iTXt`, `zTXt` chunks).
fn png_text(bytes: &[u8]) -> Option<Found> {
    let mut at = 8;
    while at + 12 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let kind = &bytes[at + 4..at + 8];
        let data = bytes.get(at + 8..at + 8 + len)?;
        if matches!(kind, b"tEXt" | b"iTXt" | b"zTXt" | b"eXIf") {
            let chunk = String::from_utf8_lossy(kind).into_owned();
            if let Some(f) = text(&String::from_utf8_lossy(data), Syntax::Plain, Some(chunk)) {
                return Some(f);
            }
        }
        at += 12 + len;
    }
    None
}

/// Where in the site's sources (content/ and templates/) the digits `digits` stand, read
/// as their own syntax with everything but the digits left out: the file and line of the
/// first, if one holds them.
fn trace(root: &Path, digits: &str) -> Option<crate::diag::Span> {
    let files = ["content", "templates"].into_iter().flat_map(|d| {
        walkdir::WalkDir::new(root.join(d))
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
    });
    for entry in files {
        let Ok(bytes) = std::fs::read(entry.path()) else {
            continue;
        };
        let Ok(source) = String::from_utf8(bytes) else {
            continue;
        };
        let ext = entry
            .path()
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        // Every digit of the file counts, attribute values' too: a template's text as
        // written, a YAML file's escapes decoded, a markdown file as its page shows it.
        // A template is read a second time with escapes decoded, for a script's JSON
        // (`"138\u200b1234…"`).
        let syntaxes: &[Syntax] = match ext.as_str() {
            "md" => &[Syntax::Markdown],
            "yaml" | "yml" => &[Syntax::Json],
            _ => &[Syntax::Plain, Syntax::Json],
        };
        if let Some(span) = syntaxes
            .iter()
            .find_map(|&syntax| traced(root, entry.path(), &source, syntax, digits))
        {
            return Some(span);
        }
    }
    None
}

/// Where in `source` (the file at `path`, read as `syntax`) the digits are.
fn traced(
    root: &Path,
    path: &Path,
    source: &str,
    syntax: Syntax,
    digits: &str,
) -> Option<crate::diag::Span> {
    let mut seen = String::new();
    let mut places = Vec::new();
    for (tok, start, _) in reader::tokens(source, syntax) {
        match tok {
            Tok::Digit(d) => {
                seen.push(char::from(b'0' + d));
                places.push(start);
            }
            Tok::X => {
                seen.push('X');
                places.push(start);
            }
            _ => {}
        }
    }
    if let Some(i) = seen.find(digits) {
        let shown = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let file = SourceFile::new(shown, source.to_string());
        let (start, end) = (places[i], places[i + digits.len() - 1]);
        let len = file.text[start..=end].chars().count();
        return Some(file.span_at_offset(start, len));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(path: &str, body: &str) -> Option<String> {
        scan(path, body.as_bytes()).map(|f| f.masked)
    }

    #[test]
    fn every_kind_of_output_as_a_reader_sees_it() {
        for (path, body) in [
            ("a/index.html", "<p>电话138<b>1234</b>5678</p>"),
            ("a/index.html", "<p>电话138&#8203;1234&zwj;5678</p>"),
            ("a/index.html", "<p>电话&#49;&#51;&#56;12345678</p>"),
            ("a/index.html", "<a title=\"13812345678\">x</a>"),
            ("a/index.html", "<div data-x='138 1234 5678'></div>"),
            (
                "a/index.html",
                "<script>var t=\"138\\u200b12345678\";</script>",
            ),
            ("a/index.html", "<p>138<br>1234 5678</p>"),
            ("a/results.json", "{\"note\":\"138\\u200b1234\\u200b5678\"}"),
            ("a/results.csv", "name,note\n王伟,13812345678\n"),
            ("a/feed.xml", "<title>13812345678</title>"),
            (
                "a/chart.svg",
                "<svg><text x=\"1\">138 1234 5678</text></svg>",
            ),
            ("a/x.txt", "卡号 6222 0212 3456 7890 123"),
            ("a/13812345678.png", ""),
            ("a/index.html", "<p>身份证11010519491231002X</p>"),
            ("a/index.html", "<!-- 13812345678 --><p>x</p>"),
        ] {
            assert!(hit(path, body).is_some(), "{path}: {body}");
        }
    }

    #[test]
    fn leaves_what_is_no_personal_number() {
        for (path, body) in [
            ("a/index.html", "<td>138</td><td>1234</td><td>5678</td>"),
            ("a/index.html", "<p>138****5678</p>"),
            (
                "a/index.html",
                "<p>总分 92.50，第1名，2025-04-03，0000-12345678</p>",
            ),
            (
                "a/index.html",
                "<link href=\"s.css?v=a13812345678f0e1d2c3\">",
            ),
            ("a/chart.svg", "<svg><path d=\"M138 1234 5678 1\"/></svg>"),
            (
                "a/index.html",
                "<img src=\"data:image/png;base64,13812345678\">",
            ),
        ] {
            assert_eq!(hit(path, body), None, "{path}: {body}");
        }
    }

    #[test]
    fn a_word_file_read_part_by_part() {
        use docx_rs::{Docx, Paragraph, Run};
        let docx = |runs: &[&str]| {
            let mut p = Paragraph::new();
            for r in runs {
                p = p.add_run(Run::new().add_text(*r));
            }
            let mut out = std::io::Cursor::new(Vec::new());
            Docx::new().add_paragraph(p).build().pack(&mut out).unwrap();
            out.into_inner()
        };
        // Runs part a number in the XML, not on the page.
        let f = scan("a/notice.docx", &docx(&["电话138", "1234", "5678"])).expect("found");
        assert_eq!(f.part.as_deref(), Some("word/document.xml"));
        assert_eq!(f.masked, "138****5678");
        assert_eq!(scan("a/notice.docx", &docx(&["总分92.50", "第1名"])), None);
    }

    #[test]
    fn json_values_and_escapes() {
        assert!(scan("a/results.json", b"{\"note\":\"6222 0298 7654 3210 123\"}").is_some());
        assert!(
            scan(
                "s/search-index.js",
                b"window.X={\"n\":\"\\u0031\\u0033\\u0038\\u200b12345678\"}"
            )
            .is_some()
        );
        assert_eq!(
            scan(
                "a/results.json",
                b"{\"total\":92.5,\"rank\":1,\"date\":\"2025-04-03\"}"
            ),
            None
        );
    }

    #[test]
    fn png_text_chunks() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let data = b"Author\x0013812345678";
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(b"tEXt");
        png.extend(data);
        png.extend([0; 4]);
        let f = scan("a/chart.png", &png).expect("found");
        assert_eq!(f.part.as_deref(), Some("tEXt"));
    }
}
