//! Ids that stay stable: each entry gets the id its name had in `--like` or in an earlier
//! bulletin of the series. A name never seen before is reported: a character or two from
//! a unit of `--like` in its category, as a likely typo in the sheet (correct the cell
//! first); else with the closest former name when one is near (a likely rename). It gets
//! an id only when the user says so, with `--id NAME=ID`, a mapping file (`--ids FILE`),
//! or `--new-ids` for names that are not near any former one. A renamed unit never
//! silently gets a new id.

use crate::msg;
use std::collections::{BTreeMap, BTreeSet};

use super::header::normalise;
use super::map::Row;
use crate::diag::{Diagnostic, Diagnostics};

/// A name an id had in an earlier bulletin.
#[derive(Debug, Clone)]
pub struct Former {
    pub name: String,
    pub id: String,
    /// The unit id, for people.
    pub unit: Option<String>,
    /// Where it was seen (`content/2025/06-units`), for messages.
    pub source: String,
    /// The id of its category there.
    pub category: String,
    /// Seen in `--like` itself (not only in an earlier bulletin of the series).
    pub like: bool,
}

/// A name of the sheet that no id is known for yet, and what it most likely is: what a
/// person settles by choosing (the workspace), or with `--id` (the command line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsettled {
    /// The index of its row among the rows read.
    pub row: usize,
    pub name: String,
    pub at: crate::diag::Span,
    pub kind: Likely,
    /// The former name and its id, for a typo or a rename.
    pub former: Option<(String, String)>,
    /// An id no one has, for a new name.
    pub fresh: String,
}

/// What an unknown name most likely is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likely {
    /// A character or two from a unit of last period in its category: correct the cell.
    Typo,
    /// Close to a former name: keep its id.
    Renamed,
    /// Near no former name.
    New,
}

/// What the user said about ids.
#[derive(Debug, Default, Clone)]
pub struct Given {
    /// Name → id, from `--id` and the mapping file.
    pub names: BTreeMap<String, String>,
    pub new_ids: bool,
}

fn close(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) >= 2 && (a.contains(&b) || b.contains(&a)) {
        return true;
    }
    // An abbreviation keeps the characters of the full name in order: 区科技局.
    let (short, long) = if la <= lb { (&a, &b) } else { (&b, &a) };
    let mut rest = long.chars();
    if short.chars().count() >= 3 && short.chars().all(|c| rest.any(|l| l == c)) {
        return true;
    }
    strsim::normalized_levenshtein(&a, &b) >= 0.5 || strsim::jaro_winkler(&a, &b) >= 0.8
}

/// How many characters a name in the sheet is from a name of last period, when that few
/// make it most likely a typo in the sheet (区民正局 for 区民政局): one or two characters
/// replaced, or one more or less, and at least half of the name the same.
pub fn typo_distance(written: &str, known: &str) -> Option<usize> {
    let (a, b) = (normalise(written), normalise(known));
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 1 || a == b {
        return None;
    }
    let d = strsim::levenshtein(&a, &b);
    (d <= 2 && d * 2 <= la.max(lb)).then_some(d)
}

/// A cell as the messages name it: `得分汇总表.xlsx › 汇总 › C9`, or `FILE:line:col`.
fn cell_name(at: &crate::diag::Span) -> String {
    if at.line > 0 {
        format!("{}:{}:{}", at.path, at.line, at.column)
    } else {
        at.path.clone()
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// The id of every row, in row order (empty where it is not settled); `categories` are
/// the ids of the rows' categories, `unit_id` maps a row's unit name to its unit id
/// (people). `history` is oldest first, so a later name wins.
#[allow(clippy::too_many_arguments)]
pub fn resolve(
    rows: &[Row],
    categories: &[String],
    history: &[Former],
    given: &Given,
    people: bool,
    unit_id: &dyn Fn(&str) -> Option<String>,
    errors: &mut Diagnostics,
    notes: &mut Vec<String>,
) -> (Vec<String>, Vec<Unsettled>) {
    let mut unsettled = Vec::new();
    let mut by_name: BTreeMap<(String, Option<String>), &Former> = BTreeMap::new();
    let mut by_plain: BTreeMap<String, Vec<&Former>> = BTreeMap::new();
    for f in history {
        by_name.insert((normalise(&f.name), f.unit.clone()), f);
        let list = by_plain.entry(normalise(&f.name)).or_default();
        list.retain(|x| x.id != f.id);
        list.push(f);
    }
    let known_ids: BTreeSet<&str> = history.iter().map(|f| f.id.as_str()).collect();
    let mut out: Vec<Option<String>> = Vec::new();
    // First pass: everything that is certain.
    for row in rows {
        let unit = row.unit.as_ref().and_then(|u| unit_id(&u.0));
        let key = normalise(&row.name);
        let id = if let Some((id, at)) = &row.id {
            if !valid_id(id) {
                errors.push(
                    Diagnostic::error(msg!("import-id-invalid", id = id))
                        .at(at.clone())
                        .hint(msg!("import-id-invalid-help")),
                );
            }
            Some(id.clone())
        } else if let Some(id) = given.names.get(&key) {
            // Said, since the pages will show the rename (原名…): a typo in the sheet is
            // better corrected there.
            if let Some(f) = history.iter().rev().find(|f| &f.id == id && f.like)
                && !people
                && typo_distance(&row.name, &f.name).is_some()
            {
                errors.push(
                    Diagnostic::warning(msg!(
                        "import-rename-near",
                        name = &row.name,
                        former = &f.name,
                        id = id
                    ))
                    .at(row.at.clone())
                    .hint(msg!(
                        "import-rename-near-help",
                        cell = cell_name(&row.at),
                        name = &row.name
                    )),
                );
            }
            Some(id.clone())
        } else if let Some(f) = by_name.get(&(key.clone(), unit.clone())) {
            Some(f.id.clone())
        } else {
            match by_plain.get(&key).map(Vec::as_slice) {
                Some([f]) if !people || f.unit.is_none() || unit.is_none() => Some(f.id.clone()),
                Some([f, ..]) if people => {
                    // Moved to another unit: the same person when the name is unique.
                    let mut ids: Vec<&str> = by_plain[&key].iter().map(|f| f.id.as_str()).collect();
                    ids.dedup();
                    (ids.len() == 1).then(|| f.id.clone())
                }
                _ => None,
            }
        };
        out.push(id);
    }
    let taken: BTreeSet<String> = out.iter().flatten().cloned().collect();
    let mut fresh = 0usize;
    let prefix = if people { "p" } else { "u" };
    let mut used_new: BTreeSet<String> = BTreeSet::new();
    let mut next_fresh = |used_new: &mut BTreeSet<String>| loop {
        fresh += 1;
        let candidate = format!("{prefix}{fresh:03}");
        if !known_ids.contains(candidate.as_str())
            && !taken.contains(&candidate)
            && !used_new.contains(&candidate)
        {
            used_new.insert(candidate.clone());
            break candidate;
        }
    };
    for (index, (row, id)) in rows.iter().zip(out.iter_mut()).enumerate() {
        let mut unsettled_as = |kind, former: Option<&Former>, fresh: String| {
            unsettled.push(Unsettled {
                row: index,
                name: row.name.clone(),
                at: row.at.clone(),
                kind,
                former: former.map(|f| (f.name.clone(), f.id.clone())),
                fresh,
            });
        };
        if id.is_some() {
            continue;
        }
        // A name of last period's bulletin in the same category, a character or two
        // away, whose id nobody in this sheet has: most likely a typo in the sheet.
        let typo = (!people)
            .then(|| {
                history
                    .iter()
                    .filter(|f| f.like && !taken.contains(&f.id))
                    .filter(|f| categories.get(row.category) == Some(&f.category))
                    .filter_map(|f| typo_distance(&row.name, &f.name).map(|d| (d, f)))
                    .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.name.cmp(&b.1.name)))
            })
            .flatten();
        if let Some((distance, f)) = typo {
            errors.push(
                Diagnostic::error(msg!(
                    "import-name-typo",
                    name = &row.name,
                    former = &f.name,
                    id = &f.id,
                    source = &f.source,
                    count = distance
                ))
                .at(row.at.clone())
                .hint(msg!(
                    "import-name-typo-help",
                    cell = cell_name(&row.at),
                    name = &row.name,
                    former = &f.name,
                    id = &f.id,
                    count = distance
                )),
            );
            unsettled_as(Likely::Typo, Some(f), next_fresh(&mut used_new));
            continue;
        }
        // A former name whose id nobody in this sheet has: perhaps a rename.
        let mut candidates: Vec<&Former> = history
            .iter()
            .rev()
            .filter(|f| !taken.contains(&f.id) && close(&f.name, &row.name))
            .collect();
        candidates.sort_by(|a, b| {
            strsim::normalized_levenshtein(&b.name, &row.name)
                .total_cmp(&strsim::normalized_levenshtein(&a.name, &row.name))
        });
        candidates.dedup_by(|a, b| a.id == b.id);
        if let Some(f) = candidates.first() {
            errors.push(
                Diagnostic::error(msg!(
                    "import-renamed",
                    name = &row.name,
                    former = &f.name,
                    id = &f.id,
                    source = &f.source
                ))
                .at(row.at.clone())
                .hint(if people {
                    msg!("import-renamed-person-help", name = &row.name, id = &f.id)
                } else {
                    msg!("import-renamed-unit-help", name = &row.name, id = &f.id)
                }),
            );
            unsettled_as(Likely::Renamed, Some(f), next_fresh(&mut used_new));
        } else if given.new_ids || history.is_empty() {
            let new = next_fresh(&mut used_new);
            if !history.is_empty() {
                notes.push(crate::tr!("import-new-id", name = &row.name, id = &new));
            }
            *id = Some(new);
        } else {
            errors.push(
                Diagnostic::error(msg!("import-new-name", name = &row.name))
                    .at(row.at.clone())
                    .hint(if people {
                        msg!("import-new-person-help", name = &row.name)
                    } else {
                        msg!("import-new-unit-help", name = &row.name)
                    }),
            );
            unsettled_as(Likely::New, None, next_fresh(&mut used_new));
        }
    }
    // Two rows with one id.
    let mut seen: BTreeMap<&str, &Row> = BTreeMap::new();
    for (row, id) in rows.iter().zip(&out) {
        let Some(id) = id else { continue };
        if let Some(first) = seen.get(id.as_str()) {
            errors.push(
                Diagnostic::error(msg!(
                    "import-id-shared",
                    first = &first.name,
                    second = &row.name,
                    id = id
                ))
                .at(row.at.clone())
                .hint(msg!("import-id-shared-help")),
            );
        } else {
            seen.insert(id, row);
        }
    }
    (
        out.into_iter().map(Option::unwrap_or_default).collect(),
        unsettled,
    )
}

/// Read `NAME=ID` flags.
pub fn parse_flag(text: &str) -> Result<(String, String), String> {
    let (name, id) = text
        .split_once('=')
        .ok_or_else(|| crate::tr!("import-id-flag-shape", text = text))?;
    let id = id.trim();
    if !valid_id(id) {
        return Err(crate::tr!("import-id-flag-invalid", id = id));
    }
    Ok((normalise(name), id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renames_are_near_and_strangers_are_not() {
        assert!(close("区科技局", "区科技和工业信息化局"));
        assert!(close("高新技术产业园", "高新产业园"));
        assert!(!close("云溪街道", "区财政局"));
        assert_eq!(
            parse_flag("高新园=gaoxin").unwrap(),
            ("高新园".into(), "gaoxin".into())
        );
        assert!(parse_flag("高新园=Gao Xin").is_err());
    }
}
