//! `notice.docx`: the notice as a Word file that an office edits, stamps and files, made
//! with docx-rs in the GB/T 9704-2012 layout: A4, a type area of 156 × 225 mm (top 37 mm,
//! left 28 mm) on a grid of 22 lines, the title in 小标宋 22 pt (style 标题), the body in
//! 仿宋 16 pt (style 正文), the ranking tables with their header row repeated on every
//! page (`w:tblHeader`) and rows that never split (`w:cantSplit`), the 落款 with room for
//! the stamp, the 版记, page numbers "— 1 —" at the foot (right on odd pages, left on
//! even ones) and the QR code of the web page.
//!
//! The bytes are the same on every build: the document's dates are the bulletin's own
//! (docProps), the image id is fixed, and the archive's entries carry fixed times. The
//! parts are deflated, as Word's own files are.

use docx_rs::{
    AlignmentType, BorderType, BreakType, DocGrid, DocGridType, Docx, Footer, LineSpacing,
    LineSpacingType, PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Pic, Run, RunFonts, SpecialIndentType, Style, StyleType,
};
use unicode_width::UnicodeWidthStr;

mod pages;
mod tables;

pub use tables::column_shares;

use super::gongwen::{self, DocumentView, TablePart};
use super::summary::SiteView;
use super::views::BulletinView;
use crate::diag::{Diagnostic, Diagnostics};
use tables::{banji, details, narrative_table, ranking};

/// Twentieths of a point in a millimetre.
fn mm(v: f64) -> i32 {
    (v * 1440.0 / 25.4).round() as i32
}

/// The type area's width, 156 mm, in twips.
const TEXT_WIDTH: usize = 8844;
/// One line of the 22-line grid: 225 mm / 22 = 10.23 mm = 29 pt.
const LINE: i32 = 579;
/// One character of 3号 (16 pt), the unit of GB/T 9704's indents.
const CHAR: i32 = 320;
/// A row height used only by header rows, so that they can be marked `w:tblHeader`
/// (docx-rs has no setter for it).
const HEAD_ROW: f32 = 567.0;

const FANGSONG: &str = "仿宋_GB2312";
const XIAOBIAOSONG: &str = "方正小标宋简体";
const HEITI: &str = "黑体";
const SONGTI: &str = "宋体";

pub(super) fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

fn exact(line: i32) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line)
}

/// The styles an office edits the notice with: 正文 (the body), 标题 (the title), 标题 2
/// (category headings), 表格文字 (table cells, 五号) and 页脚 (page numbers, 4号).
fn styles(mut docx: Docx) -> Docx {
    docx.styles.styles.retain(|s| s.style_id != "Normal");
    docx.default_fonts(fonts(FANGSONG))
        .default_size(32)
        .add_style({
            // 28 characters a line: 16 pt less 0.25 pt each (28 × 15.75 pt ≤ 156 mm).
            let mut normal = Style::new("Normal", StyleType::Paragraph)
                .name("正文")
                .fonts(fonts(FANGSONG))
                .size(32)
                .line_spacing(exact(LINE));
            normal.run_property = normal.run_property.spacing(-5);
            normal
        })
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("标题")
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(XIAOBIAOSONG))
                .size(44)
                .align(AlignmentType::Center)
                .line_spacing(exact(mm(13.0)))
                .snap_to_grid(false),
        )
        .add_style(
            Style::new("Heading2", StyleType::Paragraph)
                .name("标题 2")
                .based_on("Normal")
                .next("Normal")
                .fonts(fonts(HEITI))
                .outline_lvl(1),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("表格文字")
                .based_on("Normal")
                .size(21)
                .align(AlignmentType::Center)
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240),
                )
                .snap_to_grid(false),
        )
        .add_style(
            Style::new("Footer", StyleType::Paragraph)
                .name("页脚")
                .based_on("Normal")
                .fonts(fonts(SONGTI))
                .size(28),
        )
}

fn para(text: impl Into<String>) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(text))
}

/// A body paragraph indented two characters, as 公文 paragraphs are.
pub(super) fn body(text: impl Into<String>) -> Paragraph {
    para(text).indent(
        None,
        Some(SpecialIndentType::FirstLine(2 * CHAR)),
        None,
        None,
    )
}

fn border(p: Paragraph, at: ParagraphBorderPosition, size: usize, color: &str) -> Paragraph {
    let mut p = p;
    let borders = p
        .property
        .borders
        .take()
        .unwrap_or_else(ParagraphBorders::with_empty);
    p.property = p.property.set_borders(
        borders.set(
            ParagraphBorder::new(at)
                .val(BorderType::Single)
                .size(size)
                .space(1)
                .color(color),
        ),
    );
    p
}

/// The page number of the foot, "— 1 —", set off one character from the edge.
fn page_foot(align: AlignmentType) -> Footer {
    let (left, right) = match align {
        AlignmentType::Right => (None, Some(280)),
        _ => (Some(280), None),
    };
    Footer::new().add_paragraph(
        Paragraph::new()
            .style("Footer")
            .align(align)
            .indent(left, None, right, None)
            .add_run(Run::new().add_text("— "))
            .add_page_num(PageNum::new())
            .add_run(Run::new().add_text(" —")),
    )
}

/// The notice as a Word file.
pub fn notice(
    site: &SiteView,
    v: &BulletinView,
    document: Option<&DocumentView>,
    parts: &[TablePart],
) -> Result<Vec<u8>, Diagnostics> {
    let day = format!("{}T00:00:00Z", v.summary.published.iso);
    let mut docx = styles(Docx::new())
        .page_size(11906, 16838)
        .page_margin(
            PageMargin::new()
                .top(mm(37.0))
                .bottom(mm(35.0))
                .left(mm(28.0))
                .right(mm(26.0))
                .header(mm(15.0))
                .footer(mm(23.0)),
        )
        .footer(page_foot(AlignmentType::Right))
        .even_footer(page_foot(AlignmentType::Left))
        .created_at(&day)
        .updated_at(&day);
    docx.document = docx.document.doc_grid(
        DocGrid::new()
            .grid_type(DocGridType::Lines)
            .line_pitch(LINE as usize),
    );

    // 版头: the issuing body in red, the number two lines under it, the red line.
    if let Some(d) = document {
        if d.red_header {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .snap_to_grid(false)
                    .line_spacing(exact(mm(d.header_pt as f64 * 0.5)))
                    .add_run(
                        Run::new()
                            .add_text(&d.header)
                            .fonts(fonts(XIAOBIAOSONG))
                            .size(d.header_pt as usize * 2)
                            .color("E60012"),
                    ),
            );
            docx = docx.add_paragraph(Paragraph::new());
        }
        if let Some(n) = &d.number {
            let p = para(n).align(AlignmentType::Center);
            docx = docx.add_paragraph(if d.red_header {
                border(p, ParagraphBorderPosition::Bottom, 12, "E60012")
            } else {
                p
            });
        }
        docx = docx.add_paragraph(Paragraph::new());
    }
    // The title in lines broken between its words, as even as they go (GB/T 9704 7.3.3).
    let mut title = Run::new();
    for (k, line) in v.title_lines.iter().enumerate() {
        if k > 0 {
            title = title.add_break(BreakType::TextWrapping);
        }
        title = title.add_text(line);
    }
    docx = docx.add_paragraph(Paragraph::new().add_run(title).style("Title"));
    docx = docx.add_paragraph(Paragraph::new());
    if let Some(to) = document.and_then(|d| d.to.as_ref()) {
        docx = docx.add_paragraph(para(format!("{to}：")));
    }
    docx = docx.add_paragraph(body(gongwen::lead(v)));
    docx = tables::correction(docx, v, &site.today.iso);
    for block in super::markdown::text_blocks(&v_narrative(v)) {
        docx = match block {
            super::markdown::TextBlock::Heading(_, t) => docx.add_paragraph(
                para(t)
                    .style("Heading2")
                    .indent(Some(2 * CHAR), None, None, None),
            ),
            super::markdown::TextBlock::Paragraph(t) => docx.add_paragraph(body(t)),
            super::markdown::TextBlock::Table(rows) => docx.add_table(narrative_table(&rows)),
        };
    }

    // The tables, one a category, headed 一、园区类（12个单位参与排名）.
    let mut i = 0;
    while i < parts.len() {
        let n = parts[i].number;
        let group: Vec<&TablePart> = parts[i..].iter().take_while(|p| p.number == n).collect();
        i += group.len();
        let c = &group[0].c;
        let count = c.stats.as_ref().map_or(String::new(), |s| {
            format!(
                "（{}{}参与排名）",
                s.count,
                if v.people { "人" } else { "个单位" }
            )
        });
        docx = docx.add_paragraph(
            para(format!("{}、{}{count}", group[0].numeral, c.name))
                .style("Heading2")
                .indent(Some(2 * CHAR), None, None, None)
                .keep_next(true),
        );
        // The table's notes (its rows' footnotes, ties across a tier line, how its
        // exemplars came out) stand between its heading and the table, held with both: a
        // note after a table that fills its page would go over alone, and neither Word nor
        // LibreOffice holds a long table's last row with the paragraph after it.
        let notes = c
            .footnotes
            .iter()
            .map(|n| format!("※ {n}"))
            .chain(c.tier_notes.iter().map(|n| format!("* {n}")))
            .chain(c.exemplar_note.iter().map(|n| format!("绩效标兵：{n}")));
        for note in notes {
            docx = docx.add_paragraph(body(note).keep_next(true));
        }
        docx = docx.add_table(ranking(&group));
    }

    docx = details(docx, v, v.categories.len());

    // The notice period and how to object.
    if let Some(n) = &v.summary.notice {
        docx = docx.add_paragraph(body(format!("公示时间：{}。", n.range)));
        docx = docx.add_paragraph(body(format!(
            "公示期间，如对公示结果有异议，请以真实姓名，通过电话、信函或来访等方式向{}反映。",
            site.issuer
        )));
        let c = n.contact.as_ref();
        if let Some(c) = c {
            let mut parts = Vec::new();
            if let Some(p) = &c.phone {
                parts.push(format!("联系电话：{p}"));
            }
            if let Some(a) = &c.address {
                parts.push(format!("地址：{a}"));
            }
            if let Some(e) = &c.email {
                parts.push(format!("电子邮箱：{e}"));
            }
            if !parts.is_empty() {
                // The 落款 comes with the last lines of the text, never alone.
                docx = docx.add_paragraph(body(parts.join("　")).keep_next(true));
            }
        }
    }

    // 附件说明: 附件：1. … under the body, one line down.
    if let Some(d) = document
        && !d.attachments.is_empty()
    {
        docx = docx.add_paragraph(Paragraph::new());
        for (k, a) in d.attachments.iter().enumerate() {
            let text = if d.attachments.len() == 1 {
                format!("附件：{a}")
            } else if k == 0 {
                format!("附件：1. {a}")
            } else {
                format!("{}. {a}", k + 1)
            };
            let indent = if k == 0 { 2 * CHAR } else { 5 * CHAR };
            docx = docx.add_paragraph(
                para(text)
                    .indent(Some(indent), None, None, None)
                    .keep_next(true),
            );
        }
    }

    // 落款: the signer centred over the date, the date four characters from the right,
    // three lines above for the stamp.
    let (signer, date) = match document {
        Some(d) => (d.signer.clone(), d.date.text.clone()),
        None => (site.issuer.clone(), v.summary.published.text.clone()),
    };
    let (ws, wd) = (
        UnicodeWidthStr::width(signer.as_str()) as i32,
        UnicodeWidthStr::width(date.as_str()) as i32,
    );
    let right = 4 * CHAR;
    let (signer_right, date_right) = if ws <= wd {
        (right + (wd - ws) * CHAR / 4, right)
    } else {
        (right, right + (ws - wd) * CHAR / 4)
    };
    docx = docx.add_paragraph(
        para(&signer)
            .align(AlignmentType::Right)
            .indent(None, None, Some(signer_right), None)
            .line_spacing(exact(LINE).before((3 * LINE) as u32))
            .keep_next(true),
    );
    docx = docx.add_paragraph(
        para(&date)
            .align(AlignmentType::Right)
            .indent(None, None, Some(date_right), None)
            .keep_next(true),
    );

    // The QR code of the web page, with its address beside it.
    if let Some(qr) = &v.qr {
        let mut pic = Pic::new_with_dimensions(qr.code.png(4), 94, 94);
        pic.id = "rIdImage1".to_string();
        let side = 25 * 36000; // 25 mm in EMU
        pic.size = (side, side);
        docx = docx.add_paragraph(
            Paragraph::new()
                .line_spacing(
                    LineSpacing::new()
                        .line_rule(LineSpacingType::Auto)
                        .line(240)
                        .before(LINE as u32),
                )
                .add_run(Run::new().add_image(pic))
                .add_run(
                    Run::new()
                        .add_text(format!("　扫码查看网页版：{}", qr.url))
                        .size(24),
                ),
        );
    }

    // 版记: 抄送, then 印发机关 and the date, between the rules, in 4号 (14 pt), at the foot
    // of the page it falls on (the last), as GB/T 9704 puts it: a table floating at the
    // bottom of the type area, which Word and LibreOffice both place there.
    if let Some(d) = document {
        docx = banji(docx, d);
    }

    let mut xml = docx.build();
    let body = String::from_utf8_lossy(&mark_header_rows(&xml.document)).into_owned();
    // Never a page of the 版记 alone (pages.rs).
    xml.document = match pages::banji_overflows(&body) {
        Some(true) => pages::banji_with_its_text(&body),
        _ => body,
    }
    .into_bytes();
    xml.styles = without_bare_normal(&xml.styles);
    xml.doc_props.core = core_props(&xml.doc_props.core, &v.summary.title, &signer);
    let mut out = std::io::Cursor::new(Vec::new());
    let fail = |detail: String| {
        Diagnostics::from(
            Diagnostic::error(crate::msg!(
                "docx-write",
                path = &v.summary.path,
                detail = detail
            ))
            .hint(crate::msg!("docx-write-help")),
        )
    };
    xml.pack(&mut out).map_err(|e| fail(e.to_string()))?;
    deflated(&out.into_inner()).map_err(|e| fail(e.to_string()))
}

/// The archive again with every part deflated. docx-rs stores its parts uncompressed:
/// a notice of 2,000 rows' worth of runs was 135 KB as stored, 17 KB deflated (Word
/// itself deflates). The entries keep their order, names and fixed times, so the bytes
/// stay the same from build to build.
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(stored.len() / 4)));
    // Level 1: Word's XML is so repetitive that the fastest level keeps most of the gain
    // at a fraction of the time of the default (a notice is made on every first build).
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .unix_permissions(0o644);
    for i in 0..from.len() {
        let mut part = from.by_index(i)?;
        let name = part.name().to_owned();
        if part.is_dir() {
            to.add_directory(name, options)?;
        } else {
            to.start_file(name, options)?;
            std::io::copy(&mut part, &mut to)?;
        }
    }
    Ok(to.finish()?.into_inner())
}

fn v_narrative(v: &BulletinView) -> String {
    v.narrative_at.markdown.clone()
}

/// The file's properties as Word's 属性 and a file manager show them: the notice's title
/// and the issuing body (the 落款), never a person's name nor the writer's default
/// (docx-rs writes `unknown`).
fn core_props(core: &[u8], title: &str, issuer: &str) -> Vec<u8> {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let (title, issuer) = (esc(title), esc(issuer));
    String::from_utf8_lossy(core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            &format!("<dc:title>{title}</dc:title><dc:creator>{issuer}</dc:creator>"),
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            &format!("<cp:lastModifiedBy>{issuer}</cp:lastModifiedBy>"),
        )
        .into_bytes()
}

/// docx-rs writes a bare Normal style before the styles it is given: drop it, or Word
/// would take it (the first of two styles of one id) for 正文.
fn without_bare_normal(styles: &[u8]) -> Vec<u8> {
    const BARE: &str = "<w:style w:type=\"paragraph\" w:styleId=\"Normal\"><w:name w:val=\"Normal\" /><w:rPr /><w:pPr><w:rPr /></w:pPr><w:qFormat /></w:style>";
    String::from_utf8_lossy(styles)
        .replacen(BARE, "", 1)
        .into_bytes()
}

/// Add `<w:tblHeader/>` to the rows of the height only header rows have, so that Word
/// and LibreOffice repeat them at the top of every page the table runs onto.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let marker = format!("<w:trHeight w:val=\"{HEAD_ROW}\"");
    text.replace(&marker, &format!("<w:tblHeader />{marker}"))
        .into_bytes()
}
