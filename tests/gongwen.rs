//! The official notice (公文) outside the browser: `notice.docx` opened by LibreOffice
//! (`soffice --headless --convert-to pdf` succeeds and the PDF's text holds the title,
//! the document number, every ranked name and the notice period), the Word file's own
//! structure (styles 标题 and 正文, repeated header rows, rows that do not split, fixed
//! dates, the same bytes on every build), and the QR codes of print.html, screen.html and
//! notice.docx decoded back to the bulletin's address (rqrr, on the SVG drawn by resvg
//! and on the PNG inside the Word file).
//!
//! The LibreOffice test skips with a message when `soffice` or `pdftotext` is missing,
//! and fails instead when `CI` is set (.ci/run installs libreoffice-writer-nogui and
//! poppler-utils).

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = "tests/fixtures/gongwen";
const PAGE: &str = "2025/q2";
const URL: &str = "https://kaohe.example.org/2025/q2/";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Build `site` (relative to the repository) into a new temporary folder.
fn build(site: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args([
            "build",
            "--no-cache",
            "--today",
            "2025-07-10",
            "--future",
            "--root",
        ])
        .arg(root().join(site))
        .arg("--output")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        run.status.success(),
        "building {site} failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
}

/// One file of a zip archive (a .docx).
fn unzip(docx: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(fs::File::open(docx).unwrap()).unwrap();
    let mut file = archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("{name} is not in {}", docx.display()));
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).unwrap();
    bytes
}

/// Whether `name` can be started (pdftotext answers `--version` with exit code 1, so
/// only a program that is not there counts as missing).
fn tool(name: &str) -> bool {
    Command::new(name).arg("-v").output().is_ok()
}

/// Skip (or fail under CI) when a tool is missing.
fn need(tools: &[(&str, &str)]) -> bool {
    let missing: Vec<String> = tools
        .iter()
        .filter(|(t, _)| !tool(t))
        .map(|(t, package)| format!("{t} (apt-get install {package})"))
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!("this test needs {}", missing.join(", "));
    if std::env::var_os("CI").is_some() {
        panic!("{why}\n(CI is set, so this fails rather than skips; .ci/run installs them)");
    }
    eprintln!("skipped: {why}");
    false
}

/// `docx` printed to PDF by LibreOffice.
fn docx_pdf(docx: &Path, work: &Path) -> PathBuf {
    let profile = work.join("lo-profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(work)
        .arg(docx)
        .env("HOME", work)
        .output()
        .expect("soffice runs");
    let pdf = work.join(docx.file_stem().unwrap()).with_extension("pdf");
    assert!(
        out.status.success() && pdf.is_file(),
        "soffice could not convert {}:\n{}{}",
        docx.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    pdf
}

/// The text of `docx` as LibreOffice prints it.
fn docx_text(docx: &Path, work: &Path) -> String {
    let pdf = docx_pdf(docx, work);
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    assert!(text.status.success());
    String::from_utf8(text.stdout).unwrap()
}

/// Every ranked name of a bulletin, from its results.json.
fn names(results: &Path) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&fs::read(results).unwrap()).unwrap();
    let mut out = Vec::new();
    for c in json["categories"].as_array().unwrap() {
        for r in c["rows"].as_array().unwrap() {
            out.push(r["name"].as_str().unwrap().to_string());
        }
    }
    assert!(!out.is_empty(), "no rows in {}", results.display());
    out
}

#[test]
fn libreoffice_opens_notice_docx_with_the_title_number_names_and_period() {
    if !need(&[
        ("soffice", "libreoffice-writer-nogui"),
        ("pdftotext", "poppler-utils"),
    ]) {
        return;
    }
    let (tmp, out) = build(FIXTURE);
    let dir = out.join(PAGE);
    // pdftotext breaks lines where the page does, and LibreOffice may set a space between
    // CJK and Latin text: compare without white space.
    let text: String = docx_text(&dir.join("notice.docx"), tmp.path())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "关于测试区2025年第二季度街道镇绩效考核结果的公示",
        "测考办〔2025〕9号",
        "测试区绩效考核办公室文件",
        "各街道、镇，区级各部门：",
        "公示时间：2025年7月8日至7月15日",
        "附件：1.测试区2025年第二季度绩效考核得分明细表",
        "测试区绩效考核办公室2025年7月7日",
        "抄送：区委办公室，区政府办公室。",
        "2025年7月7日印发",
        "一、街道镇类（26个单位参与排名）",
        URL,
    ] {
        assert!(
            text.contains(needle),
            "the PDF of notice.docx lacks «{needle}»:\n{text}"
        );
    }
    for name in names(&dir.join("results.json")) {
        assert!(text.contains(&name), "the PDF of notice.docx lacks {name}");
    }
    // The example's 公文 with a red header converts too.
    let (tmp, out) = build(".");
    let dir = out.join("2025/q2-units");
    let text: String = docx_text(&dir.join("notice.docx"), tmp.path())
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for needle in [
        "望川考办〔2025〕21号",
        "关于望川新区2025年第二季度部门绩效考核结果的公示",
        "公示时间：2025年7月8日至7月15日",
    ] {
        assert!(
            text.contains(needle),
            "the example's notice.docx lacks «{needle}»"
        );
    }
    for name in names(&dir.join("results.json")) {
        assert!(
            text.contains(&name),
            "the example's notice.docx lacks {name}"
        );
    }
    // The narrative's markdown table stays a table (not a line of words and spaces), and
    // the details follow the rankings as tables too.
    let document = String::from_utf8(unzip(&dir.join("notice.docx"), "word/document.xml")).unwrap();
    let tables: Vec<&str> = document.split("<w:tbl>").skip(1).collect();
    for cell in ["参评单位", "加分明细", "扣分明细"] {
        let heading = cell.ends_with("明细");
        let found = if heading {
            document.contains(&format!("、{cell}</w:t>"))
        } else {
            tables.iter().any(|t| t.contains(&format!(">{cell}</w:t>")))
        };
        assert!(found, "the example's notice.docx lacks «{cell}» as a table");
    }
    assert_eq!(
        tables.len(),
        1 + 6 + 2 + 1,
        "narrative, categories, details, 版记"
    );
}

#[test]
fn notice_docx_has_word_styles_repeated_headers_unsplit_rows_and_fixed_bytes() {
    let (_tmp, out) = build(FIXTURE);
    let docx = out.join(PAGE).join("notice.docx");
    let document = String::from_utf8(unzip(&docx, "word/document.xml")).unwrap();
    // Two ranking tables (26 and 4 rows), each with one header row marked to repeat, and
    // the 版记 (抄送, 印发) as a table of two rows floating at the foot of the last page.
    assert_eq!(document.matches("<w:tbl>").count(), 3);
    assert_eq!(document.matches("<w:tblHeader />").count(), 2);
    assert_eq!(document.matches("<w:cantSplit />").count(), 2 + 26 + 4 + 2);
    assert!(
        document.contains("w:tblpYSpec=\"bottom\""),
        "the 版记 does not stand at the foot of the page"
    );
    let styles = String::from_utf8(unzip(&docx, "word/styles.xml")).unwrap();
    for name in ["正文", "标题"] {
        assert!(
            styles.contains(&format!("<w:name w:val=\"{name}\" />")),
            "no style {name}"
        );
    }
    assert_eq!(styles.matches("w:styleId=\"Normal\"").count(), 1);
    assert!(document.contains("w:pStyle w:val=\"Title\""));
    // A4, top 37 mm, left 28 mm, a type area 156 mm wide.
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""));
    assert!(document.contains("w:top=\"2098\""), "top margin 37 mm");
    assert!(document.contains("w:left=\"1587\""), "left margin 28 mm");
    let core = String::from_utf8(unzip(&docx, "docProps/core.xml")).unwrap();
    assert!(
        core.contains(">2025-07-08T00:00:00Z</dcterms:created>"),
        "{core}"
    );
    assert!(core.contains(">2025-07-08T00:00:00Z</dcterms:modified>"));
    // Its properties name the notice and the issuing body, not a tool's default.
    assert!(
        core.contains("<dc:title>关于测试区2025年第二季度街道镇绩效考核结果的公示</dc:title>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>测试区绩效考核办公室</dc:creator>"),
        "{core}"
    );
    assert!(
        !core.contains("unknown") && !core.contains("Un-named"),
        "{core}"
    );
    // Byte for byte the same on another build.
    let (_again, out2) = build(FIXTURE);
    assert!(
        fs::read(&docx).unwrap() == fs::read(out2.join(PAGE).join("notice.docx")).unwrap(),
        "notice.docx differs between two builds"
    );
}

/// Decode the one QR code in a greyscale image.
fn decode(width: usize, height: usize, grey: &[u8]) -> String {
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the image");
    grids[0].decode().expect("the code decodes").1
}

/// The inline SVG of the QR code in an HTML page, drawn at 8 px a module.
fn decode_svg_in(html: &str) -> String {
    let start = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .expect("a QR code SVG in the page");
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    let svg = &html[start..end];
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default()).unwrap();
    let side = tree.size().width();
    let scale = 8.0;
    let px = (side * scale) as u32;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(px, px).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let grey: Vec<u8> = pixmap.data().chunks(4).map(|p| p[0]).collect();
    decode(px as usize, px as usize, &grey)
}

#[test]
fn the_qr_codes_open_the_bulletins_web_page() {
    let (_tmp, out) = build(FIXTURE);
    let dir = out.join(PAGE);
    for page in ["print.html", "screen.html"] {
        let html = fs::read_to_string(dir.join(page)).unwrap();
        assert_eq!(decode_svg_in(&html), URL, "the QR code of {page}");
        // The screen's address may break after a slash or before a dot (<wbr>).
        assert!(
            html.replace("<wbr>", "")
                .contains(&format!("<span class=\"url\">{URL}</span>")),
            "{page} shows the address beside the code"
        );
    }
    let png = unzip(&dir.join("notice.docx"), "word/media/rIdImage1.png");
    let mut reader = png::Decoder::new(std::io::Cursor::new(png))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    // A one-bit greyscale image: expand to a byte a pixel.
    let (w, h) = (info.width as usize, info.height as usize);
    let row = w.div_ceil(8);
    let grey: Vec<u8> = (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            if buf[y * row + x / 8] & (0x80 >> (x % 8)) != 0 {
                255
            } else {
                0
            }
        })
        .collect();
    assert_eq!(decode(w, h, &grey), URL, "the QR code of notice.docx");
}

/// A 附件 line (`document.attachments`) that names no file the bulletin publishes is a
/// warning at its line: the notice would send readers to an attachment that is not there
/// (a table in the body is no attachment).
#[test]
fn an_attachment_line_without_its_file_is_a_warning_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    common::copy_tree(&root().join(FIXTURE), &site);
    let dir = site.join("content/2025/q2");
    fs::remove_file(dir.join("测试区2025年第二季度加扣分情况.pdf")).unwrap();
    let index = fs::read_to_string(dir.join("index.md")).unwrap();
    fs::write(
        dir.join("index.md"),
        index.replace(", 测试区2025年第二季度加扣分情况.pdf]", "]"),
    )
    .unwrap();
    for (lang, words) in [
        (
            "C",
            "the 附件 line `测试区2025年第二季度加扣分情况` names no file",
        ),
        (
            "zh_CN.UTF-8",
            "附件说明“测试区2025年第二季度加扣分情况”没有对应的发布文件",
        ),
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(["check", "--root"])
            .arg(&site)
            .env("LANG", lang)
            .env_remove("LC_ALL")
            .env_remove("BULLETIN_LANG")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{err}");
        assert!(err.contains(words), "{err}");
        let line = index
            .lines()
            .position(|l| l.contains("attachments: [测试区2025年第二季度绩效考核得分明细表,"))
            .unwrap()
            + 1;
        assert!(
            err.contains(&format!("content/2025/q2/index.md:{line}:")),
            "not at its line {line}: {err}"
        );
        // The line that names a file published beside the page is no warning.
        assert!(!err.contains("绩效考核得分明细表`"), "{err}");
    }
}

/// The pages of a PDF: each page's height and its words, top down, with the top of each
/// (pdftotext -bbox).
fn pdf_pages(pdf: &Path) -> Vec<(f64, Vec<(f64, String)>)> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    let attr = |el: &str, name: &str| -> f64 {
        let key = format!(" {name}=\"");
        let at = el.find(&key).unwrap() + key.len();
        el[at..at + el[at..].find('"').unwrap()].parse().unwrap()
    };
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let height = attr(page, "height");
        let words = page
            .split("<word ")
            .skip(1)
            .map(|w| {
                let text = &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()];
                (attr(w, "yMin"), text.to_string())
            })
            .collect();
        pages.push((height, words));
    }
    pages
}

/// GB/T 9704 7.5 in the Word file as LibreOffice lays it out: the 版记 stands at the foot of
/// the last page, on a page that holds text too (never alone on a page of its own, even
/// where the 落款 and the QR code fill the foot of the text's last page, as in the
/// fixture); a table's notes (※) never end a page apart from their table.
#[test]
fn the_word_files_banji_stands_at_the_foot_of_the_last_page_and_notes_keep_their_table() {
    if !need(&[
        ("soffice", "libreoffice-writer-nogui"),
        ("pdftotext", "poppler-utils"),
    ]) {
        return;
    }
    let (tmp, example) = build(".");
    let (_fixture_tmp, fixture) = build(FIXTURE);
    for docx in [
        fixture.join(PAGE).join("notice.docx"),
        example.join("2025/q2-units/notice.docx"),
        example.join("2025/h1-people/notice.docx"),
    ] {
        let work = tmp.path().join(docx.parent().unwrap().file_name().unwrap());
        fs::create_dir_all(&work).unwrap();
        let pages = pdf_pages(&docx_pdf(&docx, &work));
        let at = pages
            .iter()
            .position(|(_, words)| words.iter().any(|(_, w)| w.contains("印发")))
            .expect("a 版记 in the PDF");
        let n = at + 1;
        let what = docx.display();
        assert_eq!(
            n,
            pages.len(),
            "{what}: the 版记 is on page {n} of {}",
            pages.len()
        );
        let (height, words) = &pages[at];
        let (y, _) = words.iter().find(|(_, w)| w.contains("印发")).unwrap();
        assert!(
            *y > height * 2.0 / 3.0,
            "{what}: the 版记 at {y:.0} pt of {height:.0}"
        );
        // Above the 版记 and the page number, the page holds text of the notice.
        let above = words
            .iter()
            .filter(|(wy, w)| *wy < height / 2.0 && !w.starts_with('—'))
            .count();
        assert!(above > 0, "{what}: page {n} holds the 版记 alone");
        for (k, (_, words)) in pages.iter().enumerate() {
            if let Some(note) = words.iter().position(|(_, w)| w.starts_with('※')) {
                assert!(
                    words[note..].iter().any(|(_, w)| w == "名次"),
                    "{what}: a table's note ends page {} without its table",
                    k + 1
                );
            }
        }
    }
}
