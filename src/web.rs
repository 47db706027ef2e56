//! What `serve` and the workspace share of the web: which site file a
//! request path names (or why it is refused), a file's content type, HTML escaping, and
//! the headers every answer of theirs carries.

use axum::http::{HeaderValue, header};
use axum::response::Response;

/// Why a request path is not a path of the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// `..`, `.`, `//`, a backslash, NUL, an encoded `/` or `\`, a bad `%` escape.
    Unsafe,
}

/// The site path a raw request path names (`/2025/` → `2025/index.html`), or why it is
/// refused. Paths are looked up in memory, never on disk, and anything that could step
/// out of the site on any system is refused before that.
pub fn site_path(raw: &str) -> Result<String, Refused> {
    let lower = raw.to_ascii_lowercase();
    let encoded_separator = ["%2f", "%5c", "%00"].iter().any(|e| lower.contains(e));
    if !raw.starts_with('/') || raw.contains('\\') || encoded_separator {
        return Err(Refused::Unsafe);
    }
    let decoded = percent_decode(&raw[1..]).ok_or(Refused::Unsafe)?;
    if decoded.contains(['\0', '\\']) || decoded.chars().any(char::is_control) {
        return Err(Refused::Unsafe);
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let empty_inside = s.is_empty() && i != last;
        if empty_inside || *s == "." || *s == ".." || s.contains(':') {
            return Err(Refused::Unsafe);
        }
    }
    Ok(if decoded.is_empty() || decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded
    })
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a site file, by its extension; text is always UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "doc" => "application/msword",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Text made safe to stand in HTML, in text or in a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `r` with its content type, never cached, never sniffed as another type.
pub fn typed(mut r: Response, kind: &'static str) -> Response {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}
