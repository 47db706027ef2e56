//! `bulletin import`: the assessment office's spreadsheet in, a checked bulletin out.
//!
//! A stage of its own beside the build pipeline: `read` (calamine, or CSV after finding
//! its encoding) → `header` (title rows, two-level headers, weights) → `map` (categories,
//! indicators, numbers) → `ids` (stable ids from `--like` and the series) → `check` (the
//! sheet's 总分 and 排名 against [`crate::rank`]) → `write` (`scores.yaml`, `index.md`).
//! `template` writes the blank sheet that this reads back.

pub mod check;
mod entries;
pub mod header;
pub mod ids;
mod map;
pub mod plan;
pub mod read;
mod template;
pub mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Bulletin, Period, Subject};
use crate::msg;

/// The flags of `bulletin import`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ImportArgs {
    /// The spreadsheet: .xlsx, .xls, .ods or .csv (UTF-8, or GBK as WPS saves it).
    #[arg(required_unless_present = "template")]
    pub file: Option<PathBuf>,
    /// The bulletin folder to write (scores.yaml and index.md), e.g. content/2025/07-units.
    #[arg(long, required_unless_present = "template")]
    pub into: Option<PathBuf>,
    /// Last period's bulletin: its categories, indicators, rules and ids are kept.
    #[arg(long, value_name = "DIR")]
    pub like: Option<PathBuf>,
    /// Read only this sheet.
    #[arg(long)]
    pub sheet: Option<String>,
    /// What the sheet ranks [default: as --like, else people when it has a 姓名 column].
    #[arg(long, value_parser = ["units", "people"])]
    pub subject: Option<String>,
    /// Write a blank sheet to fill for the bulletin of --like, instead of importing.
    #[arg(long, value_name = "XLSX", requires = "like", conflicts_with_all = ["file", "into"])]
    pub template: Option<PathBuf>,
    /// Replace an existing scores.yaml (an existing index.md is kept).
    #[arg(long)]
    pub force: bool,
    /// Publish the sheet's 总分 as `total:` where it differs from the computed total.
    #[arg(long)]
    pub trust_sheet_totals: bool,
    /// Give NAME the id ID (a renamed unit keeps its id; a new one gets a new id).
    #[arg(long = "id", value_name = "NAME=ID", value_parser = ids::parse_flag)]
    pub ids: Vec<(String, String)>,
    /// A YAML file of `NAME: ID` lines, for many names at once.
    #[arg(long = "ids", value_name = "FILE")]
    pub id_file: Option<PathBuf>,
    /// Number every new name that is not close to a former one (u001, u002…).
    #[arg(long)]
    pub new_ids: bool,
    /// The period of the new bulletin [default: the one after --like's].
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// The series of the new bulletin [default: --like's].
    #[arg(long)]
    pub series: Option<String>,
    /// The issue date written in index.md [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub published: Option<jiff::civil::Date>,
}

/// The site root of a bulletin folder: the folder above its `content/`.
fn root_of(dir: &Path) -> PathBuf {
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    abs.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "content"))
        .and_then(Path::parent)
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The bulletin of `--like` and every bulletin of its series up to it, oldest first.
pub fn load_like(dir: &Path) -> Result<(Bulletin, Vec<Bulletin>, String), Diagnostics> {
    let root = root_of(dir);
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    // Read as the loader reads it (a BOM dropped, CRLF as LF), for the rules to copy.
    let text = crate::source::read_source(&root, &abs.join("scores.yaml"))?.text;
    let shown = crate::diag::display_path(&root, &abs);
    // The whole site, for earlier bulletins of the series whose names come back; a site
    // that does not load as a whole still lets the import go on with --like alone.
    let site = crate::load::load_site(&root)
        .map(|(site, _)| {
            site.bulletins
                .into_values()
                .map(std::sync::Arc::unwrap_or_clone)
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let like = match site.iter().find(|b| b.source == shown) {
        Some(b) => b.clone(),
        None => crate::load::load_folder(&root, &abs)?.0.ok_or_else(|| {
            Diagnostics::from(
                Diagnostic::error(msg!("import-like-not-bulletin", dir = dir))
                    .hint(msg!("import-like-not-bulletin-help")),
            )
        })?,
    };
    let mut series: Vec<Bulletin> = site
        .into_iter()
        .filter(|b| b.series == like.series && b.period < like.period)
        .collect();
    series.sort_by(|a, b| a.period.cmp(&b.period).then(a.path.cmp(&b.path)));
    Ok((like, series, text))
}

/// The names of `bulletins` (the last is `--like`'s) with their ids.
fn formers(bulletins: &[&Bulletin]) -> Vec<ids::Former> {
    let last = bulletins.len().saturating_sub(1);
    bulletins
        .iter()
        .enumerate()
        .flat_map(|(i, b)| {
            b.data.entries.iter().map(move |e| ids::Former {
                name: e.name.clone(),
                id: e.id.clone(),
                unit: e.unit.map(|u| b.data.units[u].id.clone()),
                source: b.source.clone(),
                category: b.data.categories[e.category].id.clone(),
                like: i == last,
            })
        })
        .collect()
}

/// Run `bulletin import`; returns the exit code.
pub fn run(args: &ImportArgs) -> i32 {
    match import(args) {
        Ok(notes) => {
            for n in notes {
                eprintln!("{n}");
            }
            0
        }
        Err(errors) => {
            eprint!("{errors}");
            let count = errors.error_count();
            eprintln!("\n{}", msg!("import-failed", count = count));
            1
        }
    }
}

/// What `--like` gives: the bulletin, the bulletins of its series before it, and the text
/// of its `scores.yaml`.
pub type Like = (Bulletin, Vec<Bulletin>, String);

fn import(args: &ImportArgs) -> Result<Vec<String>, Diagnostics> {
    let like = args.like.as_deref().map(load_like).transpose()?;
    if let Some(out) = &args.template {
        let (b, _, _) = like.as_ref().expect("clap requires --like");
        return template::write(b, out).map(|n| vec![n]);
    }
    let file = args.file.as_deref().expect("clap requires FILE");
    // The flags first: a mistake there is the command's, not the sheet's.
    plan::check_flags(args, like.as_ref())?;
    let book = read::read(file)?;
    if let Some(said) = book.read_as() {
        // Said at once: it explains a failure as much as a success.
        eprintln!("{said}");
    }
    match plan::prepare(args, &book, like.as_ref()) {
        Ok(plan) => plan.write(),
        Err(failed) => Err(failed.errors),
    }
}

/// The period of the new bulletin: `--period`, else the one after `--like`'s.
fn period_of(args: &ImportArgs, like: Option<&Like>) -> Result<Period, Diagnostics> {
    match (&args.period, like) {
        (Some(p), _) => Period::parse(p).ok_or_else(|| {
            Diagnostic::error(msg!("import-period-invalid", value = p))
                .hint(msg!("import-period-invalid-help"))
                .into()
        }),
        (None, Some((b, _, _))) => Ok(write::next_period(b.period)),
        (None, None) => Err(Diagnostic::error(msg!("import-period-unknown"))
            .hint(msg!("import-period-unknown-help"))
            .into()),
    }
}

/// The ids the user gave: `--id NAME=ID` flags, then the lines of `--ids FILE`.
fn given_ids(args: &ImportArgs) -> Result<ids::Given, Diagnostics> {
    let mut given = ids::Given {
        names: args.ids.iter().cloned().collect(),
        new_ids: args.new_ids,
    };
    if let Some(path) = &args.id_file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(msg!(
                "cannot-read",
                file = path,
                reason = crate::i18n::io_reason(&e)
            ))
        })?;
        let map: BTreeMap<String, String> = serde_saphyr::from_str(&text).map_err(|e| {
            Diagnostic::error(msg!("import-ids-file", file = path, detail = e.to_string()))
                .hint(msg!("import-ids-file-help"))
        })?;
        for (name, id) in map {
            let (n, i) = ids::parse_flag(&format!("{name}={id}")).map_err(|e| {
                Diagnostic::error(msg!("import-ids-file-entry", file = path, problem = e))
            })?;
            given.names.entry(n).or_insert(i);
        }
    }
    Ok(given)
}

/// Every data row of every sheet (or of `--sheet`), with the categories they fall in.
fn read_rows(
    args: &ImportArgs,
    book: &read::Book,
    like: Option<&Like>,
    errors: &mut Diagnostics,
) -> (map::Target, Vec<map::Row>) {
    let subject = match (args.subject.as_deref(), like) {
        (Some("people"), _) => Some(Subject::People),
        (Some(_), _) => Some(Subject::Units),
        (None, Some((b, _, _))) => Some(b.data.subject),
        (None, None) => None,
    };
    let mut target = match like {
        Some((b, _, _)) => map::Target {
            subject: b.data.subject,
            fixed: true,
            categories: b
                .data
                .categories
                .iter()
                .map(|c| map::TargetCategory {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    indicators: c
                        .indicators
                        .iter()
                        .map(|i| (i.id.clone(), i.name.clone(), Some(i.weight)))
                        .collect(),
                })
                .collect(),
        },
        None => map::Target {
            subject: subject.unwrap_or(Subject::Units),
            fixed: false,
            categories: Vec::new(),
        },
    };
    let mut rows = Vec::new();
    let mut read_any = false;
    for grid in &book.sheets {
        if args
            .sheet
            .as_ref()
            .is_some_and(|s| grid.name.as_ref() != Some(s))
        {
            continue;
        }
        let people = subject.map(|s| s == Subject::People);
        let Some(header) = header::find(grid, people) else {
            if args.sheet.is_some() {
                errors.push(
                    Diagnostic::error(msg!("import-no-header"))
                        .at(book.sheet_span(grid))
                        .hint(msg!("import-no-header-help")),
                );
            }
            continue;
        };
        if like.is_none()
            && header
                .find(&header::Role::Name)
                .is_some_and(|c| header::normalise(&c.header) == "姓名")
        {
            target.subject = Subject::People;
        }
        read_any = true;
        map::read_sheet(book, grid, &header, &mut target, &mut rows, errors);
    }
    if !read_any && !errors.has_errors() {
        let sheets: Vec<&str> = book
            .sheets
            .iter()
            .filter_map(|g| g.name.as_deref())
            .collect();
        errors.push(match &args.sheet {
            Some(s) if !sheets.contains(&s.as_str()) => {
                Diagnostic::error(msg!("import-no-sheet", file = &book.file, sheet = s))
                    .hint(msg!("import-sheets-are", sheets = sheets.join("、")))
            }
            _ => Diagnostic::error(msg!("import-no-header-sheet", file = &book.file))
                .hint(msg!("import-no-header-sheet-help")),
        });
    }
    (target, rows)
}
