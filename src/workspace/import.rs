//! 导入: the office's sheet uploaded (kept in memory, never written or published), shown
//! as a grid, and imported by [`crate::import::plan`] as `bulletin import` would: every
//! problem with its cell, the names to settle by choosing (a typo corrected in the cell,
//! a rename keeping its id, a new unit with a new id: the command line's `--id`), the
//! office's 总分 and 排名 beside the computed ones. Nothing is written until the plan is
//! clean and the user confirms; then the plan's own texts are written.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::store::{self, Change};
use super::{Problem, Workspace, json, refuse};
use crate::import::read::Book;
use crate::import::{ImportArgs, header, ids, plan};
use crate::msg;

/// The uploads of this process, by id; only the last few are kept.
#[derive(Default)]
pub struct Uploads {
    by_id: BTreeMap<u64, (String, Vec<u8>)>,
    next: u64,
}

const KEPT: usize = 4;
/// The most rows and columns of a sheet shown in the page's view of it.
const SHOWN_ROWS: usize = 400;
const SHOWN_COLS: usize = 40;

/// What an upload may be, by extension and by its first bytes: a workbook is a zip
/// (xlsx, ods) or an OLE file (xls); a CSV file is text.
fn spreadsheet(name: &str, bytes: &[u8]) -> bool {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "ods" => bytes.starts_with(b"PK\x03\x04"),
        "xls" => bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        "csv" => !bytes.is_empty() && !bytes.contains(&0),
        _ => false,
    }
}

fn file_name(headers: &HeaderMap) -> Option<String> {
    let raw = headers.get("x-file-name")?.to_str().ok()?;
    let name = crate::web::site_path(&format!("/{raw}")).ok()?;
    // A name, not a path.
    (!name.contains('/') && !name.is_empty() && name != "index.html").then_some(name)
}

/// `POST /__bulletin/api/import/upload`: the sheet's bytes, its name in `X-File-Name`
/// (percent-encoded). 413 over 20 MB, 415 for anything but a spreadsheet.
pub async fn upload(State(ws): State<Arc<Workspace>>, headers: HeaderMap, body: Bytes) -> Response {
    if body.len() > super::MAX_UPLOAD {
        return refuse(
            StatusCode::PAYLOAD_TOO_LARGE,
            ws.tr(&msg!(
                "ws-upload-too-large",
                mb = super::MAX_UPLOAD / 1024 / 1024
            )),
        );
    }
    let Some(name) = file_name(&headers) else {
        return refuse(StatusCode::BAD_REQUEST, ws.tr(&msg!("ws-upload-no-name")));
    };
    if !spreadsheet(&name, &body) {
        return refuse(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ws.tr(&msg!("ws-upload-not-sheet", file = name.as_str())),
        );
    }
    let bytes = body.to_vec();
    let book = match crate::import::read::read_bytes(&name, bytes.clone()) {
        Ok(b) => b,
        Err(errors) => {
            return json(
                StatusCode::UNPROCESSABLE_ENTITY,
                &serde_json::json!({ "problems": Problem::all(&errors, ws.lang) }),
            );
        }
    };
    let id = {
        let mut up = ws.uploads.lock().unwrap_or_else(|e| e.into_inner());
        up.next += 1;
        let id = up.next;
        up.by_id.insert(id, (name.clone(), bytes));
        while up.by_id.len() > KEPT {
            up.by_id.pop_first();
        }
        id
    };
    let ws2 = ws.clone();
    let likes = tokio::task::spawn_blocking(move || (likes(&ws2, &book), book)).await;
    let Ok((likes, book)) = likes else {
        return refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new());
    };
    json(
        StatusCode::OK,
        &serde_json::json!({
            "upload": id,
            "file": name,
            "read_as": book.read_as().map(|m| ws.tr(&m)),
            "sheets": grids(&book),
            "likes": likes,
        }),
    )
}

#[derive(Debug, Serialize)]
struct Shown {
    name: Option<String>,
    /// Column letters and row numbers as the spreadsheet program shows them.
    columns: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
    more: bool,
}

fn grids(book: &Book) -> Vec<Shown> {
    book.sheets
        .iter()
        .map(|g| {
            let width = g
                .rows
                .iter()
                .map(Vec::len)
                .max()
                .unwrap_or(0)
                .min(SHOWN_COLS);
            Shown {
                name: g.name.clone(),
                columns: (0..width)
                    .map(|c| {
                        let r = g.reference(0, c);
                        r.trim_end_matches(|ch: char| ch.is_ascii_digit())
                            .to_string()
                    })
                    .collect(),
                rows: g
                    .rows
                    .iter()
                    .take(SHOWN_ROWS)
                    .enumerate()
                    .map(|(i, _)| {
                        let label = g.reference(i, 0);
                        let label = label.trim_start_matches(|c: char| c.is_ascii_uppercase());
                        let cells = (0..width).map(|c| g.cell(i, c).shown()).collect();
                        (label.to_string(), cells)
                    })
                    .collect(),
                more: g.rows.len() > SHOWN_ROWS,
            }
        })
        .collect()
}

/// A bulletin the sheet may follow.
#[derive(Debug, Serialize)]
pub struct LikeOption {
    pub source: String,
    pub title: String,
    pub period: String,
    pub series: String,
    /// How many of its category and entry names the sheet holds.
    pub score: usize,
    /// The folder and period of the bulletin after it.
    pub into: String,
    pub next_period: String,
}

/// The latest bulletin of each series, best match first: the one whose category and
/// entry names the sheet holds most of (the latest among equals).
fn likes(ws: &Workspace, book: &Book) -> Vec<LikeOption> {
    let Ok((site, _)) = crate::load::load_site(&ws.root) else {
        return Vec::new();
    };
    let mut words = std::collections::BTreeSet::new();
    for g in &book.sheets {
        if let Some(n) = &g.name {
            words.insert(header::strip_numbering(n));
        }
        for row in &g.rows {
            for cell in row {
                if let Some(t) = cell.text() {
                    words.insert(header::strip_numbering(t));
                    words.insert(header::normalise(t));
                }
            }
        }
    }
    let mut latest: BTreeMap<&str, &crate::model::Bulletin> = BTreeMap::new();
    for b in site.bulletins.values() {
        let e = latest.entry(b.series.as_str()).or_insert(b);
        if (b.period, &b.published) > (e.period, &e.published) {
            *e = b;
        }
    }
    let mut out: Vec<LikeOption> = latest
        .values()
        .map(|b| {
            let names = b
                .data
                .categories
                .iter()
                .map(|c| &c.name)
                .chain(b.data.entries.iter().map(|e| &e.name));
            let score = names
                .filter(|n| words.contains(&header::normalise(n)))
                .count();
            let next = crate::import::write::next_period(b.period);
            LikeOption {
                source: b.source.clone(),
                title: b.title.clone(),
                period: b.period.to_string(),
                series: b.series.clone(),
                score,
                into: next_folder(&b.source, b.period, next),
                next_period: next.code(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.next_period.cmp(&a.next_period))
    });
    out
}

/// The folder of the bulletin after the one in `source` (`content/2025/06-units` for
/// 2025-06 → `content/2025/07-units`): the period's figures in its path replaced.
pub fn next_folder(
    source: &str,
    before: crate::model::Period,
    next: crate::model::Period,
) -> String {
    use crate::model::Period as P;
    let mut parts: Vec<String> = source.split('/').map(str::to_string).collect();
    let (old_year, new_year) = (before.bounds().0.year(), next.bounds().0.year());
    let last = parts.len() - 1;
    let (from, to) = match (before, next) {
        (P::Month { month: a, .. }, P::Month { month: b, .. }) => {
            (format!("{a:02}"), format!("{b:02}"))
        }
        (P::Quarter { quarter: a, .. }, P::Quarter { quarter: b, .. }) => {
            (format!("q{a}"), format!("q{b}"))
        }
        (P::Half { half: a, .. }, P::Half { half: b, .. }) => (format!("h{a}"), format!("h{b}")),
        _ => (String::new(), String::new()),
    };
    if !from.is_empty() && parts[last].contains(&from) {
        parts[last] = parts[last].replacen(&from, &to, 1);
    }
    for p in &mut parts[1..] {
        if *p == old_year.to_string() {
            *p = new_year.to_string();
        }
    }
    let mut out = parts.join("/");
    if out == source {
        out.push_str(&format!("-{}", next.code().to_ascii_lowercase()));
    }
    out
}

/// What the page decided: the bulletin to follow, where to write, and the names settled.
#[derive(Debug, Deserialize)]
pub struct Decisions {
    pub upload: u64,
    pub like: Option<String>,
    pub into: String,
    pub period: Option<String>,
    pub series: Option<String>,
    pub published: Option<String>,
    #[serde(default)]
    pub trust: bool,
    #[serde(default)]
    pub choices: Vec<Choice>,
}

/// How one unknown name is settled.
#[derive(Debug, Deserialize)]
pub struct Choice {
    pub name: String,
    /// `typo` (the cell corrected to `former`), `rename` or `new` (`id` given).
    pub kind: String,
    pub id: Option<String>,
    pub former: Option<String>,
    /// The cell, for a typo.
    pub cell: Option<(usize, usize, usize)>,
}

/// A cell of the sheet: sheet, row and column in the grid shown.
type Cell = Option<(usize, usize, usize)>;

#[derive(Debug, Serialize)]
struct ProblemAt {
    #[serde(flatten)]
    problem: Problem,
    cell: Cell,
}

#[derive(Debug, Serialize)]
struct UnsettledShown {
    name: String,
    cell: Cell,
    kind: &'static str,
    former: Option<(String, String)>,
    fresh: String,
}

#[derive(Debug, Serialize)]
struct CrossShown {
    category: String,
    name: String,
    sheet_total: Option<String>,
    total: Option<String>,
    sheet_place: Option<usize>,
    place: Option<String>,
    same: bool,
}

/// Run the import as decided: the plan, or its failure, and the sheet as read.
fn run(
    ws: &Workspace,
    d: &Decisions,
) -> Result<(Result<plan::Plan, plan::Failure>, Book), Response> {
    let (name, bytes) = {
        let up = ws.uploads.lock().unwrap_or_else(|e| e.into_inner());
        match up.by_id.get(&d.upload) {
            Some(u) => u.clone(),
            None => {
                return Err(refuse(
                    StatusCode::NOT_FOUND,
                    ws.tr(&msg!("ws-upload-gone")),
                ));
            }
        }
    };
    let mut book = crate::import::read::read_bytes(&name, bytes).map_err(|e| {
        json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &serde_json::json!({ "problems": Problem::all(&e, ws.lang) }),
        )
    })?;
    let folder_ok = |rel: &str| store::resolve(&ws.root, &format!("{rel}/index.md")).is_ok();
    if !folder_ok(&d.into) || d.like.as_deref().is_some_and(|l| !folder_ok(l)) {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            ws.tr(&msg!("ws-refused-path", path = d.into.as_str())),
        ));
    }
    let mut args = ImportArgs {
        into: Some(ws.root.join(&d.into)),
        like: d.like.as_ref().map(|l| ws.root.join(l)),
        period: d.period.clone().filter(|p| !p.trim().is_empty()),
        series: d.series.clone().filter(|s| !s.trim().is_empty()),
        trust_sheet_totals: d.trust,
        ..ImportArgs::default()
    };
    if let Some(p) = d.published.as_deref().filter(|p| !p.trim().is_empty()) {
        match p.trim().parse() {
            Ok(day) => args.published = Some(day),
            Err(_) => {
                return Err(refuse(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    ws.tr(&msg!("ws-bad-date", value = p)),
                ));
            }
        }
    }
    for c in &d.choices {
        match (c.kind.as_str(), &c.id, &c.former, c.cell) {
            ("typo", _, Some(former), Some((s, r, col))) => {
                let holds = book.sheets.get(s).map(|g| {
                    header::normalise(&g.cell(r, col).shown()) == header::normalise(&c.name)
                });
                if holds == Some(true) {
                    book.set_text(s, r, col, former);
                }
            }
            ("rename" | "new", Some(id), _, _) => {
                match ids::parse_flag(&format!("{}={id}", c.name)) {
                    Ok(pair) => args.ids.push(pair),
                    Err(e) => return Err(refuse(StatusCode::UNPROCESSABLE_ENTITY, e)),
                }
            }
            _ => {}
        }
    }
    let like = match args
        .like
        .as_deref()
        .map(crate::import::load_like)
        .transpose()
    {
        Ok(l) => l,
        Err(e) => return Ok((Err(e.into()), book)),
    };
    Ok((plan::prepare(&args, &book, like.as_ref()), book))
}

fn shown(
    ws: &Workspace,
    book: &Book,
    result: &Result<plan::Plan, plan::Failure>,
) -> serde_json::Value {
    let (problems, analysis, files) = match result {
        Ok(p) => (
            Vec::new(),
            &p.analysis,
            p.files()
                .into_iter()
                .map(|(path, text)| {
                    let rel = crate::diag::display_path(&ws.root, &path);
                    serde_json::json!({ "path": rel, "text": text })
                })
                .collect::<Vec<_>>(),
        ),
        Err(f) => (
            f.errors.0.iter().collect::<Vec<_>>(),
            &f.analysis,
            Vec::new(),
        ),
    };
    let at = |span: Option<&crate::diag::Span>| span.and_then(|s| book.locate(s));
    let problems: Vec<ProblemAt> = problems
        .into_iter()
        .map(|d| ProblemAt {
            problem: Problem::new(d, ws.lang),
            cell: at(d.span.as_ref()),
        })
        .collect();
    let unsettled: Vec<UnsettledShown> = analysis
        .unsettled
        .iter()
        .map(|u| UnsettledShown {
            name: u.name.clone(),
            cell: at(Some(&u.at)),
            kind: match u.kind {
                ids::Likely::Typo => "typo",
                ids::Likely::Renamed => "rename",
                ids::Likely::New => "new",
            },
            former: u.former.clone(),
            fresh: u.fresh.clone(),
        })
        .collect();
    let cross: Vec<CrossShown> = analysis
        .cross
        .iter()
        .map(|c| {
            let sheet = c.sheet_total.map(|t| t.normalize().to_string());
            let total = c.total.map(|t| t.to_string());
            let place_same = match (c.sheet_place, &c.place) {
                (Some(s), Some(p)) => p.trim_start_matches("并列") == s.to_string(),
                _ => true,
            };
            let total_same = match (c.sheet_total, c.total) {
                (Some(s), Some(t)) => s.normalize() == t.normalize(),
                _ => true,
            };
            CrossShown {
                category: c.category.clone(),
                name: c.name.clone(),
                sheet_total: sheet,
                total,
                sheet_place: c.sheet_place,
                place: c.place.clone(),
                same: place_same && total_same,
            }
        })
        .collect();
    serde_json::json!({
        "ok": result.is_ok(),
        "problems": problems,
        "unsettled": unsettled,
        "cross": cross,
        "files": files,
        "notes": result.as_ref().map(|p| p.notes.clone()).unwrap_or_default(),
    })
}

/// `POST /__bulletin/api/import/plan`: what the import would write, or every problem.
pub async fn plan(State(ws): State<Arc<Workspace>>, Json(d): Json<Decisions>) -> Response {
    let ws2 = ws.clone();
    let done = tokio::task::spawn_blocking(move || match run(&ws2, &d) {
        Ok((result, book)) => Ok(shown(&ws2, &book, &result)),
        Err(r) => Err(r),
    })
    .await;
    match done {
        Ok(Ok(v)) => json(StatusCode::OK, &v),
        Ok(Err(r)) => r,
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// `POST /__bulletin/api/import/confirm`: the same run, written when it is clean.
pub async fn confirm(State(ws): State<Arc<Workspace>>, Json(d): Json<Decisions>) -> Response {
    let ws2 = ws.clone();
    let done = tokio::task::spawn_blocking(move || {
        let (result, book) = run(&ws2, &d)?;
        let plan = match result {
            Ok(p) => p,
            Err(_) => {
                return Ok((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    shown(&ws2, &book, &result),
                ));
            }
        };
        let _one = ws2.writing.lock().unwrap_or_else(|e| e.into_inner());
        let files: Vec<(String, &str)> = plan
            .files()
            .into_iter()
            .map(|(p, t)| (crate::diag::display_path(&ws2.root, &p), t))
            .collect();
        let changes: Vec<Change> = files
            .iter()
            .map(|(rel, text)| Change {
                rel: rel.clone(),
                text,
                base: store::version(None),
            })
            .collect();
        match store::write_all(&ws2.root, &changes) {
            Ok(_) => Ok((
                StatusCode::OK,
                serde_json::json!({
                    "ok": true,
                    "folder": d.into,
                    "written": files.iter().map(|f| f.0.clone()).collect::<Vec<_>>(),
                    "notes": plan.notes,
                }),
            )),
            Err(r) => Err(super::edit::refused(&ws2, &files[0].0, &r)),
        }
    })
    .await;
    match done {
        Ok(Ok((code, v))) => json(code, &v),
        Ok(Err(r)) => r,
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;

    #[test]
    fn the_next_folder_is_named_after_the_next_period() {
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(
            next_folder("content/2025/06-units", p("2025-06"), p("2025-07")),
            "content/2025/07-units"
        );
        assert_eq!(
            next_folder("content/2025/12-units", p("2025-12"), p("2026-01")),
            "content/2026/01-units"
        );
        assert_eq!(
            next_folder("content/2025/q2-units", p("2025-Q2"), p("2025-Q3")),
            "content/2025/q3-units"
        );
        assert_eq!(
            next_folder("content/2024/annual-units", p("2024"), p("2025")),
            "content/2025/annual-units"
        );
    }

    #[test]
    fn only_spreadsheets_are_taken() {
        assert!(spreadsheet("表.xlsx", b"PK\x03\x04rest"));
        assert!(spreadsheet("表.csv", "序号,单位\n".as_bytes()));
        assert!(!spreadsheet("表.xlsx", b"MZ\x90\x00"));
        assert!(!spreadsheet("表.exe", b"PK\x03\x04"));
        assert!(!spreadsheet("表.csv", b"a\0b"));
        assert!(!spreadsheet("表.html", b"<script>"));
    }
}
