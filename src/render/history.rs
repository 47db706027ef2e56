//! A unit's history by series: one table and one chart per series, headed by the
//! series' display name, so that months and quarters never interleave, with period
//! labels a reader knows (2025年1月, 第二季度).

use serde::Serialize;

use super::chart;
use super::views::HistoryRow;
use std::collections::BTreeMap;

use crate::model::Period;

/// A row of a unit's history: the row, its total as a number, its series, its period, and
/// its bulletin's scale (the top of the chart's axis).
pub(super) type Point<'a> = (HistoryRow, f64, &'a str, Period, f64);

/// A unit's periods in one series.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesHistory {
    pub id: String,
    /// The display name from site.yaml (部门月度考核).
    pub name: String,
    pub rows: Vec<HistoryRow>,
    /// Whether the unit changed category within the series: else the category is said
    /// once, above the table, and the phone has a column less to fit.
    pub categories_vary: bool,
    pub chart_svg: String,
    pub chart_text: String,
    /// The periods the unit was scored with weights of its own, and those weights
    /// (2025年1月、2025年2月：经济发展40分、…), for the footnote of totals marked ※.
    pub weight_notes: Vec<String>,
}

/// The footnotes of the periods scored with the unit's own weights: one a set of
/// weights, with the periods it held for.
fn weight_notes(rows: &[HistoryRow]) -> Vec<String> {
    let mut sets: Vec<(&str, Vec<&str>)> = Vec::new();
    for r in rows {
        let Some(w) = r.weights_text.as_deref() else {
            continue;
        };
        match sets.iter_mut().find(|(x, _)| *x == w) {
            Some((_, periods)) => periods.push(&r.bulletin.period),
            None => sets.push((w, vec![&r.bulletin.period])),
        }
    }
    sets.into_iter()
        .map(|(w, periods)| format!("{}：按单独核定的指标权重计分，{w}。", periods.join("、")))
        .collect()
}

/// Axis labels of a history chart: the short form at every point (1月, 第二季度), and the
/// year under it (`1月\n2025年`) at the first point and at a change of year, so that labels
/// never run into each other at phone width (2025年1月 beside 2月 read as one).
fn axis_labels(periods: &[Period]) -> Vec<String> {
    let mut out = Vec::with_capacity(periods.len());
    let mut year = None;
    for p in periods {
        let full = p.to_string();
        let prefix = format!("{}年", p.year());
        let short = full.strip_prefix(&prefix).unwrap_or(&full).to_string();
        if matches!(p, Period::Year { .. }) {
            out.push(full);
        } else if year == Some(p.year()) {
            out.push(short);
        } else {
            out.push(format!("{short}\n{prefix}"));
        }
        year = Some(p.year());
    }
    out
}

/// The rows of a unit (in time order) grouped by series, in the order of each series'
/// first period.
pub(super) fn by_series(
    names: &BTreeMap<String, String>,
    unit_name: &str,
    rows: Vec<Point>,
) -> Vec<SeriesHistory> {
    // The rows come in time order: series in the order of their first period.
    type Periods = Vec<(HistoryRow, f64, Period)>;
    let mut by_series: Vec<(&str, Periods, f64)> = Vec::new();
    for (h, v, s, p, scale) in rows {
        match by_series.iter_mut().find(|(id, _, _)| *id == s) {
            Some((_, list, top)) => {
                list.push((h, v, p));
                *top = top.max(scale);
            }
            None => by_series.push((s, vec![(h, v, p)], scale)),
        }
    }
    by_series
        .into_iter()
        .map(|(series, pts, scale)| {
            let name = names.get(series).map_or(series, String::as_str).to_string();
            let text = format!(
                "{}（{}）各期总分：{}",
                unit_name,
                name,
                pts.iter()
                    .map(|(h, _, _)| format!("{} {}分（{}）", h.bulletin.period, h.total, h.place))
                    .collect::<Vec<_>>()
                    .join("；")
            );
            let chart_svg = if pts.len() >= 2 {
                let periods: Vec<Period> = pts.iter().map(|p| p.2).collect();
                let line = chart::Line {
                    name: &name,
                    points: pts.iter().enumerate().map(|(i, p)| (i, p.1)).collect(),
                };
                chart::history_lines(&[line], &axis_labels(&periods), &text, scale)
            } else {
                String::new()
            };
            let rows: Vec<HistoryRow> = pts.into_iter().map(|p| p.0).collect();
            SeriesHistory {
                weight_notes: weight_notes(&rows),
                id: series.to_string(),
                categories_vary: rows.iter().any(|r| r.category != rows[0].category),
                name,
                rows,
                chart_svg,
                chart_text: text,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_labels_are_chinese_periods_with_the_year_once() {
        let months: Vec<Period> = [(2024, 12), (2025, 1), (2025, 2)]
            .into_iter()
            .map(|(year, month)| Period::Month { year, month })
            .collect();
        assert_eq!(axis_labels(&months), ["12月\n2024年", "1月\n2025年", "2月"]);
        let quarters = [
            Period::Quarter {
                year: 2025,
                quarter: 1,
            },
            Period::Quarter {
                year: 2025,
                quarter: 2,
            },
        ];
        assert_eq!(axis_labels(&quarters), ["第一季度\n2025年", "第二季度"]);
        let years = [Period::Year { year: 2024 }, Period::Year { year: 2025 }];
        assert_eq!(axis_labels(&years), ["2024年度", "2025年度"]);
    }
}
