//! JPEG: segments before the first scan through img-parts; the rest of the file (further
//! scans of a progressive JPEG, the tables between them, and what follows the end of the
//! picture) is walked here, because img-parts keeps it as one opaque piece.

use img_parts::Bytes;
use img_parts::jpeg::{Jpeg, JpegSegment, markers};

use super::{Format, Out, Refused, Removed, exif, part};

const EXIF_PREFIX: &[u8] = b"Exif\0\0";
const XMP_PREFIXES: [&[u8]; 2] = [
    b"http://ns.adobe.com/xap/1.0/\0",
    b"http://ns.adobe.com/xmp/extension/\0",
];
/// JFIF's fixed part: identifier, version, units, densities, thumbnail size.
const JFIF_LEN: usize = 14;

/// What becomes of one segment.
enum Fate {
    Keep,
    Drop(&'static str),
    /// Kept with other contents; the label says what was taken out of it.
    Replace(Vec<u8>, &'static str),
}

/// The fate of a segment before the first scan; `exif_kept` says whether an EXIF block
/// has been kept already (one is enough).
fn fate(marker: u8, contents: &[u8], exif_kept: bool) -> Fate {
    match marker {
        markers::APP0 if contents.starts_with(b"JFIF\0") => {
            if contents.len() <= JFIF_LEN {
                return Fate::Keep;
            }
            // The thumbnail is a second picture, perhaps of what was cropped away.
            let mut jfif = contents[..JFIF_LEN].to_vec();
            jfif[12] = 0;
            jfif[13] = 0;
            Fate::Replace(jfif, part::THUMBNAIL)
        }
        markers::APP0 if contents.starts_with(b"JFXX\0") => Fate::Drop(part::THUMBNAIL),
        markers::APP1 if contents.starts_with(EXIF_PREFIX) && !exif_kept => {
            match exif::keep(&contents[EXIF_PREFIX.len()..]) {
                (Some(_), false) => Fate::Keep,
                (Some(small), true) => {
                    Fate::Replace([EXIF_PREFIX, &small].concat(), part::EXIF_BUT_ORIENTATION)
                }
                (None, _) => Fate::Drop(part::EXIF),
            }
        }
        markers::APP2 if contents.starts_with(b"ICC_PROFILE\0") => Fate::Keep,
        markers::APP14 if contents.starts_with(b"Adobe") => Fate::Keep,
        _ => match dropped(marker, contents) {
            Some(label) => Fate::Drop(label),
            None => Fate::Keep,
        },
    }
}

/// What an application segment or comment holds, when it is one (they are dropped
/// wherever they are not kept on purpose).
fn dropped(marker: u8, contents: &[u8]) -> Option<&'static str> {
    match marker {
        markers::APP1 if contents.starts_with(EXIF_PREFIX) => Some(part::EXIF),
        markers::APP1 if XMP_PREFIXES.iter().any(|p| contents.starts_with(p)) => Some(part::XMP),
        markers::APP13 => Some(part::IPTC),
        markers::COM => Some(part::COMMENT),
        markers::APP0..=markers::APP15 => Some(part::APP_DATA),
        _ => None,
    }
}

pub(super) fn strip(bytes: &[u8]) -> Out {
    let broken = || Refused::Broken(Format::Jpeg);
    let mut jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|_| broken())?;
    let mut removed = Removed::default();
    let mut kept = Vec::with_capacity(jpeg.segments().len());
    let mut exif_kept = false;
    for segment in jpeg.segments() {
        if segment.has_entropy() {
            // The first scan: its header, then the rest of the file.
            let rest = segment.clone().encoder().last().unwrap_or_default();
            let (rest, changed) = scans(&rest, &mut removed).ok_or_else(broken)?;
            kept.push(if changed {
                JpegSegment::new_with_entropy(
                    segment.marker(),
                    segment.contents().clone(),
                    Bytes::from(rest),
                )
            } else {
                segment.clone()
            });
            continue;
        }
        match fate(segment.marker(), segment.contents(), exif_kept) {
            Fate::Keep => {
                exif_kept |= segment.marker() == markers::APP1
                    && segment.contents().starts_with(EXIF_PREFIX);
                kept.push(segment.clone());
            }
            Fate::Drop(label) => removed.add(label),
            Fate::Replace(contents, label) => {
                exif_kept |= segment.marker() == markers::APP1;
                removed.add(label);
                kept.push(JpegSegment::new_with_contents(
                    segment.marker(),
                    Bytes::from(contents),
                ));
            }
        }
    }
    if removed.0.is_empty() {
        return Ok((None, removed.0));
    }
    *jpeg.segments_mut() = kept;
    Ok((Some(jpeg.encoder().bytes().to_vec()), removed.0))
}

/// The file after the first scan's header: entropy-coded data, the markers between scans
/// (tables and further scans kept; application segments and comments dropped), the end of
/// the picture, and whatever follows it (dropped). `None` for a segment cut short. Also
/// whether anything was dropped.
fn scans(data: &[u8], removed: &mut Removed) -> Option<(Vec<u8>, bool)> {
    let mut out = Vec::new();
    let (mut i, mut copied, mut changed) = (0, 0, false);
    while i < data.len() {
        if data[i] != markers::P {
            i += 1;
            continue;
        }
        // Fill bytes (0xFF) may stand before a marker.
        let mut at = i + 1;
        while data.get(at) == Some(&markers::P) {
            at += 1;
        }
        let Some(&marker) = data.get(at) else { break };
        match marker {
            // A stuffed 0xFF of the entropy-coded data, or a restart marker.
            markers::Z | markers::RST0..=markers::RST7 => i = at + 1,
            markers::EOI => {
                let end = at + 1;
                if end < data.len() {
                    removed.add(part::TRAILER);
                    changed = true;
                }
                if !changed {
                    return Some((Vec::new(), false));
                }
                out.extend_from_slice(&data[copied..end]);
                return Some((out, true));
            }
            0xC0..=0xCF | markers::SOS..=markers::EXP | 0xE0..=0xFE => {
                let len = usize::from(u16::from_be_bytes(
                    data.get(at + 1..at + 3)?.try_into().ok()?,
                ));
                let end = at + 1 + len;
                let contents = data.get(at + 3..end)?;
                if let Some(label) = dropped(marker, contents) {
                    out.extend_from_slice(&data[copied..i]);
                    removed.add(label);
                    changed = true;
                    copied = end;
                }
                i = end;
            }
            _ => i = at + 1,
        }
    }
    // No end marker: a file cut short, shown as far as it goes.
    if changed {
        out.extend_from_slice(&data[copied..]);
    }
    Some((out, changed))
}
