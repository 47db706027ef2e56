//! The search index: units (with former names), people of people bulletins (linked to
//! their row), and bulletins, found by any part of a name in the browser. People have no
//! page of their own.

use std::collections::BTreeMap;

use serde::Serialize;

use super::views::{self, Summary};
use crate::model::{Period, Site};

/// One thing a reader can find: `n` name, `u` link from the root, `k` kind, `d` detail,
/// `o` the other periods it appears in, as `[label, link]`, latest first.
#[derive(Serialize)]
pub struct SearchEntry {
    n: String,
    u: String,
    k: &'static str,
    d: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    o: Vec<[String; 2]>,
}

/// Where a person was seen: the period, the bulletin's path, unit and post, the link.
type Seen<'a> = (Period, &'a str, String, String);

/// Units (with former names), people of people bulletins (linked to their row), and
/// bulletins. People have no page of their own.
pub fn index(site: &Site, units: &[views::UnitRef], summaries: &[Summary]) -> Vec<SearchEntry> {
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
    // A person is one hit however many bulletins name them: linked to their latest row,
    // with the other periods beside it.
    let mut people: BTreeMap<(&str, &str), Vec<Seen>> = BTreeMap::new();
    for b in &site.bulletins {
        if b.data.subject != crate::model::Subject::People {
            continue;
        }
        for e in &b.data.entries {
            let unit = e.unit.map_or("", |u| b.data.units[u].name.as_str());
            people
                .entry((e.id.as_str(), e.name.as_str()))
                .or_default()
                .push((
                    b.period,
                    b.path.as_str(),
                    format!("{unit} · {}", e.post.as_deref().unwrap_or("")),
                    format!("{}/index.html#e-{}", b.path, e.id),
                ));
        }
    }
    let mut found: Vec<SearchEntry> = people
        .into_iter()
        .map(|((_, name), mut seen)| {
            seen.sort_by(|a, b| (b.0, b.1).cmp(&(a.0, a.1)));
            let (latest, rest) = seen.split_first().expect("a person is seen once at least");
            SearchEntry {
                n: name.to_string(),
                u: latest.3.clone(),
                k: "人员",
                d: format!("{} · {}", latest.2, latest.0),
                o: rest
                    .iter()
                    .map(|(p, _, _, link)| [p.to_string(), link.clone()])
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
