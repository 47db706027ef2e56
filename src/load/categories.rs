//! Categories with their indicators and weights, and the tier rule, of `scores.yaml`.
//! Part of validation; see `validate.rs` for the file-level rules.

use crate::msg;
use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::ctx::Ctx;
use super::raw::{self, S};
use crate::model;
use crate::number::plain;

/// The categories; `scale_ok` is false when `scale` itself was unreadable, so that weight
/// sums are not compared with a guess.
pub(super) fn categories(
    cx: &mut Ctx,
    raw: &S<Vec<raw::Category>>,
    scale: Decimal,
    scale_ok: bool,
) -> Vec<model::Category> {
    if raw.value.is_empty() {
        cx.error(raw, msg!("categories-empty"), msg!("categories-empty-help"));
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in &raw.value {
        cx.ident(&c.id, "category id");
        if !seen.insert(c.id.value.clone()) {
            cx.error(
                &c.id,
                msg!("category-id-twice", id = &c.id.value),
                msg!("category-id-twice-help"),
            );
        }
        let mut seen_ind = BTreeSet::new();
        let mut weights_ok = scale_ok;
        let mut sum = Decimal::ZERO;
        let mut indicators = Vec::new();
        for i in &c.indicators.value {
            cx.ident(&i.id, "indicator id");
            let weight = cx.number(&i.weight, "weight").unwrap_or_else(|| {
                weights_ok = false;
                Decimal::ZERO
            });
            if weight.is_sign_negative() {
                cx.error(
                    &i.weight,
                    msg!("weight-negative", value = &i.weight.value),
                    msg!("weight-negative-help"),
                );
            }
            // A repeated id still counts towards the sum: it was meant as an indicator.
            sum += weight;
            if !seen_ind.insert(i.id.value.clone()) {
                cx.error(
                    &i.id,
                    msg!(
                        "indicator-id-twice",
                        indicator = &i.id.value,
                        category = &c.id.value
                    ),
                    msg!("indicator-id-twice-help"),
                );
                continue;
            }
            indicators.push(model::Indicator {
                id: i.id.value.clone(),
                name: cx.text(&i.name, "indicator name"),
                weight,
            });
        }
        if indicators.is_empty() {
            cx.error(
                &c.indicators,
                msg!("category-no-indicators", category = &c.id.value),
                msg!("category-no-indicators-help"),
            );
        }
        if weights_ok && sum != scale && !indicators.is_empty() {
            cx.error(
                &c.id,
                crate::msg!(
                    "weights-sum",
                    category = &c.id.value,
                    sum = plain(sum),
                    scale = plain(scale)
                ),
                crate::msg!("weights-sum-help", scale = plain(scale)),
            );
        }
        let bonus_cap = match &c.bonus_cap {
            Some(b) => {
                let cap = cx.number(b, "bonus_cap").unwrap_or_default();
                // A negative cap would put every entry, bonus or not, over it.
                if cap < Decimal::ZERO {
                    cx.error(
                        b,
                        msg!("bonus-cap-negative", value = &b.value),
                        msg!("bonus-cap-negative-help"),
                    );
                    Decimal::ZERO
                } else {
                    cap
                }
            }
            None => Decimal::ZERO,
        };
        out.push(model::Category {
            id: c.id.value.clone(),
            name: cx.text(&c.name, "category name"),
            indicators,
            bonus_cap,
        });
    }
    out
}

pub(super) fn tiers(cx: &mut Ctx, raw: raw::Tiers) -> model::Tiers {
    let rounding = cx.rounding(&raw.rounding);
    let mut rule = |t: raw::Tier| {
        let share = cx.share(&t.share);
        (
            model::TierRule {
                name: cx.text(&t.name, "tier name"),
                share,
            },
            t.share,
        )
    };
    let (top, _) = rule(raw.top);
    let bottom = raw.bottom.map(&mut rule);
    if let Some((b, at)) = &bottom {
        // top + bottom > 1, compared exactly: a·d + c·b > b·d.
        let (t, u) = (top.share, b.share);
        if u128::from(t.num) * u128::from(u.den) + u128::from(u.num) * u128::from(t.den)
            > u128::from(t.den) * u128::from(u.den)
        {
            cx.error(at, msg!("tiers-over-100"), msg!("tiers-over-100-help"));
        }
    }
    let bottom = bottom.map(|(b, _)| b);
    model::Tiers {
        rounding,
        top,
        bottom,
        otherwise: cx.text(&raw.otherwise, "tier name"),
    }
}
