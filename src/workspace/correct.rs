//! 更正: a published 公示 corrected as README says to do it by hand, without the hand
//! work. The published `scores.yaml` is kept as `revisions/DAY.scores.yaml` (DAY: when that
//! version was published), the corrected scores replace it, and the front matter gets a
//! `revisions:` item with the day and the reason. Before anything is written the three
//! files are loaded and ranked in a scratch copy of the site, by the loader and
//! [`crate::rank`] as `build` does it, and the change table the pages will print is shown.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::store::{self, Change};
use super::{Problem, Workspace, json, refuse};
use crate::diag::Diagnostics;
use crate::import::write::scalar;
use crate::msg;

#[derive(Debug, Deserialize)]
pub struct FolderQuery {
    pub folder: String,
}

/// The bulletin in `folder` as it is now, and the name its published scores get.
fn current(ws: &Workspace, folder: &str) -> Result<(crate::model::Bulletin, String), Response> {
    if store::resolve(&ws.root, &format!("{folder}/index.md")).is_err() {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            ws.tr(&msg!("ws-refused-path", path = folder)),
        ));
    }
    let dir = ws.root.join(folder);
    let loaded = crate::load::load_folder(&ws.root, &dir);
    let b = match loaded {
        Ok((Some(b), _)) => b,
        Ok((None, _)) => {
            return Err(refuse(
                StatusCode::UNPROCESSABLE_ENTITY,
                ws.tr(&msg!("ws-not-correctable", folder = folder)),
            ));
        }
        Err(e) => {
            return Err(json(
                StatusCode::UNPROCESSABLE_ENTITY,
                &serde_json::json!({ "problems": Problem::all(&e, ws.lang) }),
            ));
        }
    };
    // The version being replaced was published on the day of the last correction, or on
    // the bulletin's own day.
    let day = b.revisions.last().map_or(b.published, |r| r.corrected);
    Ok((b, format!("revisions/{day}.scores.yaml")))
}

/// `GET /__bulletin/api/correct/open?folder=…`: what the correction starts from.
pub async fn open(State(ws): State<Arc<Workspace>>, Query(q): Query<FolderQuery>) -> Response {
    let (b, file) = match current(&ws, &q.folder) {
        Ok(c) => c,
        Err(r) => return r,
    };
    let (scores, scores_version) =
        store::read(&ws.root, &format!("{}/scores.yaml", q.folder)).unwrap_or_default();
    let (_, index_version) =
        store::read(&ws.root, &format!("{}/index.md", q.folder)).unwrap_or_default();
    json(
        StatusCode::OK,
        &serde_json::json!({
            "title": b.title,
            "scores": scores.unwrap_or_default(),
            "scores_version": scores_version,
            "index_version": index_version,
            "revision_file": file,
            "has_notice": b.notice.is_some(),
            "today": crate::site::settings(&ws.root).today.to_string(),
            "corrections": b.revisions.len(),
        }),
    )
}

/// A correction as the page sends it.
#[derive(Debug, Deserialize)]
pub struct Correction {
    pub folder: String,
    pub scores: String,
    pub reason: String,
    pub corrected: String,
    #[serde(default)]
    pub restarts_notice: bool,
    pub scores_version: Option<String>,
    pub index_version: Option<String>,
}

/// `index.md` with one more `revisions:` item: at the end of the list when there is one,
/// else as a new key at the end of the front matter.
pub fn with_revision(index: &str, item: &str) -> Option<String> {
    let (front, body) = super::front::split(index)?;
    let mut lines: Vec<&str> = front.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("revisions:"));
    let text = match start {
        Some(i) => {
            let mut end = i + 1;
            while end < lines.len() && lines[end].starts_with([' ', '\t', '-']) {
                end += 1;
            }
            lines.insert(end, item);
            lines.concat()
        }
        None => {
            let mut t = lines.concat();
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            format!("{t}revisions:\n{item}")
        }
    };
    Some(format!("---\n{text}---\n{body}"))
}

/// The `revisions:` item of a correction.
pub fn item(file: &str, corrected: &str, reason: &str, restarts: Option<bool>) -> String {
    let mut s = format!(
        "  - file: {file}\n    corrected: {corrected}\n    reason: {}\n",
        scalar(reason.trim())
    );
    if let Some(r) = restarts {
        s.push_str(&format!("    restarts_notice: {r}\n"));
    }
    s
}

/// The three files of the correction: (path below the bulletin, text).
fn files(
    ws: &Workspace,
    c: &Correction,
    b: &crate::model::Bulletin,
    file: &str,
) -> Result<Vec<(String, String)>, Response> {
    let read = |name: &str| {
        store::read(&ws.root, &format!("{}/{name}", c.folder))
            .ok()
            .and_then(|r| r.0)
            .unwrap_or_default()
    };
    let restarts = b.notice.is_some().then_some(c.restarts_notice);
    let index = with_revision(
        &read("index.md"),
        &item(file, c.corrected.trim(), &c.reason, restarts),
    )
    .ok_or_else(|| {
        refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            ws.tr(&msg!("ws-no-front-matter", path = c.folder.as_str())),
        )
    })?;
    Ok(vec![
        (file.to_string(), read("scores.yaml")),
        ("scores.yaml".to_string(), c.scores.clone()),
        ("index.md".to_string(), index),
    ])
}

/// A scratch folder, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copy the plain files of `from` into `to` (no links followed).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for e in walkdir::WalkDir::new(from).follow_links(false) {
        let e = e.map_err(std::io::Error::other)?;
        let rel = e.path().strip_prefix(from).unwrap_or(e.path());
        let target = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target)?;
        } else if e.file_type().is_file() {
            std::fs::copy(e.path(), &target)?;
        }
    }
    Ok(())
}

/// Load and rank the bulletin as it would be after the correction, in a scratch copy:
/// the change table, or every problem found.
fn rehearse(
    ws: &Workspace,
    folder: &str,
    files: &[(String, String)],
) -> Result<Option<crate::render::correction::CorrectionView>, Diagnostics> {
    let scratch = Scratch(
        std::env::temp_dir().join(format!("bulletin-correction-{}", super::auth::new_token())),
    );
    let dir = scratch.0.join(folder);
    let io = |e: std::io::Error| {
        Diagnostics::from(crate::diag::Diagnostic::error(msg!(
            "cannot-write",
            file = &scratch.0,
            reason = crate::i18n::io_reason(&e)
        )))
    };
    std::fs::create_dir_all(scratch.0.join("content")).map_err(io)?;
    std::fs::copy(
        ws.root.join("content/site.yaml"),
        scratch.0.join("content/site.yaml"),
    )
    .map_err(io)?;
    copy_tree(&ws.root.join(folder), &dir).map_err(io)?;
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(path, text).map_err(io)?;
    }
    let (b, _) = crate::load::load_folder(&scratch.0, &dir)?;
    let Some(b) = b else { return Ok(None) };
    let ranked = crate::rank::rank_bulletin(&b, None)?;
    let last: Vec<_> = ranked.corrections.last().cloned().into_iter().collect();
    Ok(crate::render::correction::view(&last, b.data.decimals))
}

fn checked(
    ws: &Workspace,
    c: &Correction,
) -> Result<(Vec<(String, String)>, serde_json::Value), Response> {
    let (b, file) = current(ws, &c.folder)?;
    if c.reason.trim().is_empty() || c.corrected.trim().parse::<jiff::civil::Date>().is_err() {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            ws.tr(&msg!("ws-correction-incomplete")),
        ));
    }
    let files = files(ws, c, &b, &file)?;
    match rehearse(ws, &c.folder, &files) {
        Ok(view) => Ok((
            files,
            serde_json::json!({ "ok": true, "table": view, "revision_file": file }),
        )),
        Err(e) => Err(json(
            StatusCode::UNPROCESSABLE_ENTITY,
            &serde_json::json!({ "ok": false, "problems": Problem::all(&e, ws.lang) }),
        )),
    }
}

/// `POST /__bulletin/api/correct/preview`: the change table, nothing written.
pub async fn preview(State(ws): State<Arc<Workspace>>, Json(c): Json<Correction>) -> Response {
    let ws2 = ws.clone();
    match tokio::task::spawn_blocking(move || checked(&ws2, &c)).await {
        Ok(Ok((_, v))) => json(StatusCode::OK, &v),
        Ok(Err(r)) => r,
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

/// `POST /__bulletin/api/correct/save`: the three files, each only over the version the
/// page opened (the kept version must not exist yet).
pub async fn save(State(ws): State<Arc<Workspace>>, Json(c): Json<Correction>) -> Response {
    let ws2 = ws.clone();
    let done = tokio::task::spawn_blocking(move || {
        let (files, shown) = checked(&ws2, &c)?;
        let _one = ws2.writing.lock().unwrap_or_else(|e| e.into_inner());
        let bases = [
            store::version(None),
            c.scores_version.clone().unwrap_or_default(),
            c.index_version.clone().unwrap_or_default(),
        ];
        let changes: Vec<Change> = files
            .iter()
            .zip(bases)
            .map(|((name, text), base)| Change {
                rel: format!("{}/{name}", c.folder),
                text,
                base,
            })
            .collect();
        store::write_all(&ws2.root, &changes)
            .map(|_| shown)
            .map_err(|r| super::edit::refused(&ws2, &changes[0].rel, &r))
    })
    .await;
    match done {
        Ok(Ok(v)) => json(StatusCode::OK, &v),
        Ok(Err(r)) => r,
        Err(_) => refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_item_goes_at_the_end_of_the_list_or_of_the_front_matter() {
        let item = item(
            "revisions/2025-04-08.scores.yaml",
            "2025-04-11",
            "经复核，更正。",
            Some(false),
        );
        assert_eq!(
            item,
            "  - file: revisions/2025-04-08.scores.yaml\n    corrected: 2025-04-11\n    reason: 经复核，更正。\n    restarts_notice: false\n"
        );
        let fresh = with_revision("---\ntitle: t\n---\n正文\n", &item).unwrap();
        assert_eq!(
            fresh,
            format!("---\ntitle: t\nrevisions:\n{item}---\n正文\n")
        );
        let again = with_revision(&fresh.replace("正文", "x"), "  - file: b\n").unwrap();
        assert!(again.contains("restarts_notice: false\n  - file: b\n---\nx\n"));
    }
}
