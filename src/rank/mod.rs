//! The assessment rules: totals, shared places, tiers by share, statistics and rank
//! change. Pure functions over the validated model; every published number comes from
//! here, in decimal arithmetic.
//!
//! A wrong rank on a public notice is the worst bug this product can have, so each rule
//! is a small function with its own tests.

mod change;
pub mod people;
pub mod revision;

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diag::Diagnostics;
use crate::model::{Bulletin, Entry, Measure, Scores, Tiers};
use crate::number::round_half_up;

pub use change::{Change, Standing, Standings, previous_in_series};

/// The computed results of one bulletin.
#[derive(Debug, Clone)]
pub struct Results {
    pub categories: Vec<CategoryResults>,
    /// Exemplars and grades, for people bulletins with those rules.
    pub people: Option<people::PeopleResults>,
    /// What each correction changed, oldest first (none for a bulletin never corrected).
    pub corrections: Vec<revision::Correction>,
}

/// One category's table.
#[derive(Debug, Clone)]
pub struct CategoryResults {
    /// Index into `Scores::categories`.
    pub category: usize,
    /// Ranked rows first (by place, ties by id), then deferred rows (by id).
    pub rows: Vec<Row>,
    pub stats: Option<Stats>,
    /// Where a tie straddles a tier line, what that did.
    pub tier_notes: Vec<String>,
}

/// One entry's line in its category.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index into `Scores::entries`.
    pub entry: usize,
    /// The total before rounding.
    pub exact: Decimal,
    /// The published total: rounded half-up to the bulletin's decimals.
    pub total: Decimal,
    pub bonus: Decimal,
    pub deductions: Decimal,
    /// 1-based place; `None` for a deferred entry.
    pub rank: Option<usize>,
    /// Another entry shares this place.
    pub tied: bool,
    pub tier: Option<String>,
    /// The tier came from a tie straddling its line.
    pub tier_by_tie: bool,
    pub change: Change,
    /// The entry's name in the previous period, where it was different.
    pub renamed_from: Option<String>,
}

/// Statistics people quote, over the ranked entries of a category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    pub count: usize,
    pub average: Decimal,
    pub highest: Decimal,
    pub lowest: Decimal,
    pub gap: Decimal,
}

/// Σ score × weight ÷ 100 + bonus − deductions, exact.
pub fn exact_total(entry: &Entry) -> Decimal {
    let base = match &entry.measure {
        Measure::Scores {
            scores, weights, ..
        } => {
            scores
                .iter()
                .zip(weights)
                .map(|(s, w)| s * w)
                .sum::<Decimal>()
                / Decimal::ONE_HUNDRED
        }
        Measure::Total(t) => *t,
    };
    base + bonus_sum(entry) - deduction_sum(entry)
}

pub fn bonus_sum(entry: &Entry) -> Decimal {
    entry.bonus.iter().map(|b| b.points).sum()
}

pub fn deduction_sum(entry: &Entry) -> Decimal {
    entry.deductions.iter().map(|d| d.points).sum()
}

/// Competition ranking ("1224"): `totals` sorted best first; equal totals share a place
/// and the next place is skipped. Returns each position's place and whether it is shared.
pub fn competition_ranks(sorted_totals: &[Decimal]) -> Vec<(usize, bool)> {
    let mut out = Vec::with_capacity(sorted_totals.len());
    for (i, t) in sorted_totals.iter().enumerate() {
        let place = if i > 0 && sorted_totals[i - 1] == *t {
            out.last().map_or(1, |&(p, _)| p)
        } else {
            i + 1
        };
        let tied = (i > 0 && sorted_totals[i - 1] == *t)
            || sorted_totals.get(i + 1).is_some_and(|n| n == t);
        out.push((place, tied));
    }
    out
}

/// Which tier a place falls in. `top` and `bottom` are the counts the shares give; a tie
/// group is judged by its best place, so a group straddling a line gets the better tier.
/// Returns 1 for top, 0 for the middle, -1 for bottom.
pub fn tier_of(place: usize, count: usize, top: usize, bottom: usize) -> i8 {
    if place <= top {
        1
    } else if place > count - bottom.min(count) {
        -1
    } else {
        0
    }
}

/// Category statistics over published totals; `None` when nothing is ranked.
pub fn stats(totals: &[Decimal], decimals: u32) -> Option<Stats> {
    let highest = totals.iter().copied().max()?;
    let lowest = totals.iter().copied().min()?;
    let sum: Decimal = totals.iter().sum();
    Some(Stats {
        count: totals.len(),
        average: round_half_up(sum / Decimal::from(totals.len()), decimals),
        highest,
        lowest,
        gap: round_half_up(highest - lowest, decimals),
    })
}

/// Rank every category of a bulletin's scores: places, tiers and statistics, without
/// rank change (see [`rank_bulletin`] for the whole bulletin).
pub fn rank(scores: &Scores) -> Results {
    let mut by_category: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, e) in scores.entries.iter().enumerate() {
        by_category.entry(e.category).or_default().push(i);
    }
    let categories = (0..scores.categories.len())
        .filter_map(|c| by_category.get(&c).map(|members| (c, members)))
        .map(|(c, members)| rank_category(scores, c, members))
        .collect();
    Results {
        categories,
        people: None,
        corrections: Vec::new(),
    }
}

fn rank_category(scores: &Scores, category: usize, members: &[usize]) -> CategoryResults {
    let mut rows: Vec<Row> = members
        .iter()
        .map(|&i| {
            let e = &scores.entries[i];
            let exact = exact_total(e);
            Row {
                entry: i,
                exact,
                total: round_half_up(exact, scores.decimals),
                bonus: bonus_sum(e),
                deductions: deduction_sum(e),
                rank: None,
                tied: false,
                tier: None,
                tier_by_tie: false,
                change: Change::First,
                renamed_from: None,
            }
        })
        .collect();
    let id = |r: &Row| scores.entries[r.entry].id.as_str();
    let deferred = |r: &Row| scores.entries[r.entry].deferred;
    rows.sort_by(|a, b| {
        deferred(a)
            .cmp(&deferred(b))
            .then_with(|| b.total.cmp(&a.total))
            .then_with(|| id(a).cmp(id(b)))
    });
    let ranked = rows.iter().filter(|r| !deferred(r)).count();
    let totals: Vec<Decimal> = rows[..ranked].iter().map(|r| r.total).collect();
    for (row, (place, tied)) in rows.iter_mut().zip(competition_ranks(&totals)) {
        row.rank = Some(place);
        row.tied = tied;
    }
    let tier_notes = match &scores.tiers {
        Some(t) => assign_tiers(t, &mut rows[..ranked]),
        None => Vec::new(),
    };
    CategoryResults {
        category,
        rows,
        stats: stats(&totals, scores.decimals),
        tier_notes,
    }
}

/// Give every ranked row its tier, and say where a tie moved a line.
fn assign_tiers(tiers: &Tiers, rows: &mut [Row]) -> Vec<String> {
    let n = rows.len();
    let top = tiers.top.share.of(n, tiers.rounding);
    let bottom = tiers
        .bottom
        .as_ref()
        .map_or(0, |b| b.share.of(n, tiers.rounding));
    let mut notes = Vec::new();
    let mut i = 0;
    while i < n {
        let place = rows[i].rank.expect("ranked rows have places");
        let group = rows[i..]
            .iter()
            .take_while(|r| r.rank == Some(place))
            .count();
        let last_position = place + group - 1;
        let tier = tier_of(place, n, top, bottom);
        let straddles_top = place <= top && last_position > top;
        let bottom_line = n - bottom.min(n);
        let straddles_bottom = bottom > 0 && place <= bottom_line && last_position > bottom_line;
        let name = match tier {
            1 => &tiers.top.name,
            -1 => {
                &tiers
                    .bottom
                    .as_ref()
                    .expect("bottom tier exists when counted")
                    .name
            }
            _ => &tiers.otherwise,
        };
        for r in &mut rows[i..i + group] {
            r.tier = Some(name.clone());
            r.tier_by_tie = straddles_top || (straddles_bottom && tier == 0);
        }
        if straddles_top {
            notes.push(format!(
                "第{place}名{group}个单位并列，跨越{}线（按比例为{top}个），并列者均评为{}，{}实为{}个。",
                tiers.top.name, tiers.top.name, tiers.top.name, last_position
            ));
        }
        if straddles_bottom && tier == 0 {
            let b = tiers.bottom.as_ref().expect("checked");
            notes.push(format!(
                "第{place}名{group}个单位并列，跨越{}线（按比例为{bottom}个），并列者均评为{}，{}实为{}个。",
                b.name,
                tiers.otherwise,
                b.name,
                n - last_position
            ));
        }
        i += group;
    }
    notes
}

/// Rank one bulletin: places, tiers, statistics, the people rules (exemplars, grades), and
/// each row's change against `previous`, the standings of the previous bulletin of its
/// series (`None` for the first). Errors are the rule breaks only ranking can reveal.
pub fn rank_bulletin(b: &Bulletin, previous: Option<&Standings>) -> Result<Results, Diagnostics> {
    let mut r = rank(&b.data);
    let rules = b.data.models.is_some() || b.data.grades.is_some() || !b.stories.is_empty();
    if rules {
        people::apply(b, &mut r).map_err(Diagnostics)?;
    }
    change::set_changes(b, &mut r, previous);
    if !b.revisions.is_empty() {
        r.corrections = revision::corrections(b, &r)?;
    }
    Ok(r)
}

/// What `b` hands the next period of its series: its standings, or [`Standings::Held`]
/// when it is `held` back (not published).
pub fn standings(b: &Bulletin, held: bool) -> Standings {
    if held {
        Standings::Held
    } else {
        Standings::of(b, &rank(&b.data))
    }
}

/// Rank every bulletin of a site, in parallel: first each one's standings (places only,
/// which depend on nothing else), then each bulletin given the standings of the previous
/// bulletin of its series. `held` names bulletins that are not published: a bulletin after
/// one of them says so instead of comparing. Keyed by path, like the site.
pub fn rank_site<'a>(
    bulletins: &'a BTreeMap<String, std::sync::Arc<Bulletin>>,
    held: &std::collections::BTreeSet<String>,
) -> Result<RankedSite<'a>, Diagnostics> {
    rank_site_with(
        bulletins,
        |b| standings(b, held.contains(&b.path)),
        |b, before| rank_bulletin(b, before).map(std::sync::Arc::new),
    )
}

/// [`rank_site`], each bulletin's standings made by `standings` (any `S` that holds them)
/// and each bulletin ranked by `ranked`, given the standings of the previous bulletin of
/// its series: the query layer reuses what it ranked before this way.
pub fn rank_site_with<'a, S: Send + Sync>(
    bulletins: &'a BTreeMap<String, std::sync::Arc<Bulletin>>,
    standings: impl Fn(&Bulletin) -> S + Sync,
    ranked: impl Fn(&Bulletin, Option<&S>) -> Result<std::sync::Arc<Results>, Diagnostics> + Sync,
) -> Result<RankedSite<'a, S>, Diagnostics> {
    use rayon::prelude::*;
    let list: Vec<&Bulletin> = bulletins.values().map(|b| &**b).collect();
    let handed: Vec<S> = list.par_iter().map(|b| standings(b)).collect();
    let standings: BTreeMap<&str, S> = list.iter().map(|b| b.path.as_str()).zip(handed).collect();
    let previous = previous_in_series(list.iter().copied());
    let ranked: Vec<Result<std::sync::Arc<Results>, Diagnostics>> = list
        .par_iter()
        .map(|b| {
            let before = previous.get(b.path.as_str()).map(|p| &standings[p]);
            ranked(b, before)
        })
        .collect();
    let mut results = BTreeMap::new();
    let mut errors = Diagnostics::default();
    for (b, r) in list.iter().zip(ranked) {
        match r {
            Ok(r) => {
                results.insert(b.path.as_str(), r);
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(RankedSite { results, standings })
}

/// Every bulletin of a site ranked, and what each hands the next period of its series.
pub struct RankedSite<'a, S = Standings> {
    pub results: BTreeMap<&'a str, std::sync::Arc<Results>>,
    /// Each bulletin's standings ([`Standings::Held`] for one not published).
    pub standings: BTreeMap<&'a str, S>,
}

#[cfg(test)]
mod tests;
