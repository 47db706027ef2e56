//! A unit's honour roll (本单位绩效标兵光荣榜): its own exemplars of the latest people
//! bulletin of each series, as a web page, a WeChat fragment, an A4 notice for its board
//! and a lobby-screen loop. Nobody of another unit is on it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{RollLink, Shared, Source, page, wechat_page};
use crate::diag::Diagnostics;
use crate::output::Page;
use crate::render::people::ExemplarView;
use crate::render::summary::Summary;
use crate::render::{screen, wechat};

/// One series' part of a unit's honour roll.
#[derive(Debug, Clone, Serialize)]
pub struct RollPart {
    pub series: String,
    pub series_name: String,
    pub bulletin: Summary,
    pub exemplars: Vec<ExemplarView>,
}

/// A unit's honour roll.
#[derive(Debug, Clone, Serialize)]
pub struct RollView {
    pub unit_id: String,
    pub unit: String,
    pub count: usize,
    pub parts: Vec<RollPart>,
}

impl RollView {
    pub fn link(&self) -> RollLink {
        RollLink {
            count: self.count,
            periods: self
                .parts
                .iter()
                .map(|p| p.bulletin.period.clone())
                .collect::<Vec<_>>()
                .join("、"),
        }
    }
}

/// The honour roll of every unit with exemplars in the latest people bulletins, by unit
/// id: each holds only the exemplars whose unit it is.
pub(super) fn by_unit(sources: &[Source]) -> BTreeMap<String, RollView> {
    let mut out: BTreeMap<String, RollView> = BTreeMap::new();
    for s in sources {
        for (id, exemplars) in split_by_unit(&s.view.exemplars) {
            let roll = out.entry(id.to_string()).or_insert_with(|| RollView {
                unit_id: id.to_string(),
                unit: exemplars[0].unit.clone(),
                count: 0,
                parts: Vec::new(),
            });
            roll.count += exemplars.len();
            roll.parts.push(RollPart {
                series: s.bulletin.series.clone(),
                series_name: s.series_name.clone(),
                bulletin: s.view.summary.clone(),
                exemplars,
            });
        }
    }
    // Newest period first; the name is the one of the newest bulletin.
    for roll in out.values_mut() {
        roll.parts
            .sort_by(|a, b| (b.bulletin.order, &a.series).cmp(&(a.bulletin.order, &b.series)));
        roll.unit = roll.parts[0].exemplars[0].unit.clone();
    }
    out
}

/// A bulletin's exemplars by the id of their unit (those of no unit left out): those with
/// an announcement first, then by class and id, as the roll shows them.
fn split_by_unit(all: &[ExemplarView]) -> BTreeMap<&str, Vec<ExemplarView>> {
    let mut per_unit: BTreeMap<&str, Vec<ExemplarView>> = BTreeMap::new();
    for x in all.iter().filter(|x| !x.unit_id.is_empty()) {
        per_unit.entry(&x.unit_id).or_default().push(x.clone());
    }
    for list in per_unit.values_mut() {
        list.sort_by(|a, b| {
            (a.story.is_none(), &a.class, &a.id).cmp(&(b.story.is_none(), &b.class, &b.id))
        });
    }
    per_unit
}

#[derive(Serialize)]
struct ScreenHead {
    title: String,
    period: String,
    /// The QR code of the unit's honour roll on the web.
    qr: crate::render::qr::QrView,
}

/// The files of one unit's honour roll, below `units/<id>/models/`.
pub(super) fn pages(cx: &Shared, id: &str, roll: &RollView) -> Result<Vec<Page>, Diagnostics> {
    let at = |name: &str| format!("units/{id}/models/{name}");
    let mut pages = vec![
        page(cx, "unit-roll.html", at("index.html"), roll)?,
        page(cx, "unit-roll-print.html", at("print.html"), roll)?,
    ];
    // Announcements as the editor takes them: inline styles, links written as text, and
    // images the editor cannot take (not PNG or JPG) as their alt text.
    let bodies: BTreeMap<&str, String> = roll
        .parts
        .iter()
        .flat_map(|p| &p.exemplars)
        .filter_map(|x| x.story.as_ref())
        .map(|s| {
            (
                s.slug.as_str(),
                wechat::pasteable_images(&wechat::adapt_narrative(&s.body_html)),
            )
        })
        .collect();
    pages.push(wechat_page(
        cx,
        "unit-roll-fragment.html",
        at("wechat.html"),
        format!("{}绩效标兵光荣榜", roll.unit),
        serde_json::json!({
            "unit": roll.unit,
            "count": roll.count,
            "parts": roll.parts,
            "bodies": bodies,
        }),
    )?);
    let mut slides = Vec::new();
    for p in &roll.parts {
        slides.extend(screen::exemplar_slides(
            &format!("{}绩效标兵", p.bulletin.period),
            &p.exemplars,
        ));
    }
    pages.push(page(
        cx,
        "screen.html",
        at("screen.html"),
        serde_json::json!({
            "bulletin": ScreenHead {
                title: format!("{}绩效标兵光荣榜", roll.unit),
                period: roll.link().periods,
                qr: crate::render::qr::view(&cx.site.base_url, &format!("units/{id}/models"))?,
            },
            "slides": slides,
        }),
    )?);
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::people::StoryView;

    fn exemplar(id: &str, unit_id: &str, story: bool) -> ExemplarView {
        ExemplarView {
            id: id.into(),
            name: format!("姓名{id}"),
            unit: format!("单位{unit_id}"),
            unit_id: unit_id.into(),
            post: "科员".into(),
            class: "一般工作人员".into(),
            total: "95.00".into(),
            place: "第1名".into(),
            basis: "按排名".into(),
            basis_text: "一般工作人员综合排名前10%".into(),
            basis_short: "按排名".into(),
            story: story.then(|| StoryView {
                slug: id.into(),
                title: "事迹".into(),
                photo: None,
                body_html: String::new(),
            }),
        }
    }

    #[test]
    fn a_units_roll_holds_only_its_own_exemplars() {
        let all = vec![
            exemplar("p1", "u1", false),
            exemplar("p2", "u2", true),
            exemplar("p3", "u1", true),
            exemplar("p4", "", false),
        ];
        let per_unit = split_by_unit(&all);
        assert_eq!(per_unit.keys().copied().collect::<Vec<_>>(), ["u1", "u2"]);
        let ids = |u: &str| {
            per_unit[u]
                .iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
        };
        // p3 has an announcement: it leads; p4 has no unit and is on no unit's roll.
        assert_eq!(ids("u1"), ["p3", "p1"]);
        assert_eq!(ids("u2"), ["p2"]);
        assert!(per_unit.values().flatten().all(|x| x.id != "p4"));
    }
}
