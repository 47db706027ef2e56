//! `notice.docx`: the notice as a Word file that an office edits, stamps and files, made
//! with docx-rs in the GB/T 9704-2012 layout: A4, a type area of 156 × 225 mm (top 37 mm,
//! left 28 mm) on a grid of 22 lines, the title in 小标宋 22 pt (style 标题), the body in
//! 仿宋 16 pt (style 正文), the ranking tables with their header row repeated on every
//! page (`w:tblHeader`) and rows that never split (`w:cantSplit`), the 落款 with room for
//! the stamp, the 版记, page numbers "— 1 —" at the foot (right on odd pages, left on
//! even ones) and the QR code of the web page.
//!
//! The bytes are the same on every build: the document's dates are the bulletin's own
//! (docProps), the image id is fixed, and the archive's entries carry docx-rs's fixed
//! times.

use docx_rs::{
    AlignmentType, BorderType, DocGrid, DocGridType, Docx, Footer, HeightRule, LineSpacing,
    LineSpacingType, PageMargin, PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Pic, Run, RunFonts, SpecialIndentType, Style, StyleType, Tab, TabValueType,
    Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TablePositionProperty, TableRow, VAlignType, WidthType,
};
use unicode_width::UnicodeWidthStr;

use super::gongwen::{self, DocumentView, TablePart};
use super::summary::SiteView;
use super::views::BulletinView;
use crate::diag::{Diagnostic, Diagnostics};

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

fn fonts(east_asia: &str) -> RunFonts {
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
fn body(text: impl Into<String>) -> Paragraph {
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

/// A table as the Word file writes it: the header row, the rows of cells, each column's
/// class (as [`TablePart::class`]) and whether it is kept on one page.
struct Grid<'a> {
    head: &'a [String],
    body: Vec<&'a [String]>,
    class: &'a [&'static str],
    whole: bool,
}

/// Column widths that fit the widest cell of each column on one line at 五号 (10.5 pt; a
/// header may wrap after three characters). Room left over is shared out by need; when
/// the type area is too narrow, the columns that may wrap give way first (a person's unit
/// and post, the change in words, a reason), down to four characters, then the names, then
/// every column in proportion: figures never wrap, and a name wraps last.
fn grid(t: &Grid) -> Vec<usize> {
    // Twips for a figure or a Latin letter at 10.5 pt (in the widest common serif, DejaVu,
    // where Times New Roman is missing), for a Chinese character (one em), and for a
    // cell's margins.
    const HALF_EM: usize = 135;
    const EM: usize = 210;
    const MARGINS: usize = 2 * CELL_MARGIN + 40;
    // ★ and the like are as wide as a Chinese character in a Chinese font; Word and
    // LibreOffice put a quarter em between Chinese and a figure (上升 1 位).
    let width = |s: &str| -> usize {
        let mut out = 0;
        let mut last_wide = None;
        for c in s.chars() {
            let wide = match unicode_width::UnicodeWidthChar::width_cjk(c) {
                Some(2) => true,
                Some(0) | None => continue,
                _ => false,
            };
            out += if wide { EM } else { HALF_EM };
            if last_wide.is_some_and(|w| w != wide) {
                out += EM / 4;
            }
            last_wide = Some(wide);
        }
        out
    };
    let need: Vec<usize> = (0..t.head.len())
        .map(|i| {
            let cells = t.body.iter().map(|r| r.get(i).map_or("", |c| c.as_str()));
            // A header may wrap after three characters; a column is two wide at least.
            let head: usize = t.head[i]
                .chars()
                .take(3)
                .map(|c| width(&c.to_string()))
                .sum();
            cells
                .map(width)
                .chain([head, 2 * EM])
                .max()
                .unwrap_or(2 * EM)
                + MARGINS
        })
        .collect();
    let floor = 4 * EM + MARGINS;
    let mut widths = need.clone();
    // Cut the columns of `class` down to a common cap, as little as fits.
    let give_way = |class: &str, widths: &mut Vec<usize>| {
        let sum = |w: &Vec<usize>| w.iter().sum::<usize>();
        if sum(widths) <= TEXT_WIDTH {
            return;
        }
        let mut cap = widths.iter().copied().max().unwrap_or(floor);
        while cap > floor && sum(widths) > TEXT_WIDTH {
            cap -= EM / 8;
            for (i, w) in widths.iter_mut().enumerate() {
                if t.class[i] == class {
                    *w = need[i].min(cap).max(floor.min(need[i]));
                }
            }
        }
    };
    give_way("wrap", &mut widths);
    give_way("name", &mut widths);
    let sum: usize = widths.iter().sum();
    let mut widths: Vec<usize> = widths.iter().map(|w| w * TEXT_WIDTH / sum).collect();
    // Rounding leaves a few twips: give them to the widest column.
    let sum: usize = widths.iter().sum();
    if let Some(i) = (0..widths.len()).max_by_key(|&i| widths[i])
        && sum < TEXT_WIDTH
    {
        widths[i] += TEXT_WIDTH - sum;
    }
    widths
}

/// A cell; `keep` holds its row with the next one (Word's way to keep a table whole).
fn cell(text: &str, width: usize, head: bool, keep: bool, left: bool) -> TableCell {
    let mut run = Run::new().add_text(text);
    if head {
        run = run.fonts(fonts(HEITI));
    }
    let mut p = Paragraph::new()
        .style("TableText")
        .keep_next(keep)
        .add_run(run);
    if left {
        p = p.align(AlignmentType::Left);
    }
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .add_paragraph(p)
}

/// A row one line high: 6.5 mm, so that a page holds 28 rows and more.
const ROW: f32 = 369.0;
/// The left and right margin of a cell (1 mm), narrower than Word's 1.9 mm, so that a
/// table of five indicators leaves room for the units' names.
const CELL_MARGIN: usize = 57;

/// A table of the notice: its header row repeated on every page it runs onto, rows that
/// never split, and, kept whole, each row held with the next.
fn table(t: &Grid) -> Table {
    let widths = grid(t);
    let head = TableRow::new(
        t.head
            .iter()
            .zip(&widths)
            .map(|(h, w)| cell(h, *w, true, true, false))
            .collect(),
    )
    .cant_split()
    .row_height(HEAD_ROW)
    .height_rule(HeightRule::AtLeast);
    let mut rows = vec![head];
    for (k, r) in t.body.iter().enumerate() {
        let keep = t.whole && k + 1 < t.body.len();
        rows.push(
            TableRow::new(
                r.iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| cell(c, *w, false, keep, t.class[i] == "wrap"))
                    .collect(),
            )
            .cant_split()
            .row_height(ROW)
            .height_rule(HeightRule::AtLeast),
        );
    }
    Table::new(rows)
        .set_grid(widths)
        .width(TEXT_WIDTH, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .layout(TableLayoutType::Fixed)
        .margins(
            TableCellMargins::new()
                .margin_left(CELL_MARGIN, WidthType::Dxa)
                .margin_right(CELL_MARGIN, WidthType::Dxa),
        )
}

/// One category's table: the parts of the printed notice joined again, since Word
/// repeats the header row on every page by itself.
fn ranking(parts: &[&TablePart]) -> Table {
    table(&Grid {
        head: &parts[0].head,
        body: parts
            .iter()
            .flat_map(|p| &p.body)
            .map(Vec::as_slice)
            .collect(),
        class: &parts[0].class,
        whole: parts[0].whole,
    })
}

/// A table of the narrative: the header row and its rows as written, kept whole when it
/// fits on a page.
fn narrative_table(rows: &[Vec<String>]) -> Table {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(1);
    let class = vec!["name"; columns];
    let mut head = rows[0].clone();
    head.resize(columns, String::new());
    table(&Grid {
        head: &head,
        body: rows[1..].iter().map(Vec::as_slice).collect(),
        class: &class,
        whole: rows.len() <= 28,
    })
}

/// The bonus and deduction details after the tables, headed 七、加分明细 and so on.
fn details(mut docx: Docx, v: &BulletinView, mut number: usize) -> Docx {
    let who = if v.people { "姓名" } else { "单位" };
    let lists = [
        ("加分明细", &v.bonuses, [who, "类别", "分值", "事由"]),
        ("扣分明细", &v.deductions, ["日期", "单位", "分值", "事由"]),
    ];
    for (title, list, head) in lists {
        if list.is_empty() {
            continue;
        }
        number += 1;
        let bonus = title == "加分明细";
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|d| {
                let first = if bonus {
                    d.unit.clone()
                } else {
                    d.date.as_ref().map_or(String::new(), |x| x.text.clone())
                };
                let second = if bonus {
                    d.category.clone()
                } else {
                    d.unit.clone()
                };
                let sign = if bonus { "+" } else { "−" };
                vec![
                    first,
                    second,
                    format!("{sign}{}", d.points),
                    d.reason.clone(),
                ]
            })
            .collect();
        let head: Vec<String> = head.iter().map(|h| h.to_string()).collect();
        let class = if bonus {
            ["name", "name", "num", "wrap"]
        } else {
            ["num", "name", "num", "wrap"]
        };
        docx = docx.add_paragraph(
            para(format!("{}、{title}", gongwen::numeral(number)))
                .style("Heading2")
                .indent(Some(2 * CHAR), None, None, None)
                .keep_next(true),
        );
        docx = docx.add_table(table(&Grid {
            head: &head,
            body: rows.iter().map(Vec::as_slice).collect(),
            class: &class,
            whole: rows.len() <= 28,
        }));
    }
    docx
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
    docx = docx.add_paragraph(para(&v.summary.title).style("Title"));
    docx = docx.add_paragraph(Paragraph::new());
    if let Some(to) = document.and_then(|d| d.to.as_ref()) {
        docx = docx.add_paragraph(para(format!("{to}：")));
    }
    docx = docx.add_paragraph(body(gongwen::lead(v)));
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
        docx = docx.add_table(ranking(&group));
        for note in &c.tier_notes {
            docx = docx.add_paragraph(body(format!("* {note}")));
        }
        if let Some(n) = &c.exemplar_note {
            docx = docx.add_paragraph(body(format!("绩效标兵：{n}")));
        }
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
        let code = super::qr::Qr::encode(&qr.url)?;
        let mut pic = Pic::new_with_dimensions(code.png(4), 94, 94);
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
    xml.document = mark_header_rows(&xml.document);
    xml.styles = without_bare_normal(&xml.styles);
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(crate::msg!(
                "docx-write",
                path = &v.summary.path,
                detail = e.to_string()
            ))
            .hint(crate::msg!("docx-write-help")),
        )
    })?;
    Ok(out.into_inner())
}

/// The 版记 as a floating table of one column at the foot of the type area: 抄送 (if any)
/// and 印发机关 with the date at the right, between the rules (GB/T 9704 7.4).
fn banji(docx: Docx, d: &DocumentView) -> Docx {
    let line = |text: Vec<Run>, tabs: bool| {
        let mut p = Paragraph::new()
            .indent(Some(140), None, Some(140), Some(0))
            .line_spacing(exact(LINE))
            .keep_next(true);
        if tabs {
            p = p.tabs(&[Tab::new()
                .val(TabValueType::Right)
                .pos(TEXT_WIDTH - 280 - 400)]);
        }
        for r in text {
            p = p.add_run(r);
        }
        TableRow::new(vec![
            TableCell::new()
                .width(TEXT_WIDTH - 280, WidthType::Dxa)
                .add_paragraph(p),
        ])
        .cant_split()
    };
    let small = |text: &str| Run::new().add_text(text).size(28);
    let mut rows = Vec::new();
    if !d.cc.is_empty() {
        rows.push(line(
            vec![small(&format!("抄送：{}。", d.cc.join("，")))],
            false,
        ));
    }
    rows.push(line(
        vec![
            small(&d.printed_by)
                .add_tab()
                .add_text(format!("{}印发", d.date.text)),
        ],
        true,
    ));
    let rule = |position, size| TableBorder::new(position).size(size).color("000000");
    // LibreOffice floats a table only when it is narrower than the type area, cell
    // margins included: a character less than its width, centred.
    let wide = TEXT_WIDTH - 280;
    let table = Table::new(rows)
        .set_grid(vec![wide])
        .width(wide, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(
            TableBorders::with_empty()
                .set(rule(TableBorderPosition::Top, 8))
                .set(rule(TableBorderPosition::Bottom, 8))
                .set(rule(TableBorderPosition::InsideH, 4)),
        )
        .position(
            TablePositionProperty::new()
                .vertical_anchor("margin")
                .horizontal_anchor("margin")
                .position_y_alignment("bottom")
                .position_x_alignment("center"),
        );
    // A table cannot end the body: a paragraph of no height after it, its anchor.
    docx.add_table(table)
        .add_paragraph(Paragraph::new().line_spacing(exact(20)).snap_to_grid(false))
}

fn v_narrative(v: &BulletinView) -> String {
    v.narrative_at.markdown.clone()
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
