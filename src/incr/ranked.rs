//! The ranked site, reusing what an earlier build of the process ranked: a bulletin is
//! ranked again only when its own files changed, or the standings it is compared with.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::Db;
use super::Memo;
use super::keys::{StandingsKey, key};
use crate::diag::Diagnostics;
use crate::hash::key_type;
use crate::model::Bulletin;
use crate::rank::{self, RankedSite, Results, Standings};

key_type!(
    /// Where a bulletin's standings are kept: its fingerprint, and whether it is held back.
    HandedKey
);
key_type!(
    /// Where a bulletin's results are kept: its fingerprint and the standings before it.
    RankedKey
);

/// What a ranked bulletin hands the next period of its series, shared, with its key (what
/// the keys of that period's pages take).
#[derive(Debug, Clone)]
pub struct Handed {
    pub standings: Arc<Standings>,
    pub key: StandingsKey,
}

impl Handed {
    fn new(standings: Standings) -> Handed {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        std::hash::Hash::hash(&standings, &mut h);
        Handed {
            standings: Arc::new(standings),
            key: StandingsKey(h.digest128()),
        }
    }
}

/// Ranked bulletins kept between the builds of one process.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    handed: Memo<HandedKey, Handed>,
    results: Memo<RankedKey, Arc<Results>>,
}

impl Tables {
    pub fn kept() -> Tables {
        Tables {
            handed: Memo::kept(),
            results: Memo::kept(),
        }
    }
}

/// Every bulletin of the site ranked ([`rank::rank_site`]), each reused where the last
/// build ranked it from the same inputs.
pub fn ranked<'a>(
    db: &Db,
    bulletins: &'a BTreeMap<String, Arc<Bulletin>>,
    held: &BTreeSet<String>,
) -> Result<RankedSite<'a, Handed>, Diagnostics> {
    let tables = &db.ranked;
    let (kept_handed, kept_results) = (tables.handed.snapshot(), tables.results.snapshot());
    let is_held = |b: &Bulletin| held.contains(&b.path);
    let handed_key = |b: &Bulletin| {
        HandedKey(key("handed", |k| {
            k.add_u128(b.fingerprint).add(&[u8::from(is_held(b))]);
        }))
    };
    let ranked_key = |b: &Bulletin, before: Option<&Handed>| {
        RankedKey(key("ranked", |k| {
            k.add_u128(b.fingerprint);
            match before {
                Some(h) => k.add_u128(h.key.0),
                None => k.add(b"first"),
            };
        }))
    };
    let site = rank::rank_site_with(
        bulletins,
        |b| match kept_handed.get(&handed_key(b)) {
            Some(h) => h.clone(),
            None => Handed::new(rank::standings(b, is_held(b))),
        },
        |b, before| match kept_results.get(&ranked_key(b, before)) {
            Some(r) => Ok(r.clone()),
            None => rank::rank_bulletin(b, before.map(|h| &*h.standings)).map(Arc::new),
        },
    )?;
    if tables.results.keeps() {
        let list = || bulletins.values().map(|b| &**b);
        let previous = rank::previous_in_series(list());
        let before = |b: &Bulletin| previous.get(b.path.as_str()).map(|p| &site.standings[p]);
        tables.handed.replace(
            list()
                .map(|b| (handed_key(b), site.standings[b.path.as_str()].clone()))
                .collect(),
        );
        tables.results.replace(
            list()
                .map(|b| {
                    (
                        ranked_key(b, before(b)),
                        site.results[b.path.as_str()].clone(),
                    )
                })
                .collect(),
        );
    }
    Ok(site)
}
