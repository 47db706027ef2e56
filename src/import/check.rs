//! Cross-checking the office's own figures: the sheet's 总分 and 排名 against what
//! `bulletin` computes. The rules are not re-implemented here: the imported entries are
//! put into a [`crate::model::Scores`] and ranked by [`crate::rank::rank`], the same
//! function `build` uses.

use crate::msg;
use rust_decimal::Decimal;

use super::map::Row;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Bonus, Category, Deduction, Entry, Indicator, Measure, Scores};
use crate::number::round_half_up;

/// One entry to be written, as `scores.yaml` will say it.
#[derive(Debug, Clone)]
pub struct Out {
    pub id: String,
    pub name: String,
    pub category: usize,
    pub unit: Option<usize>,
    pub post: Option<String>,
    pub scores: Vec<Decimal>,
    /// The entry's own weights, where its method differs from the category's.
    pub weights: Option<Vec<Decimal>>,
    /// The sheet's total, published as it is (`--trust-sheet-totals`).
    pub total: Option<Decimal>,
    pub bonus: Option<(Decimal, String)>,
    pub deduction: Option<(jiff::civil::Date, Decimal, String)>,
    pub note: Option<String>,
}

/// The model of the bulletin to be: the rules of `base` (scale, decimals, tiers, units),
/// the categories given, the entries imported.
pub fn model(base: &Scores, categories: &[Category], out: &[Out]) -> Scores {
    let entries = out
        .iter()
        .map(|o| Entry {
            id: o.id.clone(),
            name: o.name.clone(),
            category: o.category,
            unit: o.unit,
            post: o.post.clone(),
            grade: None,
            measure: match o.total {
                Some(t) => Measure::Total(t),
                None => Measure::Scores {
                    scores: o.scores.clone(),
                    weights: o.weights.clone().unwrap_or_else(|| {
                        categories[o.category]
                            .indicators
                            .iter()
                            .map(|i| i.weight)
                            .collect()
                    }),
                    overridden: o.weights.is_some(),
                },
            },
            bonus: match (&o.bonus, o.total) {
                (Some((p, r)), None) => vec![Bonus {
                    points: *p,
                    reason: r.clone(),
                }],
                _ => Vec::new(),
            },
            deductions: match (&o.deduction, o.total) {
                (Some((d, p, r)), None) => vec![Deduction {
                    date: *d,
                    points: *p,
                    reason: r.clone(),
                }],
                _ => Vec::new(),
            },
            note: o.note.clone(),
            deferred: false,
        })
        .collect();
    Scores {
        categories: categories.to_vec(),
        entries,
        models: None,
        grades: None,
        ..base.clone()
    }
}

/// One row of the cross-check, as the workspace shows it: the sheet's figures beside the
/// computed ones (`None` where the sheet has none or the row could not be computed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cross {
    pub row: usize,
    pub category: String,
    pub name: String,
    pub sheet_total: Option<Decimal>,
    pub total: Option<Decimal>,
    pub sheet_place: Option<usize>,
    /// `3` or `并列3`.
    pub place: Option<String>,
}

/// `92×0.45 + 87.5×0.25 + … + 1 − 0.5`: how a total is made, for the message.
fn working(entry: &Entry) -> String {
    let mut parts = Vec::new();
    if let Measure::Scores {
        scores, weights, ..
    } = &entry.measure
    {
        for (s, w) in scores.iter().zip(weights) {
            parts.push(format!(
                "{}×{}",
                s.normalize(),
                (w / Decimal::ONE_HUNDRED).normalize()
            ));
        }
    }
    let mut text = parts.join(" + ");
    let (bonus, deductions) = (
        crate::rank::bonus_sum(entry),
        crate::rank::deduction_sum(entry),
    );
    if !bonus.is_zero() {
        text.push_str(&format!(" + {}", bonus.normalize()));
    }
    if !deductions.is_zero() {
        text.push_str(&format!(" − {}", deductions.normalize()));
    }
    text
}

/// Compare the sheet's totals and places with the computed ones, for every row whose
/// numbers could be read, whatever else is wrong with it (its name not settled yet, its
/// unit unknown): the arithmetic needs no id. With `trust`, an entry whose total differs
/// gets the sheet's total as `total:` (and a warning) instead of an error, and the places
/// are compared with those totals.
///
/// A row whose numbers could not all be read stands in the ranking with the sheet's own
/// total, so that the places of the others can still be checked; a category with a row
/// that has neither is not checked for places.
pub fn cross_check(
    base: &Scores,
    categories: &[Category],
    rows: &[Row],
    out: &mut [Out],
    trust: bool,
    errors: &mut Diagnostics,
) -> Vec<Cross> {
    let mut cross: Vec<Cross> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| Cross {
            row: i,
            category: categories
                .get(row.category)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            name: row.name.clone(),
            sheet_total: row.total.as_ref().map(|t| t.0),
            total: None,
            sheet_place: row.rank.as_ref().map(|r| r.0),
            place: None,
        })
        .collect();
    let scores = model(base, categories, out);
    let results = crate::rank::rank(&scores);
    for cat in &results.categories {
        for r in &cat.rows {
            let (row, entry) = (&rows[r.entry], &scores.entries[r.entry]);
            if row.complete {
                cross[r.entry].total = Some(round_half_up(r.total, scores.decimals));
            }
            let Some((sheet, at)) = row.total.as_ref().filter(|_| row.complete) else {
                continue;
            };
            if round_half_up(*sheet, scores.decimals) == r.total {
                continue;
            }
            let computed = r.total;
            let message = msg!(
                "import-total-differs",
                name = &row.name,
                sheet = *sheet,
                computed = computed,
                working = working(entry)
            );
            if trust {
                errors.push(
                    Diagnostic::warning(message)
                        .at(at.clone())
                        .hint(msg!("import-total-trusted-help")),
                );
                out[r.entry].total = Some(*sheet);
            } else {
                errors.push(
                    Diagnostic::error(message)
                        .at(at.clone())
                        .hint(msg!("import-total-differs-help")),
                );
            }
        }
    }
    // Places, against the totals that will be published; rows not read whole by the
    // sheet's total.
    let mut standing: Vec<Out> = out.to_vec();
    let mut unplaced = std::collections::BTreeSet::new();
    for (o, row) in standing.iter_mut().zip(rows) {
        if !row.complete {
            match &row.total {
                Some((t, _)) => o.total = Some(*t),
                None => {
                    unplaced.insert(row.category);
                }
            }
        }
    }
    let scores = model(base, categories, &standing);
    let results = crate::rank::rank(&scores);
    for cat in results
        .categories
        .iter()
        .filter(|c| !unplaced.contains(&c.category))
    {
        let name = &categories[cat.category].name;
        for r in &cat.rows {
            let row = &rows[r.entry];
            if let Some(rank) = r.rank {
                cross[r.entry].place = Some(format!("{}{rank}", if r.tied { "并列" } else { "" }));
            }
            let (Some((sheet, at)), Some(rank)) = (&row.rank, r.rank) else {
                continue;
            };
            if *sheet != rank {
                errors.push(
                    Diagnostic::error(msg!(
                        "import-place-differs",
                        name = &row.name,
                        sheet = *sheet,
                        computed = format!("{}{rank}", if r.tied { "并列" } else { "" }),
                        category = name,
                        total = round_half_up(r.total, scores.decimals)
                    ))
                    .at(at.clone())
                    .hint(msg!("import-place-differs-help")),
                );
            }
        }
    }
    cross
}

/// The model's categories from what the import will write.
pub fn categories(target: &super::map::Target, caps: &[Decimal]) -> Vec<Category> {
    target
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| Category {
            id: c.id.clone(),
            name: c.name.clone(),
            indicators: c
                .indicators
                .iter()
                .map(|(id, name, w)| Indicator {
                    id: id.clone(),
                    name: name.clone(),
                    weight: w.unwrap_or_default(),
                })
                .collect(),
            bonus_cap: caps.get(i).copied().unwrap_or_default(),
        })
        .collect()
}
