//! One run of the import, from a sheet already read to the files it would write: every
//! problem of the sheet, the names not settled yet and the office's figures against the
//! computed ones, or the texts of `scores.yaml` and `index.md`. Nothing is written here:
//! `bulletin import` writes a [`Plan`] at once, the workspace (工作台) shows it and writes
//! it once the user confirms. Both make it with [`prepare`], so that they write the same
//! bytes for the same decisions.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::{ImportArgs, Like, check, entries, header, ids, read, write};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Period, Scores, Subject};
use crate::{msg, tr};

/// What the run found besides its errors, for a person deciding: the names to settle and
/// the cross-check of the office's 总分 and 排名.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub unsettled: Vec<ids::Unsettled>,
    pub cross: Vec<check::Cross>,
}

/// A run that found errors: all of them, in the order of the file.
#[derive(Debug, Clone)]
pub struct Failure {
    pub errors: Diagnostics,
    pub analysis: Analysis,
}

impl From<Diagnostics> for Failure {
    fn from(errors: Diagnostics) -> Self {
        Failure {
            errors,
            analysis: Analysis::default(),
        }
    }
}

/// A clean run: what to write, and what to tell the user once it is written.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The bulletin folder.
    pub into: PathBuf,
    pub scores: String,
    /// `index.md`, when the folder has none yet (an existing one is always kept).
    pub index: Option<String>,
    pub notes: Vec<String>,
    pub analysis: Analysis,
    /// The rows written, and in how many categories.
    pub count: usize,
}

impl Plan {
    /// The files to write, `scores.yaml` first.
    pub fn files(&self) -> Vec<(PathBuf, &str)> {
        let mut out = vec![(self.into.join("scores.yaml"), self.scores.as_str())];
        if let Some(index) = &self.index {
            out.push((self.into.join("index.md"), index.as_str()));
        }
        out
    }

    /// Write the files (`scores.yaml` by a temporary file and a rename; `index.md` only if
    /// there is still none); the notes to print.
    pub fn write(self) -> Result<Vec<String>, Diagnostics> {
        let into = &self.into;
        let io = |e: std::io::Error| {
            Diagnostics::from(Diagnostic::error(msg!(
                "import-cannot-write",
                dir = into,
                reason = crate::i18n::io_reason(&e)
            )))
        };
        std::fs::create_dir_all(into).map_err(io)?;
        let tmp = into.join(".scores.yaml.import");
        std::fs::write(&tmp, &self.scores).map_err(io)?;
        std::fs::rename(&tmp, into.join("scores.yaml")).map_err(io)?;
        if let Some(text) = &self.index {
            use std::io::Write as _;
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(into.join("index.md"))
            {
                Ok(mut f) => f.write_all(text.as_bytes()).map_err(io)?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
        }
        Ok(self.notes)
    }
}

/// The mistakes of the command itself (a folder taken, a bad period, a bad `--ids` file),
/// before any sheet is read.
pub fn check_flags(args: &ImportArgs, like: Option<&Like>) -> Result<(), Diagnostics> {
    let into = args.into.as_deref().expect("clap requires --into");
    if into.join("scores.yaml").exists() && !args.force {
        return Err(Diagnostic::error(msg!("import-into-taken", dir = into))
            .hint(msg!("import-into-taken-help"))
            .into());
    }
    super::period_of(args, like)?;
    super::given_ids(args)?;
    Ok(())
}

/// Import `book` as `args` say (its `file` is not read: the sheet is `book`).
pub fn prepare(args: &ImportArgs, book: &read::Book, like: Option<&Like>) -> Result<Plan, Failure> {
    check_flags(args, like)?;
    let into = args.into.as_deref().expect("clap requires --into");
    let period = super::period_of(args, like)?;
    let given = super::given_ids(args)?;
    let mut notes = Vec::new();
    let mut errors = Diagnostics::default();
    let (target, rows) = super::read_rows(args, book, like, &mut errors);
    let people = target.subject == Subject::People;
    if people && like.is_none() {
        errors.push(
            Diagnostic::error(msg!("import-people-needs-like"))
                .hint(msg!("import-people-needs-like-help")),
        );
        return Err(errors.into());
    }

    // Every row goes on, whatever is wrong with it, so that one run tells everything:
    // its id, its unit, its total and place.
    let history: Vec<ids::Former> = match like {
        Some((b, series, _)) => super::formers(&series.iter().chain([b]).collect::<Vec<_>>()),
        None => Vec::new(),
    };
    let units: Vec<(String, String)> = like.map_or_else(Vec::new, |(b, _, _)| {
        b.data
            .units
            .iter()
            .map(|u| (u.id.clone(), header::normalise(&u.name)))
            .collect()
    });
    let unit_index = |name: &str| units.iter().position(|u| u.1 == name || u.0 == name);
    let unit_id = |name: &str| unit_index(name).map(|i| units[i].0.clone());
    let category_ids: Vec<String> = target.categories.iter().map(|c| c.id.clone()).collect();
    let (ids, unsettled) = ids::resolve(
        &rows,
        &category_ids,
        &history,
        &given,
        people,
        &unit_id,
        &mut errors,
        &mut notes,
    );
    let last_day = period.bounds().1;
    let base = like.map(|(b, _, _)| &b.data);
    let mut out = entries::build(
        &rows,
        &ids,
        base,
        &entries::Units {
            people,
            names: &units,
            index: &unit_index,
            like: args.like.as_deref(),
        },
        last_day,
        &mut errors,
    );
    let empty = Scores {
        subject: target.subject,
        scale: Decimal::ONE_HUNDRED,
        decimals: 2,
        categories: Vec::new(),
        tiers: None,
        units: Vec::new(),
        models: None,
        grades: None,
        entries: Vec::new(),
    };
    let base = base.unwrap_or(&empty);
    let caps: Vec<Decimal> = base.categories.iter().map(|c| c.bonus_cap).collect();
    let categories = check::categories(&target, &caps);
    let cross = check::cross_check(
        base,
        &categories,
        &rows,
        &mut out,
        args.trust_sheet_totals,
        &mut errors,
    );
    let analysis = Analysis { unsettled, cross };
    // In the order of the file: sheet by sheet, row by row, cell by cell.
    errors.0.sort_by_key(|d| book.order(d.span.as_ref()));
    if errors.has_errors() {
        return Err(Failure { errors, analysis });
    }
    for w in errors.0 {
        notes.push(w.to_string());
    }
    let (scores, index) = texts(args, into, book, like, &target, &out, &units, period);
    notes.extend(after_notes(
        args,
        into,
        like,
        &target,
        &out,
        period,
        index.is_some(),
    ));
    Ok(Plan {
        into: into.to_path_buf(),
        scores,
        index,
        notes,
        analysis,
        count: out.len(),
    })
}

/// The texts of `scores.yaml`, and of `index.md` where the folder has none.
#[allow(clippy::too_many_arguments)]
fn texts(
    args: &ImportArgs,
    into: &Path,
    book: &read::Book,
    like: Option<&Like>,
    target: &super::map::Target,
    out: &[check::Out],
    units: &[(String, String)],
    period: Period,
) -> (String, Option<String>) {
    let people = target.subject == Subject::People;
    let preamble = match like {
        Some((_, _, text)) => write::preamble_from(text),
        None => write::preamble_new(target),
    };
    let unit_ids: Vec<String> = units.iter().map(|u| u.0.clone()).collect();
    let yaml = write::scores_yaml(&book.file, &preamble, target, out, &unit_ids);
    let index_text = (!into.join("index.md").exists()).then(|| {
        let (title, series, basis) = match like {
            Some((b, _, _)) => (
                next_title(&b.title, b.period, period),
                args.series.clone().unwrap_or_else(|| b.series.clone()),
                b.basis.clone(),
            ),
            None => (
                format!("{period}绩效考核排名通报"),
                args.series.clone().unwrap_or_else(|| {
                    if people {
                        "people".into()
                    } else {
                        "units-monthly".into()
                    }
                }),
                None,
            ),
        };
        write::index_md(&title, period, &series, args.published, basis.as_deref())
    });
    (yaml, index_text)
}

/// The title of the bulletin after one titled `title` for `before`: its period's name
/// replaced, else the new period put in front.
pub fn next_title(title: &str, before: Period, period: Period) -> String {
    let t = title.replace(&before.to_string(), &period.to_string());
    if t == title {
        format!("{period}{title}")
    } else {
        t
    }
}

/// What the user is told after the files are written.
fn after_notes(
    args: &ImportArgs,
    into: &Path,
    like: Option<&Like>,
    target: &super::map::Target,
    out: &[check::Out],
    period: Period,
    writes_index: bool,
) -> Vec<String> {
    let people = target.subject == Subject::People;
    let mut notes = Vec::new();
    let n_cat = target
        .categories
        .iter()
        .enumerate()
        .filter(|(i, _)| out.iter().any(|o| o.category == *i))
        .count();
    let wrote = match (people, writes_index) {
        (true, true) => "import-wrote-people-index",
        (true, false) => "import-wrote-people",
        (false, true) => "import-wrote-units-index",
        (false, false) => "import-wrote-units",
    };
    notes.push(
        crate::i18n::Message::new(
            wrote,
            vec![
                ("dir", into.into()),
                ("count", out.len().into()),
                ("categories", n_cat.into()),
            ],
        )
        .render(),
    );
    // Reasons of trusted totals are not written.
    let filled: usize = out
        .iter()
        .filter(|o| o.total.is_none())
        .map(|o| {
            let left = |r: &str| usize::from(r.starts_with(crate::load::PLACEHOLDER));
            o.bonus.as_ref().map_or(0, |b| left(&b.1))
                + o.deduction.as_ref().map_or(0, |d| left(&d.2))
        })
        .sum();
    if filled > 0 {
        notes.push(tr!(
            "import-reasons-to-fill",
            count = filled,
            last_day = period.bounds().1.to_string()
        ));
    }
    if writes_index && args.published.is_none() {
        notes.push(tr!("import-published-to-fill"));
    }
    let preamble_rules = like.is_some_and(|(_, _, t)| {
        write::preamble_from(t).contains("nominations:") || t.contains("tie_break:")
    });
    if preamble_rules {
        notes.push(tr!("import-rules-copied"));
    }
    notes.push(tr!("import-next"));
    notes
}
