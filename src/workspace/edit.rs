//! 编辑: a bulletin's files opened with their version, saved (the front matter from the
//! form, the narrative as typed, or a file's whole text) only over the version opened,
//! saves undone, and `check`'s problems for the page to list.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::store::{self, Change, Refusal};
use super::{Problem, Workspace, front, json};
use crate::msg;

#[derive(Debug, Deserialize)]
pub struct PathQuery {
    pub path: String,
}

/// A refusal of the store as an answer: 403 for a path, 409 for a file changed on disk
/// (with what is there now, for the user to compare), 404 with nothing to undo.
pub fn refused(ws: &Workspace, rel: &str, r: &Refusal) -> Response {
    let message = match r {
        Refusal::Io(detail) => ws.tr(&msg!(
            "ws-cannot-write",
            path = rel,
            detail = detail.as_str()
        )),
        Refusal::Path | Refusal::Link => ws.tr(&crate::i18n::Message::new(
            r.id(),
            vec![("path", rel.into())],
        )),
        _ => ws.tr(&crate::i18n::Message::new(
            r.id(),
            vec![("path", rel.into())],
        )),
    };
    let code = match r {
        Refusal::Path | Refusal::Link => StatusCode::FORBIDDEN,
        Refusal::Changed(_) => StatusCode::CONFLICT,
        Refusal::NoHistory => StatusCode::NOT_FOUND,
        Refusal::Io(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let disk = match r {
        Refusal::Changed(_) => store::read(&ws.root, rel).ok(),
        _ => None,
    };
    json(
        code,
        &serde_json::json!({
            "error": message,
            "conflict": matches!(r, Refusal::Changed(_)),
            "disk_text": disk.as_ref().and_then(|d| d.0.clone()),
            "disk_version": disk.map(|d| d.1),
        }),
    )
}

/// `GET /__bulletin/api/file?path=content/…`: the text, its version, and for an
/// `index.md` its form and narrative.
pub async fn open(State(ws): State<Arc<Workspace>>, Query(q): Query<PathQuery>) -> Response {
    match store::read(&ws.root, &q.path) {
        Ok((text, version)) => {
            let text = text.unwrap_or_default();
            let split = q
                .path
                .ends_with("/index.md")
                .then(|| front::split(&text))
                .flatten();
            let (form, body, body_line) = match split {
                Some((fm, body)) => (
                    Some(front::read(fm)),
                    Some(body.to_string()),
                    fm.lines().count() + 3,
                ),
                None => (None, None, 1),
            };
            json(
                StatusCode::OK,
                &serde_json::json!({
                    "path": q.path, "text": text, "version": version,
                    "form": form, "body": body, "body_line": body_line,
                }),
            )
        }
        Err(r) => refused(&ws, &q.path, &r),
    }
}

/// What a save sends: the whole text, or (an `index.md`) the form and the narrative.
#[derive(Debug, Deserialize)]
pub struct Save {
    pub path: String,
    /// The version the editor opened.
    pub version: String,
    pub text: Option<String>,
    pub form: Option<front::Form>,
    pub body: Option<String>,
}

/// `POST /__bulletin/api/save`.
pub async fn save(State(ws): State<Arc<Workspace>>, Json(s): Json<Save>) -> Response {
    let _one = ws.writing.lock().unwrap_or_else(|e| e.into_inner());
    let text = match (&s.text, &s.form) {
        (Some(t), _) => t.clone(),
        (None, Some(form)) => {
            let now = match store::read(&ws.root, &s.path) {
                Ok((t, v)) if v == s.version => t.unwrap_or_default(),
                Ok((_, v)) => return refused(&ws, &s.path, &Refusal::Changed(v)),
                Err(r) => return refused(&ws, &s.path, &r),
            };
            let body = s.body.clone().unwrap_or_default();
            match front::compose(&now, form, &body) {
                Some(t) => t,
                None => {
                    return super::refuse(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        ws.tr(&msg!("ws-no-front-matter", path = s.path.as_str())),
                    );
                }
            }
        }
        (None, None) => return super::refuse(StatusCode::BAD_REQUEST, String::new()),
    };
    let change = Change {
        rel: s.path.clone(),
        text: &text,
        base: s.version.clone(),
    };
    match store::write_all(&ws.root, &[change]) {
        Ok(v) => json(
            StatusCode::OK,
            &serde_json::json!({ "version": v[0], "text": text }),
        ),
        Err(r) => refused(&ws, &s.path, &r),
    }
}

/// `GET /__bulletin/api/history?path=…`: the kept versions, oldest first.
pub async fn history(State(ws): State<Arc<Workspace>>, Query(q): Query<PathQuery>) -> Response {
    match store::history(&ws.root, &q.path) {
        Ok(list) => json(StatusCode::OK, &list),
        Err(r) => refused(&ws, &q.path, &r),
    }
}

#[derive(Debug, Deserialize)]
pub struct Undo {
    pub path: String,
    pub version: String,
}

/// `POST /__bulletin/api/undo`: the version before the last save comes back.
pub async fn undo(State(ws): State<Arc<Workspace>>, Json(u): Json<Undo>) -> Response {
    let _one = ws.writing.lock().unwrap_or_else(|e| e.into_inner());
    match store::undo(&ws.root, &u.path, &u.version) {
        Ok(version) => {
            let text = store::read(&ws.root, &u.path)
                .ok()
                .and_then(|r| r.0)
                .unwrap_or_default();
            json(
                StatusCode::OK,
                &serde_json::json!({ "version": version, "text": text }),
            )
        }
        Err(r) => refused(&ws, &u.path, &r),
    }
}

#[derive(Debug, Deserialize)]
pub struct CheckQuery {
    /// A bulletin folder (`content/2025/07-units`): its problems come first.
    pub folder: Option<String>,
}

/// `GET /__bulletin/api/check`: every problem `bulletin check` finds, the folder's first.
pub async fn check(State(ws): State<Arc<Workspace>>, Query(q): Query<CheckQuery>) -> Response {
    let ws2 = ws.clone();
    let found = tokio::task::spawn_blocking(move || {
        let mut settings = crate::site::settings(&ws2.root);
        settings.cache = false;
        match crate::site::check(&settings) {
            Ok(warnings) => (true, warnings),
            Err(errors) => (false, errors),
        }
    })
    .await;
    let Ok((ok, found)) = found else {
        return super::refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new());
    };
    let mut problems = Problem::all(&found, ws.lang);
    if let Some(folder) = &q.folder {
        let inside = |p: &Problem| {
            p.path
                .as_deref()
                .is_some_and(|path| path.starts_with(&format!("{folder}/")))
        };
        problems.sort_by_key(|p| !inside(p));
    }
    json(
        StatusCode::OK,
        &serde_json::json!({ "ok": ok, "problems": problems }),
    )
}
