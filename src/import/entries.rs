//! From read rows to the entries `scores.yaml` will hold: a person's unit by name, a
//! unit's own weights carried over from `--like`, and 备注 put in its one place (the
//! reason of the bonus or deduction it explains, else the row's note). What the sheet does
//! not say is written as a placeholder (`待填写：加分事由`) that `check` refuses.

use super::check::Out;
use super::map::Row;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::PLACEHOLDER;
use crate::model::{Measure, Scores};
use crate::msg;

/// The units people belong to (people bulletins): (id, name) and the lookup by name.
pub struct Units<'a> {
    /// A people bulletin: every row needs a unit.
    pub people: bool,
    pub names: &'a [(String, String)],
    pub index: &'a dyn Fn(&str) -> Option<usize>,
    /// `--like`, named in the hint for a unit not found.
    pub like: Option<&'a std::path::Path>,
}

/// The entries of `rows` with their `ids`; `base` is `--like`'s data.
pub fn build(
    rows: &[Row],
    ids: &[String],
    base: Option<&Scores>,
    units: &Units,
    last_day: jiff::civil::Date,
    errors: &mut Diagnostics,
) -> Vec<Out> {
    rows.iter()
        .zip(ids)
        .map(|(row, id)| {
            let unit = if units.people {
                unit_of(row, units, errors)
            } else {
                None
            };
            // A unit's own weights (its method says so) carry over from last period.
            let weights = base.and_then(|b| {
                b.entries
                    .iter()
                    .find(|e| &e.id == id)
                    .and_then(|e| match &e.measure {
                        Measure::Scores {
                            weights,
                            overridden: true,
                            ..
                        } if e.category == row.category => Some(weights.clone()),
                        _ => None,
                    })
            });
            let (bonus_reason, deduction_reason, note) = note_home(row);
            let reason = |given: Option<String>, what: &str| {
                given.unwrap_or_else(|| format!("{PLACEHOLDER}：{what}事由"))
            };
            Out {
                id: id.clone(),
                name: row.name.clone(),
                category: row.category,
                unit,
                post: row.post.clone(),
                scores: row.scores.clone(),
                weights,
                total: None,
                bonus: row.bonus.map(|b| (b, reason(bonus_reason, "加分"))),
                deduction: row
                    .deduction
                    .map(|d| (last_day, d, reason(deduction_reason, "扣分"))),
                note,
            }
        })
        .collect()
}

/// A person's unit, matched by name to `units:` of `--like`.
fn unit_of(row: &Row, units: &Units, errors: &mut Diagnostics) -> Option<usize> {
    let Some((name, at)) = &row.unit else {
        errors.push(
            Diagnostic::error(msg!("import-no-unit", name = &row.name))
                .at(row.at.clone())
                .hint(msg!("import-no-unit-help")),
        );
        return None;
    };
    let found = (units.index)(name);
    if found.is_none() {
        let names: Vec<&str> = units.names.iter().map(|u| u.1.as_str()).collect();
        errors.push(
            Diagnostic::error(msg!("import-unit-unknown", name = name))
                .at(at.clone())
                .hint(match crate::diag::suggest(name, names.iter().copied()) {
                    Some(s) => msg!("import-did-you-mean", name = s),
                    None => msg!(
                        "import-unit-unknown-help",
                        like = units
                            .like
                            .map_or(String::new(), |l| l.display().to_string())
                    ),
                }),
        );
    }
    found
}

/// Which of a bonus or a deduction a part of 备注 names by its opening word.
#[derive(Clone, Copy, PartialEq)]
enum Names {
    Bonus,
    Deduction,
}

/// `加分：获省级表彰` → (Bonus, `获省级表彰`).
fn named(part: &str) -> Option<(Names, &str)> {
    const WORDS: &[(&str, Names)] = &[
        ("加分事由", Names::Bonus),
        ("加分原因", Names::Bonus),
        ("加分", Names::Bonus),
        ("扣分事由", Names::Deduction),
        ("扣分原因", Names::Deduction),
        ("扣分", Names::Deduction),
        ("减分", Names::Deduction),
    ];
    WORDS.iter().find_map(|(word, names)| {
        let rest = part.strip_prefix(word)?;
        let rest = rest.strip_prefix(['：', ':'])?.trim();
        (!rest.is_empty()).then_some((*names, rest))
    })
}

/// 备注 in one place: the reason of the bonus or deduction it explains (when the row has
/// one without its own 事由 column), else the row's note. `加分：获省级表彰；扣分：逾期`
/// explains both; a 备注 that names neither explains the only one wanting a reason.
/// Returns (bonus reason, deduction reason, note).
fn note_home(row: &Row) -> (Option<String>, Option<String>, Option<String>) {
    let (mut bonus, mut deduction) = (row.bonus_reason.clone(), row.deduction_reason.clone());
    let Some(note) = &row.note else {
        return (bonus, deduction, None);
    };
    let wants_bonus = row.bonus.is_some() && bonus.is_none();
    let wants_deduction = row.deduction.is_some() && deduction.is_none();
    if !wants_bonus && !wants_deduction {
        return (bonus, deduction, Some(note.clone()));
    }
    let parts: Vec<&str> = note
        .split(['；', ';'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    // Where 备注 names what it explains, what it does not name is a note.
    let any_named = parts.iter().any(|p| named(p).is_some());
    let (mut for_bonus, mut for_deduction, mut rest) = (Vec::new(), Vec::new(), Vec::new());
    for part in parts {
        match named(part) {
            Some((Names::Bonus, text)) if wants_bonus => for_bonus.push(text),
            Some((Names::Deduction, text)) if wants_deduction => for_deduction.push(text),
            Some(_) => rest.push(part),
            None if any_named => rest.push(part),
            None if wants_bonus && !wants_deduction => for_bonus.push(part),
            None if wants_deduction && !wants_bonus => for_deduction.push(part),
            None => rest.push(part),
        }
    }
    let joined = |parts: Vec<&str>| (!parts.is_empty()).then(|| parts.join("；"));
    if wants_bonus {
        bonus = joined(for_bonus);
    }
    if wants_deduction {
        deduction = joined(for_deduction);
    }
    (bonus, deduction, joined(rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use rust_decimal::Decimal;

    fn row(note: &str, bonus: bool, deduction: bool) -> Row {
        Row {
            name: "区财政局".into(),
            at: Span::cell("a.xlsx › 汇总 › B3", "区财政局"),
            id: None,
            category: 0,
            unit: None,
            post: None,
            scores: Vec::new(),
            bonus: bonus.then_some(Decimal::ONE),
            bonus_reason: None,
            deduction: deduction.then(|| Decimal::new(5, 1)),
            deduction_reason: None,
            total: None,
            rank: None,
            note: Some(note.into()),
            complete: true,
        }
    }

    fn home(note: &str, bonus: bool, deduction: bool) -> [Option<String>; 3] {
        let (b, d, n) = note_home(&row(note, bonus, deduction));
        [b, d, n]
    }

    #[test]
    fn a_note_has_one_home() {
        let s = |t: &str| Some(t.to_string());
        assert_eq!(
            home("加分：获省级表彰", true, false),
            [s("获省级表彰"), None, None]
        );
        assert_eq!(
            home("获省级表彰", true, false),
            [s("获省级表彰"), None, None]
        );
        assert_eq!(home("职务调整", false, false), [None, None, s("职务调整")]);
        assert_eq!(
            home("加分：获省级表彰；扣分：信息报送逾期", true, true),
            [s("获省级表彰"), s("信息报送逾期"), None]
        );
        // Text that names neither, with both wanting a reason: it stays a note, and the
        // reasons are left to fill in.
        assert_eq!(home("见附件", true, true), [None, None, s("见附件")]);
        assert_eq!(
            home("扣分：信息报送逾期；3月起更名", false, true),
            [None, s("信息报送逾期"), s("3月起更名")]
        );
    }
}
