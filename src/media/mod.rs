//! Published images and PDFs carry their pixels and pages, nothing else: what a phone or
//! an office program writes into a file beside the picture (EXIF with the GPS position,
//! the owner's name and the camera's serial number, XMP, IPTC, comments, text chunks,
//! a PDF's document properties) is taken out before the file is published.
//!
//! A leaf of the crate: bytes in, stripped bytes and the list of what was removed out. It
//! knows nothing of sites or messages, so that the output gate can ask the same question
//! of every published file ([`metadata_left`]) as loading asks of every input ([`strip`]).
//!
//! Images lose whole segments and chunks only (never re-encoded, so the pixels are the
//! same bits); what decoding or colour needs stays (JFIF, ICC profiles, Adobe's colour
//! transform, PNG's colour chunks, WebP's VP8X, GIF's looping). A photo turned by its
//! EXIF orientation keeps a minimal EXIF holding that one tag, so that it still shows
//! upright. The format is told by the bytes, not the name: a HEIC renamed `.jpg` is still
//! a HEIC.

use std::borrow::Cow;

mod exif;
mod gif;
mod jpeg;
mod pdf;
mod riff_png;

/// What was (or would be) removed, as stable labels: the catalogues name them
/// (`media-part-<label>`), and the gate reports them.
pub mod part {
    /// EXIF: where and when a photo was taken, the camera and its serial, its owner.
    pub const EXIF: &str = "exif";
    /// EXIF but its orientation, kept in a minimal EXIF so that the photo shows upright.
    pub const EXIF_BUT_ORIENTATION: &str = "exif-but-orientation";
    /// XMP packets (JPEG APP1, WebP `XMP `, GIF's XMP extension, a PDF's metadata streams).
    pub const XMP: &str = "xmp";
    /// IPTC and other Photoshop resources (JPEG APP13).
    pub const IPTC: &str = "iptc";
    /// Comments (JPEG COM, GIF comment extensions).
    pub const COMMENT: &str = "comment";
    /// Text (PNG `tEXt`, `iTXt`, `zTXt`; GIF plain-text extensions).
    pub const TEXT: &str = "text";
    /// PNG `tIME`: when the picture was last changed.
    pub const TIME: &str = "time";
    /// A second, small picture kept beside the first (JFIF and JFXX thumbnails).
    pub const THUMBNAIL: &str = "thumbnail";
    /// Other programs' data: unknown APPn segments, private chunks, application
    /// extensions, a PDF's `PieceInfo`.
    pub const APP_DATA: &str = "app-data";
    /// Bytes after the end of the picture (further images of MPF, a motion photo's video).
    pub const TRAILER: &str = "trailer";
    /// A PDF's document information dictionary (Title, Author, Creator, dates).
    pub const INFO: &str = "info";
    /// A PDF's objects that nothing refers to: what earlier versions of the file held.
    pub const OLD_VERSIONS: &str = "old-versions";
}

/// A format this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Gif,
    WebP,
    Pdf,
}

impl Format {
    /// Its usual name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Gif => "GIF",
            Format::WebP => "WebP",
            Format::Pdf => "PDF",
        }
    }
}

/// A file as it is published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped<'a> {
    pub format: Format,
    /// The published bytes: the input itself when nothing was removed.
    pub bytes: Cow<'a, [u8]>,
    /// What was removed ([`part`]), each once, in the order met.
    pub removed: Vec<&'static str>,
}

/// Why a file cannot be published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A format whose metadata this module does not remove (HEIF, HEIC, AVIF, TIFF,
    /// JPEG XL): its name.
    Unsupported(&'static str),
    /// The file starts as `format` but is damaged or cut short.
    Broken(Format),
    /// An encrypted PDF: its objects cannot be rewritten without its keys.
    Encrypted,
    /// Not a format this module knows, yet it holds an EXIF or XMP packet (the labels).
    Hidden(Vec<&'static str>),
}

/// What a format's stripper hands back: the new bytes (`None`: unchanged) and what it
/// removed.
type Out = Result<(Option<Vec<u8>>, Vec<&'static str>), Refused>;

/// The file `name` stripped of its metadata. `Ok(None)`: not a format this module knows,
/// with nothing known to be metadata inside (published as it is).
pub fn strip<'a>(name: &str, bytes: &'a [u8]) -> Result<Option<Stripped<'a>>, Refused> {
    let Some(format) = sniff(bytes)? else {
        let hidden = if named_as_picture(name) {
            packets(bytes)
        } else {
            Vec::new()
        };
        return if hidden.is_empty() {
            Ok(None)
        } else {
            Err(Refused::Hidden(hidden))
        };
    };
    let by_format = |bytes: &[u8]| match format {
        Format::Jpeg => jpeg::strip(bytes),
        Format::Png => riff_png::strip_png(bytes),
        Format::WebP => riff_png::strip_webp(bytes),
        Format::Gif => gif::strip(bytes),
        Format::Pdf => pdf::strip(bytes),
    };
    let (out, removed) = by_format(bytes)?;
    // What is published is read again: a file this module wrote and would still strip is
    // refused rather than published.
    if let Some(out) = &out
        && !by_format(out).is_ok_and(|(_, again)| again.is_empty())
    {
        return Err(Refused::Broken(format));
    }
    Ok(Some(Stripped {
        format,
        bytes: out.map_or(Cow::Borrowed(bytes), Cow::Owned),
        removed,
    }))
}

/// The metadata still in a published file, by label ([`part`]); empty when it carries
/// its pixels (or pages) only. A file of a format that must not be published at all
/// names that format (`AVIF`, `HEIC`, `TIFF`…); a damaged one is named `damaged`, an
/// encrypted PDF `encrypted`. A file named as an image or PDF whose bytes are of no
/// known format is searched for EXIF and XMP packets.
pub fn metadata_left(name: &str, bytes: &[u8]) -> Vec<&'static str> {
    match strip(name, bytes) {
        Ok(Some(s)) => s.removed,
        Ok(None) => Vec::new(),
        Err(Refused::Unsupported(format)) => vec![format],
        Err(Refused::Broken(_)) => vec!["damaged"],
        Err(Refused::Encrypted) => vec!["encrypted"],
        Err(Refused::Hidden(found)) => found,
    }
}

/// Whether `name` says the file is a picture or a PDF (by its extension, any case).
pub fn named_as_picture(name: &str) -> bool {
    let lower = name.to_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "png"
            | "jpg"
            | "jpeg"
            | "jpe"
            | "jfif"
            | "gif"
            | "webp"
            | "avif"
            | "heic"
            | "heif"
            | "tif"
            | "tiff"
            | "jxl"
            | "pdf"
    )
}

/// The format of `bytes` by their first bytes; formats refused outright are an error.
fn sniff(bytes: &[u8]) -> Result<Option<Format>, Refused> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Some(Format::Jpeg));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Some(Format::Png));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(Some(Format::Gif));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(Some(Format::WebP));
    }
    // A PDF may have a few bytes of rubbish before its header; readers look in the first
    // kilobyte.
    if bytes[..bytes.len().min(1024)]
        .windows(5)
        .any(|w| w == b"%PDF-")
    {
        return Ok(Some(Format::Pdf));
    }
    // ISO base media files (HEIF, HEIC, AVIF): a `ftyp` box first. Their EXIF and XMP
    // are items of the `meta` box, located by offsets into the rest of the file.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        let name = match brand {
            b"avif" | b"avis" => "AVIF",
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" => "HEIC",
            _ => "HEIF",
        };
        return Err(Refused::Unsupported(name));
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Err(Refused::Unsupported("TIFF"));
    }
    if bytes.starts_with(&[0xFF, 0x0A]) || bytes.starts_with(b"\0\0\0\x0CJXL \r\n\x87\n") {
        return Err(Refused::Unsupported("JPEG XL"));
    }
    Ok(None)
}

/// EXIF and XMP packets anywhere in bytes of no known format.
fn packets(bytes: &[u8]) -> Vec<&'static str> {
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    let mut found = Vec::new();
    if has(b"Exif\0\0") {
        found.push(part::EXIF);
    }
    if has(b"<x:xmpmeta") || has(b"http://ns.adobe.com/xap/1.0/") {
        found.push(part::XMP);
    }
    found
}

/// A list of labels without repeats, in the order first met.
#[derive(Debug, Default)]
struct Removed(Vec<&'static str>);

impl Removed {
    fn add(&mut self, label: &'static str) {
        if !self.0.contains(&label) {
            self.0.push(label);
        }
    }
}

#[cfg(test)]
mod tests;
