//! What each correction (更正) of a bulletin changed: every earlier version is ranked by
//! the same rules as the current one, and consecutive versions are compared row by row,
//! matched by the entries' stable ids. A correction that changes no total, place, tier,
//! exemplar, name or category is an error: it would publish a 更正说明 of nothing.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::Results;
use super::people::Basis;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Bulletin, Scores};

/// One correction: the version it replaced, when and why, and the rows it changed.
#[derive(Debug, Clone)]
pub struct Correction {
    /// 1 for the first correction of the bulletin.
    pub number: usize,
    pub date: Date,
    pub reason: String,
    /// `None` for a bulletin without a notice period.
    pub restarts_notice: Option<bool>,
    /// In the order of the corrected version (category, place), rows taken out last.
    pub changes: Vec<RowChange>,
}

/// A row of the change table: how one entry stood before and after a correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowChange {
    pub id: String,
    /// `None`: the correction added the row.
    pub before: Option<Side>,
    /// `None`: the correction took the row out.
    pub after: Option<Side>,
}

/// How one entry stands in one version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub name: String,
    pub category: String,
    /// The published total (rounded).
    pub total: Decimal,
    /// `None` when deferred (缓评).
    pub rank: Option<usize>,
    pub tied: bool,
    pub tier: Option<String>,
    pub exemplar: Option<Exemplar>,
}

/// How an entry was an exemplar, as far as a change table tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exemplar {
    Top,
    Nominated,
}

/// Every entry of a ranked version by id, in table order.
fn sides(data: &Scores, r: &Results) -> Vec<(String, Side)> {
    let mut out = Vec::new();
    for c in &r.categories {
        for row in &c.rows {
            let e = &data.entries[row.entry];
            let exemplar = r
                .people
                .as_ref()
                .and_then(|p| p.basis(row.entry))
                .map(|b| match b {
                    Basis::Top => Exemplar::Top,
                    Basis::Nominated(_) => Exemplar::Nominated,
                });
            out.push((
                e.id.clone(),
                Side {
                    name: e.name.clone(),
                    category: data.categories[c.category].name.clone(),
                    total: row.total,
                    rank: row.rank,
                    tied: row.tied,
                    tier: row.tier.clone(),
                    exemplar,
                },
            ));
        }
    }
    out
}

/// The rows that differ between two ranked versions, matched by id: the rows of `after`
/// in its order, then the rows only `before` has, in its order.
pub fn diff(before: &[(String, Side)], after: &[(String, Side)]) -> Vec<RowChange> {
    let old: BTreeMap<&str, &Side> = before.iter().map(|(id, s)| (id.as_str(), s)).collect();
    let new: BTreeMap<&str, &Side> = after.iter().map(|(id, s)| (id.as_str(), s)).collect();
    let mut out = Vec::new();
    for (id, side) in after {
        let was = old.get(id.as_str()).copied();
        if was != Some(side) {
            out.push(RowChange {
                id: id.clone(),
                before: was.cloned(),
                after: Some(side.clone()),
            });
        }
    }
    for (id, side) in before {
        if !new.contains_key(id.as_str()) {
            out.push(RowChange {
                id: id.clone(),
                before: Some(side.clone()),
                after: None,
            });
        }
    }
    out
}

/// Rank an earlier version by the bulletin's rules (its own data, no announcements).
fn rank_version(b: &Bulletin, data: &Scores) -> Result<Results, Diagnostics> {
    let version = Bulletin {
        data: data.clone(),
        stories: Vec::new(),
        revisions: Vec::new(),
        ..b.clone()
    };
    let mut r = super::rank(&version.data);
    if version.data.models.is_some() || version.data.grades.is_some() {
        super::people::apply(&version, &mut r).map_err(Diagnostics)?;
    }
    Ok(r)
}

/// The corrections of `b`, whose current version ranked as `current`: oldest first.
pub fn corrections(b: &Bulletin, current: &Results) -> Result<Vec<Correction>, Diagnostics> {
    let mut versions = Vec::with_capacity(b.revisions.len() + 1);
    let mut errors = Diagnostics::default();
    for rev in &b.revisions {
        match rank_version(b, &rev.data) {
            Ok(r) => versions.push(Some(sides(&rev.data, &r))),
            Err(e) => {
                errors.extend(e);
                versions.push(None);
            }
        }
    }
    versions.push(Some(sides(&b.data, current)));
    let mut out = Vec::new();
    for (i, rev) in b.revisions.iter().enumerate() {
        let (Some(before), Some(after)) = (&versions[i], &versions[i + 1]) else {
            continue;
        };
        let changes = diff(before, after);
        if changes.is_empty() {
            let next = b
                .revisions
                .get(i + 1)
                .map_or("scores.yaml", |r| r.file.as_str());
            errors.push(
                Diagnostic::error(crate::msg!(
                    "correction-no-change",
                    day = rev.corrected.to_string(),
                    file = &rev.file,
                    next = next
                ))
                .at(rev.at.clone())
                .hint(crate::msg!("correction-no-change-help")),
            );
            continue;
        }
        out.push(Correction {
            number: i + 1,
            date: rev.corrected,
            reason: rev.reason.clone(),
            restarts_notice: rev.restarts_notice,
            changes,
        });
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(name: &str, total: &str, rank: Option<usize>) -> Side {
        Side {
            name: name.into(),
            category: "街道".into(),
            total: total.parse().unwrap(),
            rank,
            tied: false,
            tier: None,
            exemplar: None,
        }
    }

    fn ids(changes: &[RowChange]) -> Vec<&str> {
        changes.iter().map(|c| c.id.as_str()).collect()
    }

    #[test]
    fn a_corrected_total_moves_the_places_it_crosses() {
        let before = vec![
            ("a".to_string(), side("甲", "90.00", Some(1))),
            ("b".to_string(), side("乙", "88.00", Some(2))),
            ("c".to_string(), side("丙", "80.00", Some(3))),
        ];
        let after = vec![
            ("b".to_string(), side("乙", "91.00", Some(1))),
            ("a".to_string(), side("甲", "90.00", Some(2))),
            ("c".to_string(), side("丙", "80.00", Some(3))),
        ];
        let d = diff(&before, &after);
        assert_eq!(ids(&d), ["b", "a"]);
        let b = &d[0];
        assert_eq!(b.before.as_ref().unwrap().rank, Some(2));
        assert_eq!(b.after.as_ref().unwrap().rank, Some(1));
        assert_eq!(b.after.as_ref().unwrap().total.to_string(), "91.00");
        // 甲 kept the total but lost the place: a changed row too.
        assert_eq!(
            d[1].before.as_ref().unwrap().total,
            d[1].after.as_ref().unwrap().total
        );
        assert_eq!(diff(&after, &after), vec![]);
    }

    #[test]
    fn a_tier_or_an_exemplar_alone_is_a_change() {
        let mut top = side("甲", "90.00", Some(1));
        top.tier = Some("优秀".into());
        let mut middle = top.clone();
        middle.tier = Some("良好".into());
        let d = diff(&[("a".into(), top.clone())], &[("a".into(), middle)]);
        assert_eq!(ids(&d), ["a"]);
        assert_eq!(d[0].after.as_ref().unwrap().tier.as_deref(), Some("良好"));

        let mut exemplar = top.clone();
        exemplar.exemplar = Some(Exemplar::Nominated);
        let d = diff(&[("a".into(), top.clone())], &[("a".into(), exemplar)]);
        assert_eq!(d[0].before.as_ref().unwrap().exemplar, None);
        assert_eq!(
            d[0].after.as_ref().unwrap().exemplar,
            Some(Exemplar::Nominated)
        );

        let mut shared = top.clone();
        shared.tied = true;
        assert_eq!(diff(&[("a".into(), top)], &[("a".into(), shared)]).len(), 1);
    }

    #[test]
    fn rows_added_and_taken_out() {
        let before = vec![
            ("a".to_string(), side("甲", "90.00", Some(1))),
            ("gone".to_string(), side("戊", "70.00", Some(2))),
        ];
        let after = vec![
            ("new".to_string(), side("己", "95.00", None)),
            ("a".to_string(), side("甲", "90.00", Some(1))),
        ];
        let d = diff(&before, &after);
        assert_eq!(ids(&d), ["new", "gone"]);
        assert_eq!(d[0].before, None);
        assert_eq!(d[0].after.as_ref().unwrap().rank, None);
        assert_eq!(d[1].after, None);
        assert_eq!(d[1].before.as_ref().unwrap().name, "戊");
    }
}
