//! The 更正说明 of a corrected bulletin, as its pages show it: each correction's day and
//! reason, and its change table, every cell finished text (`78.00 → 88.00`), from what
//! [`crate::rank::revision`] computed. Shown at the top of the page, the print, the
//! WeChat article and the lobby screen; carried by results.json.

use serde::Serialize;

use super::summary::DateView;
use crate::number::fixed;
use crate::rank::revision::{Correction, Exemplar, RowChange, Side};

/// Written for a side a row does not have (added or taken out by the correction).
const ABSENT: &str = "未列入";

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionView {
    /// How many times the bulletin was corrected.
    pub revision: usize,
    /// Newest first.
    pub items: Vec<CorrectionItem>,
    /// Whether the tier and exemplar columns are shown (some row has one, before or after).
    pub has_tier: bool,
    pub has_exemplar: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrectionItem {
    /// 1 for the first correction.
    pub number: usize,
    pub date: DateView,
    pub reason: String,
    /// `None` without a notice period.
    pub restarts_notice: Option<bool>,
    /// What the page says of the notice period while it runs, before its days.
    pub restart_text: Option<&'static str>,
    pub rows: Vec<ChangeRow>,
}

/// One row of a change table.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    pub id: String,
    /// `changed`, `added` or `removed`.
    pub kind: &'static str,
    /// The name after the correction (before it, for a row taken out).
    pub name: String,
    /// The name before the correction, where the correction changed it.
    pub renamed_from: Option<String>,
    pub category: Cell,
    pub total: Cell,
    pub place: Cell,
    pub tier: Cell,
    pub exemplar: Cell,
}

/// One cell: the value before and after, and the text shown (`a → b`, or `a` alone when
/// the correction left it as it was).
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    pub before: String,
    pub after: String,
    pub changed: bool,
    pub text: String,
}

impl Cell {
    fn new(before: String, after: String) -> Cell {
        let changed = before != after;
        let text = if changed {
            format!("{before} → {after}")
        } else {
            after.clone()
        };
        Cell {
            before,
            after,
            changed,
            text,
        }
    }
}

fn place(s: &Side) -> String {
    match s.rank {
        Some(p) if s.tied => format!("并列{p}"),
        Some(p) => p.to_string(),
        None => "缓评".to_string(),
    }
}

fn exemplar(s: &Side) -> String {
    match s.exemplar {
        Some(Exemplar::Top) => "是（按排名）".to_string(),
        Some(Exemplar::Nominated) => "是（党委推荐）".to_string(),
        None => "否".to_string(),
    }
}

fn row(c: &RowChange, decimals: u32) -> ChangeRow {
    let text = |side: Option<&Side>, f: &dyn Fn(&Side) -> String| {
        side.map_or_else(|| ABSENT.to_string(), f)
    };
    let cell = |f: &dyn Fn(&Side) -> String| {
        Cell::new(text(c.before.as_ref(), f), text(c.after.as_ref(), f))
    };
    let named = c.after.as_ref().or(c.before.as_ref()).expect("a side");
    let renamed_from = match (&c.before, &c.after) {
        (Some(b), Some(a)) if b.name != a.name => Some(b.name.clone()),
        _ => None,
    };
    ChangeRow {
        id: c.id.clone(),
        kind: match (&c.before, &c.after) {
            (None, _) => "added",
            (_, None) => "removed",
            _ => "changed",
        },
        name: named.name.clone(),
        renamed_from,
        category: cell(&|s| s.category.clone()),
        // A deferred assessment is not final: its total is not shown.
        total: cell(&|s| {
            if s.rank.is_none() {
                "—".to_string()
            } else {
                fixed(s.total, decimals)
            }
        }),
        place: cell(&place),
        tier: cell(&|s| s.tier.clone().unwrap_or_else(|| "—".to_string())),
        exemplar: cell(&exemplar),
    }
}

/// The 更正说明 of a bulletin, or `None` when it was never corrected.
pub fn view(corrections: &[Correction], decimals: u32) -> Option<CorrectionView> {
    let last = corrections.last()?;
    let items: Vec<CorrectionItem> = corrections
        .iter()
        .rev()
        .map(|c| CorrectionItem {
            number: c.number,
            date: c.date.into(),
            reason: c.reason.clone(),
            restarts_notice: c.restarts_notice,
            restart_text: c.restarts_notice.map(|r| {
                if r {
                    "因本次更正，公示期重新计算："
                } else {
                    "本次更正不影响公示期，公示时间仍为"
                }
            }),
            rows: c.changes.iter().map(|r| row(r, decimals)).collect(),
        })
        .collect();
    let sides = || {
        corrections
            .iter()
            .flat_map(|c| &c.changes)
            .flat_map(|r| r.before.iter().chain(r.after.iter()))
    };
    Some(CorrectionView {
        revision: last.number,
        has_tier: sides().any(|s| s.tier.is_some()),
        has_exemplar: sides().any(|s| s.exemplar.is_some()),
        items,
    })
}
