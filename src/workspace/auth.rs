//! Who may use the workspace: whoever opened the address the program printed (and
//! opened), which carries a per-process token. The first visit trades the token for a
//! `SameSite=Strict` cookie and sends the browser on to the address without it; every
//! request after that needs the cookie, and every write (POST) also an `Origin` that is
//! the server itself. A page of another site can make the browser send requests here
//! (CSRF) but never with the cookie (`SameSite=Strict`) nor with our `Origin`; a page
//! that points its own name at 127.0.0.1 (DNS rebinding) is refused before this, by the
//! serve guard's `Host` check.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Workspace;

/// 128 random bits, as 32 hex digits.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    // The system's generator does not fail on the systems this runs on; if it ever did,
    // a token of the clock and the process would still differ from run to run.
    if getrandom::fill(&mut bytes).is_err() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let mixed = now ^ (u128::from(std::process::id()) << 64);
        bytes = xxhash_rust::xxh3::xxh3_128(&mixed.to_le_bytes()).to_le_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The cookie's name: one per port, since browsers share cookies between the ports of a
/// host.
fn cookie_name(port: u16) -> String {
    format!("bulletin_workspace_{port}")
}

/// Compare without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

fn cookie_token<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn query_token(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v)
}

/// The `Origin` a write must carry: the server's own, as the browser names it (the `Host`
/// the guard accepted, over http).
fn origin_ok(headers: &HeaderMap) -> bool {
    let one = |name| {
        let mut all = headers.get_all(name).iter();
        match (all.next(), all.next()) {
            (Some(v), None) => v.to_str().ok(),
            _ => None,
        }
    };
    match (one(header::ORIGIN), one(header::HOST)) {
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        _ => false,
    }
}

/// The layer in front of every workspace route but its script and style.
pub async fn check(State(ws): State<Arc<Workspace>>, request: Request, next: Next) -> Response {
    let name = cookie_name(ws.port);
    let path = request.uri().path();
    if path == super::PREFIX
        && let Some(given) = query_token(request.uri().query())
    {
        if !same(given, &ws.token) {
            return refused(&ws, "ws-refused-token");
        }
        let mut r = (
            StatusCode::SEE_OTHER,
            [(header::LOCATION, HeaderValue::from_static(super::PREFIX))],
        )
            .into_response();
        let cookie = format!(
            "{name}={}; Path={}; HttpOnly; SameSite=Strict",
            ws.token,
            super::PREFIX
        );
        if let Ok(v) = HeaderValue::from_str(&cookie) {
            r.headers_mut().insert(header::SET_COOKIE, v);
        }
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return r;
    }
    if !cookie_token(request.headers(), &name).is_some_and(|t| same(t, &ws.token)) {
        return refused(&ws, "ws-refused-token");
    }
    let reading = matches!(*request.method(), Method::GET | Method::HEAD);
    if !reading && !origin_ok(request.headers()) {
        return refused(&ws, "ws-refused-origin");
    }
    next.run(request).await
}

fn refused(ws: &Workspace, id: &'static str) -> Response {
    let text = ws.tr(&crate::i18n::Message::new(id, Vec::new()));
    let page = format!(
        "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>403</title><body><p>{}</p></body></html>",
        if ws.lang == crate::i18n::Lang::Zh {
            "zh-CN"
        } else {
            "en"
        },
        crate::web::escape(&text)
    );
    let mut r = (StatusCode::FORBIDDEN, page).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_differ_and_compare_whole() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same(&a, &a.clone()));
        assert!(!same(&a, &a[..31]) && !same(&a, &b));
    }

    #[test]
    fn the_origin_must_be_the_host_itself() {
        let headers = |origin: &str, host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
            h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
            h
        };
        assert!(origin_ok(&headers(
            "http://127.0.0.1:1111",
            "127.0.0.1:1111"
        )));
        assert!(!origin_ok(&headers(
            "http://evil.example",
            "127.0.0.1:1111"
        )));
        assert!(!origin_ok(&headers("null", "127.0.0.1:1111")));
        assert!(!origin_ok(&headers(
            "http://localhost:1111",
            "127.0.0.1:1111"
        )));
        assert!(!origin_ok(&headers(
            "https://127.0.0.1:1111",
            "127.0.0.1:1111"
        )));
        assert!(!origin_ok(&HeaderMap::new()));
    }
}
