//! 通报列表: every bulletin of the site with its status as of today, the number of
//! problems `check` finds in its folder, and where its preview and outputs are.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::{Problem, Workspace, json};
use crate::model::Bulletin;
use crate::msg;

/// One line of the list.
#[derive(Debug, Serialize)]
pub struct Listed {
    /// The folder, as messages name it: `content/2025/07-units`.
    pub source: String,
    /// Its address on the site, without slashes at the ends.
    pub path: String,
    pub title: String,
    pub period: String,
    pub period_code: String,
    pub series: String,
    pub series_name: String,
    /// `draft`, `future`, `upcoming`, `current`, `closed`, `published`.
    pub status: &'static str,
    /// The status in words, with its day where it has one.
    pub status_text: String,
    pub corrected: bool,
    /// A published 公示 can be corrected.
    pub correctable: bool,
    /// Problems of loading in its folder (the page adds `check`'s, which take longer).
    pub problems: usize,
    /// `public/` holds its outputs.
    pub built: bool,
}

/// The status of `b` as of `today`, and in words.
fn status(
    b: &Bulletin,
    today: jiff::civil::Date,
    lang: crate::i18n::Lang,
) -> (&'static str, String) {
    let day = |d: jiff::civil::Date| {
        msg!("ws-day", year = d.year(), month = d.month(), day = d.day()).render_in(lang)
    };
    let (kind, text) = if b.draft {
        ("draft", msg!("ws-status-draft").render_in(lang))
    } else if b.published > today {
        (
            "future",
            msg!("ws-status-future", day = day(b.published)).render_in(lang),
        )
    } else {
        match &b.notice {
            Some(n) if today < n.from => (
                "upcoming",
                msg!("ws-status-upcoming", day = day(n.from)).render_in(lang),
            ),
            Some(n) if today <= n.to => (
                "current",
                msg!("ws-status-current", day = day(n.to)).render_in(lang),
            ),
            Some(_) => ("closed", msg!("ws-status-closed").render_in(lang)),
            None => ("published", msg!("ws-status-published").render_in(lang)),
        }
    };
    (kind, text)
}

/// The problems `check` finds, by the bulletin folder they are in (`""`: the site's).
pub fn problems_by_folder(
    errors: &crate::diag::Diagnostics,
    folders: &[String],
) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in errors
        .0
        .iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
    {
        let path = d.span.as_ref().map(|s| s.path.as_str()).unwrap_or("");
        let folder = folders
            .iter()
            .filter(|f| path.starts_with(&format!("{f}/")) || path == f.as_str())
            .max_by_key(|f| f.len())
            .cloned()
            .unwrap_or_default();
        *out.entry(folder).or_insert(0) += 1;
    }
    out
}

/// `GET /__bulletin/api/bulletins`.
pub async fn list(State(ws): State<Arc<Workspace>>) -> Response {
    let ws2 = ws.clone();
    let made = tokio::task::spawn_blocking(move || listing(&ws2)).await;
    match made {
        Ok(v) => json(StatusCode::OK, &v),
        Err(_) => super::refuse(StatusCode::INTERNAL_SERVER_ERROR, String::new()),
    }
}

fn listing(ws: &Workspace) -> serde_json::Value {
    let settings = crate::site::settings(&ws.root);
    let today = settings.today;
    let (site, load_errors) = match crate::load::load_site(&ws.root) {
        Ok((site, _)) => (Some(site), None),
        Err(e) => (None, Some(e)),
    };
    let errors = load_errors.clone().unwrap_or_default();
    let mut list: Vec<Listed> = Vec::new();
    if let Some(site) = &site {
        let folders: Vec<String> = site.bulletins.values().map(|b| b.source.clone()).collect();
        let counts = problems_by_folder(&errors, &folders);
        for b in site.bulletins.values() {
            let (kind, text) = status(b, today, ws.lang);
            let built = ws
                .root
                .join("public")
                .join(&b.path)
                .join("index.html")
                .is_file();
            list.push(Listed {
                source: b.source.clone(),
                path: b.path.clone(),
                title: b.title.clone(),
                period: b.period.to_string(),
                period_code: b.period.code(),
                series: b.series.clone(),
                series_name: site.config.series_name(&b.series).to_string(),
                status: kind,
                status_text: text,
                corrected: !b.revisions.is_empty(),
                correctable: b.notice.is_some() && !b.draft && b.published <= today,
                problems: counts.get(&b.source).copied().unwrap_or(0),
                built,
            });
        }
    }
    // Newest first, as a month's work starts from the latest.
    list.sort_by(|a, b| {
        b.period_code
            .cmp(&a.period_code)
            .then_with(|| a.source.cmp(&b.source))
    });
    let site_problems = Problem::all(&errors, ws.lang);
    serde_json::json!({
        "site": site.as_ref().map(|s| s.config.title.clone()),
        "today": today.to_string(),
        "today_text": msg!("ws-day", year = today.year(), month = today.month(), day = today.day()).render_in(ws.lang),
        "bulletins": list,
        "problems": site_problems,
        "loads": load_errors.is_none(),
    })
}
