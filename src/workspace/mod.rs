//! The workspace (工作台): the month's work in the browser, served by `bulletin serve` at
//! `/__bulletin/` (and started by a double-click on the program, see `cli/start.rs`). It lists
//! the bulletins, imports the office's spreadsheet, edits front matter and narrative with
//! the live preview beside them, corrects a published 公示 and builds the site, through
//! the same library code as the command line: [`crate::import::plan`], `site::check`,
//! `site::build`, the loader's masking and the gate.
//!
//! The server can write files, so every request passes serve's guard (`serve/guard.rs`: its
//! own `Host` only) and [`auth`] (the per-process token, then a `SameSite=Strict` cookie;
//! writes also a matching `Origin`), and every write goes through [`store`] (inside
//! `content/` only, atomic, never over a file changed since it was opened, the previous
//! version kept for undo).

pub mod auth;
mod bulletins;
// The handlers' helpers stop with the answer to send, as axum's own extractors do; an
// answer is large, and made once per request.
#[allow(clippy::result_large_err)]
mod correct;
mod edit;
pub mod front;
#[allow(clippy::result_large_err)]
mod import;
mod publish;
pub mod store;
mod ui;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::i18n::Lang;

/// Where the workspace lives on the server.
pub const PREFIX: &str = "/__bulletin/";
/// The routes that take writes (POST); every other address answers GET and HEAD only.
pub const WRITES: &str = "/__bulletin/api/";
/// The most an upload may hold: a month's sheet is a few hundred KB.
pub const MAX_UPLOAD: usize = 20 * 1024 * 1024;

/// What the workspace's handlers share.
pub struct Workspace {
    /// The site folder, absolute.
    pub root: PathBuf,
    /// The server's port: the `Origin` a write must come from.
    pub port: u16,
    /// The per-process secret, in the address the program opens.
    pub token: String,
    /// The language of the pages: Chinese unless English is asked for.
    pub lang: Lang,
    uploads: Mutex<import::Uploads>,
    build: Arc<Mutex<publish::BuildState>>,
    /// One write at a time: a save reads, compares and writes as one step.
    writing: Mutex<()>,
}

impl Workspace {
    pub fn new(root: &Path, port: u16) -> Arc<Workspace> {
        Arc::new(Workspace {
            root: root.to_path_buf(),
            port,
            token: auth::new_token(),
            lang: lang(),
            uploads: Mutex::default(),
            build: Arc::default(),
            writing: Mutex::new(()),
        })
    }

    /// The address that opens the workspace, with its token.
    pub fn address(&self, base: &str) -> String {
        format!(
            "{}{}?token={}",
            base.trim_end_matches('/'),
            PREFIX,
            self.token
        )
    }

    /// A message in the workspace's language.
    pub fn tr(&self, message: &crate::i18n::Message) -> String {
        message.render_in(self.lang)
    }
}

/// The workspace is Chinese unless `--lang en` or `BULLETIN_LANG=en` says otherwise: its
/// users are Chinese offices, whatever the machine's locale.
fn lang() -> Lang {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    crate::i18n::lang_arg(&args)
        .or_else(|| {
            std::env::var("BULLETIN_LANG")
                .ok()
                .as_deref()
                .and_then(Lang::parse)
        })
        .unwrap_or(Lang::Zh)
}

/// The workspace's routes, behind its token and `Origin` checks.
pub fn router(ws: Arc<Workspace>) -> Router {
    let api = Router::new()
        .route("/__bulletin/api/bulletins", get(bulletins::list))
        .route("/__bulletin/api/file", get(edit::open))
        .route("/__bulletin/api/save", post(edit::save))
        .route("/__bulletin/api/history", get(edit::history))
        .route("/__bulletin/api/undo", post(edit::undo))
        .route("/__bulletin/api/check", get(edit::check))
        .route("/__bulletin/api/import/upload", post(import::upload))
        .route("/__bulletin/api/import/plan", post(import::plan))
        .route("/__bulletin/api/import/confirm", post(import::confirm))
        .route("/__bulletin/api/correct/open", get(correct::open))
        .route("/__bulletin/api/correct/preview", post(correct::preview))
        .route("/__bulletin/api/correct/save", post(correct::save))
        .route(
            "/__bulletin/api/build",
            get(publish::status).post(publish::start),
        )
        .route("/__bulletin/api/open-folder", post(publish::open_folder))
        .route("/__bulletin/out/{*path}", get(publish::output_file))
        .route("/__bulletin/", get(ui::index))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD + 64 * 1024))
        .route_layer(axum::middleware::from_fn_with_state(
            ws.clone(),
            auth::check,
        ));
    Router::new()
        .route("/__bulletin/app.js", get(ui::script))
        .route("/__bulletin/app.css", get(ui::style))
        .merge(api)
        .with_state(ws)
}

/// A problem as the pages show it: in the workspace's language, with where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub severity: &'static str,
    pub message: String,
    pub hint: Option<String>,
    /// The file as messages name it (`content/2025/07-units/index.md`, or a sheet's
    /// `得分汇总表.xlsx › 汇总 › C9`).
    pub path: Option<String>,
    pub line: usize,
    pub column: usize,
    /// The line or cell quoted.
    pub text: Option<String>,
}

impl Problem {
    pub fn new(d: &Diagnostic, lang: Lang) -> Problem {
        Problem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            },
            message: d.message.render_in(lang),
            hint: d.hint.as_ref().map(|h| h.render_in(lang)),
            path: d.span.as_ref().map(|s| s.path.clone()),
            line: d.span.as_ref().map_or(0, |s| s.line),
            column: d.span.as_ref().map_or(0, |s| s.column),
            text: d
                .span
                .as_ref()
                .map(|s| s.line_text.clone())
                .filter(|t| !t.is_empty()),
        }
    }

    pub fn all(d: &Diagnostics, lang: Lang) -> Vec<Problem> {
        d.0.iter().map(|d| Problem::new(d, lang)).collect()
    }
}

/// A JSON answer.
pub fn json(code: StatusCode, value: &impl Serialize) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    crate::web::typed(
        (code, body).into_response(),
        "application/json; charset=utf-8",
    )
}

/// A refusal: a status and one line of words.
pub fn refuse(code: StatusCode, message: String) -> Response {
    json(code, &serde_json::json!({ "error": message }))
}
