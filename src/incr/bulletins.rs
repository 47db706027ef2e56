//! Each bulletin's pages and what it gives the rest of the site: its summary (what the
//! next period of its series shows of it) and its digest (what the site-wide pages are
//! made of), each reused by the key of its inputs.
//!
//! A bulletin's pages are made from the site's part ([`SiteKey`]: the theme, the site view,
//! the chart fonts), its own files (its fingerprint) and the previous bulletin of its
//! series as its pages show it (that one's summary and standings). So a score edit
//! renders the next bulletin again only if the standings it is ranked against changed.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::context::Context;
use super::keys::{PageKey, SiteKey, StandingsKey, SummaryKey, key};
use super::ranked::Handed;
use super::run::Run;
use super::{Db, Memo};
use crate::diag::Diagnostics;
use crate::hash::{key_type, of_json};
use crate::model::Bulletin;
use crate::rank::{RankedSite, Results};
use crate::render::bulletin::{self, Digest};
use crate::render::summary::Summary;

key_type!(
    /// Where a bulletin's summary is kept: its fingerprint and its preview note.
    ListedKey
);

/// A bulletin's summary and its key.
#[derive(Debug)]
pub struct Listed {
    pub summary: Summary,
    pub key: SummaryKey,
}

/// A bulletin's digest, with hashes of what it gives the site-wide pages, made once with
/// it: the key of the archive is made of 2,000 of these, not of 2,000 summaries
/// serialised again.
#[derive(Debug, Clone)]
pub struct Digested {
    pub digest: Arc<Digest>,
    pub summary: u128,
    pub roll: u128,
    pub people: u128,
    pub html: u128,
}

impl Digested {
    pub fn new(digest: Digest) -> Digested {
        Digested {
            summary: of_json(&digest.summary),
            roll: of_json(&digest.roll),
            people: of_json(&digest.people),
            html: of_json(&digest.html),
            digest: Arc::new(digest),
        }
    }
}

/// What the memo keeps of the bulletins.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    listed: Memo<ListedKey, Arc<Listed>>,
    digests: Memo<PageKey, Digested>,
}

impl Tables {
    pub fn kept() -> Tables {
        Tables {
            listed: Memo::kept(),
            digests: Memo::kept(),
        }
    }
}

/// The summaries of the bulletins `published`, by path: made of a bulletin's own files
/// (its fingerprint) and its preview note.
fn summaries<'a>(db: &Db, published: &[&'a Bulletin]) -> BTreeMap<&'a str, Arc<Listed>> {
    let kept = db.bulletins.listed.snapshot();
    let listed: Vec<(&str, ListedKey, Arc<Listed>)> = published
        .par_iter()
        .map(|b| {
            let k = ListedKey(key("listed", |k| {
                k.add_u128(b.fingerprint)
                    .add_str(b.preview_note.as_deref().unwrap_or(""));
            }));
            let l = match kept.get(&k) {
                Some(l) => l.clone(),
                None => {
                    let summary = Summary::new(b);
                    let key = SummaryKey(of_json(&summary));
                    Arc::new(Listed { summary, key })
                }
            };
            (b.path.as_str(), k, l)
        })
        .collect();
    drop(kept);
    if db.bulletins.listed.keeps() {
        let used = listed.iter().map(|(_, k, l)| (*k, l.clone())).collect();
        db.bulletins.listed.replace(used);
    }
    listed.into_iter().map(|(p, _, l)| (p, l)).collect()
}

/// Everything a bulletin's pages are made from besides its own files: the site's part,
/// and the previous bulletin of its series as its pages show it.
pub struct Before<'a> {
    pub site: SiteKey,
    pub summary: Option<&'a Listed>,
    pub standings: Option<StandingsKey>,
}

/// The key of `b`'s pages.
pub fn page_key(b: &Bulletin, before: &Before) -> PageKey {
    PageKey(key("bulletin", |k| {
        k.add_u128(before.site.0).add_u128(b.fingerprint);
        match before.summary {
            Some(l) => k.add_u128(l.key.0),
            None => k.add(b"first"),
        };
        match before.standings {
            Some(s) => k.add_u128(s.0),
            None => k.add(b"first"),
        };
    }))
}

/// A bulletin to render, and what its pages are made from.
struct Todo<'a> {
    bulletin: &'a Bulletin,
    results: &'a Results,
    before: Before<'a>,
    /// Held back as of the build day: rendered (by `check`) to find its errors only.
    held: bool,
}

/// The pages of every bulletin of `site` that is published, and of those `held` back too
/// when `check` says so; reused or made. The digests of the published ones, by the key of
/// their pages, in path order.
pub fn pages(
    run: &Run,
    db: &Db,
    cx: &Context,
    bulletins: &BTreeMap<String, Arc<Bulletin>>,
    ranked: &RankedSite<Handed>,
    held: &BTreeSet<String>,
    check: bool,
) -> Result<Vec<(PageKey, Digested)>, Diagnostics> {
    let list: Vec<&Bulletin> = bulletins.values().map(|b| &**b).collect();
    let published: Vec<&Bulletin> = list
        .iter()
        .copied()
        .filter(|b| !held.contains(&b.path))
        .collect();
    let summaries = summaries(db, &published);
    let previous = crate::rank::previous_in_series(list.iter().copied());
    let todo: Vec<Todo> = list
        .into_iter()
        .filter(|b| check || !held.contains(&b.path))
        .map(|b| {
            let before = previous.get(b.path.as_str());
            Todo {
                bulletin: b,
                results: &ranked.results[b.path.as_str()],
                before: Before {
                    site: cx.key,
                    summary: before.and_then(|p| summaries.get(p)).map(|l| &**l),
                    standings: before.map(|p| ranked.standings[p].key),
                },
                held: held.contains(&b.path),
            }
        })
        .collect();
    let cx = cx.shared();
    let cx = &cx;
    let kept = db.bulletins.digests.snapshot();
    let digests: Vec<Option<(PageKey, Digested)>> = todo
        .par_iter()
        .map(|t| {
            let (b, r) = (t.bulletin, t.results);
            let before = t.before.summary.map(|l| &l.summary);
            if t.held {
                // `check` only: what is held back today is published on its day.
                let (pages, _) = bulletin::render(cx, b, r, before)?;
                run.put(None, pages)?;
                return Ok(None);
            }
            let key = page_key(b, &t.before);
            let digest = match run.entry(key, || bulletin::render(cx, b, r, before))? {
                Some(made) => Digested::new(made),
                None => match kept.get(&key) {
                    Some(d) => d.clone(),
                    None => Digested::new(bulletin::digest(b, r)),
                },
            };
            Ok(Some((key, digest)))
        })
        .collect::<Result<_, Diagnostics>>()?;
    drop(kept);
    let digests: Vec<(PageKey, Digested)> = digests.into_iter().flatten().collect();
    if db.bulletins.digests.keeps() {
        let used: HashMap<PageKey, Digested> = digests.iter().cloned().collect();
        db.bulletins.digests.replace(used);
    }
    Ok(digests)
}
