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

pub use card::CardView;
pub use roll::RollView;

use std::collections::BTreeMap;

use serde::Serialize;

use super::bulletin::Shared;
use super::render_at;
use super::views::BulletinView;
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
pub struct Source<'a> {
    pub bulletin: &'a Bulletin,
    pub results: &'a Results,
    pub view: std::sync::Arc<BulletinView>,
    pub series_name: String,
}

/// The latest bulletin of each series (by period, then path), in series order.
pub fn latest_by_series<'a>(bulletins: &[&'a Bulletin]) -> Vec<&'a Bulletin> {
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

/// What the latest bulletins give each unit: its links, and the honour rolls and result
/// cards to make (each a function of what it shows: [`roll_pages`], [`card_pages`]).
pub struct Cut {
    pub links: Channels,
    pub rolls: BTreeMap<String, RollView>,
    pub cards: BTreeMap<String, Vec<CardView>>,
}

/// The latest bulletin `b` of its series, its results and its view, to cut from.
pub fn source<'a>(
    cx: &Shared,
    b: &'a Bulletin,
    results: &'a Results,
    view: std::sync::Arc<BulletinView>,
) -> Source<'a> {
    Source {
        bulletin: b,
        results,
        view,
        series_name: cx
            .site
            .series
            .get(&b.series)
            .cloned()
            .unwrap_or_else(|| b.series.clone()),
    }
}

/// Every unit's channels, cut from the latest bulletins of each series.
pub fn cut(cx: &Shared, sources: &[Source]) -> Cut {
    let rolls = roll::by_unit(sources);
    let cards = card::by_unit(sources);
    let mut links = Channels::new();
    for (id, r) in &rolls {
        let l = links.entry(id.clone()).or_default();
        l.name.clone_from(&r.unit);
        l.roll = Some(r.link());
    }
    for (id, list) in &cards {
        let l = links.entry(id.clone()).or_default();
        if l.name.is_empty() {
            l.name.clone_from(&list[0].unit);
        }
        l.cards = list.iter().map(|c| c.link(&cx.site.base_url)).collect();
    }
    Cut {
        links,
        rolls,
        cards,
    }
}

/// The files of the unit `id`'s honour roll.
pub fn roll_pages(cx: &Shared, id: &str, roll: &RollView) -> Result<Vec<Page>, Diagnostics> {
    roll::pages(cx, id, roll)
}

/// The files of one result card.
pub fn card_pages(cx: &Shared, card: &CardView) -> Result<Vec<Page>, Diagnostics> {
    card::pages(cx, card)
}
