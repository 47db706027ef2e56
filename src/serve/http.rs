//! The HTTP side of `serve`: files of the served site (from memory or the page store)
//! with their content types, directory URLs to their `index.html`, the site's own 404
//! page, no path outside the site, and the live-reload channel (server-sent events at
//! `/__bulletin/events`).
//!
//! The reload script and the error overlay are added to HTML responses here, on the way
//! out; the built pages are the pages `build` writes, byte for byte.

use std::collections::HashSet;
use std::convert::Infallible;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::memory::{Current, Served, Status};
use super::stored::Stored;
use crate::output::PageKey;

/// Where the injected script listens for builds.
pub const EVENTS_PATH: &str = "/__bulletin/events";
/// The injected script itself.
pub const SCRIPT_PATH: &str = "/__bulletin/reload.js";

/// What the builder tells the open tabs.
#[derive(Debug, Clone)]
pub enum Notice {
    /// A build succeeded: the site is now at this generation.
    Reload(u64),
    /// A build failed: the diagnostics, as the terminal shows them.
    Error(Arc<str>),
}

/// What the handlers share with the builder.
pub struct Shared {
    pub current: Current,
    pub notices: broadcast::Sender<Notice>,
    /// What the last build made, reused by the next one.
    pub db: crate::incr::Db,
    /// Page-store entries that requests found gone since the last build began: the
    /// next build makes them again.
    pub vanished: Mutex<HashSet<PageKey>>,
    /// Asks the builder for a build (set once the watcher runs).
    pub poke: OnceLock<super::watch::Poke>,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Arc::new(Shared {
            current: Current::default(),
            notices: broadcast::channel(64).0,
            db: crate::incr::Db::kept(),
            vanished: Mutex::default(),
            poke: OnceLock::new(),
        })
    }

    /// A request found the page-store file of `stored` gone: say so, once, and have the
    /// builder make its entry again.
    pub fn vanished(&self, stored: &Stored) {
        let new = self
            .vanished
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(stored.key);
        if new {
            eprintln!(
                "{}",
                crate::msg!("serve-store-vanished", file = &stored.path)
            );
            if let Some(poke) = self.poke.get() {
                poke.rebuild(&stored.path);
            }
        }
    }

    /// Whether the store entry `key` was found gone and not made again yet.
    pub fn is_vanished(&self, key: PageKey) -> bool {
        let vanished = self.vanished.lock().unwrap_or_else(|p| p.into_inner());
        vanished.contains(&key)
    }

    /// Tell every open tab; nobody listening is fine.
    pub fn notify(&self, notice: Notice) {
        let _ = self.notices.send(notice);
    }
}

pub use crate::web::{Refused, content_type, escape, site_path};

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(SCRIPT_PATH, get(script))
        .fallback(file)
        .with_state(shared)
}

async fn file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let mut status = shared.current.get();
    let path = match site_path(uri.path()) {
        Ok(p) => p,
        Err(Refused::Unsafe) => {
            return plain(StatusCode::BAD_REQUEST, "400: not a path of this site\n");
        }
    };
    let mut waited = false;
    while let Some(served) = status.files.get(&path) {
        match fetch(served).await {
            Fetched::Bytes(bytes) => return page(StatusCode::OK, &path, bytes, &status),
            Fetched::Failed(errors) => return unmade(&errors),
            Fetched::Panicked => return plain(StatusCode::INTERNAL_SERVER_ERROR, "500\n"),
            // Gone from the page store: answered from the next site, which makes it again.
            Fetched::Gone(stored) if !waited => {
                remade(&shared, &stored).await;
                (status, waited) = (shared.current.get(), true);
            }
            Fetched::Gone(stored) => {
                let gone = std::io::Error::from(std::io::ErrorKind::NotFound);
                return unmade(&stored.unreadable(&gone));
            }
        }
    }
    // `/2025/03-units` → `/2025/03-units/`, so that the page's relative links work.
    if !path.ends_with("index.html") || !path.contains('/') {
        let dir_index = format!("{path}/index.html");
        if status.files.get(&dir_index).is_some() {
            let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("{}/", uri.path())) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            return r;
        }
    }
    not_found(&status)
}

/// A served file's bytes, or why there are none.
enum Fetched {
    Bytes(Bytes),
    Failed(crate::diag::Diagnostics),
    /// Its page-store file is gone.
    Gone(Stored),
    Panicked,
}

/// The bytes of `served`: at hand, or made or read off the async workers (a unit page
/// takes tens of ms to make; a file of the page store is read from disk).
async fn fetch(served: Served) -> Fetched {
    let made = match served {
        Served::Stored(s) => {
            let read = tokio::task::spawn_blocking({
                let s = s.clone();
                move || s.read()
            })
            .await;
            return match read {
                Ok(Ok(bytes)) => Fetched::Bytes(bytes),
                Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Fetched::Gone(s),
                Ok(Err(e)) => Fetched::Failed(s.unreadable(&e)),
                Err(_) => Fetched::Panicked,
            };
        }
        Served::Later(l) if !l.is_made() => {
            tokio::task::spawn_blocking(move || Served::Later(l).bytes()).await
        }
        served => Ok(served.bytes()),
    };
    match made {
        Ok(Ok(bytes)) => Fetched::Bytes(bytes),
        Ok(Err(errors)) => Fetched::Failed(errors),
        Err(_) => Fetched::Panicked,
    }
}

/// How long a request for a file gone from the page store waits for the site that makes
/// it again (a whole site made again, when the cache folder was deleted).
const REMAKE_WAIT: Duration = Duration::from_secs(120);

/// Have the builder make again the entry of `stored`, gone from the store, and wait until
/// a build that does so has finished (or failed).
async fn remade(shared: &Shared, stored: &Stored) {
    let mut notices = shared.notices.subscribe();
    shared.vanished(stored);
    let wait = async {
        while shared.is_vanished(stored.key) {
            match notices.recv().await {
                Ok(Notice::Error(_)) | Err(broadcast::error::RecvError::Closed) => return,
                Ok(Notice::Reload(_)) | Err(broadcast::error::RecvError::Lagged(_)) => {}
            }
        }
    };
    let _ = tokio::time::timeout(REMAKE_WAIT, wait).await;
}

/// A deferred file that could not be made: its errors, as the terminal shows them.
fn unmade(errors: &crate::diag::Diagnostics) -> Response {
    let mut r = (StatusCode::INTERNAL_SERVER_ERROR, errors.to_string()).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

fn not_found(status: &Status) -> Response {
    match status.files.get("404.html").map(|s| s.bytes()) {
        Some(Ok(bytes)) => page(StatusCode::NOT_FOUND, "404.html", bytes, status),
        _ => page(
            StatusCode::NOT_FOUND,
            "404.html",
            Bytes::from_static(
                b"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>404</title><body><p>404: no such page.</p></body></html>",
            ),
            status,
        ),
    }
}

fn page(code: StatusCode, path: &str, bytes: Bytes, status: &Status) -> Response {
    let kind = content_type(path);
    let body = if kind.starts_with("text/html") {
        Body::from(inject(&bytes, status.generation, status.error.as_deref()))
    } else {
        Body::from(bytes)
    };
    crate::web::typed((code, body).into_response(), kind)
}

fn plain(code: StatusCode, text: &'static str) -> Response {
    let mut r = (code, text).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// The id of the overlay element, in the page and in the script.
pub const OVERLAY_ID: &str = "bulletin-serve-error";

/// An HTML page as served: the built page with the reload script (and, after a failed
/// build, the error overlay) before its last `</body>`.
pub fn inject(html: &[u8], generation: u64, error: Option<&str>) -> Vec<u8> {
    let mut tail = String::new();
    if let Some(text) = error {
        tail.push_str(&overlay(text));
    }
    tail.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>\n"
    ));
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tail.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tail.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The overlay for a failed build: the terminal's text, HTML-escaped.
pub fn overlay(text: &str) -> String {
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><p style=\"margin:0 0 8px;font:bold 16px sans-serif\">{}</p><pre style=\"{PRE_STYLE}\">{}</pre></div>\n",
        escape(&crate::tr!("serve-overlay-title")),
        escape(text)
    )
}

const OVERLAY_STYLE: &str = "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:24px;background:rgba(30,0,0,.92);color:#fff";
const PRE_STYLE: &str =
    "margin:0;white-space:pre-wrap;font:14px/1.5 ui-monospace,monospace;color:#ffd7d7";

fn find_last_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The script every served HTML page loads: reload when the site's generation changes,
/// show the overlay on `build-error`, and reconnect when the server restarts.
const SCRIPT: &str = r#"(() => {
  const me = document.currentScript;
  const generation = me ? me.dataset.generation : '';
  const ID = '__OVERLAY_ID__';
  const P_STYLE = 'margin:0 0 8px;font:bold 16px sans-serif';
  const PRE_STYLE = '__PRE_STYLE__';
  function show(text) {
    let box = document.getElementById(ID);
    if (!box) {
      box = document.createElement('div');
      box.id = ID;
      box.setAttribute('role', 'alert');
      box.style.cssText = '__OVERLAY_STYLE__';
      const p = document.createElement('p');
      p.style.cssText = P_STYLE;
      p.textContent = __OVERLAY_TITLE__;
      const pre = document.createElement('pre');
      pre.style.cssText = PRE_STYLE;
      box.append(p, pre);
      document.body.append(box);
    }
    box.querySelector('pre').textContent = text;
  }
  const events = new EventSource('__EVENTS_PATH__');
  events.addEventListener('reload', (e) => {
    if (e.data !== generation) location.reload();
    else document.getElementById(ID)?.remove();
  });
  events.addEventListener('build-error', (e) => show(e.data));
})();
"#;

async fn script() -> Response {
    let text = SCRIPT
        .replace("__OVERLAY_ID__", OVERLAY_ID)
        .replace("__PRE_STYLE__", PRE_STYLE)
        .replace("__OVERLAY_STYLE__", OVERLAY_STYLE)
        .replace("__EVENTS_PATH__", EVENTS_PATH)
        // A JSON string is a JavaScript string literal; `<` is escaped for a script.
        .replace(
            "__OVERLAY_TITLE__",
            &serde_json::to_string(&crate::tr!("serve-overlay-title"))
                .unwrap_or_default()
                .replace('<', "\\u003c"),
        );
    let mut r = text.into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

fn event(notice: &Notice) -> Event {
    match notice {
        Notice::Reload(g) => Event::default().event("reload").data(g.to_string()),
        Notice::Error(text) => Event::default().event("build-error").data(text.as_ref()),
    }
}

/// The event stream: first where the site is now (its generation, and its error if the
/// last build failed), then every build as it finishes.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    // Subscribe before reading the state: a build finishing in between is sent twice,
    // never missed.
    let rx = shared.notices.subscribe();
    let now = shared.current.get();
    let mut first = vec![event(&Notice::Reload(now.generation))];
    if let Some(e) = now.error {
        first.push(event(&Notice::Error(e)));
    }
    let live = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(n) => return Some((Ok(event(&n)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    let start = stream::iter(first.into_iter().map(Ok));
    use futures_util::StreamExt as _;
    Sse::new(start.chain(live)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_paths() {
        assert_eq!(site_path("/").unwrap(), "index.html");
        assert_eq!(
            site_path("/2025/03-units/").unwrap(),
            "2025/03-units/index.html"
        );
        assert_eq!(site_path("/static/style.css").unwrap(), "static/style.css");
        assert_eq!(
            site_path("/units/%E5%8C%BA/").unwrap(),
            "units/区/index.html"
        );
        assert_eq!(site_path("/2025/03-units").unwrap(), "2025/03-units");
    }

    #[test]
    fn paths_out_of_the_site_are_refused() {
        for raw in [
            "/../secret.txt",
            "/static/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "//etc/passwd",
            "/static//style.css",
            "/C:/Windows/win.ini",
            "/index.html%00.png",
            "/a%0a",
            "/./index.html",
            "/%",
            "/%zz",
            "/%ff",
            "etc/passwd",
        ] {
            assert_eq!(site_path(raw), Err(Refused::Unsafe), "{raw}");
        }
    }

    #[test]
    fn content_types_are_utf8_for_text() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("static/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("static/site.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("x/data.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("x/scores.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("x/chart.PNG"), "image/png");
        assert_eq!(content_type("x/a.pdf"), "application/pdf");
        assert_eq!(content_type("x/noext"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_and_errors_are_escaped() {
        let html = b"<html><body><p>x</p></BODY></html>";
        let out = String::from_utf8(inject(html, 7, Some("error: <b>&\"x\"</b>"))).unwrap();
        assert!(out.starts_with("<html><body><p>x</p><div id=\"bulletin-serve-error\""));
        assert!(out.contains("error: &lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"));
        assert!(out.contains("data-generation=\"7\"></script>\n</BODY></html>"));
        let plain = String::from_utf8(inject(b"<p>no body", 1, None)).unwrap();
        assert!(plain.starts_with("<p>no body<script src=\"/__bulletin/reload.js\""));
        assert!(!plain.contains(OVERLAY_ID));
    }
}
