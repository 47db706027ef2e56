//! The search index: units (with former names), people of people bulletins (linked to
//! their row), and bulletins, found by any part of a name in the browser. People have no
//! page of their own.

use std::collections::{BTreeMap, BTreeSet};

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

/// The order of names in a list a reader scans for one (the search page's, the unit
/// index's): by pinyin, syllable by syllable, the tone breaking a tie (a phone's contacts
/// list does so); a character without a reading after those with one, by code point.
pub fn pinyin_key(name: &str) -> Vec<(u8, String)> {
    use pinyin::ToPinyin;
    name.chars()
        .map(|c| match c.to_pinyin() {
            Some(p) => (0, p.with_tone_num_end().to_string()),
            None => (1, c.to_string()),
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
    let mut units: Vec<&views::UnitRef> = units.iter().collect();
    units.sort_by_cached_key(|u| (pinyin_key(&u.name), u.id.clone()));
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
    found.sort_by_cached_key(|e| (pinyin_key(&e.n), e.u.clone()));
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

/// The common form of a rare variant character (王𠮷 → 王吉): the IRG's kVariants list as
/// the irg-kvariants crate carries it (glyph variants, wrong and old forms, simplified
/// and traditional pairs), followed to its end.
fn common_form(c: char) -> char {
    let mut c = c;
    for _ in 0..4 {
        match irg_kvariants::KVARIANTS.get(&c) {
            Some(v) if v.destination_ideograph != c => c = v.destination_ideograph,
            _ => break,
        }
    }
    c
}

/// The variant characters the search folds for this site's index, as `variant → common
/// form`: every variant that a name holds, and every variant of a character a name holds,
/// so that a search typed either way finds the name (王吉 finds 王𠮷, and 王𠮷 finds 王吉).
/// Only these few go to the browser, not the whole list.
pub fn variants(index: &[SearchEntry]) -> BTreeMap<char, char> {
    let chars: BTreeSet<char> = index
        .iter()
        .flat_map(|e| e.n.chars().chain(e.d.chars()))
        .collect();
    let common: BTreeSet<char> = chars.iter().map(|&c| common_form(c)).collect();
    irg_kvariants::KVARIANTS
        .keys()
        .filter_map(|&c| {
            let to = common_form(c);
            (to != c && (chars.contains(&c) || common.contains(&to))).then_some((c, to))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: &str) -> SearchEntry {
        SearchEntry {
            n: n.into(),
            u: String::new(),
            k: "人员",
            d: String::new(),
            o: Vec::new(),
        }
    }

    #[test]
    fn names_are_listed_by_pinyin() {
        let mut names = ["区财政局", "白石镇", "望川城投集团", "北岭镇", "区教育局"];
        names.sort_by_key(|n| super::pinyin_key(n));
        assert_eq!(
            names,
            ["白石镇", "北岭镇", "区财政局", "区教育局", "望川城投集团"]
        );
    }

    #[test]
    fn a_rare_variant_reads_as_its_common_form_both_ways() {
        // A name written with the variant: its common form is listed for the query.
        assert_eq!(variants(&[entry("王𠮷")]).get(&'𠮷'), Some(&'吉'));
        // A name written with the common form: a query typed with the variant folds too.
        assert_eq!(variants(&[entry("王吉")]).get(&'𠮷'), Some(&'吉'));
        // Nothing for characters no name holds.
        assert!(!variants(&[entry("张伟")]).contains_key(&'𠮷'));
    }
}
