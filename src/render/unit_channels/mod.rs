//! Each unit's own channels (本单位发布): what a unit posts on its own public account, its
//! notice board and its lobby screen, cut from the district's latest bulletin of each
//! series.
//!
//! - For people bulletins that name exemplars: the unit's honour roll ([`roll`]) at
//!   `units/<id>/models/` as a web page, a WeChat fragment, an A4 notice and a screen loop,
//!   holding only the unit's own exemplars.
//! - For unit bulletins: a result card per series ([`card`]) at
//!   `units/<id>/results/<series>/` as a web page, a WeChat fragment, an embeddable card
//!   (`embed.html`) and a PNG image of the card.
//!
//! Only the latest published bulletin of each series is cut, so that the output grows with
//! units × series, never with the number of bulletins; older periods are on the bulletin
//! pages. A unit missing from that bulletin (or without exemplars in it) gets nothing for
//! that series.

mod card;
mod embed;
mod roll;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::bulletin::Shared;
use super::render_at;
use super::views::{self, BulletinView};
use crate::diag::Diagnostics;
use crate::model::Bulletin;
use crate::output::{Body, Page};
use crate::rank::Results;

/// What a unit's page and the unit index link to.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UnitLinks {
    /// The unit's name in the latest bulletin it is cut from.
    pub name: String,
    /// The honour roll, when the unit has exemplars.
    pub roll: Option<RollLink>,
    /// One result card per series of unit bulletins.
    pub cards: Vec<CardLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RollLink {
    pub count: usize,
    /// The periods it covers, as words: 2025年上半年、2025年度.
    pub periods: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardLink {
    pub series: String,
    pub series_name: String,
    pub period: String,
    /// 区财政局在2025年6月部门月度考核中位列经济发展类部门第2名（共6个单位）
    pub headline: String,
    /// A height for the iframe snippet, in CSS px, that holds the card at 320 px.
    pub height: u32,
    /// The `<iframe>` code to copy into the unit's own site, its attribute values escaped
    /// ([`embed::iframe_code`]); the template escapes it again, once, for the page.
    pub embed_code: String,
}

/// Every unit's channels, by unit id.
pub type Channels = BTreeMap<String, UnitLinks>;

/// A latest bulletin and what it is cut from.
pub(super) struct Source<'a> {
    pub bulletin: &'a Bulletin,
    pub results: &'a Results,
    pub view: std::sync::Arc<BulletinView>,
    pub series_name: String,
}

/// The latest bulletin of each series (by period, then path), in series order.
fn latest_by_series<'a>(bulletins: &[&'a Bulletin]) -> Vec<&'a Bulletin> {
    let mut latest: BTreeMap<&str, &Bulletin> = BTreeMap::new();
    for &b in bulletins {
        let newer = latest
            .get(b.series.as_str())
            .is_none_or(|l| (b.period, &b.path) > (l.period, &l.path));
        if newer {
            latest.insert(&b.series, b);
        }
    }
    latest.into_values().collect()
}

pub(super) fn page<T: Serialize>(
    cx: &Shared,
    template: &str,
    path: String,
    data: T,
) -> Result<Page, Diagnostics> {
    Ok(Page {
        body: Body::Text(render_at(cx.theme, cx.site, template, &path, data)?),
        path,
    })
}

/// A unit's WeChat preview page at `path`: the fragment `template` makes of `data`, cut
/// into parts that each pass the editor's limits (the build fails on one that does not).
pub(super) fn wechat_page(
    cx: &Shared,
    template: &str,
    path: String,
    title: String,
    data: serde_json::Value,
) -> Result<Page, Diagnostics> {
    let fragment = super::render_value(
        cx.theme,
        cx.site,
        template,
        &path,
        tera::Value::from_serializable(&data),
    )?;
    let parts = super::wechat::checked_parts(&path, &fragment, None)?;
    let images = super::wechat::images(&fragment);
    let preview = serde_json::json!({ "title": title, "back": "index.html", "parts": parts, "images": images });
    page(cx, "unit-wechat.html", path, preview)
}

/// Render every unit's channels from the published bulletins, handing each unit's files to
/// `emit`; what the unit pages link to comes back.
///
/// `page_keys` are the keys of the bulletins' pages, which cover all that a bulletin's view
/// is made of: `views` keeps the views by them for the next build (`serve`).
pub fn render(
    cx: &Shared,
    published: &[&Bulletin],
    results: &BTreeMap<&str, std::sync::Arc<Results>>,
    run: &crate::incr::run::Run,
    site: crate::incr::keys::SiteKey,
    page_keys: &std::collections::HashMap<&str, u128>,
    views: &crate::incr::Memo<u128, std::sync::Arc<BulletinView>>,
) -> Result<Channels, Diagnostics> {
    let mut phases = crate::timing::Phases::start();
    let kept = views.snapshot();
    let sources: Vec<Source> = latest_by_series(published)
        .par_iter()
        .map(|b| {
            let r = &results[b.path.as_str()];
            let key = page_keys.get(b.path.as_str());
            let view = match key.and_then(|k| kept.get(k)) {
                Some(v) => v.clone(),
                None => std::sync::Arc::new(views::bulletin_view(b, r, None)),
            };
            Source {
                bulletin: b,
                results: r,
                view,
                series_name: cx
                    .site
                    .series
                    .get(&b.series)
                    .cloned()
                    .unwrap_or_else(|| b.series.clone()),
            }
        })
        .collect();
    if views.keeps() {
        views.replace(
            sources
                .iter()
                .filter_map(|s| Some((*page_keys.get(s.bulletin.path.as_str())?, s.view.clone())))
                .collect(),
        );
    }
    phases.mark("ch:views");
    let rolls = roll::by_unit(&sources);
    let cards = card::by_unit(&sources);
    phases.mark("ch:by_unit");
    let mut channels = Channels::new();
    for (id, r) in &rolls {
        let links = channels.entry(id.clone()).or_default();
        links.name.clone_from(&r.unit);
        links.roll = Some(r.link());
    }
    for (id, list) in &cards {
        let links = channels.entry(id.clone()).or_default();
        if links.name.is_empty() {
            links.name.clone_from(&list[0].unit);
        }
        links.cards = list.iter().map(|c| c.link(&cx.site.base_url)).collect();
    }
    // Reused by what they show: a card or roll that did not change is not drawn again.
    rolls
        .par_iter()
        .map(|(id, r)| {
            let key = crate::incr::keys::PageKey::of(site, "unit-roll", &(id, r));
            run.entry(key, || Ok((roll::pages(cx, id, r)?, ())))
        })
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    phases.mark("ch:rolls");
    cards
        .par_iter()
        .flat_map(|(_, list)| list.par_iter())
        .map(|c| {
            let key = crate::incr::keys::PageKey::of(site, "unit-card", &c.key_input());
            run.entry(key, || Ok((card::pages(cx, c)?, ())))
        })
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    phases.mark("ch:cards");
    phases.print();
    Ok(channels)
}
