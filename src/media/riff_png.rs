//! PNG and WebP, both read and written as chunks by img-parts. Only the chunks that
//! decoding and colour need are kept (a list, not a list of what to remove: a private
//! chunk of some editor is dropped too).

use img_parts::Bytes;
use img_parts::png::{Png, PngChunk};
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{self, WebP};

use super::{Format, Out, Refused, Removed, exif, part};

/// PNG chunks that a picture needs: its header, palette, data and end; transparency,
/// colour (gamma, chromaticities, ICC, sRGB, cICP, HDR), the background, histogram and
/// pixel size; and APNG's animation chunks.
const PNG_KEPT: [&[u8; 4]; 19] = [
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT", b"sRGB",
    b"cICP", b"mDCv", b"cLLi", b"bKGD", b"hIST", b"pHYs", b"acTL", b"fcTL", b"fdAT",
];

pub(super) fn strip_png(bytes: &[u8]) -> Out {
    let mut png =
        Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(|_| Refused::Broken(Format::Png))?;
    let mut removed = Removed::default();
    let mut kept = Vec::with_capacity(png.chunks().len());
    let mut exif_kept = false;
    for chunk in png.chunks() {
        let kind = chunk.kind();
        if PNG_KEPT.contains(&&kind) {
            kept.push(chunk.clone());
            continue;
        }
        match &kind {
            b"eXIf" if !exif_kept => match exif::keep(chunk.contents()) {
                (Some(_), false) => {
                    exif_kept = true;
                    kept.push(chunk.clone());
                }
                (Some(small), true) => {
                    exif_kept = true;
                    removed.add(part::EXIF_BUT_ORIENTATION);
                    kept.push(PngChunk::new(kind, Bytes::from(small)));
                }
                (None, _) => removed.add(part::EXIF),
            },
            b"eXIf" => removed.add(part::EXIF),
            b"tEXt" | b"zTXt" | b"iTXt" => removed.add(part::TEXT),
            b"tIME" => removed.add(part::TIME),
            _ => removed.add(part::APP_DATA),
        }
    }
    if png.len() < bytes.len() {
        // img-parts reads up to IEND: what follows is not part of the picture.
        removed.add(part::TRAILER);
    }
    if removed.0.is_empty() {
        return Ok((None, removed.0));
    }
    *png.chunks_mut() = kept;
    Ok((Some(png.encoder().bytes().to_vec()), removed.0))
}

/// WebP chunks that a picture needs: the extended header, the bitstreams, alpha,
/// animation and the ICC profile.
const WEBP_KEPT: [[u8; 4]; 7] = [
    webp::CHUNK_VP8X,
    webp::CHUNK_VP8,
    webp::CHUNK_VP8L,
    webp::CHUNK_ALPH,
    webp::CHUNK_ANIM,
    webp::CHUNK_ANMF,
    webp::CHUNK_ICCP,
];
/// VP8X flags of chunks that may be removed.
const VP8X_EXIF: u8 = 0b0000_1000;
const VP8X_XMP: u8 = 0b0000_0100;

pub(super) fn strip_webp(bytes: &[u8]) -> Out {
    let mut image = WebP::from_bytes(Bytes::copy_from_slice(bytes))
        .map_err(|_| Refused::Broken(Format::WebP))?;
    let mut removed = Removed::default();
    let mut kept = Vec::with_capacity(image.chunks().len());
    let mut exif_kept = false;
    for chunk in image.chunks() {
        let id = chunk.id();
        if WEBP_KEPT.contains(&id) {
            kept.push(chunk.clone());
            continue;
        }
        let data = chunk.content().data().map_or(&[][..], |d| &d[..]);
        match id {
            webp::CHUNK_EXIF if !exif_kept => {
                // Some writers put JPEG's `Exif\0\0` before the TIFF structure.
                let tiff = data.strip_prefix(b"Exif\0\0").unwrap_or(data);
                match exif::keep(tiff) {
                    (Some(small), changed) => {
                        exif_kept = true;
                        if changed {
                            removed.add(part::EXIF_BUT_ORIENTATION);
                        }
                        kept.push(RiffChunk::new(id, RiffContent::Data(Bytes::from(small))));
                    }
                    (None, _) => removed.add(part::EXIF),
                }
            }
            webp::CHUNK_EXIF => removed.add(part::EXIF),
            webp::CHUNK_XMP => removed.add(part::XMP),
            _ => removed.add(part::APP_DATA),
        }
    }
    if (image.len() as usize) < bytes.len() {
        removed.add(part::TRAILER);
    }
    if removed.0.is_empty() {
        return Ok((None, removed.0));
    }
    // The extended header flags the EXIF and XMP chunks: a reader that trusts the flag
    // looks for a chunk that is gone.
    for chunk in &mut kept {
        if chunk.id() == webp::CHUNK_VP8X
            && let RiffContent::Data(data) = chunk.content_mut()
            && let Some(&flags) = data.first()
        {
            let mut header = data.to_vec();
            header[0] = (flags & !(VP8X_EXIF | VP8X_XMP)) | if exif_kept { VP8X_EXIF } else { 0 };
            *data = Bytes::from(header);
        }
    }
    *image.chunks_mut() = kept;
    Ok((Some(image.encoder().bytes().to_vec()), removed.0))
}
