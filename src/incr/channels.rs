//! Each unit's own channels ([`crate::render::unit_channels`]), cut from the latest bulletin
//! of each series: the views of those bulletins are kept by the key of their pages, which
//! covers all a view is made of, and a roll or card that did not change is not made again.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::bulletins::Digested;
use super::context::Context;
use super::keys::PageKey;
use super::run::Run;
use super::{Db, Memo};
use crate::diag::Diagnostics;
use crate::model::Bulletin;
use crate::rank::Results;
use crate::render::unit_channels::{self, Channels};
use crate::render::views::{self, BulletinView};

/// The views of the latest bulletins of each series, by the key of their pages.
pub type Views = Memo<PageKey, Arc<BulletinView>>;

/// Every unit's channels from the bulletins published (those of `digests`, with the keys
/// of their pages), their files reused or made; what the unit pages link to.
pub fn channels(
    run: &Run,
    db: &Db,
    cx: &Context,
    bulletins: &BTreeMap<String, Arc<Bulletin>>,
    digests: &[(PageKey, Digested)],
    results: &BTreeMap<&str, Arc<Results>>,
) -> Result<Channels, Diagnostics> {
    let (site, cx) = (cx.key, &cx.shared());
    let published: Vec<&Bulletin> = digests
        .iter()
        .map(|(_, d)| &*bulletins[d.digest.summary.path.as_str()])
        .collect();
    let page_keys: HashMap<&str, PageKey> = digests
        .iter()
        .map(|(k, d)| (d.digest.summary.path.as_str(), *k))
        .collect();
    let kept = db.views.snapshot();
    let latest = unit_channels::latest_by_series(&published);
    let sources: Vec<(Option<PageKey>, unit_channels::Source)> = latest
        .par_iter()
        .map(|b| {
            let r = &results[b.path.as_str()];
            let key = page_keys.get(b.path.as_str()).copied();
            let view = match key.and_then(|k| kept.get(&k)) {
                Some(v) => v.clone(),
                None => Arc::new(views::bulletin_view(b, r, None)),
            };
            (key, unit_channels::source(cx, b, r, view))
        })
        .collect();
    drop(kept);
    if db.views.keeps() {
        let used = sources
            .iter()
            .filter_map(|(k, s)| Some(((*k)?, s.view.clone())));
        db.views.replace(used.collect());
    }
    let sources: Vec<unit_channels::Source> = sources.into_iter().map(|(_, s)| s).collect();
    let cut = unit_channels::cut(cx, &sources);
    // Reused by what they show: a card or roll that did not change is not drawn again.
    cut.rolls
        .par_iter()
        .map(|(id, r)| {
            let key = PageKey::of(site, "unit-roll", &(id, r));
            run.entry(key, || Ok((unit_channels::roll_pages(cx, id, r)?, ())))
        })
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    cut.cards
        .par_iter()
        .flat_map(|(_, list)| list.par_iter())
        .map(|c| {
            let key = PageKey::of(site, "unit-card", &c.key_input());
            run.entry(key, || Ok((unit_channels::card_pages(cx, c)?, ())))
        })
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    Ok(cut.links)
}
