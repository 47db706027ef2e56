//! Typed views for the templates: small `Serialize` structs built for each page, so a
//! template reads `row.total` rather than digging through the model. Numbers arrive here
//! as finished text; templates never do arithmetic.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::chart;
use super::markdown;
use crate::model::{Bulletin, Contact, Measure, Site, Tiers};
use crate::number::{fixed, plain};
use crate::rank::{Change, Results};

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
    /// Days since 1970-01-01, so that templates can count days between dates.
    pub day: i64,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        let epoch = jiff::civil::date(1970, 1, 1);
        DateView {
            iso: d.to_string(),
            text: format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            day: epoch
                .until((jiff::Unit::Day, d))
                .map_or(0, |s| i64::from(s.get_days())),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub issuer: String,
    pub base_url: String,
    pub description: Option<String>,
    pub contact: Option<Contact>,
    /// Whether the honour roll exists (some bulletin has exemplar rules).
    pub has_models: bool,
    /// The build day: what pages say about notice periods without JavaScript.
    pub today: DateView,
    /// Paper for print.html: A4 or A3.
    pub paper: &'static str,
    /// The path of `base_url` (`/`, or `/sub/`): links of pages served at any depth, as
    /// 404.html is.
    pub base_path: String,
    /// Every series of the site by id, with its display name (the id when it has none).
    pub series: BTreeMap<String, String>,
}

impl SiteView {
    pub fn new(site: &Site) -> Self {
        let c = &site.config;
        SiteView {
            title: c.title.clone(),
            issuer: c.issuer.clone(),
            base_url: c.base_url.clone(),
            description: c.description.clone(),
            contact: c.contact.clone(),
            has_models: site.bulletins.iter().any(|b| b.data.models.is_some()),
            today: site.today.into(),
            paper: c.paper,
            base_path: base_path(&c.base_url),
            series: site
                .bulletins
                .iter()
                .map(|b| (b.series.clone(), c.series_name(&b.series).to_string()))
                .collect(),
        }
    }
}

/// `https://host/sub/` → `/sub/`.
fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    pub from: DateView,
    pub to: DateView,
    /// As documents write it: 2025年4月3日至4月9日 (the year once when it is the same).
    pub range: String,
    pub contact: Option<Contact>,
}

/// A bulletin as listed on the home and archive pages: no tables.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Orders periods in time (start month, then end month).
    #[serde(skip)]
    pub order: (i16, i8, i8),
    pub title: String,
    pub path: String,
    pub period: String,
    pub period_code: String,
    pub series: String,
    pub year: i16,
    pub published: DateView,
    pub notice: Option<NoticeView>,
    pub units: usize,
    pub categories: usize,
    pub subject: crate::model::Subject,
}

impl Summary {
    pub fn new(b: &Bulletin) -> Self {
        Summary {
            order: (b.period.year(), b.period.months().0, b.period.months().1),
            title: b.title.clone(),
            path: b.path.clone(),
            period: b.period.to_string(),
            period_code: b.period.code(),
            series: b.series.clone(),
            year: b.period.year(),
            published: b.published.into(),
            notice: b.notice.as_ref().map(|n| NoticeView {
                from: n.from.into(),
                to: n.to.into(),
                range: if n.from.year() == n.to.year() {
                    format!(
                        "{}年{}月{}日至{}月{}日",
                        n.from.year(),
                        n.from.month(),
                        n.from.day(),
                        n.to.month(),
                        n.to.day()
                    )
                } else {
                    format!(
                        "{}至{}",
                        DateView::from(n.from).text,
                        DateView::from(n.to).text
                    )
                },
                contact: n.contact.clone(),
            }),
            units: b.data.entries.len(),
            categories: b.data.categories.len(),
            subject: b.data.subject,
        }
    }
}

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

#[derive(Debug, Clone, Serialize)]
pub struct BulletinView {
    #[serde(flatten)]
    pub summary: Summary,
    pub basis: Option<String>,
    pub narrative_html: String,
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

pub fn bulletin_view(b: &Bulletin, r: &Results, previous: Option<&Bulletin>) -> BulletinView {
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
                    let (scores, own_weights) = match &e.measure {
                        // A deferred assessment is not final: its scores are not shown.
                        _ if e.deferred => (Vec::new(), false),
                        Measure::Scores {
                            scores, overridden, ..
                        } => (scores.iter().map(|s| plain(*s)).collect(), *overridden),
                        Measure::Total(_) => (Vec::new(), false),
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
            let bars: Vec<chart::Bar> = ranked
                .iter()
                .map(|r| chart::Bar {
                    label: &r.name,
                    value: r.total.parse().unwrap_or(0.0),
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
    BulletinView {
        summary: Summary::new(b),
        basis: b.basis.clone(),
        narrative_html: markdown::to_html(&b.narrative),
        tiers: b.data.tiers.as_ref().map(tiers_words),
        show_change: r
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .any(|row| row.change != Change::First),
        previous: previous.map(Summary::new),
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
    pub bulletin: BulletinRef,
    pub name: String,
    pub category: String,
    pub total: String,
    pub place: String,
    pub of: usize,
    pub tier: Option<String>,
    pub change_words: String,
    pub change_kind: &'static str,
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

/// A unit and where it appears, light enough to hold for every unit of a large site;
/// its history page is built from it one at a time ([`unit_view`]).
#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    pub id: String,
    /// The name and category of the latest period.
    pub name: String,
    pub category: String,
    pub former_names: Vec<String>,
    /// (bulletin, category slot in its results, row slot), in time order.
    #[serde(skip)]
    records: Vec<(usize, usize, usize)>,
}

/// Every unit of the unit bulletins, by id.
pub fn unit_refs(site: &Site, results: &[Results]) -> Vec<UnitRef> {
    let mut order: Vec<usize> = (0..site.bulletins.len())
        .filter(|&i| site.bulletins[i].data.subject == crate::model::Subject::Units)
        .collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&site.bulletins[a], &site.bulletins[b]);
        x.period.cmp(&y.period).then_with(|| x.path.cmp(&y.path))
    });
    let mut records: BTreeMap<&str, Vec<(usize, usize, usize)>> = BTreeMap::new();
    for &i in &order {
        let (b, r) = (&site.bulletins[i], &results[i]);
        for (ci, c) in r.categories.iter().enumerate() {
            for (ri, row) in c.rows.iter().enumerate() {
                let id = b.data.entries[row.entry].id.as_str();
                records.entry(id).or_default().push((i, ci, ri));
            }
        }
    }
    let entry = |&(i, ci, ri): &(usize, usize, usize)| {
        let b = &site.bulletins[i];
        let c = &results[i].categories[ci];
        (
            &b.data.entries[c.rows[ri].entry],
            &b.data.categories[c.category],
        )
    };
    records
        .into_iter()
        .map(|(id, records)| {
            let (last, category) = entry(records.last().expect("a unit has a record"));
            let mut former_names: Vec<String> = Vec::new();
            for r in &records {
                let name = &entry(r).0.name;
                if *name != last.name && !former_names.contains(name) {
                    former_names.push(name.clone());
                }
            }
            UnitRef {
                id: id.to_string(),
                name: last.name.clone(),
                category: category.name.clone(),
                former_names,
                records,
            }
        })
        .collect()
}

/// One unit's history page: every period it appears in, and a chart per series.
pub fn unit_view(site: &Site, results: &[Results], unit: &UnitRef) -> UnitView {
    let mut rows: Vec<super::history::Point> = Vec::with_capacity(unit.records.len());
    for &(i, ci, ri) in &unit.records {
        let (b, c) = (&site.bulletins[i], &results[i].categories[ci]);
        let row = &c.rows[ri];
        let e = &b.data.entries[row.entry];
        let history = HistoryRow {
            bulletin: BulletinRef {
                title: b.title.clone(),
                path: b.path.clone(),
                period: b.period.to_string(),
                period_code: b.period.code(),
            },
            name: e.name.clone(),
            category: b.data.categories[c.category].name.clone(),
            total: fixed(row.total, b.data.decimals),
            place: match row.rank {
                Some(p) if row.tied => format!("并列{p}"),
                Some(p) => p.to_string(),
                None => "缓评".to_string(),
            },
            of: c.rows.iter().filter(|r| r.rank.is_some()).count(),
            tier: row.tier.clone(),
            change_words: row.change.words(),
            change_kind: row.change.kind(),
        };
        let value = history.total.parse().unwrap_or(0.0);
        rows.push((history, value, b.series.as_str(), b.period));
    }
    let series = super::history::by_series(site, &unit.name, rows);
    UnitView {
        id: unit.id.clone(),
        name: unit.name.clone(),
        category: unit.category.clone(),
        former_names: unit.former_names.clone(),
        series,
    }
}
