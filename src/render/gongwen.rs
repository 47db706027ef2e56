//! The 公文 view (GB/T 9704-2012) that `print.html` takes when a bulletin has a
//! `document:` block, and that `notice.docx` is written from: the document fields with
//! their defaults, and the ranking tables cut into page-sized parts.
//!
//! Paged media cannot say （续） over the part of a table that runs onto a new page, so the
//! cut is made here: a table that fits on a page ([`rows_per_page`]) is one part that is
//! kept whole (it moves to the next page rather than split); a longer one starts on a new
//! page and is cut into full pages of that many rows and the rest, each part on its own
//! page, headed by the category's name with （续） and the header row again.

use serde::Serialize;

use super::summary::DateView;
use super::views::{BulletinView, CategoryView, RowView};
use crate::model::Document;

/// Table rows that fill one page of the type area (225 mm) under a heading line (10.2 mm)
/// and the header row: rows one line high, 6.6 mm at 12 pt (units, whose header of
/// indicators and weights takes three lines), 5.8 mm at 10.5 pt (people, a header of one
/// line), with a few millimetres to spare. A row that wraps counts for more
/// ([`row_cost`]).
pub fn rows_per_page(people: bool) -> usize {
    if people { 33 } else { 28 }
}

/// The document fields as the templates and the Word file show them.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    pub number: Option<String>,
    pub to: Option<String>,
    pub cc: Vec<String>,
    pub signer: String,
    pub date: DateView,
    pub attachments: Vec<String>,
    pub red_header: bool,
    pub header: String,
    /// The 版头's type size in points: as large as fits the type area's width, at most 36.
    pub header_pt: u32,
    pub printed_by: String,
}

impl DocumentView {
    pub fn new(d: &Document, issuer: &str) -> Self {
        DocumentView {
            number: d.number.clone(),
            to: d.to.clone(),
            cc: d.cc.clone(),
            signer: d.signer(issuer).to_string(),
            date: d.date.into(),
            attachments: d.attachments.clone(),
            red_header: d.red_header,
            header_pt: header_pt(&d.header_text(issuer)),
            header: d.header_text(issuer),
            printed_by: d.printed_by(issuer).to_string(),
        }
    }
}

/// The largest size up to 36 pt at which `text` fits 156 mm (442 pt) in one line, with
/// the 0.05 em letter spacing the 版头 has.
fn header_pt(text: &str) -> u32 {
    let n = text.chars().count().max(1) as u32;
    (420 / n).clamp(16, 36)
}

/// One piece of a ranking table as printed.
#[derive(Debug, Clone, Serialize)]
pub struct TablePart {
    /// The category, with only this part's rows.
    pub c: CategoryView,
    /// 1-based number of the category in the notice (一、二、… in the heading).
    pub number: usize,
    /// The category's heading number in Chinese: 一, 二, …
    pub numeral: String,
    /// A later part of a table: its heading says （续）.
    pub continued: bool,
    /// Starts on a new page.
    pub new_page: bool,
    /// The whole table in one part: not to be split over pages.
    pub whole: bool,
    /// The last part: the table's notes follow it.
    pub last: bool,
    /// The header row, and the cells of each row, as printed.
    pub head: Vec<String>,
    pub body: Vec<Vec<String>>,
    /// Each column's class: `num` (figures, never wrapped), `score` (figures under a
    /// header that may wrap), `name` (never wrapped) or `wrap` (a unit or post of a
    /// person, wrapped where the page is too narrow).
    pub class: Vec<&'static str>,
    /// Each column's share of the type area, in per cent: the Word file's columns, the
    /// same on every part of a table.
    pub widths: Vec<f64>,
}

/// The columns of a category's table in the printed notice: those of the notice-board
/// print (名次, 单位 or 姓名/单位/职务, 总分, up to five indicators, 较上期, 等次, 标兵, 等次).
pub fn head(v: &BulletinView, c: &CategoryView) -> (Vec<String>, Vec<&'static str>) {
    let mut cols: Vec<(String, &'static str)> = vec![("名次".into(), "num")];
    if v.people {
        cols.extend([
            ("姓名".into(), "name"),
            ("单位".into(), "wrap"),
            ("职务".into(), "wrap"),
        ]);
    } else {
        cols.push(("单位".into(), "name"));
    }
    cols.push(("总分".into(), "num"));
    if indicators_shown(v, c) {
        cols.extend(
            c.indicators
                .iter()
                .map(|i| (format!("{}（{}分）", i.name, i.weight), "score")),
        );
    }
    // A person's total holds their bonus and deductions, whose details a people bulletin
    // does not list by person (deduction reasons are never published): the points are
    // columns of their own, so that the total reads as made.
    if v.people && (c.has_bonus || c.has_deductions) {
        // One column for both: a people table has no room for two on A4.
        cols.push((points_head(c).into(), "num"));
    }
    if v.show_change {
        // 类别调整（上期为经济发展类部门） wraps rather than run off the page.
        cols.push(("较上期".into(), "wrap"));
    }
    if v.tiers.is_some() {
        cols.push(("等次".into(), "name"));
    }
    if v.has_exemplars {
        cols.push(("绩效标兵".into(), "name"));
    }
    if v.has_grades {
        cols.push(("考核等次".into(), "name"));
    }
    cols.into_iter().unzip()
}

/// The heading of a people table's column of points: 加分, 扣分 or 加扣分.
pub fn points_head(c: &CategoryView) -> &'static str {
    match (c.has_bonus, c.has_deductions) {
        (true, true) => "加扣分",
        (true, false) => "加分",
        _ => "扣分",
    }
}

/// A row's bonus and deductions as one cell: +1, −0.5, or +1 −0.5.
pub fn points(r: &RowView) -> String {
    let bonus = r.bonus.as_ref().map(|b| format!("+{b}"));
    let minus = r.deductions.as_ref().map(|d| format!("−{d}"));
    bonus.into_iter().chain(minus).collect::<Vec<_>>().join(" ")
}

fn indicators_shown(v: &BulletinView, c: &CategoryView) -> bool {
    c.has_scores && c.indicators.len() <= 5 && !v.people
}

/// A row's cells, in the columns of [`head`].
pub fn cells(v: &BulletinView, c: &CategoryView, r: &RowView) -> Vec<String> {
    let place = match r.rank {
        _ if r.deferred => "缓评".to_string(),
        Some(n) if r.tied => format!("并列{n}"),
        Some(n) => n.to_string(),
        None => String::new(),
    };
    let mut name = r.name.clone();
    // The mark of the table's footnote that gives the entry's own weights.
    if r.weights_text.is_some() || r.note.is_some() {
        name.push('※');
    }
    if let Some(old) = &r.renamed_from {
        name.push_str(&format!("（原{old}）"));
    }
    let mut out = vec![place, name];
    if v.people {
        out.push(r.unit.clone().unwrap_or_default());
        out.push(r.post.clone().unwrap_or_default());
    }
    out.push(if r.deferred {
        "—".into()
    } else {
        r.total.clone()
    });
    if indicators_shown(v, c) {
        if r.scores.is_empty() {
            out.extend(c.indicators.iter().map(|_| "—".to_string()));
        } else {
            out.extend(r.scores.iter().cloned());
        }
    }
    if v.people && (c.has_bonus || c.has_deductions) {
        out.push(points(r));
    }
    if v.show_change {
        out.push(r.change_words.clone());
    }
    if v.tiers.is_some() {
        let mut t = r.tier.clone().unwrap_or_default();
        if r.tier.is_some() && r.tier_by_tie {
            t.push('*');
        }
        out.push(t);
    }
    if v.has_exemplars {
        out.push(
            r.exemplar
                .as_ref()
                .map_or(String::new(), |e| format!("★{e}")),
        );
    }
    if v.has_grades {
        let top = r.grade.is_some() && r.grade == v.top_grade;
        out.push(if top {
            r.grade.clone().unwrap_or_default()
        } else {
            String::new()
        });
    }
    out
}

/// The opening sentence of the notice (the notice-board print words it the same way).
pub fn lead(v: &BulletinView) -> String {
    let mut s = String::new();
    if let Some(basis) = v.basis.as_ref().filter(|_| !v.basis_in_narrative) {
        s.push_str(&format!("根据{basis}，"));
    }
    s.push_str(&format!(
        "经考核，现将{}{}绩效考核结果{}。",
        v.summary.period,
        if v.people { "人员" } else { "单位" },
        if v.summary.notice.is_some() {
            "予以公示"
        } else {
            "通报如下"
        }
    ));
    if let Some(t) = &v.tiers {
        s.push_str(t);
    }
    s
}

/// 1 → 一, 12 → 十二, 20 → 二十.
pub fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[n - 10] }),
        20..=99 => format!(
            "{}十{}",
            D[n / 10],
            if n.is_multiple_of(10) { "" } else { D[n % 10] }
        ),
        _ => n.to_string(),
    }
}

/// How many one-line rows a row takes in a printed table of these column shares: a cell
/// wraps into as many lines as its text needs at 10.5 pt in its column of the 156 mm
/// type area, and a row of two lines is about 1.75 rows of one.
fn row_cost(cells: &[String], shares: &[f64]) -> f64 {
    let lines = cells
        .iter()
        .zip(shares)
        .map(|(c, share)| {
            // 156 mm at 10.5 pt (3.7 mm an em), less the cell's 2 mm of padding.
            let room = (share / 100.0 * 156.0 - 2.0) / 3.7;
            (super::title::ems(c) / room.max(1.0)).ceil().max(1.0)
        })
        .fold(1.0_f64, f64::max);
    1.0 + 0.75 * (lines - 1.0)
}

/// `rows` in pieces of at most `most` one-line rows each, by their costs.
fn pages_of<'a, T>(rows: &'a [T], cost: &[f64], most: f64) -> Vec<&'a [T]> {
    let mut out = Vec::new();
    let (mut start, mut sum) = (0, 0.0);
    for (i, c) in cost.iter().enumerate() {
        if sum + c > most && i > start {
            out.push(&rows[start..i]);
            (start, sum) = (i, 0.0);
        }
        sum += c;
    }
    if start < rows.len() {
        out.push(&rows[start..]);
    }
    out
}

/// The ranking tables of `v` cut into printed parts.
pub fn parts(v: &BulletinView) -> Vec<TablePart> {
    let mut out = Vec::new();
    for (i, c) in v.categories.iter().enumerate() {
        let most = rows_per_page(v.people);
        let (widths, cost) = {
            let (head, class) = head(v, c);
            let body: Vec<Vec<String>> = c.rows.iter().map(|r| cells(v, c, r)).collect();
            let widths = super::docx::column_shares(&head, &body, &class);
            let cost: Vec<f64> = body.iter().map(|r| row_cost(r, &widths)).collect();
            (widths, cost)
        };
        let whole = cost.iter().sum::<f64>() <= most as f64;
        // Full pages first: a page the table runs off is a full one (a row of two lines
        // counts for more than one).
        let chunks = pages_of(&c.rows, &cost, most as f64);
        let n = chunks.len();
        for (k, rows) in chunks.into_iter().enumerate() {
            let mut part = c.clone();
            part.rows = rows.to_vec();
            part.chart_svg = String::new();
            let (head, class) = head(v, c);
            out.push(TablePart {
                head,
                class,
                widths: widths.clone(),
                body: rows.iter().map(|r| cells(v, c, r)).collect(),
                c: part,
                number: i + 1,
                numeral: numeral(i + 1),
                continued: k > 0,
                new_page: !whole,
                whole,
                last: k + 1 == n,
            });
        }
        if c.rows.is_empty() {
            let mut part = c.clone();
            part.chart_svg = String::new();
            let (head, class) = head(v, c);
            out.push(TablePart {
                head,
                class,
                widths: Vec::new(),
                body: Vec::new(),
                c: part,
                number: i + 1,
                numeral: numeral(i + 1),
                continued: false,
                new_page: false,
                whole: true,
                last: true,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::numeral;

    #[test]
    fn category_numbers_read_in_chinese() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 23].into_iter().map(numeral).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十三"]);
    }
}
