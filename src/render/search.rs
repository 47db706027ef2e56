//! The search index: units (with former names), people of people bulletins (linked to
//! their row), and bulletins, found by any part of a name in the browser. People have no
//! page of their own.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{self, Summary};
use crate::model::{Bulletin, Period};

/// One thing a reader can find: `n` name, `u` link from the root, `k` kind, `d` detail,
/// `o` the other periods it appears in, as `[label, link]`, latest first.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    n: String,
    u: String,
    k: &'static str,
    d: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    o: Vec<[String; 2]>,
}

/// A person as one people bulletin names them: what the search index groups by person.
#[derive(Debug, Clone, Serialize)]
pub struct PersonSeen {
    id: String,
    name: String,
    period: Period,
    path: String,
    /// unit · post
    detail: String,
    link: String,
}

/// The people of a people bulletin, for the search index.
pub fn people_seen(b: &Bulletin) -> Vec<PersonSeen> {
    if b.data.subject != crate::model::Subject::People {
        return Vec::new();
    }
    b.data
        .entries
        .iter()
        .map(|e| {
            let unit = e.unit.map_or("", |u| b.data.units[u].name.as_str());
            PersonSeen {
                id: e.id.clone(),
                name: e.name.clone(),
                period: b.period,
                path: b.path.clone(),
                detail: format!("{unit} · {}", e.post.as_deref().unwrap_or("")),
                link: format!("{}/index.html#e-{}", b.path, e.id),
            }
        })
        .collect()
}

/// Units (with former names), people of people bulletins (from every bulletin's
/// [`people_seen`]), and bulletins. A person is one hit however many bulletins name them:
/// linked to their latest row, with the other periods beside it.
pub fn index(
    units: &[views::UnitRef],
    people: impl IntoIterator<Item = PersonSeen>,
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
            o: Vec::new(),
        })
        .collect();
    let mut by_person: BTreeMap<(String, String), Vec<PersonSeen>> = BTreeMap::new();
    for p in people {
        by_person
            .entry((p.id.clone(), p.name.clone()))
            .or_default()
            .push(p);
    }
    let mut found: Vec<SearchEntry> = by_person
        .into_iter()
        .map(|((_, name), mut seen)| {
            seen.sort_by(|a, b| (b.period, &b.path).cmp(&(a.period, &a.path)));
            let (latest, rest) = seen.split_first().expect("a person is seen once at least");
            SearchEntry {
                n: name,
                u: latest.link.clone(),
                k: "人员",
                d: format!("{} · {}", latest.detail, latest.period),
                o: rest
                    .iter()
                    .map(|p| [p.period.to_string(), p.link.clone()])
                    .collect(),
            }
        })
        .collect();
    found.sort_by(|a, b| (&a.n, &a.u).cmp(&(&b.n, &b.u)));
    out.extend(found);
    out.extend(summaries.iter().map(|s| SearchEntry {
        n: s.title.clone(),
        u: format!("{}/index.html", s.path),
        k: "通报",
        d: s.period.clone(),
        o: Vec::new(),
    }));
    out
}
