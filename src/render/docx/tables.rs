//! The tables of `notice.docx`: the ranking tables (the printed parts joined again), the
//! narrative's tables, the bonus and deduction details, and the 版记 floating at the foot
//! of the page; their columns sized by what they hold.

use docx_rs::{
    AlignmentType, Docx, HeightRule, Paragraph, Run, Tab, TabValueType, Table, TableAlignmentType,
    TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableLayoutType,
    TablePositionProperty, TableRow, VAlignType, WidthType,
};

use super::{CHAR, HEAD_ROW, HEITI, LINE, TEXT_WIDTH, exact, fonts, para};
use crate::render::gongwen::{self, DocumentView, TablePart};
use crate::render::views::BulletinView;

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
    // The columns that may wrap give way where it wraps the fewest rows for the room it
    // makes: a post of twelve characters in two rows wraps rather than a unit's name of
    // eleven in forty.
    let cells: Vec<Vec<usize>> = (0..t.head.len())
        .map(|i| {
            t.body
                .iter()
                .map(|r| r.get(i).map_or(0, |c| width(c)) + MARGINS)
                .collect()
        })
        .collect();
    loop {
        let over = widths.iter().sum::<usize>().saturating_sub(TEXT_WIDTH);
        if over == 0 {
            break;
        }
        let cut = (0..widths.len())
            .filter(|&i| t.class[i] == "wrap" && widths[i] > floor)
            .map(|i| {
                let next = cells[i]
                    .iter()
                    .copied()
                    .filter(|&w| w < widths[i])
                    .max()
                    .unwrap_or(floor)
                    .max(floor);
                let wrapped = cells[i]
                    .iter()
                    .filter(|&&w| w > next && w <= widths[i])
                    .count();
                (i, next, wrapped as f64 / (widths[i] - next) as f64)
            })
            .min_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(&b.0)));
        let Some((i, next, _)) = cut else { break };
        widths[i] = next.max(widths[i].saturating_sub(over));
    }
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

/// The columns of a printed table as shares of the type area (per cent, one decimal):
/// the Word file's columns ([`grid`]), so that print.html wraps the cells Word wraps.
pub fn column_shares(head: &[String], body: &[Vec<String>], class: &[&'static str]) -> Vec<f64> {
    let widths = grid(&Grid {
        head,
        body: body.iter().map(Vec::as_slice).collect(),
        class,
        whole: false,
    });
    widths
        .iter()
        .map(|w| (*w as f64 * 1000.0 / TEXT_WIDTH as f64).round() / 10.0)
        .collect()
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
pub(super) fn ranking(parts: &[&TablePart]) -> Table {
    let body: Vec<&[String]> = parts
        .iter()
        .flat_map(|p| &p.body)
        .map(Vec::as_slice)
        .collect();
    // Kept whole when it fits a page of Word's rows (28 under a heading).
    let whole = parts[0].whole && body.len() <= 28;
    table(&Grid {
        head: &parts[0].head,
        body,
        class: &parts[0].class,
        whole,
    })
}

/// A table of the narrative: the header row and its rows as written, kept whole when it
/// fits on a page.
pub(super) fn narrative_table(rows: &[Vec<String>]) -> Table {
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
pub(super) fn details(mut docx: Docx, v: &BulletinView, mut number: usize) -> Docx {
    // A people bulletin's exemplars, by name, with how each was named: readers of the
    // notice find them here rather than among the ★ of 160 rows.
    if !v.exemplars.is_empty() {
        number += 1;
        let head: Vec<String> = ["姓名", "单位", "职务", "类别", "产生方式"]
            .map(String::from)
            .to_vec();
        let rows: Vec<Vec<String>> = v
            .exemplars
            .iter()
            .map(|x| {
                vec![
                    x.name.clone(),
                    x.unit.clone(),
                    x.post.clone(),
                    x.class.clone(),
                    x.basis_short.clone(),
                ]
            })
            .collect();
        docx = docx.add_paragraph(
            para(format!(
                "{}、绩效标兵名单（{}人）",
                gongwen::numeral(number),
                rows.len()
            ))
            .style("Heading2")
            .indent(Some(2 * CHAR), None, None, None)
            .keep_next(true),
        );
        docx = docx.add_table(table(&Grid {
            head: &head,
            body: rows.iter().map(Vec::as_slice).collect(),
            class: &["name", "wrap", "wrap", "name", "wrap"],
            whole: rows.len() <= 28,
        }));
    }
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
        docx = docx.add_table(details_table(&head, &rows, &class));
    }
    docx
}

/// The 版记 as a floating table of one column at the foot of the type area: 抄送 (if any)
/// and 印发机关 with the date at the right, between the rules (GB/T 9704 7.4).
pub(super) fn banji(docx: Docx, d: &DocumentView) -> Docx {
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

/// The 更正说明 of a corrected bulletin, where print.html has it (after the opening
/// sentence): each correction's day and reason, and its change table (`→` between the
/// value before and after).
pub(super) fn correction(mut docx: Docx, v: &BulletinView, today: &str) -> Docx {
    let Some(cr) = &v.correction else {
        return docx;
    };
    docx = docx.add_paragraph(
        para("更正说明")
            .style("Heading2")
            .indent(Some(2 * CHAR), None, None, None)
            .keep_next(true),
    );
    let who = if v.people { "姓名" } else { "单位" };
    for (k, it) in cr.items.iter().enumerate() {
        let mut text = String::new();
        if cr.revision > 1 {
            text.push_str(&format!("第{}次更正，", it.number));
        }
        text.push_str(&format!("{}：{}", it.date.text, it.reason));
        if let (0, Some(restart), Some(n)) = (k, it.restart_text, &v.summary.notice)
            && today <= n.to.iso.as_str()
        {
            text.push_str(&format!("{restart}{}。", n.range));
        }
        docx = docx.add_paragraph(super::body(text).keep_next(true));
        let mut head = vec![
            who.to_string(),
            "总分（更正前 → 更正后）".into(),
            "名次".into(),
        ];
        let mut class = vec!["name", "num", "num"];
        if cr.has_tier {
            head.push("等次".into());
            class.push("name");
        }
        if cr.has_exemplar {
            head.push("绩效标兵".into());
            class.push("name");
        }
        let rows: Vec<Vec<String>> = it
            .rows
            .iter()
            .map(|r| {
                let mut name = r.name.clone();
                match r.kind {
                    "added" => name.push_str("（新增）"),
                    "removed" => name.push_str("（不再列入）"),
                    _ => {}
                }
                if let Some(old) = &r.renamed_from {
                    name.push_str(&format!("（原{old}）"));
                }
                let mut row = vec![name, r.total.text.clone(), r.place.text.clone()];
                if cr.has_tier {
                    row.push(r.tier.text.clone());
                }
                if cr.has_exemplar {
                    row.push(r.exemplar.text.clone());
                }
                row
            })
            .collect();
        docx = docx.add_table(details_table(&head, &rows, &class));
    }
    docx
}

/// A table of details (bonus, deductions, corrections, exemplars): whole when it fits on a
/// page (28 rows).
fn details_table(head: &[String], rows: &[Vec<String>], class: &[&'static str]) -> Table {
    table(&Grid {
        head,
        body: rows.iter().map(Vec::as_slice).collect(),
        class,
        whole: rows.len() <= 28,
    })
}
