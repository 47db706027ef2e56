//! Open data: every computed figure of a bulletin as `results.json` and `results.csv`
//! (UTF-8 with a BOM, so that Excel opens it in the right encoding). Numbers are written
//! as decimal strings, exactly as published. Grades below passing never appear.

use serde::Serialize;

use super::views::{BulletinView, RowView};

/// The JSON document. Its schema is documented in the README.
#[derive(Serialize)]
struct Document<'a> {
    schema: &'static str,
    bulletin: Meta<'a>,
    categories: Vec<Category<'a>>,
    /// What each correction changed, newest first; empty for a bulletin never corrected.
    corrections: Vec<Correction<'a>>,
}

#[derive(Serialize)]
struct Correction<'a> {
    number: usize,
    date: &'a str,
    reason: &'a str,
    restarts_notice: Option<bool>,
    changes: Vec<RowCorrection<'a>>,
}

#[derive(Serialize)]
struct RowCorrection<'a> {
    id: &'a str,
    kind: &'a str,
    name: &'a str,
    category: Values<'a>,
    total: Values<'a>,
    place: Values<'a>,
    /// `null` when no row of the bulletin's corrections has a tier (an exemplar).
    tier: Option<Values<'a>>,
    exemplar: Option<Values<'a>>,
}

/// A value before and after a correction, as the change table shows them.
#[derive(Serialize)]
struct Values<'a> {
    before: &'a str,
    after: &'a str,
}

fn values(c: &super::correction::Cell) -> Values<'_> {
    Values {
        before: &c.before,
        after: &c.after,
    }
}

fn corrections(v: &BulletinView) -> Vec<Correction<'_>> {
    let Some(c) = &v.correction else {
        return Vec::new();
    };
    c.items
        .iter()
        .map(|item| Correction {
            number: item.number,
            date: &item.date.iso,
            reason: &item.reason,
            restarts_notice: item.restarts_notice,
            changes: item
                .rows
                .iter()
                .map(|r| RowCorrection {
                    id: &r.id,
                    kind: r.kind,
                    name: &r.name,
                    category: values(&r.category),
                    total: values(&r.total),
                    place: values(&r.place),
                    tier: c.has_tier.then(|| values(&r.tier)),
                    exemplar: c.has_exemplar.then(|| values(&r.exemplar)),
                })
                .collect(),
        })
        .collect()
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    path: &'a str,
    period: &'a str,
    period_label: &'a str,
    series: &'a str,
    published: &'a str,
    /// How many times the bulletin was corrected (0 if never).
    revision: usize,
    /// The day of the last correction, else `published`.
    updated: &'a str,
    subject: &'static str,
    notice: Option<Notice<'a>>,
}

#[derive(Serialize)]
struct Notice<'a> {
    from: &'a str,
    to: &'a str,
}

#[derive(Serialize)]
struct Category<'a> {
    id: &'a str,
    name: &'a str,
    indicators: Vec<Indicator<'a>>,
    statistics: Option<&'a super::views::StatsView>,
    rows: Vec<Row<'a>>,
}

#[derive(Serialize)]
struct Indicator<'a> {
    name: &'a str,
    weight: &'a str,
}

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    name: &'a str,
    unit: Option<&'a str>,
    post: Option<&'a str>,
    rank: Option<usize>,
    tied: bool,
    total: Option<&'a str>,
    scores: &'a [String],
    /// The entry's own weights, in the order of `indicators`, when it has them.
    weights: Option<Vec<&'a str>>,
    bonus: Option<&'a str>,
    deductions: Option<&'a str>,
    change: Change<'a>,
    tier: Option<&'a str>,
    tier_by_tie: bool,
    grade: Option<&'a str>,
    exemplar: Option<&'a str>,
    deferred: bool,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct Change<'a> {
    kind: &'a str,
    text: &'a str,
}

fn row<'a>(r: &'a RowView, c: &'a super::views::CategoryView) -> Row<'a> {
    Row {
        id: &r.id,
        name: &r.name,
        unit: r.unit.as_deref(),
        post: r.post.as_deref(),
        rank: r.rank,
        tied: r.tied,
        total: (!r.deferred).then_some(r.total.as_str()),
        scores: &r.scores,
        weights: r.weights_text.as_ref().map(|w| own_weights(w, c)),
        bonus: r.bonus.as_deref(),
        deductions: r.deductions.as_deref(),
        change: Change {
            kind: r.change_kind,
            text: &r.change_words,
        },
        tier: r.tier.as_deref(),
        tier_by_tie: r.tier_by_tie,
        grade: r.grade.as_deref(),
        exemplar: r.exemplar.as_deref(),
        deferred: r.deferred,
        note: r.note.as_deref(),
    }
}

/// The figures of an entry's own weights (经济发展40分、招商引资30分 → 40, 30), read back
/// from their words in the indicators' order.
fn own_weights<'a>(words: &'a str, c: &super::views::CategoryView) -> Vec<&'a str> {
    words
        .split('、')
        .zip(&c.indicators)
        .map(|(w, i)| {
            w.strip_prefix(i.name.as_str())
                .unwrap_or(w)
                .trim_end_matches('分')
        })
        .collect()
}

/// `results.json` of a bulletin.
pub fn json(v: &BulletinView) -> String {
    let doc = Document {
        schema: "bulletin-results/1",
        bulletin: Meta {
            title: &v.summary.title,
            path: &v.summary.path,
            period: &v.summary.period_code,
            period_label: &v.summary.period,
            series: &v.summary.series,
            published: &v.summary.published.iso,
            revision: v.summary.revision,
            updated: &v.summary.updated.iso,
            subject: if v.people { "people" } else { "units" },
            notice: v.summary.notice.as_ref().map(|n| Notice {
                from: &n.from.iso,
                to: &n.to.iso,
            }),
        },
        categories: v
            .categories
            .iter()
            .map(|c| Category {
                id: &c.id,
                name: &c.name,
                indicators: c
                    .indicators
                    .iter()
                    .map(|i| Indicator {
                        name: &i.name,
                        weight: &i.weight,
                    })
                    .collect(),
                statistics: c.stats.as_ref(),
                rows: c.rows.iter().map(|r| row(r, c)).collect(),
            })
            .collect(),
        corrections: corrections(v),
    };
    let mut out = serde_json::to_string(&doc).expect("plain data serialises");
    out.push('\n');
    out
}

/// `results.csv` of a bulletin: one row per entry, in the order of the page.
/// A cell that a spreadsheet will not run as a formula (OWASP, CSV injection): text
/// beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which
/// Excel and WPS show as text and do not display. Numbers, negative ones included, stay
/// numbers.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let number = {
        let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
        let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
        !whole.is_empty()
            && !frac.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
    };
    if risky && !number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The 备注 of a row in the spreadsheet: its former name, its own weights (the indicator
/// columns' headers name no weight, but the category's are those of results.json), its
/// note.
fn remark(r: &RowView) -> String {
    let mut parts = Vec::new();
    if let Some(old) = &r.renamed_from {
        parts.push(format!("原名{old}"));
    }
    if let Some(w) = &r.weights_text {
        parts.push(format!("按单独核定的指标权重计分：{w}"));
    }
    if let Some(n) = &r.note {
        parts.push(n.clone());
    }
    parts.join("；")
}

pub fn csv(v: &BulletinView) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let people = v.people;
    let mut header = vec!["类别", "名次", "并列", "编号", "名称"];
    if people {
        header.extend(["单位", "职务"]);
    }
    header.extend([
        "总分",
        "加分",
        "扣分",
        "较上期",
        "等次",
        "考核等次",
        "绩效标兵",
        "状态",
        "备注",
    ]);
    // Each indicator score in a column of its own, named 类别·指标 (categories weigh
    // different indicators), so that a spreadsheet sorts by any of them.
    let columns: Vec<String> = v
        .categories
        .iter()
        .flat_map(|c| {
            c.indicators
                .iter()
                .map(move |i| format!("{}·{}", c.name, i.name))
        })
        .collect();
    let mut header: Vec<String> = header.into_iter().map(String::from).collect();
    header.extend(columns.iter().cloned());
    w.write_record(header.iter().map(|h| spreadsheet_safe(h).into_owned()))
        .expect("writing to memory");
    let mut first_column = 0;
    for c in &v.categories {
        let own = first_column..first_column + c.indicators.len();
        first_column = own.end;
        for r in &c.rows {
            let scores = (0..columns.len()).map(|k| {
                if own.contains(&k) {
                    r.scores.get(k - own.start).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            });
            let mut rec = vec![
                c.name.clone(),
                r.rank.map_or(String::new(), |p| p.to_string()),
                if r.tied { "是" } else { "" }.to_string(),
                r.id.clone(),
                r.name.clone(),
            ];
            if people {
                rec.push(r.unit.clone().unwrap_or_default());
                rec.push(r.post.clone().unwrap_or_default());
            }
            rec.extend([
                if r.deferred {
                    String::new()
                } else {
                    r.total.clone()
                },
                r.bonus.clone().unwrap_or_default(),
                r.deductions.clone().unwrap_or_default(),
                r.change_words.clone(),
                r.tier.clone().unwrap_or_default(),
                r.grade.clone().unwrap_or_default(),
                r.exemplar.clone().unwrap_or_default(),
                if r.deferred { "缓评" } else { "" }.to_string(),
                remark(r),
            ]);
            rec.extend(scores);
            w.write_record(rec.iter().map(|c| spreadsheet_safe(c).into_owned()))
                .expect("writing to memory");
        }
    }
    let bytes = w.into_inner().expect("writing to memory");
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8(bytes).expect("the records are UTF-8"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (cell, out) in [
            (
                "=HYPERLINK(\"http://x\",\"点我\")",
                "'=HYPERLINK(\"http://x\",\"点我\")",
            ),
            (
                "@SUM(1+1)*cmd|' /C calc'!A0",
                "'@SUM(1+1)*cmd|' /C calc'!A0",
            ),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-0.5", "-0.5"),
            ("92.88", "92.88"),
            ("+1", "+1"),
            ("高新产业园", "高新产业园"),
        ] {
            assert_eq!(spreadsheet_safe(cell), out, "{cell}");
        }
    }
}
