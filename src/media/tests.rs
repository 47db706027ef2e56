//! Each format's odd corners; tests/photos.rs builds a site of planted photos.

use super::*;
use image::{ImageEncoder, RgbImage};

fn picture() -> RgbImage {
    RgbImage::from_fn(24, 16, |x, y| image::Rgb([x as u8 * 10, y as u8 * 15, 128]))
}

fn jpeg(progressive_comment: bool) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&picture(), 24, 16, image::ExtendedColorType::Rgb8)
        .unwrap();
    if progressive_comment {
        // A comment between the tables and the end, where img-parts does not look.
        let eoi = out.len() - 2;
        out.splice(
            eoi..eoi,
            [0xFF, 0xFE, 0x00, 0x07, b's', b'e', b'c', b'r', b'e']
                .iter()
                .copied(),
        );
    }
    out
}

fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(contents.len() + 2).unwrap().to_be_bytes());
    s.extend_from_slice(contents);
    s
}

/// `jpeg` with `segments` after its SOI.
fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    let mut out = jpeg[..2].to_vec();
    for s in segments {
        out.extend_from_slice(s);
    }
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn decoded(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes)
        .unwrap()
        .to_rgba8()
        .into_raw()
}

#[test]
fn a_jpeg_loses_every_application_segment_but_jfif_icc_and_adobe() {
    let plain = jpeg(true);
    let exif = [b"Exif\0\0".as_slice(), &exif::minimal(1), b"13812345678"].concat();
    let planted = with_segments(
        &plain,
        &[
            segment(0xE1, &exif),
            segment(
                0xE1,
                b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>13812345678</x:xmpmeta>",
            ),
            segment(0xED, b"Photoshop 3.0\08BIM\x04\x04 13812345678"),
            segment(0xFE, b"13812345678"),
            segment(0xE2, b"ICC_PROFILE\0\x01\x01fake"),
            segment(0xEE, b"Adobe\0\x64\0\0\0\0\x01"),
            segment(0xEC, b"Ducky 13812345678"),
        ],
    );
    let mut trailing = planted.clone();
    trailing.extend_from_slice(b"MPF second image 13812345678");
    let s = strip("a.jpg", &trailing).unwrap().unwrap();
    assert_eq!(
        s.removed,
        [
            part::EXIF,
            part::XMP,
            part::IPTC,
            part::COMMENT,
            part::APP_DATA,
            part::TRAILER
        ]
    );
    assert!(
        !s.bytes.windows(5).any(|w| w == b"13812"),
        "a planted digit run is left"
    );
    assert!(
        !s.bytes.windows(5).any(|w| w == b"secre"),
        "the comment after the scan"
    );
    assert!(s.bytes.windows(11).any(|w| w == b"ICC_PROFILE"));
    assert!(s.bytes.windows(5).any(|w| w == b"Adobe"));
    assert_eq!(decoded(&s.bytes), decoded(&plain));
    assert!(metadata_left("a.jpg", &s.bytes).is_empty());
    assert_eq!(
        strip("a.jpg", &s.bytes).unwrap().unwrap().bytes,
        s.bytes,
        "once is enough"
    );
}

#[test]
fn a_turned_jpeg_keeps_its_orientation_and_nothing_else() {
    let tiff = {
        let mut t = exif::minimal(6);
        // Turn the one-entry IFD into one with an Artist before the orientation.
        t.truncate(8);
        t.extend_from_slice(&2u16.to_be_bytes());
        t.extend_from_slice(&[0x01, 0x3B, 0, 2, 0, 0, 0, 12, 0, 0, 0, 38]);
        t.extend_from_slice(&[0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
        t.extend_from_slice(&0u32.to_be_bytes());
        t.extend_from_slice(b"Zhang Wei 1\0");
        t
    };
    let planted = with_segments(
        &jpeg(false),
        &[segment(0xE1, &[b"Exif\0\0", &tiff[..]].concat())],
    );
    let s = strip("a.jpg", &planted).unwrap().unwrap();
    assert_eq!(s.removed, [part::EXIF_BUT_ORIENTATION]);
    assert!(!s.bytes.windows(5).any(|w| w == b"Zhang"));
    let mut decoder =
        image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(&s.bytes)).unwrap();
    use image::ImageDecoder;
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90
    );
    assert!(
        metadata_left("a.jpg", &s.bytes).is_empty(),
        "the minimal EXIF is no metadata"
    );
}

#[test]
fn a_gif_keeps_frames_and_looping_and_loses_comments() {
    let mut gif = Vec::new();
    {
        let mut e = image::codecs::gif::GifEncoder::new(&mut gif);
        e.set_repeat(image::codecs::gif::Repeat::Infinite).unwrap();
        let frame = image::Frame::new(image::DynamicImage::ImageRgb8(picture()).to_rgba8());
        e.encode_frames([frame.clone(), frame]).unwrap();
    }
    let plain = gif.clone();
    // A comment and an XMP extension before the first frame's graphic control.
    // After the header, the screen and its colour table.
    let at = 13 + gif::table(gif[10]);
    let mut planted = gif[..at].to_vec();
    planted.extend_from_slice(&[0x21, 0xFE, 11]);
    planted.extend_from_slice(b"13812345678");
    planted.push(0);
    planted.extend_from_slice(&[0x21, 0xFF, 11]);
    planted.extend_from_slice(b"XMP DataXMP");
    planted.extend_from_slice(&[5]);
    planted.extend_from_slice(b"<x:x>");
    planted.push(0);
    planted.extend_from_slice(&gif[at..]);
    planted.extend_from_slice(b"after");
    let s = strip("a.gif", &planted).unwrap().unwrap();
    assert_eq!(s.removed, [part::COMMENT, part::XMP, part::TRAILER]);
    assert_eq!(s.bytes, plain);
}

#[test]
fn heif_avif_tiff_and_hidden_packets_are_refused() {
    let avif = b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf";
    assert_eq!(strip("a.avif", avif), Err(Refused::Unsupported("AVIF")));
    assert_eq!(
        strip("a.jpg", b"\0\0\0\x18ftypheic\0\0\0\0"),
        Err(Refused::Unsupported("HEIC"))
    );
    assert_eq!(
        strip("a.png", b"II*\0\x08\0\0\0"),
        Err(Refused::Unsupported("TIFF"))
    );
    assert_eq!(metadata_left("a.avif", avif), ["AVIF"]);
    assert_eq!(
        strip("a.jpg", b"rubbish Exif\0\0MM\0* <x:xmpmeta"),
        Err(Refused::Hidden(vec![part::EXIF, part::XMP]))
    );
    assert_eq!(
        strip("a.jpg", b"x"),
        Ok(None),
        "nothing known, nothing hidden"
    );
    assert_eq!(
        strip("notes.txt", b"Exif\0\0"),
        Ok(None),
        "not a picture by name"
    );
    assert_eq!(
        strip("a.jpg", &[0xFF, 0xD8, 0xFF, 0xE1, 0xFF]),
        Err(Refused::Broken(Format::Jpeg))
    );
}

/// A one-page PDF written by hand: `extra` objects are added after the page's, and the
/// trailer gets `trailer_extra`.
fn pdf(extra: &[&str], trailer_extra: &str) -> Vec<u8> {
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>".to_string(),
    ];
    objects.extend(extra.iter().map(|s| s.to_string()));
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R {trailer_extra} >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn a_pdf_loses_its_info_and_xmp_and_keeps_its_pages() {
    let xmp = "<x:xmpmeta><dc:creator>Zhang Wei 13812345678</dc:creator></x:xmpmeta>";
    let planted = pdf(
        &[
            "<< /Title (Zhang Wei) /Author (13812345678) >>",
            &format!(
                "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{xmp}\nendstream",
                xmp.len()
            ),
            "<< /Author (unreferenced 13812345678) >>",
        ],
        "/Info 4 0 R",
    );
    // The catalog refers to the XMP stream.
    let planted = String::from_utf8(planted)
        .unwrap()
        .replace("/Pages 2 0 R >>", "/Pages 2 0 R /Metadata 5 0 R>>");
    let s = strip("a.pdf", planted.as_bytes()).unwrap().unwrap();
    assert_eq!(s.removed, [part::INFO, part::XMP, part::OLD_VERSIONS]);
    for planted in ["Zhang", "13812345678", "xmpmeta"] {
        assert!(
            !s.bytes
                .windows(planted.len())
                .any(|w| w == planted.as_bytes()),
            "{planted} left"
        );
    }
    let doc = lopdf::Document::load_mem(&s.bytes).unwrap();
    assert_eq!(doc.get_pages().len(), 1);
    assert!(metadata_left("a.pdf", &s.bytes).is_empty());
    let clean = pdf(&[], "");
    assert_eq!(
        strip("a.pdf", &clean).unwrap().unwrap().bytes,
        clean,
        "nothing to do"
    );
}
