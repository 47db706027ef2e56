//! Typed views for the templates: small `Serialize` structs built for each page, so a
//! template reads `row.total` rather than digging through the model. Numbers arrive here
//! as finished text; templates never do arithmetic.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;

use super::chart;
use super::markdown;
pub use super::summary::{DateView, NoticeView, SiteView, Summary};
use crate::model::{Bulletin, Measure, Tiers};
use crate::number::{fixed, plain};
use crate::rank::{Change, Results};

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    pub name: String,
    pub weight: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowView {
    pub id: String,
    pub name: String,
    /// People bulletins: the person's unit and post.
    pub unit: Option<String>,
    pub post: Option<String>,
    /// People bulletins: how the person became an exemplar (前10% / 推荐), if they did.
    pub exemplar: Option<String>,
    /// The grade shown against the name (top or pass grade only).
    pub grade: Option<String>,
    /// `1`, or `并列2` for a shared place; empty when deferred.
    pub place: String,
    pub rank: Option<usize>,
    pub tied: bool,
    pub total: String,
    pub scores: Vec<String>,
    pub own_weights: bool,
    /// The weights an entry of its own weights was scored with, every indicator named
    /// (经济发展40分、招商引资30分、重点任务15分、党的建设15分): what a reader needs to
    /// rebuild its total from the table, whose header gives the category's weights.
    pub weights_text: Option<String>,
    pub bonus: Option<String>,
    pub deductions: Option<String>,
    pub change_mark: String,
    pub change_words: String,
    pub change_kind: &'static str,
    pub renamed_from: Option<String>,
    pub tier: Option<String>,
    pub tier_by_tie: bool,
    pub note: Option<String>,
    pub deferred: bool,
}

impl RowView {
    /// The footnote of a row scored with weights of its own (its name is marked ※).
    pub fn weights_note(&self) -> Option<String> {
        let w = self.weights_text.as_ref()?;
        Some(format!("{}按单独核定的指标权重计分：{w}。", self.name))
    }

    /// The footnote of a row where a table has no 备注 column (print, Word, WeChat,
    /// screen): its own weights and its note, after its name; its name is marked ※.
    pub fn footnote(&self) -> Option<String> {
        let mut parts = Vec::new();
        if let Some(w) = &self.weights_text {
            parts.push(format!("按单独核定的指标权重计分（{w}）"));
        }
        if let Some(n) = &self.note {
            parts.push(n.trim_end_matches(['。', '；', '，']).to_string());
        }
        (!parts.is_empty()).then(|| format!("{}：{}。", self.name, parts.join("；")))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct StatsView {
    pub count: usize,
    pub average: String,
    pub highest: String,
    pub lowest: String,
    pub gap: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryView {
    pub id: String,
    pub name: String,
    pub indicators: Vec<IndicatorView>,
    pub rows: Vec<RowView>,
    pub stats: Option<StatsView>,
    pub tier_notes: Vec<String>,
    pub chart_svg: String,
    pub chart_text: String,
    pub has_scores: bool,
    pub has_notes: bool,
    /// Whether a row of it has bonus points, deductions.
    pub has_bonus: bool,
    pub has_deductions: bool,
    /// The footnotes of the entries scored with weights of their own (the rows marked ※):
    /// 临港物流园按单独核定的指标权重计分：经济发展40分、…。
    pub weight_notes: Vec<String>,
    /// The footnotes of its rows where the table has no 备注 column ([`RowView::footnote`]).
    pub footnotes: Vec<String>,
    /// People bulletins: how the exemplar share of this class came out.
    pub exemplar_note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PointsView {
    pub date: Option<DateView>,
    pub unit: String,
    pub unit_id: String,
    pub category: String,
    pub points: String,
    pub reason: String,
}

/// Where a narrative was written, for errors that point back at its markdown.
#[derive(Debug, Clone, Default)]
pub struct NarrativeSource {
    /// index.md as shown to the user.
    pub file: String,
    /// The line of index.md on which the narrative starts.
    pub first_line: usize,
    pub markdown: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct BulletinView {
    #[serde(flatten)]
    pub summary: Summary,
    pub basis: Option<String>,
    /// The narrative already cites the basis (its 《title》): the printed notice's opening
    /// sentence does not cite it again.
    pub basis_in_narrative: bool,
    /// The title where a line may break ([`super::title::chunks`]), and in the lines of
    /// the 公文 (22 pt in 156 mm) and of the notice-board print (18 pt in 178 mm).
    pub title_chunks: Vec<String>,
    pub title_lines: Vec<String>,
    pub title_lines_print: Vec<String>,
    pub narrative_html: String,
    /// The narrative as HTML with `data-sourcepos`, for the WeChat check to point back at
    /// the markdown line; and where the narrative starts (index.md, line).
    #[serde(skip)]
    pub narrative_marked: String,
    #[serde(skip)]
    pub narrative_at: NarrativeSource,
    /// Files named in `attachments:`, linked from the page (附件).
    pub attachments: Vec<String>,
    pub tiers: Option<String>,
    pub show_change: bool,
    pub previous: Option<Summary>,
    pub categories: Vec<CategoryView>,
    pub deductions: Vec<PointsView>,
    pub bonuses: Vec<PointsView>,
    pub people: bool,
    /// The name of the top tier (dark bars in the charts).
    pub tiers_top: Option<String>,
    pub top_grade: Option<String>,
    pub has_exemplars: bool,
    pub has_grades: bool,
    pub exemplars: Vec<super::people::ExemplarView>,
    pub grade_counts: Vec<super::people::GradeCountView>,
    /// The 更正说明 of a corrected bulletin.
    pub correction: Option<super::correction::CorrectionView>,
    /// The web page's address and its QR code (print, screen, Word file).
    pub qr: Option<super::qr::QrView>,
    /// Whether the bulletin has 公文 fields (print.html is then in the GB/T 9704 layout).
    pub has_document: bool,
}

/// An entry's own weights as a notice writes them, every indicator in the category's
/// order: 经济发展40分、招商引资30分、重点任务15分、党的建设15分.
fn weights_words(
    indicators: &[crate::model::Indicator],
    weights: &[rust_decimal::Decimal],
) -> String {
    indicators
        .iter()
        .zip(weights)
        .map(|(i, w)| format!("{}{}分", i.name, plain(*w)))
        .collect::<Vec<_>>()
        .join("、")
}

fn tiers_words(t: &Tiers) -> String {
    let mut s = format!("{}：各类别排名前{}", t.top.name, t.top.share.percent());
    if let Some(b) = &t.bottom {
        s.push_str(&format!("；{}：排名后{}", b.name, b.share.percent()));
    }
    s.push_str(&format!(
        "；其余为{}。名额按类别内参评单位数{}取整，并列跨线者均按较好等次计。",
        t.otherwise,
        t.rounding.words()
    ));
    s
}

/// Everything one bulletin's pages show. `previous` is the summary of the previous
/// bulletin of its series, which the page links to.
pub fn bulletin_view(b: &Bulletin, r: &Results, previous: Option<&Summary>) -> BulletinView {
    let d = b.data.decimals;
    let categories = r
        .categories
        .iter()
        .map(|c| {
            let cat = &b.data.categories[c.category];
            let rows: Vec<RowView> = c
                .rows
                .iter()
                .map(|row| {
                    let e = &b.data.entries[row.entry];
                    let (scores, own_weights, weights_text) = match &e.measure {
                        // A deferred assessment is not final: its scores are not shown.
                        _ if e.deferred => (Vec::new(), false, None),
                        Measure::Scores {
                            scores,
                            overridden,
                            weights,
                        } => (
                            scores.iter().map(|s| plain(*s)).collect(),
                            *overridden,
                            overridden.then(|| weights_words(&cat.indicators, weights)),
                        ),
                        Measure::Total(_) => (Vec::new(), false, None),
                    };
                    let nonzero = |v: rust_decimal::Decimal| (!v.is_zero()).then(|| plain(v));
                    let people = r.people.as_ref();
                    RowView {
                        id: e.id.clone(),
                        name: e.name.clone(),
                        unit: e.unit.map(|u| b.data.units[u].name.clone()),
                        post: e.post.clone(),
                        exemplar: people
                            .and_then(|p| p.basis(row.entry))
                            .map(super::people::basis_label),
                        grade: people.and_then(|p| p.grades[row.entry].clone()),
                        place: match row.rank {
                            Some(p) if row.tied => format!("并列{p}"),
                            Some(p) => p.to_string(),
                            None => String::new(),
                        },
                        rank: row.rank,
                        tied: row.tied,
                        total: fixed(row.total, d),
                        scores,
                        own_weights,
                        weights_text,
                        bonus: nonzero(row.bonus),
                        deductions: nonzero(row.deductions),
                        change_mark: row.change.mark(),
                        change_words: row.change.words(),
                        change_kind: row.change.kind(),
                        renamed_from: row.renamed_from.clone(),
                        tier: row.tier.clone(),
                        tier_by_tie: row.tier_by_tie,
                        note: e.note.clone(),
                        deferred: e.deferred,
                    }
                })
                .collect();
            let top_tier = b.data.tiers.as_ref().map(|t| t.top.name.clone());
            let ranked: Vec<&RowView> = rows.iter().filter(|r| !r.deferred).collect();
            // Bar lengths come from the ranked totals themselves, never from their text.
            let bars: Vec<chart::Bar> = c
                .rows
                .iter()
                .zip(&rows)
                .filter(|(_, v)| !v.deferred)
                .map(|(row, r)| chart::Bar {
                    label: &r.name,
                    value: row.total.to_f64().unwrap_or(0.0),
                    value_text: &r.total,
                    strong: r.tier.is_some() && r.tier == top_tier,
                })
                .collect();
            let chart_text = format!(
                "{}总分排名：{}",
                cat.name,
                ranked
                    .iter()
                    .map(|r| format!("第{}名{} {}分", r.rank.unwrap_or(0), r.name, r.total))
                    .collect::<Vec<_>>()
                    .join("；")
            );
            let max: f64 = b.data.scale.try_into().unwrap_or(100.0);
            let max = bars.iter().map(|b| b.value).fold(max, f64::max);
            CategoryView {
                id: cat.id.clone(),
                name: cat.name.clone(),
                indicators: cat
                    .indicators
                    .iter()
                    .map(|i| IndicatorView {
                        name: i.name.clone(),
                        weight: plain(i.weight),
                    })
                    .collect(),
                has_scores: rows.iter().any(|r| !r.scores.is_empty()),
                has_notes: rows
                    .iter()
                    .any(|r| r.note.is_some() || r.renamed_from.is_some() || r.own_weights),
                weight_notes: rows.iter().filter_map(RowView::weights_note).collect(),
                footnotes: rows.iter().filter_map(RowView::footnote).collect(),
                has_bonus: rows.iter().any(|r| r.bonus.is_some()),
                has_deductions: rows.iter().any(|r| r.deductions.is_some()),
                chart_svg: if bars.is_empty() || b.data.subject == crate::model::Subject::People {
                    String::new()
                } else {
                    chart::ranking_bars(&bars, &chart_text, max)
                },
                chart_text,
                rows,
                stats: c.stats.as_ref().map(|s| StatsView {
                    count: s.count,
                    average: fixed(s.average, d),
                    highest: fixed(s.highest, d),
                    lowest: fixed(s.lowest, d),
                    gap: fixed(s.gap, d),
                }),
                tier_notes: c.tier_notes.clone(),
                exemplar_note: r
                    .people
                    .as_ref()
                    .and_then(|p| p.class_notes.get(&c.category).cloned()),
            }
        })
        .collect();
    let mut deductions = Vec::new();
    let mut bonuses = Vec::new();
    for e in &b.data.entries {
        let category = b.data.categories[e.category].name.clone();
        // A person's deductions may tell of discipline: people bulletins show only the
        // points in the table, never the reasons.
        let people = b.data.subject == crate::model::Subject::People;
        for x in e.deductions.iter().filter(|_| !people) {
            deductions.push(PointsView {
                date: Some(x.date.into()),
                unit: e.name.clone(),
                unit_id: e.id.clone(),
                category: category.clone(),
                points: plain(x.points),
                reason: x.reason.clone(),
            });
        }
        for x in &e.bonus {
            bonuses.push(PointsView {
                date: None,
                unit: e.name.clone(),
                unit_id: e.id.clone(),
                category: category.clone(),
                points: plain(x.points),
                reason: x.reason.clone(),
            });
        }
    }
    deductions.sort_by(|a, b| {
        let key = |p: &PointsView| (p.date.as_ref().map(|d| d.iso.clone()), p.unit_id.clone());
        key(a).cmp(&key(b))
    });
    bonuses.sort_by(|a, b| a.unit_id.cmp(&b.unit_id));
    let narrative_marked = markdown::to_html_with_sourcepos(&b.narrative);
    BulletinView {
        summary: Summary::new(b),
        basis: b.basis.clone(),
        title_chunks: super::title::chunks(&b.title),
        title_lines: super::title::lines(&b.title, super::title::GONGWEN_EMS),
        title_lines_print: super::title::lines(&b.title, super::title::PRINT_EMS),
        basis_in_narrative: b.basis.as_deref().is_some_and(|basis| {
            // The title in 《》 when there is one: a narrative cites it without the number.
            let title = basis
                .find('《')
                .and_then(|i| {
                    basis[i..]
                        .find('》')
                        .map(|j| &basis[i..i + j + '》'.len_utf8()])
                })
                .unwrap_or(basis);
            b.narrative.contains(title)
        }),
        narrative_html: markdown::strip_sourcepos(&narrative_marked),
        narrative_marked,
        attachments: b.attachments.clone(),
        narrative_at: NarrativeSource {
            file: format!("{}/index.md", b.source),
            first_line: b.narrative_line,
            markdown: b.narrative.clone(),
        },
        tiers: b.data.tiers.as_ref().map(tiers_words),
        show_change: r
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .any(|row| row.change != Change::First),
        previous: previous.cloned(),
        categories,
        deductions,
        bonuses,
        people: b.data.subject == crate::model::Subject::People,
        top_grade: b.data.grades.as_ref().map(|g| g.top.clone()),
        tiers_top: b.data.tiers.as_ref().map(|t| t.top.name.clone()),
        has_exemplars: b.data.models.is_some(),
        has_grades: b.data.grades.is_some(),
        exemplars: super::people::exemplar_views(b, r),
        grade_counts: super::people::grade_count_views(b, r),
        correction: super::correction::view(&r.corrections, d),
        qr: None,
        has_document: b.document.is_some(),
    }
}

/// The bulletin of a history row: what the row links to.
#[derive(Debug, Clone, Serialize)]
pub struct BulletinRef {
    pub title: String,
    pub path: String,
    pub period: String,
    pub period_code: String,
}

/// One period of a unit's history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// Shared by the bulletin's rows (a build holds every row to its end).
    pub bulletin: std::sync::Arc<BulletinRef>,
    pub name: String,
    pub category: String,
    pub total: String,
    pub place: String,
    pub of: usize,
    pub tier: Option<String>,
    pub change_words: String,
    pub change_kind: &'static str,
    /// The unit's own weights in that period, when it had them (see [`RowView`]).
    pub weights_text: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub id: String,
    pub name: String,
    pub former_names: Vec<String>,
    pub category: String,
    /// One table and one chart per series, so that months and quarters never interleave.
    pub series: Vec<super::history::SeriesHistory>,
}

/// A unit and its rows across periods, in time order.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    pub id: String,
    /// The name and category of the latest period.
    pub name: String,
    pub category: String,
    pub former_names: Vec<String>,
    /// Its rows in time order, shared, not copied, by a deferred unit page (a persistent
    /// vector: cloning it costs nothing, and a changed row changes a path of it, not all
    /// of it).
    #[serde(skip)]
    pub records: imbl::Vector<std::sync::Arc<UnitRecord>>,
}

impl UnitRef {
    /// A unit of people bulletins only (its page has its channels and no history), under
    /// `category` in the unit index.
    pub fn without_history(id: &str, name: &str, category: &str) -> UnitRef {
        UnitRef {
            id: id.to_string(),
            name: name.to_string(),
            category: category.to_string(),
            former_names: Vec::new(),
            records: imbl::Vector::new(),
        }
    }

    /// Its rows, in time order.
    pub fn records(&self) -> impl Iterator<Item = &std::sync::Arc<UnitRecord>> {
        self.records.iter()
    }
}

/// One row of a unit bulletin, as the unit's history page shows it: made when the
/// bulletin is rendered, kept (light) until the unit pages are.
#[derive(Debug, Clone)]
pub struct UnitRecord {
    pub unit: String,
    pub row: HistoryRow,
    /// The published total, for the chart.
    pub value: f64,
    /// The bulletin's scale: the top of the chart's value axis.
    pub scale: f64,
    /// Shared by the bulletin's rows, as is the path of `order`.
    pub series: std::sync::Arc<str>,
    /// Orders periods in time, then paths.
    pub order: (crate::model::Period, std::sync::Arc<str>),
}

/// The history rows of one ranked unit bulletin.
pub fn unit_records(b: &Bulletin, r: &Results) -> Vec<UnitRecord> {
    if b.data.subject != crate::model::Subject::Units {
        return Vec::new();
    }
    let scale = b.data.scale.to_f64().unwrap_or(100.0);
    let bulletin = std::sync::Arc::new(BulletinRef {
        title: b.title.clone(),
        path: b.path.clone(),
        period: b.period.to_string(),
        period_code: b.period.code(),
    });
    let (series, path): (std::sync::Arc<str>, std::sync::Arc<str>) =
        (b.series.as_str().into(), b.path.as_str().into());
    let mut out = Vec::with_capacity(r.categories.iter().map(|c| c.rows.len()).sum());
    for c in &r.categories {
        let of = c.rows.iter().filter(|r| r.rank.is_some()).count();
        for row in &c.rows {
            let e = &b.data.entries[row.entry];
            out.push(UnitRecord {
                unit: e.id.clone(),
                row: HistoryRow {
                    bulletin: bulletin.clone(),
                    name: e.name.clone(),
                    category: b.data.categories[c.category].name.clone(),
                    total: fixed(row.total, b.data.decimals),
                    place: match row.rank {
                        Some(p) if row.tied => format!("并列{p}"),
                        Some(p) => p.to_string(),
                        None => "缓评".to_string(),
                    },
                    of,
                    tier: row.tier.clone(),
                    change_words: row.change.words(),
                    change_kind: row.change.kind(),
                    weights_text: match &e.measure {
                        Measure::Scores {
                            weights,
                            overridden: true,
                            ..
                        } if !e.deferred => Some(weights_words(
                            &b.data.categories[c.category].indicators,
                            weights,
                        )),
                        _ => None,
                    },
                },
                value: row.total.to_f64().unwrap_or(0.0),
                scale,
                series: series.clone(),
                order: (b.period, path.clone()),
            });
        }
    }
    out
}

/// One unit's history page: every period it appears in, and a chart per series.
pub fn unit_view(unit: &UnitRef, series_names: &BTreeMap<String, String>) -> UnitView {
    let rows: Vec<super::history::Point> = unit
        .records()
        .map(|r| (r.row.clone(), r.value, &*r.series, r.order.0, r.scale))
        .collect();
    let series = super::history::by_series(series_names, &unit.name, rows);
    UnitView {
        id: unit.id.clone(),
        name: unit.name.clone(),
        category: unit.category.clone(),
        former_names: unit.former_names.clone(),
        series,
    }
}
