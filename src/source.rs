//! Reading source files: a file's bytes, or its text as UTF-8 with an error that names the
//! encoding it looks like (GBK and friends) and how to convert it. What `load` reads from
//! `content/`, what `render` reads from `templates/` and what `import` reads.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, SourceFile, display_path};
use crate::msg;

/// The bytes of a file of `content/`, or the error that names it (as `shown`).
pub fn read_bytes(path: &Path, shown: &str) -> Result<Vec<u8>, Diagnostics> {
    std::fs::read(path).map_err(|e| {
        Diagnostic::error(msg!(
            "cannot-read",
            file = shown,
            reason = crate::i18n::io_reason(&e)
        ))
        .hint(msg!("cannot-read-help"))
        .into()
    })
}

/// Read a text file as UTF-8 (a BOM is dropped). Anything else is an error that names the
/// encoding it looks like and how to convert it.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostics> {
    let shown = display_path(root, path);
    let bytes = read_bytes(path, &shown)?;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(SourceFile::new(shown, text.replace("\r\n", "\n"))),
        Err(e) => {
            let valid = &body[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let (name, encoding) = guess_encoding(body);
            // Quote the line as the file means it, not as mojibake; UTF-16 has no NULs then.
            let (text, _, _) = encoding.decode(body);
            let (prefix, _, _) = encoding.decode(&valid[line_start..]);
            let column = prefix.chars().count() + 1;
            let file = SourceFile::new(shown.clone(), text.replace("\r\n", "\n"));
            Err(
                Diagnostic::error(msg!("not-utf8", file = &shown, encoding = name))
                    .at(file.span(line, column))
                    .hint(msg!(
                        "not-utf8-help",
                        iconv = iconv_name(name),
                        file = &shown
                    ))
                    .into(),
            )
        }
    }
}

/// The encoding a file that is not UTF-8 most likely has: its name for people, and the
/// decoder.
pub fn guess_encoding(bytes: &[u8]) -> (&'static str, &'static encoding_rs::Encoding) {
    if bytes.starts_with(b"\xFF\xFE") {
        return ("UTF-16LE", encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return ("UTF-16BE", encoding_rs::UTF_16BE);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    let name = if encoding == encoding_rs::GBK || encoding == encoding_rs::GB18030 {
        "GBK (GB18030)"
    } else if encoding == encoding_rs::BIG5 {
        "Big5"
    } else {
        encoding.name()
    };
    (name, encoding)
}

fn iconv_name(name: &str) -> &str {
    match name {
        "GBK (GB18030)" => "GB18030",
        other => other,
    }
}
