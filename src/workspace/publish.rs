//! 发布: `site::build` run from the page, with its progress (files written against the
//! last site's count), then for each bulletin its outputs from `public/`, to print, to
//! download, to copy into the WeChat editor, to show on the lobby screen, and its folder
//! opened in the system's file manager.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use axum::Json;
use axum::extract::{Path as UrlPath, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::{Problem, Workspace, json, refuse};
use crate::msg;

/// The build the page started last.
#[derive(Default)]
pub struct BuildState {
    running: bool,
    started: Option<Instant>,
    files: Arc<AtomicUsize>,
    /// Files of the site before it: what the progress bar counts up to.
    expected: usize,
    result: Option<serde_json::Value>,
}

fn count_files(dir: &std::path::Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .count()
}

/// `POST /__bulletin/api/build`: start a build (one at a time).
pub async fn start(State(ws): State<Arc<Workspace>>) -> Response {
    let state = ws.build.clone();
    let files = {
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        if s.running {
            return refuse(StatusCode::CONFLICT, ws.tr(&msg!("ws-build-running")));
        }
        s.running = true;
        s.started = Some(Instant::now());
        s.files = Arc::default();
        s.expected = count_files(&ws.root.join("public"));
        s.result = None;
        s.files.clone()
    };
    let ws2 = ws.clone();
    std::thread::spawn(move || {
        let settings = crate::site::settings(&ws2.root);
        let built = crate::site::build_counting(&settings, &|| {
            files.fetch_add(1, Relaxed);
        });
        let result = match built {
            Ok(report) => serde_json::json!({
                "ok": true,
                "bulletins": report.bulletins,
                "pages": report.pages,
                "files": report.files,
                "ms": u64::try_from(report.elapsed.as_millis()).unwrap_or(u64::MAX),
                "output": report.output.display().to_string(),
                "held": report.held.iter().map(|(p, why)| serde_json::json!({
                    "path": p, "why": ws2.tr(why),
                })).collect::<Vec<_>>(),
                "warnings": Problem::all(&report.warnings, ws2.lang),
            }),
            Err(errors) => serde_json::json!({
                "ok": false,
                "problems": Problem::all(&errors, ws2.lang),
            }),
        };
        let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
        s.running = false;
        s.result = Some(result);
    });
    json(
        StatusCode::ACCEPTED,
        &serde_json::json!({ "started": true }),
    )
}

/// The outputs of one bulletin in `public/`.
#[derive(Debug, Serialize)]
struct Outputs {
    path: String,
    title: String,
    source: String,
    /// Which of print.html, notice.docx, wechat.html, screen.html are there.
    files: Vec<&'static str>,
}

fn outputs(ws: &Workspace) -> Vec<Outputs> {
    let Ok((site, _)) = crate::load::load_site(&ws.root) else {
        return Vec::new();
    };
    let public = ws.root.join("public");
    let mut out: Vec<Outputs> = site
        .bulletins
        .values()
        .filter(|b| public.join(&b.path).join("index.html").is_file())
        .map(|b| Outputs {
            path: b.path.clone(),
            title: b.title.clone(),
            source: b.source.clone(),
            files: ["print.html", "notice.docx", "wechat.html", "screen.html"]
                .into_iter()
                .filter(|f| public.join(&b.path).join(f).is_file())
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| b.path.cmp(&a.path));
    out
}

/// `GET /__bulletin/api/build`: the build's progress, or how it ended, and the outputs.
pub async fn status(State(ws): State<Arc<Workspace>>) -> Response {
    let (running, files, expected, elapsed, result) = {
        let s = ws.build.lock().unwrap_or_else(|e| e.into_inner());
        (
            s.running,
            s.files.load(Relaxed),
            s.expected,
            s.started.map_or(0, |t| t.elapsed().as_millis()),
            s.result.clone(),
        )
    };
    let ws2 = ws.clone();
    let listed = if running {
        Vec::new()
    } else {
        tokio::task::spawn_blocking(move || outputs(&ws2))
            .await
            .unwrap_or_default()
    };
    json(
        StatusCode::OK,
        &serde_json::json!({
            "running": running,
            "files": files,
            "expected": expected,
            "elapsed_ms": u64::try_from(elapsed).unwrap_or(u64::MAX),
            "result": result,
            "outputs": listed,
        }),
    )
}

/// `GET /__bulletin/out/PATH`: a file of `public/` as `build` wrote it (the preview at `/`
/// is `serve`'s own build; these are the files to print and hand on).
pub async fn output_file(
    State(ws): State<Arc<Workspace>>,
    UrlPath(path): UrlPath<String>,
) -> Response {
    let Ok(rel) = crate::web::site_path(&format!("/{path}")) else {
        return refuse(StatusCode::BAD_REQUEST, String::new());
    };
    let file = ws.root.join("public").join(&rel);
    let Ok(Ok(bytes)) = tokio::task::spawn_blocking(move || std::fs::read(&file)).await else {
        return refuse(
            StatusCode::NOT_FOUND,
            ws.tr(&msg!("ws-output-missing", path = rel.as_str())),
        );
    };
    crate::web::typed(bytes.into_response(), crate::web::content_type(&rel))
}

#[derive(Debug, Deserialize)]
pub struct Folder {
    /// The bulletin's address on the site (`2025/q2-units`).
    pub path: String,
}

/// `POST /__bulletin/api/open-folder`: the bulletin's output folder in Explorer (the file
/// manager elsewhere). `BULLETIN_NO_OPEN` set: only said, not opened (tests).
pub async fn open_folder(State(ws): State<Arc<Workspace>>, Json(f): Json<Folder>) -> Response {
    let Ok(rel) = crate::web::site_path(&format!("/{}/", f.path.trim_matches('/'))) else {
        return refuse(StatusCode::BAD_REQUEST, String::new());
    };
    let dir = ws
        .root
        .join("public")
        .join(rel.trim_end_matches("index.html"));
    if !dir.is_dir() {
        return refuse(
            StatusCode::NOT_FOUND,
            ws.tr(&msg!("ws-output-missing", path = f.path.as_str())),
        );
    }
    let shown = dir.display().to_string();
    if std::env::var_os("BULLETIN_NO_OPEN").is_none() {
        let program = if cfg!(windows) {
            "explorer"
        } else if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        if let Err(e) = std::process::Command::new(program).arg(&dir).spawn() {
            return refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                ws.tr(&msg!(
                    "ws-cannot-open",
                    path = shown.as_str(),
                    detail = e.to_string()
                )),
            );
        }
    }
    json(StatusCode::OK, &serde_json::json!({ "folder": shown }))
}
