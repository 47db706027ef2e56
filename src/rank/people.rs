//! The rules of people bulletins: exemplars (绩效标兵) by top share and by nomination,
//! grades with quotas per unit, and which announcements are allowed. Every count that
//! comes from a share names its rounding; nothing is ever cut by input order.

use crate::msg;
use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::Results;
use crate::diag::Diagnostic;
use crate::model::{Bulletin, GradeRule, Rounding, Scores};

/// How an exemplar qualified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// In the top share of the personnel class.
    Top,
    /// Named by the unit's party committee, with the reason.
    Nominated(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemplar {
    /// Index into `Scores::entries`.
    pub entry: usize,
    pub basis: Basis,
}

/// One unit's grade counts, in the order: top, pass, then each grade below.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GradeCount {
    pub unit: usize,
    pub quota: usize,
    pub counts: Vec<(String, usize)>,
}

/// What the people rules decided for a bulletin.
#[derive(Debug, Clone, Default)]
pub struct PeopleResults {
    /// By class, then place, then id.
    pub exemplars: Vec<Exemplar>,
    /// Per class (index into categories): how the share came out.
    pub class_notes: BTreeMap<usize, String>,
    /// Per entry: the grade shown on the page (top or pass); `None` when the grade is
    /// below passing (never shown against a name), for deferred people, or without grades.
    pub grades: Vec<Option<String>>,
    pub grade_counts: Vec<GradeCount>,
}

impl PeopleResults {
    pub fn basis(&self, entry: usize) -> Option<&Basis> {
        self.exemplars
            .iter()
            .find(|e| e.entry == entry)
            .map(|e| &e.basis)
    }
}

/// Apply the exemplar and grade rules of `bulletin` to its ranked `results`.
pub fn apply(bulletin: &Bulletin, results: &mut Results) -> Result<(), Vec<Diagnostic>> {
    let data = &bulletin.data;
    let mut out = PeopleResults {
        grades: vec![None; data.entries.len()],
        ..PeopleResults::default()
    };
    let mut errors = Vec::new();
    if let Some(rule) = &data.models {
        for c in &results.categories {
            let ranked: Vec<_> = c.rows.iter().filter(|r| r.rank.is_some()).collect();
            let n = ranked.len();
            let share_count = rule.top.of(n, rule.rounding);
            let chosen: Vec<_> = ranked
                .iter()
                .filter(|r| r.rank.is_some_and(|p| p <= share_count))
                .collect();
            for r in &chosen {
                out.exemplars.push(Exemplar {
                    entry: r.entry,
                    basis: Basis::Top,
                });
            }
            let class = &data.categories[c.category].name;
            let note = if chosen.len() > share_count {
                format!(
                    "{class}{n}人，按比例{}为{share_count}人；第{share_count}名并列，实为{}人（超出{}人）。",
                    rule.rounding.words(),
                    chosen.len(),
                    chosen.len() - share_count
                )
            } else {
                format!(
                    "{class}{n}人，按比例{}为{share_count}人。",
                    rule.rounding.words()
                )
            };
            out.class_notes.insert(c.category, note);
        }
        nominations(data, rule, &mut out, &mut errors);
    }
    if let Some(rule) = &data.grades {
        grades(data, results, rule, &mut out, &mut errors);
    }
    for story in &bulletin.stories {
        if out.basis(story.person).is_none() {
            let e = &data.entries[story.person];
            errors.push(
                Diagnostic::error(msg!(
                    "story-not-exemplar",
                    id = &e.id,
                    name = &e.name,
                    class = &data.categories[e.category].name
                ))
                .at(story.at.clone())
                .hint(msg!("story-not-exemplar-help")),
            );
        }
    }
    results.people = Some(out);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn nominations(
    data: &Scores,
    rule: &crate::model::ModelRule,
    out: &mut PeopleResults,
    errors: &mut Vec<Diagnostic>,
) {
    let Some(cap) = rule.nomination_cap else {
        return;
    };
    let mut per_unit: BTreeMap<usize, Vec<&crate::model::Nomination>> = BTreeMap::new();
    for n in &rule.nominations {
        let e = &data.entries[n.person];
        if out.basis(n.person) == Some(&Basis::Top) {
            errors.push(
                Diagnostic::error(msg!("nominee-in-top", id = &e.id, name = &e.name))
                    .at(n.at.clone())
                    .hint(msg!("nominee-in-top-help")),
            );
            continue;
        }
        if e.deferred {
            errors.push(
                Diagnostic::error(msg!("nominee-deferred", id = &e.id, name = &e.name))
                    .at(n.at.clone())
                    .hint(msg!("nominee-deferred-help")),
            );
            continue;
        }
        if let Some(u) = e.unit {
            per_unit.entry(u).or_default().push(n);
        }
    }
    for (u, list) in per_unit {
        let unit = &data.units[u];
        // "不超过": a cap is always rounded down.
        let allowed = cap.of(unit.headcount as usize, Rounding::Floor);
        if list.len() > allowed {
            errors.push(
                Diagnostic::error(msg!(
                    "nominations-over-cap",
                    unit = &unit.id,
                    name = &unit.name,
                    headcount = unit.headcount,
                    allowed = allowed,
                    cap = cap.percent(),
                    count = list.len()
                ))
                .at(list[allowed].at.clone())
                .hint(msg!(
                    "nominations-over-cap-help",
                    headcount = unit.headcount,
                    cap = cap.percent(),
                    product = exact_product(unit.headcount, cap),
                    allowed = allowed,
                    excess = list.len() - allowed
                )),
            );
            continue;
        }
        for n in list {
            out.exemplars.push(Exemplar {
                entry: n.person,
                basis: Basis::Nominated(n.reason.clone()),
            });
        }
    }
}

fn exact_product(count: u32, s: crate::model::Share) -> String {
    let v = Decimal::from(u64::from(count) * s.num) / Decimal::from(s.den);
    v.round_dp(4).normalize().to_string()
}

fn grades(
    data: &Scores,
    results: &Results,
    rule: &GradeRule,
    out: &mut PeopleResults,
    errors: &mut Vec<Diagnostic>,
) {
    // Published totals of ranked people, by unit.
    let mut by_unit: BTreeMap<usize, Vec<(Decimal, usize)>> = BTreeMap::new();
    for row in results.categories.iter().flat_map(|c| &c.rows) {
        let e = &data.entries[row.entry];
        if row.rank.is_none() {
            continue;
        }
        if let (Some(u), None) = (e.unit, &e.grade) {
            by_unit.entry(u).or_default().push((row.total, row.entry));
        }
    }
    for (u, unit) in data.units.iter().enumerate() {
        let base = rule.quota.of(unit.headcount as usize, rule.rounding) as i64;
        let adjust = unit
            .tier
            .as_ref()
            .and_then(|t| rule.tier_adjust.iter().find(|(name, _)| name == t))
            .map_or(0, |(_, n)| *n);
        let quota = (base + adjust).max(0) as usize;
        let mut people = by_unit.remove(&u).unwrap_or_default();
        let tie_rank = |entry: usize| rule.tie_break.iter().position(|&p| p == entry);
        people.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(data.entries[a.1].id.cmp(&data.entries[b.1].id))
        });
        if quota > 0 && quota < people.len() && people[quota - 1].0 == people[quota].0 {
            let line = people[quota].0;
            let tied: Vec<usize> = people.iter().filter(|p| p.0 == line).map(|p| p.1).collect();
            if tied.iter().all(|&t| tie_rank(t).is_some()) {
                people.sort_by(|a, b| {
                    b.0.cmp(&a.0)
                        .then(tie_rank(a.1).cmp(&tie_rank(b.1)))
                        .then(data.entries[a.1].id.cmp(&data.entries[b.1].id))
                });
            } else {
                let names: Vec<String> = tied
                    .iter()
                    .map(|&t| {
                        format!(
                            "{} {}（{}）",
                            data.entries[t].id, data.entries[t].name, line
                        )
                    })
                    .collect();
                errors.push(
                    Diagnostic::error(msg!(
                        "grade-quota-tie",
                        unit = &unit.id,
                        name = &unit.name,
                        quota = quota,
                        grade = &rule.top,
                        tied = tied.len(),
                        names = names.join("、")
                    ))
                    .at(rule.at.clone())
                    .hint(msg!("grade-quota-tie-help")),
                );
                continue;
            }
        }
        let mut top = 0;
        for (i, &(_, entry)) in people.iter().enumerate() {
            let grade = if i < quota { &rule.top } else { &rule.pass };
            if i < quota {
                top += 1;
            }
            out.grades[entry] = Some(grade.clone());
        }
        let mut counts = vec![
            (rule.top.clone(), top),
            (rule.pass.clone(), people.len() - top),
        ];
        for below in &rule.below {
            let n = data
                .entries
                .iter()
                .filter(|e| e.unit == Some(u) && e.grade.as_deref() == Some(below))
                .count();
            counts.push((below.clone(), n));
        }
        out.grade_counts.push(GradeCount {
            unit: u,
            quota,
            counts,
        });
    }
}
