//! The workspace's page: plain HTML, CSS and JavaScript compiled into the binary (no
//! framework, no build step, nothing fetched from elsewhere), with its words from the
//! `ws-*` messages of `locales/*/workspace.ftl` in the workspace's language.

use std::sync::{Arc, OnceLock};

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::Workspace;
use crate::i18n::{Lang, Message};

const PAGE: &str = include_str!("ui/index.html");
const SCRIPT: &str = include_str!("ui/app.js");
const STYLE: &str = include_str!("ui/app.css");

/// Every `ws-*` id of the catalogue with its arguments, each argument rendered as
/// `{name}` for the page to fill in: made once per language.
fn strings(lang: Lang) -> &'static serde_json::Map<String, serde_json::Value> {
    static MADE: [OnceLock<serde_json::Map<String, serde_json::Value>>; 2] =
        [OnceLock::new(), OnceLock::new()];
    MADE[usize::from(lang == Lang::Zh)].get_or_init(|| {
        let source = include_str!("../../locales/en-US/workspace.ftl");
        let mut out = serde_json::Map::new();
        for line in source.lines() {
            let Some((id, rest)) = line.split_once(" = ") else {
                continue;
            };
            if !id.starts_with("ws-") || id.contains(' ') {
                continue;
            }
            let args = rest
                .split("{ $")
                .skip(1)
                .filter_map(|p| p.split_once(' ').map(|(n, _)| n))
                .map(|n| {
                    let name: &'static str = Box::leak(n.to_string().into_boxed_str());
                    (name, crate::i18n::Arg::Str(format!("{{{n}}}")))
                })
                .collect();
            let text = Message::dynamic(id.to_string(), args).render_in(lang);
            out.insert(id.to_string(), serde_json::Value::String(text));
        }
        out
    })
}

fn with_type(body: String, kind: &'static str) -> Response {
    let mut r = crate::web::typed(body.into_response(), kind);
    // The page loads its own script and style and nothing else; the preview frame shows
    // the site from this server.
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ),
    );
    r
}

/// `GET /__bulletin/`.
pub async fn index(State(ws): State<Arc<Workspace>>) -> Response {
    // JSON inside a script element: `<` escaped so that no `</script>` can end it.
    let strings = serde_json::to_string(&strings(ws.lang))
        .unwrap_or_default()
        .replace('<', "\\u003c");
    let page = PAGE
        .replace("__LANG__", if ws.lang == Lang::Zh { "zh-CN" } else { "en" })
        .replace("__STRINGS__", &strings);
    with_type(page, "text/html; charset=utf-8")
}

pub async fn script() -> Response {
    with_type(SCRIPT.to_string(), "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    with_type(STYLE.to_string(), "text/css; charset=utf-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_there_in_both_languages_with_its_places() {
        let (en, zh) = (strings(Lang::En), strings(Lang::Zh));
        assert!(en.len() > 50, "{}", en.len());
        assert_eq!(en.len(), zh.len());
        for (id, text) in zh {
            let text = text.as_str().unwrap();
            assert!(!text.starts_with("ws-"), "{id} has no Chinese text");
            let places = |t: &str| t.matches('{').count();
            assert_eq!(places(text), places(en[id].as_str().unwrap()), "{id}");
        }
        assert!(zh["ws-nav-list"].as_str().unwrap().contains("通报"));
    }
}
