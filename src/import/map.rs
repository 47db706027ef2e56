//! From cells to entries: which category each row is in (a sheet per category, a 类别
//! column, or separator rows such as 一、园区类), which indicator each column is (by name,
//! against the categories of `--like`, or built from the headers for a first bulletin),
//! and every number read exactly.

use crate::msg;
use rust_decimal::Decimal;

use super::header::{self, Column, Header, Role};
use super::read::{Book, Cell, Grid};
use crate::diag::{Diagnostic, Diagnostics, Span};
use crate::model::Subject;

/// The categories the bulletin will have, with their indicators.
#[derive(Debug, Clone)]
pub struct Target {
    pub subject: Subject,
    pub categories: Vec<TargetCategory>,
    /// The categories come from `--like` (else from the headers).
    pub fixed: bool,
}

#[derive(Debug, Clone)]
pub struct TargetCategory {
    pub id: String,
    pub name: String,
    /// (id, name, weight)
    pub indicators: Vec<(String, String, Option<Decimal>)>,
}

/// One row of the sheet, read.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub at: Span,
    pub id: Option<(String, Span)>,
    pub category: usize,
    pub unit: Option<(String, Span)>,
    pub post: Option<String>,
    /// In the order of the category's indicators.
    pub scores: Vec<Decimal>,
    pub bonus: Option<Decimal>,
    pub bonus_reason: Option<String>,
    pub deduction: Option<Decimal>,
    pub deduction_reason: Option<String>,
    pub total: Option<(Decimal, Span)>,
    pub rank: Option<(usize, Span)>,
    pub note: Option<String>,
    /// Every number the total is made of was read, by the bulletin's weights: the row's
    /// total can be computed (and checked against the sheet's), whatever else is wrong
    /// with it.
    pub complete: bool,
}

/// A number from a cell: numeric cells by the shortest text that round-trips the stored
/// binary value, text through the reader of `scores.yaml`.
pub fn number(
    book: &Book,
    grid: &Grid,
    row: usize,
    col: usize,
) -> Result<Option<Decimal>, Diagnostics> {
    let cell = grid.cell(row, col);
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(t) if t.trim_matches(|c: char| c.is_whitespace()).is_empty() => return Ok(None),
        // Rust's `{}` of an f64 is the shortest text that reads back as the same value.
        Cell::Number(f) => format!("{f}"),
        Cell::Text(t) => t.clone(),
    };
    crate::number::parse_decimal(&text).map(Some).map_err(|e| {
        Diagnostic::error(msg!(
            "import-not-a-number",
            value = text.trim(),
            reason = e.why()
        ))
        .at(book.span(grid, row, col))
        .hint(msg!("import-not-a-number-help"))
        .into()
    })
}

fn text(grid: &Grid, row: usize, col: Option<&Column>) -> Option<String> {
    col.and_then(|c| match grid.cell(row, c.index) {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
        Cell::Number(f) => Some(format!("{f}")),
        _ => None,
    })
}

/// Match a category by name: the sheet name, a 类别 cell or a separator row.
fn category_named(target: &Target, name: &str) -> Option<usize> {
    let key = header::strip_numbering(name);
    target
        .categories
        .iter()
        .position(|c| header::normalise(&c.name) == key)
}

/// The index of a category named `name`, created when the categories come from the sheet.
fn category_for(target: &mut Target, name: &str, columns: &[&Column]) -> Option<usize> {
    if let Some(i) = category_named(target, name) {
        return Some(i);
    }
    if target.fixed {
        return None;
    }
    let n = target.categories.len() + 1;
    target.categories.push(TargetCategory {
        id: format!("cat-{n}"),
        name: header::strip_numbering(name),
        indicators: columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match &c.role {
                Role::Indicator { name, weight } => {
                    Some((format!("ind-{}", i + 1), name.clone(), *weight))
                }
                _ => None,
            })
            .collect(),
    });
    Some(n - 1)
}

/// For each indicator of a category, the column that holds it: by its name, then by the
/// group above it in a two-level header.
fn columns_of<'h>(category: &TargetCategory, header: &'h Header) -> Vec<Option<&'h Column>> {
    category
        .indicators
        .iter()
        .map(|(_, name, _)| {
            let key = header::normalise(name);
            let is = |c: &&Column| matches!(&c.role, Role::Indicator { name, .. } if *name == key);
            header.columns.iter().find(is).or_else(|| {
                let mut by_group = header
                    .columns
                    .iter()
                    .filter(|c| c.group.as_ref().is_some_and(|g| g.0 == key));
                match (by_group.next(), by_group.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
        })
        .collect()
}

const FOOTERS: &[&str] = &[
    "注",
    "说明",
    "制表",
    "审核",
    "填表",
    "合计",
    "平均",
    "备注：",
];

/// Read every data row of one sheet into `rows`, and every problem into `errors`.
pub fn read_sheet(
    book: &Book,
    grid: &Grid,
    header: &Header,
    target: &mut Target,
    rows: &mut Vec<Row>,
    errors: &mut Diagnostics,
) {
    let name_col = header.find(&Role::Name);
    let Some(name_col) = name_col else {
        errors.push(
            Diagnostic::error(if target.subject == Subject::People {
                msg!("import-no-name-column-people")
            } else {
                msg!("import-no-name-column-units")
            })
            .at(book.sheet_span(grid))
            .hint(msg!("import-headers-are", headers = header.shown())),
        );
        return;
    };
    let indicator_cols: Vec<&Column> = header
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Indicator { .. }))
        .collect();
    let col = |r: Role| header.find(&r);
    let (id_col, unit_col, post_col, cat_col) = (
        col(Role::Id),
        col(Role::Unit),
        col(Role::Post),
        col(Role::Category),
    );
    let sheet_name = grid.name.clone().unwrap_or_else(|| {
        book.file
            .rsplit_once('.')
            .map_or(book.file.clone(), |(stem, _)| stem.to_string())
    });
    // The sheet's own category: by its name, or the only one there is.
    let mut current = category_named(target, &sheet_name);
    if current.is_none() && target.fixed && target.categories.len() == 1 {
        current = Some(0);
    }
    let mut used_columns: Vec<bool> = vec![false; indicator_cols.len()];
    let mut checked: Vec<usize> = Vec::new();
    // Categories whose header gives other weights than the bulletin: their totals are
    // the office's by other weights, not to be checked row by row (the weight is the
    // one error to tell).
    let mut reweighed: Vec<usize> = Vec::new();
    for r in header.data_from..grid.rows.len() {
        let row = &grid.rows[r];
        if row.iter().all(Cell::is_blank) {
            continue;
        }
        let has_numbers = row.iter().any(|c| matches!(c, Cell::Number(_)));
        let texts: Vec<&str> = row.iter().filter_map(Cell::text).collect();
        let name = grid.cell(r, name_col.index).text().map(str::to_string);
        // A separator row: one text, no numbers (一、园区类).
        if !has_numbers
            && texts.len() == 1
            && (name.is_none() || header::strip_numbering(texts[0]) != header::normalise(texts[0]))
        {
            let at = row.iter().position(|c| c.text().is_some()).unwrap_or(0);
            if FOOTERS.iter().any(|f| texts[0].starts_with(f)) {
                continue;
            }
            match category_for(target, texts[0], &indicator_cols) {
                Some(i) => current = Some(i),
                None => errors.push(
                    Diagnostic::error(msg!("import-category-row-unknown", text = texts[0]))
                        .at(book.span(grid, r, at))
                        .hint(msg!("import-categories-are", categories = names(target))),
                ),
            }
            continue;
        }
        let Some(name) = name else {
            if FOOTERS
                .iter()
                .any(|f| texts.first().is_some_and(|t| t.starts_with(f)))
            {
                continue;
            }
            errors.push(
                Diagnostic::error(msg!("import-row-no-name"))
                    .at(book.span(grid, r, name_col.index))
                    .hint(msg!("import-row-no-name-help", column = &name_col.header)),
            );
            continue;
        };
        if FOOTERS.iter().any(|f| name.starts_with(f)) && !has_numbers {
            continue;
        }
        // Bullets and their look-alikes become ·, as the loader reads names.
        let name = crate::load::person_name(&header::normalise(&name));
        // The category: a 类别 cell wins over the sheet or separator row.
        let category = match cat_col.and_then(|c| grid.cell(r, c.index).text().map(|t| (c, t))) {
            Some((c, t)) => match category_for(target, t, &indicator_cols) {
                Some(i) => Some(i),
                None => {
                    errors.push(
                        Diagnostic::error(msg!("import-category-unknown", text = t))
                            .at(book.span(grid, r, c.index))
                            .hint(
                                match crate::diag::suggest(
                                    t,
                                    target.categories.iter().map(|c| c.name.as_str()),
                                ) {
                                    Some(s) => msg!(
                                        "import-category-did-you-mean",
                                        name = s,
                                        categories = names(target)
                                    ),
                                    None => {
                                        msg!("import-categories-are", categories = names(target))
                                    }
                                },
                            ),
                    );
                    continue;
                }
            },
            None => current.or_else(|| {
                if target.fixed {
                    None
                } else {
                    category_for(target, &sheet_name, &indicator_cols)
                }
            }),
        };
        let Some(category) = category else {
            errors.push(
                Diagnostic::error(msg!("import-category-untold", name = &name))
                    .at(book.span(grid, r, name_col.index))
                    .hint(msg!(
                        "import-category-untold-help",
                        example = target
                            .categories
                            .first()
                            .map_or("园区类", |c| c.name.as_str()),
                        categories = names(target)
                    )),
            );
            continue;
        };
        let cat = &target.categories[category];
        let cols = columns_of(cat, header);
        if !checked.contains(&category) {
            checked.push(category);
            for ((_, ind, _), c) in cat.indicators.iter().zip(&cols) {
                if c.is_none() {
                    let close = indicator_cols
                        .iter()
                        .find(|c| {
                            c.indicator()
                                .is_some_and(|n| crate::diag::suggest(ind, [n]).is_some())
                        })
                        .map(|c| c.header.as_str());
                    errors.push(
                        Diagnostic::error(msg!(
                            "import-indicator-column-missing",
                            indicator = ind,
                            category = &cat.name
                        ))
                        .at(book.sheet_span(grid))
                        .hint(match close {
                            Some(s) => msg!(
                                "import-indicator-column-close",
                                column = s,
                                indicator = ind,
                                headers = header.shown()
                            ),
                            None => msg!(
                                "import-indicator-column-add",
                                indicator = ind,
                                headers = header.shown()
                            ),
                        }),
                    );
                }
            }
            for ((_, ind, weight), c) in cat.indicators.iter().zip(&cols) {
                let Some(c) = c else { continue };
                let written = match &c.role {
                    Role::Indicator {
                        weight: Some(w), ..
                    } => Some(*w),
                    _ => c.group.as_ref().and_then(|g| g.1).filter(|_| {
                        c.group
                            .as_ref()
                            .is_some_and(|g| g.0 == header::normalise(ind))
                    }),
                };
                if let (Some(w), Some(expected)) = (written, weight)
                    && w != *expected
                {
                    errors.push(
                        Diagnostic::error(msg!(
                            "import-weight-differs",
                            indicator = ind,
                            weight = w,
                            expected = *expected
                        ))
                        .at(book.span(
                            grid,
                            header.row + usize::from(header.data_from > header.row + 1),
                            c.index,
                        ))
                        .hint(msg!("import-weight-differs-help", indicator = ind)),
                    );
                    reweighed.push(category);
                }
            }
        }
        for c in cols.iter().flatten() {
            if let Some(i) = indicator_cols.iter().position(|x| x.index == c.index) {
                used_columns[i] = true;
            }
        }
        let mut scores = Vec::new();
        let mut complete = cols.iter().all(Option::is_some) && !reweighed.contains(&category);
        for ((_, ind, _), c) in cat.indicators.iter().zip(&cols) {
            let Some(c) = c else { continue };
            match number(book, grid, r, c.index) {
                Ok(Some(v)) => scores.push(v),
                Ok(None) => {
                    complete = false;
                    errors.push(
                        Diagnostic::error(msg!(
                            "import-score-missing",
                            name = &name,
                            indicator = ind
                        ))
                        .at(book.span(grid, r, c.index))
                        .hint(msg!("import-score-missing-help")),
                    );
                }
                Err(d) => {
                    complete = false;
                    errors.extend(d);
                }
            }
        }
        let mut num = |role: Role, counts: bool| -> Option<(Decimal, Span)> {
            let c = header.find(&role)?;
            match number(book, grid, r, c.index) {
                Ok(v) => v.map(|v| (v, book.span(grid, r, c.index))),
                Err(d) => {
                    complete &= !counts;
                    errors.extend(d);
                    None
                }
            }
        };
        let bonus = num(Role::Bonus, true).map(|v| v.0);
        let deduction = num(Role::Deduction, true).map(|v| v.0);
        // A formula's total carries binary noise (89.28200000000001): what the sheet says
        // is that value to 8 places, compared at the bulletin's decimals.
        let total = match header
            .find(&Role::Total)
            .map(|c| (c, grid.cell(r, c.index)))
        {
            Some((c, Cell::Number(f))) => {
                let d = Decimal::from_str_exact(&format!("{f}"))
                    .unwrap_or_default()
                    .round_dp(8)
                    .normalize();
                Some((d, book.span(grid, r, c.index)))
            }
            _ => num(Role::Total, false),
        };
        let rank = header.find(&Role::Rank).and_then(|c| {
            let cell = grid.cell(r, c.index);
            let shown = cell.shown();
            let digits = header::normalise(&shown).replace(['并', '列', '第', '名'], "");
            if digits.is_empty() {
                return None;
            }
            match digits.parse::<usize>() {
                Ok(n) => Some((n, book.span(grid, r, c.index))),
                Err(_) => {
                    errors.push(
                        Diagnostic::error(msg!("import-place-invalid", value = &shown))
                            .at(book.span(grid, r, c.index))
                            .hint(msg!("import-place-invalid-help")),
                    );
                    None
                }
            }
        });
        rows.push(Row {
            at: book.span(grid, r, name_col.index),
            name,
            id: text(grid, r, id_col)
                .map(|t| (t, book.span(grid, r, id_col.map_or(0, |c| c.index)))),
            category,
            unit: text(grid, r, unit_col).map(|t| {
                (
                    header::normalise(&t),
                    book.span(grid, r, unit_col.map_or(0, |c| c.index)),
                )
            }),
            post: text(grid, r, post_col),
            scores,
            bonus: bonus.filter(|b| !b.is_zero()),
            bonus_reason: text(grid, r, header.find(&Role::BonusReason)),
            deduction: deduction.filter(|d| !d.is_zero()).map(|d| d.abs()),
            deduction_reason: text(grid, r, header.find(&Role::DeductionReason)),
            total,
            rank,
            note: text(grid, r, header.find(&Role::Note)),
            complete,
        });
    }
    for (c, used) in indicator_cols.iter().zip(&used_columns) {
        if !used && !rows.is_empty() {
            let all: Vec<&str> = target
                .categories
                .iter()
                .flat_map(|c| c.indicators.iter().map(|i| i.1.as_str()))
                .collect();
            errors.push(
                Diagnostic::error(msg!("import-column-not-indicator", column = &c.header))
                    .at(book.span(grid, header.row, c.index))
                    .hint(
                        match crate::diag::suggest(
                            c.indicator().unwrap_or(&c.header),
                            all.iter().copied(),
                        ) {
                            Some(s) => msg!("import-column-did-you-mean", name = s),
                            None => msg!("import-indicators-are", indicators = dedup(&all)),
                        },
                    ),
            );
        }
    }
}

fn names(target: &Target) -> String {
    target
        .categories
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn dedup(all: &[&str]) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for a in all {
        if !seen.contains(a) {
            seen.push(a);
        }
    }
    seen.join("、")
}
