//! A unit's result card (本单位考核结果): its line of the latest unit bulletin of each
//! series (rank in its category with 并列, total, change, tier, bonuses and deductions)
//! and its category's chart with the unit's bar dark. Made as a web page, a WeChat
//! fragment (the chart as PNG), an embeddable card for the unit's own site (`embed.html`:
//! inline CSS, inline SVG, no script, nothing fetched) and a PNG of the card for work
//! groups.

use std::collections::BTreeMap;

use rust_decimal::prelude::ToPrimitive;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use super::{CardLink, Shared, Source, page, wechat_page};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Subject;
use crate::output::{Body, Page};
use crate::render::chart::{self, FONT_STACK};
use crate::render::summary::Summary;
use crate::render::views::PointsView;
use crate::render::{png, wechat};

/// Pixels per SVG unit of the card's PNG: 360 units become 1,080 px.
const CARD_SCALE: f32 = 3.0;

/// One unit's result in one series.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub unit_id: String,
    pub unit: String,
    pub series: String,
    pub series_name: String,
    pub bulletin: Summary,
    /// `units/<id>/results/<series>`, where its files are.
    pub dir: String,
    pub category: String,
    /// 第2名, 并列第2名, or 缓评.
    pub place: String,
    /// Units ranked in its category.
    pub of: usize,
    pub headline: String,
    pub total: String,
    pub deferred: bool,
    pub show_change: bool,
    pub change_words: String,
    pub change_kind: &'static str,
    pub tier: Option<String>,
    pub tiers_top: Option<String>,
    pub bonus: Option<String>,
    pub deductions: Option<String>,
    pub bonus_items: Vec<PointsView>,
    pub deduction_items: Vec<PointsView>,
    pub note: Option<String>,
    /// The unit's own weights, when it was scored with them (the category's are on the
    /// bulletin's page).
    pub weights_text: Option<String>,
    /// The category's bars with this unit's dark, and its text alternative. The SVG is
    /// drawn from `bars` only when the card's pages are made ([`CardView::drawn`]): a card
    /// reused from the page cache is never drawn.
    pub chart_svg: String,
    pub chart_text: String,
    #[serde(skip)]
    bars: Vec<ChartBar>,
    /// The top of the value axis.
    #[serde(skip)]
    max: f64,
}

/// A bar of a card's chart, as drawn.
#[derive(Debug, Clone, Serialize)]
pub struct ChartBar {
    label: String,
    value: f64,
    value_text: String,
    strong: bool,
}

impl CardView {
    /// The card with its chart drawn, for its pages.
    pub fn drawn(&self) -> CardView {
        let mut c = self.clone();
        if !c.bars.is_empty() {
            let bars: Vec<chart::Bar> = c
                .bars
                .iter()
                .map(|b| chart::Bar {
                    label: &b.label,
                    value: b.value,
                    value_text: &b.value_text,
                    strong: b.strong,
                })
                .collect();
            c.chart_svg = chart::ranking_bars(&bars, &c.chart_text, c.max);
        }
        c
    }

    /// Everything the card's pages are made from besides the site, for their key.
    pub fn key_input(&self) -> (&CardView, &[ChartBar], f64) {
        (self, &self.bars, self.max)
    }

    /// What the unit page shows of the card, with the code to embed it from `base_url`.
    pub fn link(&self, base_url: &str) -> CardLink {
        let height = self.embed_height();
        CardLink {
            series: self.series.clone(),
            series_name: self.series_name.clone(),
            period: self.bulletin.period.clone(),
            headline: self.headline.clone(),
            height,
            embed_code: super::embed::iframe_code(
                &format!("{base_url}{}/embed.html", self.dir),
                &self.headline,
                height,
            ),
        }
    }

    /// What the card needs at 320 px: head, figures, one line and a half per bonus or
    /// deduction, and the chart at its 360-unit size (the embed never draws it wider).
    fn embed_height(&self) -> u32 {
        let items = (self.bonus_items.len() + self.deduction_items.len()) as u32;
        let chart = if self.bars.is_empty() {
            0
        } else {
            26 * self.bars.len() as u32 + 100
        };
        // Its own weights: two lines at 320 px.
        let weights = if self.weights_text.is_some() { 50 } else { 0 };
        300 + 40 * items + weights + chart
    }
}

/// Every unit's result cards in the latest unit bulletins, by unit id, in series order.
pub(super) fn by_unit(sources: &[Source]) -> BTreeMap<String, Vec<CardView>> {
    let mut out: BTreeMap<String, Vec<CardView>> = BTreeMap::new();
    for s in sources {
        let (b, r, v) = (s.bulletin, s.results, &s.view);
        if b.data.subject != Subject::Units {
            continue;
        }
        for (c, cv) in r.categories.iter().zip(&v.categories) {
            let of = c.rows.iter().filter(|row| row.rank.is_some()).count();
            for (row, rv) in c.rows.iter().zip(&cv.rows) {
                let place = match row.rank {
                    Some(p) if row.tied => format!("并列第{p}名"),
                    Some(p) => format!("第{p}名"),
                    None => "缓评".to_string(),
                };
                let headline = if rv.deferred {
                    format!("{}{}{}缓评", rv.name, v.summary.period, s.series_name)
                } else {
                    format!(
                        "{}在{}{}中位列{}{}（共{}个单位）",
                        rv.name, v.summary.period, s.series_name, cv.name, place, of
                    )
                };
                let bars: Vec<ChartBar> = c
                    .rows
                    .iter()
                    .zip(&cv.rows)
                    .filter(|(_, other)| !other.deferred)
                    .map(|(row, other)| ChartBar {
                        label: other.name.clone(),
                        value: row.total.to_f64().unwrap_or(0.0),
                        value_text: other.total.clone(),
                        strong: other.id == rv.id,
                    })
                    .collect();
                let chart_text = format!("{}（深色为{}）", cv.chart_text, rv.name);
                let max: f64 = b.data.scale.try_into().unwrap_or(100.0);
                let max = bars.iter().map(|b| b.value).fold(max, f64::max);
                let mine = |list: &[PointsView]| -> Vec<PointsView> {
                    list.iter()
                        .filter(|p| p.unit_id == rv.id)
                        .cloned()
                        .collect()
                };
                out.entry(rv.id.clone()).or_default().push(CardView {
                    unit_id: rv.id.clone(),
                    unit: rv.name.clone(),
                    series: b.series.clone(),
                    series_name: s.series_name.clone(),
                    bulletin: v.summary.clone(),
                    dir: format!("units/{}/results/{}", rv.id, b.series),
                    category: cv.name.clone(),
                    place,
                    of,
                    headline,
                    total: rv.total.clone(),
                    deferred: rv.deferred,
                    show_change: v.show_change,
                    change_words: rv.change_words.clone(),
                    change_kind: rv.change_kind,
                    tier: rv.tier.clone(),
                    tiers_top: v.tiers_top.clone(),
                    bonus: rv.bonus.clone(),
                    deductions: rv.deductions.clone(),
                    bonus_items: mine(&v.bonuses),
                    deduction_items: mine(&v.deductions),
                    note: rv.note.clone(),
                    weights_text: rv.weights_text.clone(),
                    chart_svg: String::new(),
                    chart_text,
                    bars,
                    max,
                });
            }
        }
    }
    // The newest period first, then by series.
    for list in out.values_mut() {
        list.sort_by(|a, b| (b.bulletin.order, &a.series).cmp(&(a.bulletin.order, &b.series)));
    }
    out
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` in lines of at most `columns` display columns (a Chinese character is two).
fn wrap(text: &str, columns: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w > columns {
            lines.push(String::new());
            width = 0;
        }
        lines.last_mut().expect("never empty").push(c);
        width += w;
    }
    lines
}

/// The card as an SVG of 360 units' width, for its PNG: what the web card says, then the
/// chart, then who issued it and where the full bulletin is.
pub fn card_svg(c: &CardView, issuer: &str, base_url: &str) -> String {
    let mut body = String::new();
    let mut y = 0.0;
    let text = |body: &mut String, x: f64, y: f64, size: u32, fill: &str, s: &str| {
        body.push_str(&format!(
            "<text x=\"{x}\" y=\"{y}\" font-family=\"{FONT_STACK}\" font-size=\"{size}\" fill=\"{fill}\">{}</text>",
            esc(s)
        ));
    };
    body.push_str("<rect x=\"0\" y=\"0\" width=\"360\" height=\"62\" fill=\"#1f4e8c\"/>");
    text(&mut body, 12.0, 28.0, 19, "#ffffff", &c.unit);
    text(
        &mut body,
        12.0,
        50.0,
        13,
        "#ffffff",
        &format!("{} · {}", c.series_name, c.bulletin.period),
    );
    y += 104.0;
    text(&mut body, 12.0, y, 32, "#c8102e", &c.place);
    y += 24.0;
    if !c.deferred {
        text(
            &mut body,
            12.0,
            y,
            14,
            "#333333",
            &format!("{}　共{}个单位参与排名", c.category, c.of),
        );
        y += 30.0;
        let mut figures = vec![format!("总分　{}", c.total)];
        if c.show_change {
            figures.push(format!("较上期　{}", c.change_words));
        }
        if let Some(t) = &c.tier {
            figures.push(format!("等次　{t}"));
        }
        for f in figures {
            text(&mut body, 12.0, y, 16, "#1a1a1a", &f);
            y += 26.0;
        }
    }
    let items = c
        .bonus_items
        .iter()
        .map(|p| format!("加分 +{}：{}", p.points, p.reason))
        .chain(c.deduction_items.iter().map(|p| {
            let day = p
                .date
                .as_ref()
                .map_or(String::new(), |d| format!("（{}）", d.text));
            format!("扣分 −{}：{}{day}", p.points, p.reason)
        }));
    for item in items {
        for line in wrap(&item, 50) {
            text(&mut body, 12.0, y, 13, "#333333", &line);
            y += 20.0;
        }
    }
    if let Some((w, h)) = chart::view_box(&c.chart_svg) {
        y += 6.0;
        text(
            &mut body,
            12.0,
            y + 14.0,
            14,
            "#1a1a1a",
            &format!("{}总分排名（深色为本单位）", c.category),
        );
        y += 22.0;
        body.push_str(&format!(
            "<svg x=\"0\" y=\"{y}\" width=\"{w}\" height=\"{h}\"{}",
            &c.chart_svg[4..]
        ));
        y += h;
    }
    y += 22.0;
    text(
        &mut body,
        12.0,
        y,
        12,
        "#4d4d4d",
        &format!("{issuer} · {}发布", c.bulletin.published.text),
    );
    y += 18.0;
    text(
        &mut body,
        12.0,
        y,
        12,
        "#4d4d4d",
        &format!("详见 {base_url}{}/", c.bulletin.path),
    );
    y += 14.0;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 {y}\" width=\"360\" height=\"{y}\"><rect width=\"360\" height=\"{y}\" fill=\"#ffffff\"/>{body}</svg>"
    )
}

/// A PNG for WeChat or a work group, within WeChat's size limit.
fn png(
    cx: &Shared,
    c: &CardView,
    what: crate::i18n::Message,
    svg: String,
    scale: f32,
) -> Result<Body, Diagnostics> {
    let Some(fonts) = cx.fonts else {
        return Err(Diagnostic::error(crate::msg!(
            "card-png-no-fonts",
            what = what,
            unit = &c.dir
        ))
        .hint(crate::msg!("card-png-no-fonts-help"))
        .into());
    };
    let unit = c.dir.clone();
    Ok(png::chart(cx.draw, svg, fonts, scale, move |drawn| {
        let bytes = drawn.map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(crate::msg!(
                    "card-png",
                    what = what.clone(),
                    unit = &unit,
                    detail = e.to_string()
                ))
                .hint(crate::msg!("card-png-help")),
            )
        })?;
        if bytes.len() > wechat::MAX_IMAGE_BYTES {
            return Err(Diagnostic::error(crate::msg!(
                "card-png-too-big",
                what = what.clone(),
                unit = &unit,
                bytes = bytes.len()
            ))
            .hint(crate::msg!("card-png-too-big-help"))
            .into());
        }
        Ok(bytes)
    }))
}

/// The files of one result card, below `units/<id>/results/<series>/`.
pub(super) fn pages(cx: &Shared, c: &CardView) -> Result<Vec<Page>, Diagnostics> {
    let c = &c.drawn();
    let at = |name: &str| format!("{}/{name}", c.dir);
    let mut pages = vec![
        page(cx, "unit-card.html", at("index.html"), c)?,
        page(cx, "embed.html", at("embed.html"), c)?,
        Page {
            path: at("card.png"),
            body: png(
                cx,
                c,
                crate::msg!("card-what-card"),
                card_svg(c, &cx.site.issuer, &cx.site.base_url),
                CARD_SCALE,
            )?,
        },
    ];
    let has_chart = !c.chart_svg.is_empty();
    if has_chart {
        let titled = chart::titled(
            &c.chart_svg,
            &format!("{}总分排名", c.category),
            Some(&c.unit),
        );
        pages.push(Page {
            path: at("chart.png"),
            body: png(
                cx,
                c,
                crate::msg!("card-what-chart"),
                titled,
                wechat::CHART_SCALE,
            )?,
        });
    }
    pages.push(wechat_page(
        cx,
        "unit-card-fragment.html",
        at("wechat.html"),
        format!("{}{}考核结果", c.unit, c.bulletin.period),
        serde_json::json!({ "card": c, "chart": has_chart }),
    )?);
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("一二三四五", 4), ["一二", "三四", "五"]);
        assert_eq!(wrap("ab一", 3), ["ab", "一"]);
    }
}
