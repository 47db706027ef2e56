//! Entries of `scores.yaml`: ids, categories, scores or totals, own weights, bonus and
//! deductions. Part of validation; see `validate.rs` for the file-level rules.

use crate::msg;
use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::ctx::Ctx;
use super::raw::{self, S};
use crate::diag::suggest;
use crate::model::{self, Measure};
use crate::number::{parse_decimal, plain};

pub(super) fn entries(
    cx: &mut Ctx,
    raw: &S<Vec<raw::Entry>>,
    raw_categories: &S<Vec<raw::Category>>,
    categories: &[model::Category],
    scale: Decimal,
    subject: model::Subject,
    units: &[model::UnitInfo],
) -> Vec<model::Entry> {
    // The first definition of an id wins; a second one is reported where it is defined.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, c) in raw_categories.value.iter().enumerate() {
        index.entry(c.id.value.as_str()).or_insert(i);
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for e in &raw.value {
        cx.ident(&e.id, "entry id");
        if !seen.insert(e.id.value.clone()) {
            cx.error(
                &e.id,
                msg!("entry-id-twice", id = &e.id.value),
                msg!("entry-id-twice-help"),
            );
        }
        let Some(&ci) = index.get(e.category.value.as_str()) else {
            let hint = match suggest(&e.category.value, index.keys().copied()) {
                Some(s) => msg!("did-you-mean", word = s),
                None => msg!(
                    "categories-are",
                    ids = index.keys().copied().collect::<Vec<_>>().join(", ")
                ),
            };
            cx.error(
                &e.category,
                msg!("category-undefined", category = &e.category.value),
                hint,
            );
            continue;
        };
        let Some(category) = categories.get(ci) else {
            continue;
        };
        let measure = measure(cx, e, category, scale);
        let (unit, post) = super::people::person_fields(cx, e, subject, units);
        let bonus: Vec<model::Bonus> = e
            .bonus
            .iter()
            .map(|b| model::Bonus {
                points: points(cx, &b.points, "bonus points"),
                reason: cx.free_text(&b.reason),
            })
            .collect();
        let bonus_sum: Decimal = bonus.iter().map(|b| b.points).sum();
        if bonus_sum > category.bonus_cap {
            let at = &e
                .bonus
                .last()
                .expect("a sum above the cap has items")
                .points;
            if category.bonus_cap.is_zero() {
                cx.error(
                    at,
                    msg!(
                        "bonus-without-cap",
                        name = e.name.value.trim(),
                        category = &category.id,
                        id = &e.id.value
                    ),
                    msg!("bonus-without-cap-help"),
                );
            } else {
                cx.error(
                    at,
                    msg!(
                        "bonus-over-cap",
                        name = e.name.value.trim(),
                        id = &e.id.value,
                        sum = plain(bonus_sum),
                        cap = plain(category.bonus_cap),
                        category = &category.id
                    ),
                    msg!("bonus-over-cap-help", cap = plain(category.bonus_cap)),
                );
            }
        }
        let deductions = e
            .deductions
            .iter()
            .filter_map(|d| {
                Some(model::Deduction {
                    date: cx.date(&d.date, "deduction date")?,
                    points: points(cx, &d.points, "deduction points"),
                    reason: cx.free_text(&d.reason),
                })
            })
            .collect();
        let deferred = match e.status.as_ref().map(|s| s.value.as_str()) {
            None | Some("ranked") => false,
            Some("deferred") => true,
            Some(other) => {
                cx.error(
                    e.status.as_ref().expect("matched Some"),
                    msg!("status-unknown", value = other),
                    msg!("status-unknown-help"),
                );
                false
            }
        };
        out.push(model::Entry {
            id: e.id.value.clone(),
            name: match subject {
                model::Subject::People => super::people::person_name(&cx.text(&e.name, "name")),
                model::Subject::Units => cx.text(&e.name, "name"),
            },
            category: ci,
            unit,
            post,
            grade: e.grade.as_ref().map(|g| g.value.clone()),
            measure,
            bonus,
            deductions,
            note: e.note.as_ref().map(|n| cx.free_text(n)),
            deferred,
        });
    }
    out
}

fn points(cx: &mut Ctx, s: &S<String>, what: &str) -> Decimal {
    let p = cx.number(s, what).unwrap_or_default();
    if p <= Decimal::ZERO && parse_decimal(&s.value).is_ok() {
        cx.error(
            s,
            msg!(
                "points-not-positive",
                what = super::ctx::what_message(what),
                value = &s.value
            ),
            msg!("points-not-positive-help"),
        );
    }
    p
}

fn measure(cx: &mut Ctx, e: &raw::Entry, category: &model::Category, scale: Decimal) -> Measure {
    match (&e.scores, &e.total) {
        (Some(_), Some(t)) => {
            cx.error(
                t,
                msg!(
                    "scores-and-total",
                    name = e.name.value.trim(),
                    id = &e.id.value
                ),
                msg!("scores-and-total-help"),
            );
            Measure::Total(Decimal::ZERO)
        }
        (None, Some(t)) => {
            let total = cx.number(t, "total").unwrap_or_default();
            if total < Decimal::ZERO || total > scale {
                cx.error(
                    t,
                    msg!("total-out-of-range", value = &t.value, scale = plain(scale)),
                    msg!("total-out-of-range-help"),
                );
            }
            Measure::Total(total)
        }
        (None, None) => {
            cx.error(
                &e.id,
                msg!(
                    "neither-scores-nor-total",
                    name = e.name.value.trim(),
                    id = &e.id.value
                ),
                msg!("neither-scores-nor-total-help"),
            );
            Measure::Total(Decimal::ZERO)
        }
        (Some(scores), None) => {
            let mut values = vec![None; category.indicators.len()];
            // A misspelt indicator is reported once, not again as a missing score.
            let mut misspelt = false;
            for (k, v) in &scores.value.0 {
                match category.indicators.iter().position(|i| i.id == k.value) {
                    Some(i) => {
                        // A score that is given but unreadable is reported once, as
                        // unreadable, not again as missing.
                        let n = cx.number(v, "score").or(Some(Decimal::ZERO));
                        if let Some(n) = n
                            && (n < Decimal::ZERO || n > Decimal::ONE_HUNDRED)
                        {
                            cx.error(
                                v,
                                msg!("score-out-of-range", value = &v.value, indicator = &k.value),
                                msg!("score-out-of-range-help"),
                            );
                        }
                        values[i] = n;
                    }
                    None => {
                        misspelt = true;
                        unknown_indicator(cx, k, category);
                    }
                }
            }
            let missing: Vec<&str> = category
                .indicators
                .iter()
                .zip(&values)
                .filter(|(_, v)| v.is_none())
                .map(|(i, _)| i.id.as_str())
                .collect();
            if !missing.is_empty() && !misspelt {
                cx.error(
                    scores,
                    msg!(
                        "score-missing",
                        name = e.name.value.trim(),
                        id = &e.id.value,
                        indicators = missing.join(", ")
                    ),
                    msg!(
                        "score-missing-help",
                        category = &category.id,
                        indicators = category
                            .indicators
                            .iter()
                            .map(|i| i.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                );
            }
            let mut weights: Vec<Decimal> = category.indicators.iter().map(|i| i.weight).collect();
            let overridden = e.weights.is_some();
            if let Some(w) = &e.weights {
                for (k, v) in &w.value.0 {
                    match category.indicators.iter().position(|i| i.id == k.value) {
                        Some(i) => weights[i] = cx.number(v, "weight").unwrap_or_default(),
                        None => unknown_indicator(cx, k, category),
                    }
                }
                let sum: Decimal = weights.iter().copied().sum();
                if sum != scale {
                    cx.error(
                        w,
                        msg!(
                            "entry-weights-sum",
                            name = e.name.value.trim(),
                            id = &e.id.value,
                            sum = plain(sum),
                            scale = plain(scale)
                        ),
                        msg!("entry-weights-sum-help", scale = plain(scale)),
                    );
                }
            }
            Measure::Scores {
                scores: values.into_iter().map(Option::unwrap_or_default).collect(),
                weights,
                overridden,
            }
        }
    }
}

fn unknown_indicator(cx: &mut Ctx, k: &S<String>, category: &model::Category) {
    let ids = category.indicators.iter().map(|i| i.id.as_str());
    let hint = match suggest(&k.value, ids.clone()) {
        Some(s) => msg!("did-you-mean", word = s),
        None => msg!(
            "indicators-are",
            category = &category.id,
            ids = ids.collect::<Vec<_>>().join(", ")
        ),
    };
    cx.error_len(
        k,
        k.value.chars().count(),
        msg!(
            "indicator-unknown",
            indicator = &k.value,
            category = &category.id
        ),
        hint,
    );
}
