//! The search index: units (with former names), people of people bulletins (linked to
//! their row), and bulletins, found by any part of a name in the browser. People have no
//! page of their own.

use serde::Serialize;

use super::views::{self, Summary};
use crate::model::Bulletin;

/// One thing a reader can find: `n` name, `u` link from the root, `k` kind, `d` detail.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    n: String,
    u: String,
    k: &'static str,
    d: String,
}

/// The people of a people bulletin, linked to their rows. People have no page of their own.
pub fn people_entries(b: &Bulletin) -> Vec<SearchEntry> {
    if b.data.subject != crate::model::Subject::People {
        return Vec::new();
    }
    b.data
        .entries
        .iter()
        .map(|e| {
            let unit = e.unit.map_or("", |u| b.data.units[u].name.as_str());
            SearchEntry {
                n: e.name.clone(),
                u: format!("{}/index.html#e-{}", b.path, e.id),
                k: "人员",
                d: format!(
                    "{unit} · {} · {}",
                    e.post.as_deref().unwrap_or(""),
                    b.period
                ),
            }
        })
        .collect()
}

/// Units (with former names), people of people bulletins (each bulletin's
/// [`people_entries`], in path order), and bulletins.
pub fn index(
    units: &[views::UnitRef],
    people: impl IntoIterator<Item = SearchEntry>,
    summaries: &[Summary],
) -> Vec<SearchEntry> {
    let mut out: Vec<SearchEntry> = units
        .iter()
        .map(|u| SearchEntry {
            n: u.name.clone(),
            u: format!("units/{}/index.html", u.id),
            k: "单位",
            d: if u.former_names.is_empty() {
                u.category.clone()
            } else {
                format!("{}（曾用名：{}）", u.category, u.former_names.join("、"))
            },
        })
        .collect();
    out.extend(people);
    out.extend(summaries.iter().map(|s| SearchEntry {
        n: s.title.clone(),
        u: format!("{}/index.html", s.path),
        k: "通报",
        d: s.period.clone(),
    }));
    out
}
