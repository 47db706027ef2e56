//! Every unit's rows across the unit bulletins, grouped by unit in time order: what the
//! unit pages, the unit index and the search index are made of, with a hash of the keys
//! of the bulletins each unit's rows come from (what its page's key is made of).
//!
//! At 2,000 bulletins of 40 units that is 80,000 rows, each behind its own pointer, and
//! grouping them touches each one (about 25 ms, most of it waiting for memory). `serve`
//! keeps the last grouping and changes only what its edit changed: the rows of the
//! bulletins whose digests went are taken out, those of the new digests are put in at
//! their place in time, found by bisection. The result is the same grouping, row for
//! row, as grouping everything again (a test below says so for random edits).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use super::Memo;
use super::bulletins::Digested;
use crate::output::PageKey;
use crate::render::views::{UnitRecord, UnitRef};

/// One unit's rows, with what is read of every row kept beside them in plain arrays, so
/// that a change reads those and not the 2,000 rows behind their pointers.
#[derive(Debug, Clone, Default)]
struct Group {
    records: imbl::Vector<Arc<UnitRecord>>,
    /// The key of each row's bulletin pages.
    sources: Vec<PageKey>,
    /// Each row's unit name, as an index into `names`.
    named: Vec<usize>,
    names: Vec<String>,
}

impl Group {
    fn sources_key(&self) -> u128 {
        let mut h = crate::hash::Hasher::new();
        for s in &self.sources {
            h.add_u128(s.0);
        }
        h.finish()
    }

    fn name_of(&mut self, name: &str) -> usize {
        match self.names.iter().position(|n| n == name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_string());
                self.names.len() - 1
            }
        }
    }

    /// Where `r` goes (or is) among the rows, by time.
    fn place(&self, r: &UnitRecord) -> Result<usize, usize> {
        self.records.binary_search_by(|x| x.order.cmp(&r.order))
    }

    /// `r` of the pages `source` at its place in time (`None` if a row of the same
    /// bulletin is there).
    fn insert(&mut self, r: &Arc<UnitRecord>, source: PageKey) -> Option<()> {
        let at = self.place(r).err()?;
        let name = self.name_of(&r.row.name);
        self.records.insert(at, r.clone());
        self.sources.insert(at, source);
        self.named.insert(at, name);
        Some(())
    }

    /// `r` after the last row (see [`Group::sort`]).
    fn push(&mut self, r: &Arc<UnitRecord>, source: PageKey) {
        let name = self.name_of(&r.row.name);
        self.records.push_back(r.clone());
        self.sources.push(source);
        self.named.push(name);
    }

    /// The rows in time order, if they were pushed out of it (a stable sort: one that is
    /// in order is only checked).
    fn sort(&mut self) {
        let sorted = self
            .records
            .iter()
            .zip(self.records.iter().skip(1))
            .all(|(a, b)| a.order <= b.order);
        if sorted {
            return;
        }
        let mut rows: Vec<(Arc<UnitRecord>, PageKey, usize)> = self
            .records
            .iter()
            .cloned()
            .zip(self.sources.iter().copied())
            .zip(self.named.iter().copied())
            .map(|((r, s), n)| (r, s, n))
            .collect();
        rows.sort_by(|a, b| a.0.order.cmp(&b.0.order));
        self.records = rows.iter().map(|r| r.0.clone()).collect();
        self.sources = rows.iter().map(|r| r.1).collect();
        self.named = rows.iter().map(|r| r.2).collect();
    }

    /// The row `r` of the pages `source` taken out (`None` if it is not there).
    fn remove(&mut self, r: &UnitRecord, source: PageKey) -> Option<()> {
        let at = self.place(r).ok()?;
        if self.sources[at] != source {
            return None;
        }
        self.records.remove(at);
        self.sources.remove(at);
        self.named.remove(at);
        Some(())
    }

    fn unit(&self, id: &str) -> Option<UnitRef> {
        let last = self.records.last()?;
        let (name, category) = (last.row.name.clone(), last.row.category.clone());
        let mut seen: Vec<usize> = Vec::new();
        for &n in &self.named {
            if self.names[n] != name && !seen.contains(&n) {
                seen.push(n);
            }
        }
        Some(UnitRef {
            id: id.to_string(),
            name,
            category,
            former_names: seen.into_iter().map(|n| self.names[n].clone()).collect(),
            records: self.records.clone(),
        })
    }
}

/// A hash of the keys of the bulletins a unit's rows come from, in time order: with the
/// unit's channels, all its page is made from besides the site. A unit without rows has
/// that of no rows.
pub fn no_sources() -> u128 {
    Group::default().sources_key()
}

/// The grouping of one build: its digests with rows, by key, and each unit's rows.
#[derive(Debug, Default, Clone)]
pub struct Grouped {
    digests: HashMap<PageKey, Digested>,
    groups: BTreeMap<String, Group>,
}

impl Grouped {
    /// Every unit with rows, by id, with the hash of its sources ([`no_sources`]).
    pub fn units(&self) -> Vec<(UnitRef, u128)> {
        self.groups
            .iter()
            .filter_map(|(id, g)| Some((g.unit(id)?, g.sources_key())))
            .collect()
    }

    /// Everything grouped again.
    fn all(digests: &[(PageKey, Digested)]) -> Grouped {
        // In time order, so that each unit's rows are pushed in order.
        let mut timed: Vec<&(PageKey, Digested)> = digests
            .iter()
            .filter(|(_, d)| !d.digest.units.is_empty())
            .collect();
        timed.sort_by(|a, b| a.1.digest.units[0].order.cmp(&b.1.digest.units[0].order));
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for (key, d) in &timed {
            for r in &d.digest.units {
                group_of(&mut groups, &r.unit).push(r, *key);
            }
        }
        for g in groups.values_mut() {
            g.sort();
        }
        Grouped {
            digests: timed.into_iter().cloned().collect(),
            groups,
        }
    }

    /// `self` (the last build's grouping) changed into that of `digests`: `None` where a
    /// change is not what it seems (a row not where it should be), to group all again.
    fn changed(mut self, digests: &[(PageKey, Digested)]) -> Option<Grouped> {
        let now: HashSet<PageKey> = digests
            .iter()
            .filter(|(_, d)| !d.digest.units.is_empty())
            .map(|(k, _)| *k)
            .collect();
        let gone: Vec<PageKey> = self
            .digests
            .keys()
            .filter(|k| !now.contains(k))
            .copied()
            .collect();
        let new: Vec<&(PageKey, Digested)> = digests
            .iter()
            .filter(|(k, d)| !d.digest.units.is_empty() && !self.digests.contains_key(k))
            .collect();
        // Many changes (a template, the site view): grouping all again is as quick.
        if gone.len() + new.len() > 64 + digests.len() / 8 {
            return None;
        }
        for key in gone {
            let d = self.digests.remove(&key)?;
            for r in &d.digest.units {
                let g = self.groups.get_mut(r.unit.as_str())?;
                g.remove(r, key)?;
                if g.records.is_empty() {
                    self.groups.remove(r.unit.as_str());
                }
            }
        }
        for (key, d) in new {
            for r in &d.digest.units {
                group_of(&mut self.groups, &r.unit).insert(r, *key)?;
            }
            self.digests.insert(*key, d.clone());
        }
        Some(self)
    }
}

/// The group of `unit`, made if there is none (its id copied only then).
fn group_of<'a>(groups: &'a mut BTreeMap<String, Group>, unit: &str) -> &'a mut Group {
    if !groups.contains_key(unit) {
        groups.insert(unit.to_string(), Group::default());
    }
    groups.get_mut(unit).expect("inserted above")
}

/// Group the rows of `digests` (each with the key of its bulletin's pages), from the
/// last build's grouping when `memo` keeps one; the grouping goes back to `memo`.
pub fn group(memo: &Memo<(), Grouped>, digests: &[(PageKey, Digested)]) -> Vec<(UnitRef, u128)> {
    let grouped = memo
        .take()
        .remove(&())
        .and_then(|g| g.changed(digests))
        .unwrap_or_else(|| Grouped::all(digests));
    let units = grouped.units();
    if memo.keeps() {
        memo.replace(HashMap::from([((), grouped)]));
    } else {
        // 80,000 rows at 2,000 bulletins: freed by a worker.
        rayon::spawn(move || drop(grouped));
    }
    units
}

/// Every unit of the unit bulletins, by id, from their records (shared, not copied): the
/// grouping of rows not kept by any build (`examples/phases.rs` times it).
pub fn unit_refs<'a>(records: impl IntoIterator<Item = &'a Arc<UnitRecord>>) -> Vec<UnitRef> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for r in records {
        group_of(&mut groups, &r.unit).push(r, PageKey(0));
    }
    groups
        .iter_mut()
        .filter_map(|(id, g)| {
            g.sort();
            g.unit(id)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Period;
    use crate::render::views::{BulletinRef, HistoryRow};

    fn record(unit: &str, name: &str, month: i8, path: &str) -> Arc<UnitRecord> {
        Arc::new(UnitRecord {
            unit: unit.into(),
            row: HistoryRow {
                bulletin: Arc::new(BulletinRef {
                    title: path.into(),
                    path: path.into(),
                    period: month.to_string(),
                    period_code: month.to_string(),
                }),
                name: name.into(),
                category: "甲类".into(),
                total: "90.00".into(),
                place: "1".into(),
                of: 3,
                tier: None,
                change_words: String::new(),
                change_kind: "same",
                weights_text: None,
            },
            value: 90.0,
            scale: 100.0,
            series: "units-monthly".into(),
            order: (Period::Month { year: 2025, month }, path.into()),
        })
    }

    /// A bulletin of `units` (id, name) in `month`, under `key`.
    fn digest(key: u128, month: i8, units: &[(&str, &str)]) -> (PageKey, Digested) {
        let path = format!("2025/{month:02}-{key}");
        let date: crate::render::views::DateView = jiff::civil::date(2025, 1, 1).into();
        let summary = crate::render::summary::Summary {
            order: (2025, month, month),
            title: path.clone(),
            path: path.clone(),
            period: month.to_string(),
            period_code: month.to_string(),
            series: "units-monthly".into(),
            year: 2025,
            published: date.clone(),
            updated: date,
            revision: 0,
            notice: None,
            units: units.len(),
            categories: 1,
            subject: crate::model::Subject::Units,
            preview_note: None,
        };
        let digest = crate::render::bulletin::Digest {
            summary,
            units: units
                .iter()
                .map(|(id, name)| record(id, name, month, &path))
                .collect(),
            roll: None,
            people: Vec::new(),
            photos: Vec::new(),
            html: Vec::new(),
        };
        (PageKey(key), Digested::new(digest))
    }

    /// What the pages see of a grouping: every unit, its names and its rows in order.
    fn shown<'a>(units: impl IntoIterator<Item = &'a UnitRef>) -> Vec<String> {
        units
            .into_iter()
            .map(|u| {
                let rows: Vec<String> = u
                    .records()
                    .map(|r| format!("{}@{}", r.row.name, r.row.bulletin.path))
                    .collect();
                let names = u.former_names.join(",");
                format!(
                    "{} {} {} [{names}] {}",
                    u.id,
                    u.name,
                    u.category,
                    rows.join(" ")
                )
            })
            .collect()
    }

    /// The same, with the hash of each unit's sources.
    fn shown_keyed(units: &[(UnitRef, u128)]) -> Vec<String> {
        let sources = units.iter().map(|(_, s)| format!(" {s:x}"));
        shown(units.iter().map(|(u, _)| u))
            .into_iter()
            .zip(sources)
            .map(|(u, s)| u + &s)
            .collect()
    }

    #[test]
    fn a_grouping_changed_by_random_edits_is_the_grouping_made_again() {
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut below = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let names = ["一局", "二局", "三局", "四局", "五局"];
        let mut next_key = 1u128;
        let mut site: Vec<(PageKey, Digested)> = Vec::new();
        let mut last = Grouped::default();
        for step in 0..300 {
            // Add a bulletin, remove one, or edit one (a new key, other rows).
            let what = if site.len() < 3 { 0 } else { below(3) };
            if what == 1 {
                let at = below(site.len() as u64) as usize;
                site.remove(at);
            } else {
                let mut units: Vec<(&str, &str)> = Vec::new();
                for u in ["u1", "u2", "u3", "u4"] {
                    if below(4) != 0 {
                        units.push((u, names[below(names.len() as u64) as usize]));
                    }
                }
                let month = 1 + below(12) as i8;
                let d = digest(next_key, month, &units);
                next_key += 1;
                if what == 2 {
                    let at = below(site.len() as u64) as usize;
                    site[at] = d;
                } else {
                    site.push(d);
                }
            }
            // A people bulletin: no rows.
            if step % 50 == 0 {
                site.push(digest(next_key, 6, &[]));
                next_key += 1;
            }
            let grouped = last
                .changed(&site)
                .unwrap_or_else(|| panic!("step {step}: a small change is made in place"));
            let again = Grouped::all(&site);
            assert_eq!(
                shown_keyed(&grouped.units()),
                shown_keyed(&again.units()),
                "step {step}"
            );
            let flat: Vec<Arc<UnitRecord>> = {
                let mut timed: Vec<&(PageKey, Digested)> = site.iter().collect();
                timed.sort_by_key(|d| d.1.digest.summary.order);
                timed
                    .iter()
                    .flat_map(|(_, d)| d.digest.units.clone())
                    .collect()
            };
            assert_eq!(
                shown(&unit_refs(&flat)),
                shown(again.units().iter().map(|(u, _)| u)),
                "step {step}"
            );
            last = grouped;
        }
        // Through the memo: the second build starts from the first's grouping.
        let memo = Memo::kept();
        group(&memo, &site);
        assert_eq!(memo.snapshot().len(), 1, "kept for the next build");
        site.pop();
        let second = group(&memo, &site);
        assert_eq!(
            shown_keyed(&second),
            shown_keyed(&Grouped::all(&site).units())
        );
    }

    #[test]
    fn a_unit_that_changed_its_name_lists_the_former_ones_in_time_order() {
        let site = vec![
            digest(1, 1, &[("u1", "老名")]),
            digest(2, 2, &[("u1", "中名")]),
            digest(3, 3, &[("u1", "老名")]),
            digest(4, 4, &[("u1", "新名")]),
        ];
        let units = Grouped::all(&site).units();
        assert_eq!(units[0].0.name, "新名");
        assert_eq!(units[0].0.former_names, ["老名", "中名"]);
    }
}
