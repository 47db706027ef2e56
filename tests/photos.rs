//! Published images and PDFs carry their pixels and pages, nothing else (issue 25).
//!
//! Every picture here is made by the test, then given the metadata a phone or an office
//! program writes (EXIF with GPS, the owner's name and mobile, the camera's serial and a
//! user comment; XMP; IPTC; a JPEG comment; PNG text chunks, eXIf and tIME; WebP EXIF and
//! XMP; GIF comment and XMP extensions; a PDF's Info and XMP), and placed beside a
//! bulletin, as an exemplar's photo and as an attachment. The built site must hold every
//! picture, decodable, with the same pixels, without any metadata, and none of the
//! planted values anywhere in its bytes.

mod common;

use std::fs;
use std::io::Cursor;
use std::path::Path;

use image::{ImageDecoder, ImageEncoder, RgbImage};
use img_parts::Bytes;

const NAME: &str = "Zhang Wei 张伟";
const MOBILE: &str = "13812345678";
const SERIAL: &str = "SN-CAM-20250317";
const COMMENT: &str = "taken at the owner's home";
/// 31°14'23.45" N, 121°28'12.34" E.
const LATITUDE: [(u32, u32); 3] = [(31, 1), (14, 1), (2345, 100)];
const LONGITUDE: [(u32, u32); 3] = [(121, 1), (28, 1), (1234, 100)];

/// The byte strings that must not be anywhere in public/.
fn planted() -> Vec<(&'static str, Vec<u8>)> {
    let rationals = |r: &[(u32, u32)]| {
        r.iter()
            .flat_map(|(a, b)| [a.to_le_bytes(), b.to_le_bytes()].concat())
            .collect::<Vec<u8>>()
    };
    vec![
        ("the owner's name", b"Zhang Wei".to_vec()),
        ("the owner's name", "张伟".as_bytes().to_vec()),
        ("the owner's name (UTF-16)", utf16("张伟")),
        ("the mobile", MOBILE.as_bytes().to_vec()),
        ("the serial", SERIAL.as_bytes().to_vec()),
        ("the comment", b"owner's home".to_vec()),
        ("the GPS latitude", rationals(&LATITUDE)),
        ("the GPS longitude", rationals(&LONGITUDE)),
        ("an XMP packet", b"xmpmeta".to_vec()),
    ]
}

fn utf16(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

// ---------- EXIF, written by hand (little-endian TIFF) ----------

enum V {
    Byte(Vec<u8>),
    Ascii(&'static str),
    Short(u16),
    Rational(Vec<(u32, u32)>),
    Undefined(Vec<u8>),
    Ifd(Vec<(u16, V)>),
}

/// Write the IFD `entries` at the end of `out` (offsets count from the TIFF header at 0).
fn ifd(out: &mut Vec<u8>, entries: &[(u16, V)]) {
    let start = out.len();
    let table = 2 + 12 * entries.len() + 4;
    let mut data = Vec::new();
    let mut subs = Vec::new();
    out.extend_from_slice(&u16::try_from(entries.len()).unwrap().to_le_bytes());
    for (tag, value) in entries {
        let (kind, count, bytes): (u16, usize, Vec<u8>) = match value {
            V::Byte(b) => (1, b.len(), b.clone()),
            V::Ascii(s) => (2, s.len() + 1, [s.as_bytes(), b"\0"].concat()),
            V::Short(n) => (3, 1, n.to_le_bytes().to_vec()),
            V::Rational(r) => (
                5,
                r.len(),
                r.iter()
                    .flat_map(|(a, b)| [a.to_le_bytes(), b.to_le_bytes()].concat())
                    .collect(),
            ),
            V::Undefined(b) => (7, b.len(), b.clone()),
            V::Ifd(_) => (4, 1, Vec::new()),
        };
        out.extend_from_slice(&tag.to_le_bytes());
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&u32::try_from(count).unwrap().to_le_bytes());
        if let V::Ifd(sub) = value {
            subs.push((out.len(), sub));
            out.extend_from_slice(&[0; 4]);
        } else if bytes.len() <= 4 {
            let mut inline = bytes.clone();
            inline.resize(4, 0);
            out.extend_from_slice(&inline);
        } else {
            let at = u32::try_from(start + table + data.len()).unwrap();
            out.extend_from_slice(&at.to_le_bytes());
            data.extend_from_slice(&bytes);
            if data.len() % 2 == 1 {
                data.push(0);
            }
        }
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&data);
    for (at, sub) in subs {
        let offset = u32::try_from(out.len()).unwrap().to_le_bytes();
        out[at..at + 4].copy_from_slice(&offset);
        ifd(out, sub);
    }
}

/// A phone's EXIF: owner, copyright with a mobile, serial, comment, GPS; and the
/// orientation when given.
fn phone_exif(orientation: Option<u16>) -> Vec<u8> {
    let mut ifd0 = vec![
        (0x010F, V::Ascii("PhoneMaker")),
        (0x0110, V::Ascii("Phone X1")),
    ];
    if let Some(o) = orientation {
        ifd0.push((0x0112, V::Short(o)));
    }
    ifd0.extend([
        (0x013B, V::Ascii(NAME)),
        (0x8298, V::Ascii("(c) Zhang Wei 13812345678")),
        (
            0x8769,
            V::Ifd(vec![
                (0x9003, V::Ascii("2025:03:17 08:00:00")),
                (
                    0x9286,
                    V::Undefined([b"ASCII\0\0\0".as_slice(), COMMENT.as_bytes()].concat()),
                ),
                (0xA431, V::Ascii(SERIAL)),
            ]),
        ),
        (
            0x8825,
            V::Ifd(vec![
                (0x0000, V::Byte(vec![2, 3, 0, 0])),
                (0x0001, V::Ascii("N")),
                (0x0002, V::Rational(LATITUDE.to_vec())),
                (0x0003, V::Ascii("E")),
                (0x0004, V::Rational(LONGITUDE.to_vec())),
            ]),
        ),
    ]);
    let mut tiff = b"II*\0".to_vec();
    tiff.extend_from_slice(&8u32.to_le_bytes());
    ifd(&mut tiff, &ifd0);
    tiff
}

fn xmp() -> String {
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?><x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>{NAME}</dc:creator><dc:rights>{MOBILE}</dc:rights></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>"
    )
}

// ---------- pictures ----------

fn picture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            ((x + y) % 7 * 30) as u8,
        ])
    })
}

fn plain_jpeg(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90)
        .write_image(&picture(w, h), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

fn segment(marker: u8, contents: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&u16::try_from(contents.len() + 2).unwrap().to_be_bytes());
    s.extend_from_slice(contents);
    s
}

/// A phone's JPEG: EXIF, XMP, IPTC and a comment after the SOI of `plain`.
fn phone_jpeg(plain: &[u8], orientation: Option<u16>) -> Vec<u8> {
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let mut records = Vec::new();
    for (dataset, text) in [(0x50u8, NAME), (0x74, MOBILE)] {
        records.extend_from_slice(&[0x1C, 0x02, dataset]);
        records.extend_from_slice(&u16::try_from(text.len()).unwrap().to_be_bytes());
        records.extend_from_slice(text.as_bytes());
    }
    iptc.extend_from_slice(&u32::try_from(records.len()).unwrap().to_be_bytes());
    iptc.extend_from_slice(&records);
    let mut out = plain[..2].to_vec();
    for s in [
        segment(
            0xE1,
            &[b"Exif\0\0".as_slice(), &phone_exif(orientation)].concat(),
        ),
        segment(
            0xE1,
            &[
                b"http://ns.adobe.com/xap/1.0/\0".as_slice(),
                xmp().as_bytes(),
            ]
            .concat(),
        ),
        segment(0xED, &iptc),
        segment(0xFE, COMMENT.as_bytes()),
    ] {
        out.extend_from_slice(&s);
    }
    out.extend_from_slice(&plain[2..]);
    out
}

fn plain_png() -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(&picture(40, 30), 40, 30, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// zlib's stored (uncompressed) form, so that the planted text is in the file as written.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01, 0x01];
    let len = u16::try_from(data.len()).unwrap();
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in data {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn phone_png(plain: &[u8]) -> Vec<u8> {
    let mut png = img_parts::png::Png::from_bytes(Bytes::copy_from_slice(plain)).unwrap();
    let chunk = |kind: &[u8; 4], data: Vec<u8>| img_parts::png::PngChunk::new(*kind, data.into());
    let planted = [
        chunk(b"tEXt", [b"Author\0".as_slice(), b"Zhang Wei"].concat()),
        chunk(
            b"iTXt",
            [
                b"Comment\0\0\0\0\0".as_slice(),
                format!("{NAME} {MOBILE}").as_bytes(),
            ]
            .concat(),
        ),
        chunk(
            b"zTXt",
            [
                b"Description\0\0".as_slice(),
                &zlib_stored(COMMENT.as_bytes()),
            ]
            .concat(),
        ),
        chunk(b"eXIf", phone_exif(None)),
        chunk(b"tIME", vec![0x07, 0xE9, 3, 17, 8, 0, 0]),
    ];
    for (i, c) in planted.into_iter().enumerate() {
        png.chunks_mut().insert(1 + i, c);
    }
    png.encoder().bytes().to_vec()
}

fn phone_webp() -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::webp::WebPEncoder::new_lossless(&mut plain)
        .write_image(&picture(20, 20), 20, 20, image::ExtendedColorType::Rgb8)
        .unwrap();
    use img_parts::ImageEXIF;
    let mut webp = img_parts::webp::WebP::from_bytes(plain.into()).unwrap();
    webp.set_exif(Some(phone_exif(None).into()));
    webp.chunks_mut().push(img_parts::riff::RiffChunk::new(
        *b"XMP ",
        img_parts::riff::RiffContent::Data(xmp().into_bytes().into()),
    ));
    let mut out = webp.encoder().bytes().to_vec();
    // The XMP flag of the extended header (img-parts sets the EXIF one).
    let vp8x = out.windows(4).position(|w| w == b"VP8X").unwrap();
    out[vp8x + 8] |= 0b0000_0100;
    out
}

fn plain_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut e = image::codecs::gif::GifEncoder::new(&mut out);
        e.set_repeat(image::codecs::gif::Repeat::Infinite).unwrap();
        let frame = |shift: u32| {
            let img = RgbImage::from_fn(16, 16, |x, y| {
                image::Rgb([((x + shift) * 16) as u8, (y * 16) as u8, 0])
            });
            image::Frame::new(image::DynamicImage::ImageRgb8(img).to_rgba8())
        };
        e.encode_frames([frame(0), frame(3)]).unwrap();
    }
    out
}

fn phone_gif(plain: &[u8]) -> Vec<u8> {
    let table = if plain[10] & 0x80 != 0 {
        3 << ((plain[10] & 7) + 1)
    } else {
        0
    };
    let at = 13 + table;
    let mut out = plain[..at].to_vec();
    let text = format!("{NAME} {MOBILE}");
    out.extend_from_slice(&[0x21, 0xFE, u8::try_from(text.len()).unwrap()]);
    out.extend_from_slice(text.as_bytes());
    out.push(0);
    out.extend_from_slice(&[0x21, 0xFF, 11]);
    out.extend_from_slice(b"XMP DataXMP");
    for piece in xmp().as_bytes().chunks(255) {
        out.push(u8::try_from(piece.len()).unwrap());
        out.extend_from_slice(piece);
    }
    out.push(0);
    out.extend_from_slice(&plain[at..]);
    out
}

/// A one-page PDF whose Info names the owner and their mobile, with an XMP stream.
fn office_pdf() -> Vec<u8> {
    let content = "BT /F1 18 Tf 20 100 Td (Notice 2025) Tj ET";
    let name16: String = utf16("张伟").iter().map(|b| format!("{b:02X}")).collect();
    let xmp = xmp();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Title <FEFF{name16}> /Author (Zhang Wei {MOBILE}) /Creator (Office) >>"),
        format!(
            "<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{xmp}\nendstream",
            xmp.len()
        ),
    ];
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
            "trailer\n<< /Size {} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

// ---------- the site ----------

const UNITS_INDEX: &str = "---\ntitle: 测试区2025年3月部门绩效考核排名通报\nperiod: 2025-03\nseries: units-monthly\npublished: 2025-04-03\nattachments: [现场照片.jfif]\n---\n本月参评单位3个。\n";

const PEOPLE_INDEX: &str = "---\ntitle: 测试区2025年上半年绩效标兵公示\nperiod: 2025-H1\nseries: people-h1\npublished: 2025-07-03\n---\n上半年绩效标兵。\n";

const PEOPLE_SCORES: &str = "subject: people\ncategories:\n  - id: staff\n    name: 一般工作人员\n    indicators:\n      - { id: duty, name: 履职成效, weight: 100 }\nunits:\n  - { id: u1, name: 第一科室, headcount: 40 }\nmodels:\n  top: 10%\nentries:\n";

/// One planted file.
struct Planted {
    source: &'static str,
    /// Where it is published, below public/.
    out: &'static str,
    /// What was written into content/.
    input: Vec<u8>,
    /// The picture before its metadata, when the test made it.
    plain: Option<Vec<u8>>,
}

struct Site {
    dir: tempfile::TempDir,
    files: Vec<Planted>,
}

fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/_base");
    common::copy_tree(&base, root);
    common::write(
        root,
        "content/site.yaml",
        "title: 测试区绩效考核（虚构示例）\nissuer: 测试区考核办\nbase_url: https://kaohe.example.org/\nseries:\n  units-monthly: 部门月度考核\n  people-h1: 绩效标兵半年评选\n",
    );
    common::write(root, "content/2025/03/index.md", UNITS_INDEX);
    let mut people = PEOPLE_SCORES.to_string();
    for i in 1..=10 {
        people.push_str(&format!(
            "  - {{ id: p{i:02}, name: 工作人员{i}, unit: u1, post: 科员, category: staff, scores: {{ duty: {} }} }}\n",
            100 - i
        ));
    }
    common::write(root, "content/2025/h1/index.md", PEOPLE_INDEX);
    common::write(root, "content/2025/h1/scores.yaml", &people);
    common::write(
        root,
        "content/2025/h1/models/wang.md",
        "---\nperson: p01\ntitle: 窗口服务标兵\nphoto: portrait.jpg\n---\n事迹。\n",
    );
    let jpeg = plain_jpeg(64, 48);
    let portrait = plain_jpeg(48, 32);
    let png = plain_png();
    let gif = plain_gif();
    let planted = |source, out, input, plain| Planted {
        source,
        out,
        input,
        plain,
    };
    let files = vec![
        planted(
            "content/2025/03/photo.jpg",
            "2025/03/photo.jpg",
            phone_jpeg(&jpeg, None),
            Some(jpeg.clone()),
        ),
        planted(
            "content/2025/03/现场照片.jfif",
            "2025/03/现场照片.jfif",
            phone_jpeg(&jpeg, None),
            Some(jpeg),
        ),
        planted(
            "content/2025/03/chart.png",
            "2025/03/chart.png",
            phone_png(&png),
            Some(png),
        ),
        planted(
            "content/2025/03/banner.webp",
            "2025/03/banner.webp",
            phone_webp(),
            None,
        ),
        planted(
            "content/2025/03/anim.gif",
            "2025/03/anim.gif",
            phone_gif(&gif),
            Some(gif),
        ),
        planted(
            "content/2025/03/公示.pdf",
            "2025/03/公示.pdf",
            office_pdf(),
            None,
        ),
        planted(
            "content/2025/h1/models/portrait.jpg",
            "models/wang/portrait.jpg",
            phone_jpeg(&portrait, Some(6)),
            None,
        ),
    ];
    for f in &files {
        let p = root.join(f.source);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, &f.input).unwrap();
    }
    Site { dir, files }
}

fn run(root: &Path, lang: &str, args: &[&str]) -> (i32, String) {
    common::bulletin_in(lang, root, args)
}

fn pixels(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes)
        .expect("a published picture decodes")
        .to_rgba8()
        .into_raw()
}

fn is_picture(path: &str) -> bool {
    bulletin::media::named_as_picture(path)
}

#[test]
fn published_pictures_carry_their_pixels_and_nothing_else() {
    let site = site();
    let root = site.dir.path();
    for Planted { out, input, .. } in &site.files {
        // Each planted input is what it claims, or the test would prove nothing.
        if !out.ends_with(".pdf") {
            pixels(input);
        }
        assert!(
            !bulletin::media::metadata_left(out, input).is_empty(),
            "{out}: the planted input holds no metadata"
        );
    }
    let (code, stderr) = run(root, "C", &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let public = root.join("public");
    for Planted {
        out, input, plain, ..
    } in &site.files
    {
        let published = fs::read(public.join(out)).unwrap_or_else(|_| panic!("{out} published"));
        assert!(
            bulletin::media::metadata_left(out, &published).is_empty(),
            "{out} still holds {:?}",
            bulletin::media::metadata_left(out, &published)
        );
        if out.ends_with(".pdf") {
            let doc = lopdf::Document::load_mem(&published).expect("the PDF reads");
            assert_eq!(doc.get_pages().len(), 1);
            let page = *doc.get_pages().values().next().unwrap();
            assert_eq!(
                doc.get_page_content(page).trim_ascii_end(),
                b"BT /F1 18 Tf 20 100 Td (Notice 2025) Tj ET",
                "the page is the same"
            );
            assert!(doc.trailer.get(b"Info").is_err());
            continue;
        }
        assert_eq!(pixels(&published), pixels(input), "{out}: the same pixels");
        if let Some(vp8x) = published.windows(4).position(|w| w == b"VP8X") {
            // The extended header no longer announces EXIF or XMP chunks.
            assert_eq!(published[vp8x + 8] & 0b0000_1100, 0, "{out}: VP8X flags");
        }
        if let Some(plain) = plain {
            // Segments out, never re-encoded: the picture before its metadata, byte for byte.
            assert!(
                published == *plain,
                "{out} is not the picture as it was made"
            );
        }
    }
    // Every picture and PDF of the site, the tool's own included, is clean, and no planted
    // value is anywhere: not in a file, not in a path.
    for (path, bytes) in common::read_tree(&public) {
        if is_picture(&path) {
            assert!(
                bulletin::media::metadata_left(&path, &bytes).is_empty(),
                "{path}: {:?}",
                bulletin::media::metadata_left(&path, &bytes)
            );
        }
        for (what, needle) in planted() {
            let found = bytes.windows(needle.len()).any(|w| w == needle.as_slice())
                || path
                    .as_bytes()
                    .windows(needle.len())
                    .any(|w| w == needle.as_slice());
            assert!(!found, "{what} is in public/{path}");
        }
    }
    // Said once per file, naming what went.
    for line in [
        "note: content/2025/03/anim.gif is published without its metadata: a comment, XMP",
        "note: content/2025/03/banner.webp is published without its metadata: EXIF, XMP",
        "note: content/2025/03/chart.png is published without its metadata: text chunks, EXIF, the time it was last changed",
        "note: content/2025/03/photo.jpg is published without its metadata: EXIF, XMP, IPTC, a comment",
        "note: content/2025/03/公示.pdf is published without its metadata: the document properties (title, author, …), XMP",
        "note: content/2025/03/现场照片.jfif is published without its metadata: EXIF, XMP, IPTC, a comment",
        "note: content/2025/h1/models/portrait.jpg is published without its metadata: EXIF (but its orientation, so that it shows upright), XMP, IPTC, a comment",
    ] {
        assert_eq!(stderr.matches(line).count(), 1, "{line}\n in:\n{stderr}");
    }
    let (_, zh) = run(root, "zh_CN.UTF-8", &["check"]);
    assert!(
        zh.contains("content/2025/03/photo.jpg 已删除元数据后发布：EXIF、XMP、IPTC、注释"),
        "{zh}"
    );
}

#[test]
fn a_turned_photo_still_shows_upright() {
    let site = site();
    let root = site.dir.path();
    let (code, stderr) = run(root, "C", &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let published = fs::read(root.join("public/models/wang/portrait.jpg")).unwrap();
    assert_eq!(
        bulletin::media::metadata_left("portrait.jpg", &published),
        Vec::<&str>::new(),
        "the orientation alone is left"
    );
    assert!(
        !published
            .windows(SERIAL.len())
            .any(|w| w == SERIAL.as_bytes())
    );
    let mut decoder = image::codecs::jpeg::JpegDecoder::new(Cursor::new(&published)).unwrap();
    assert_eq!(
        decoder.orientation().unwrap(),
        image::metadata::Orientation::Rotate90,
        "the orientation tag is kept"
    );
    // Turned as a reader's browser turns it: 48×32 stored, 32×48 shown.
    let mut shown = image::DynamicImage::from_decoder(decoder).unwrap();
    shown.apply_orientation(image::metadata::Orientation::Rotate90);
    assert_eq!((shown.width(), shown.height()), (32, 48));
}

#[test]
fn an_edited_photo_is_stripped_again_and_a_cached_build_matches_a_clean_one() {
    let site = site();
    let root = site.dir.path();
    let (code, stderr) = run(root, "C", &["build"]);
    assert_eq!(code, 0, "{stderr}");
    // Another phone photo in place of the first, and a new one beside it.
    let other = plain_jpeg(30, 20);
    fs::write(
        root.join("content/2025/03/photo.jpg"),
        phone_jpeg(&other, None),
    )
    .unwrap();
    fs::write(
        root.join("content/2025/h1/models/portrait.jpg"),
        phone_jpeg(&other, Some(8)),
    )
    .unwrap();
    let (code, stderr) = run(root, "C", &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("note: content/2025/03/photo.jpg is published without its metadata"));
    let cached = common::read_tree(&root.join("public"));
    assert_eq!(cached["2025/03/photo.jpg"], other);
    let (code, stderr) = run(root, "C", &["build", "--no-cache", "--output", "clean"]);
    assert_eq!(code, 0, "{stderr}");
    let clean = common::read_tree(&root.join("clean"));
    assert!(
        cached == clean,
        "an incremental build differs from a clean one"
    );
}

#[test]
fn heic_renamed_to_jpg_is_refused_and_unknown_bytes_are_warned_about() {
    let site = site();
    let root = site.dir.path();
    fs::write(
        root.join("content/2025/03/photo.jpg"),
        b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    )
    .unwrap();
    let (code, stderr) = run(root, "C", &["check"]);
    assert_eq!(code, 1);
    assert!(
        stderr
            .contains("error: content/2025/03/photo.jpg is a picture in HEIC format: its metadata"),
        "{stderr}"
    );
    fs::write(root.join("content/2025/03/photo.jpg"), b"not a picture").unwrap();
    let (code, stderr) = run(root, "C", &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains(
        "warning: content/2025/03/photo.jpg is named as a picture or PDF, but its bytes are not JPEG, PNG, GIF, WebP or PDF"
    ));
    let (code, _) = run(root, "C", &["check", "--strict"]);
    assert_eq!(code, 1, "--strict refuses it");
    // The same bytes holding an EXIF packet are refused outright.
    fs::write(
        root.join("content/2025/03/photo.jpg"),
        [b"rubbish Exif\0\0".as_slice(), &phone_exif(None)].concat(),
    )
    .unwrap();
    let (code, stderr) = run(root, "C", &["check"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("yet it holds EXIF"), "{stderr}");
}
