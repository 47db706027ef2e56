//! The site-wide pages ([`crate::render::site_pages`]), each reused by a key of what it
//! shows. Those keys are made of the hashes each digest carries ([`Digested`]): an edit
//! that changes no summary (a score) makes neither the archive nor the search index
//! again, nor gathers the 2,000 summaries they list.

use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;

use super::Db;
use super::bulletins::Digested;
use super::context::Context;
use super::keys::{PageKey, SiteKey};
use super::run::Run;
use super::unit_groups;
use crate::diag::Diagnostics;
use crate::output::{Body, Later, Page};
use crate::render::Theme;
use crate::render::people;
use crate::render::site_pages as sp;
use crate::render::unit_channels::Channels;
use crate::render::views::{SiteView, UnitRef};

/// Every site-wide page, from the digests of all published bulletins (in path order).
/// Unit pages are made in parallel and put one by one, so that a large site never holds
/// them all.
pub fn site_pages(
    run: &Run,
    db: &Db,
    cx: &Context,
    words: Option<&str>,
    digests: Vec<(PageKey, Digested)>,
    channels: &Channels,
) -> Result<(), Diagnostics> {
    let (theme, sv, site) = (&cx.theme, &cx.view, cx.key);
    let of_all = |part: fn(&Digested) -> u128| {
        let mut h = crate::hash::Hasher::new();
        for (_, d) in &digests {
            h.add_u128(part(d));
        }
        h.finish()
    };
    let (listed, rolled) = (of_all(|d| d.summary), of_all(|d| d.roll));
    let (people, html) = (of_all(|d| d.people), of_all(|d| d.html));
    // Made only when a page that needs them is made.
    let newest = OnceLock::new();
    let newest =
        || newest.get_or_init(|| sp::newest_first(digests.iter().map(|(_, d)| &d.digest.summary)));
    let roll = OnceLock::new();
    let roll = || {
        roll.get_or_init(|| {
            let sections = digests.iter().filter_map(|(_, d)| d.digest.roll.clone());
            people::honour_roll(sections.collect())
        })
    };
    let has_roll = digests.iter().any(|(_, d)| d.digest.roll.is_some());
    let (units, sources): (Vec<UnitRef>, Vec<u128>) =
        unit_groups::group(&db.units, &digests).into_iter().unzip();
    let people_only = sp::people_only(&units, channels);
    let no_sources = unit_groups::no_sources();
    units
        .par_iter()
        .zip(sources.par_iter())
        .chain(
            people_only
                .par_iter()
                .zip(rayon::iter::repeat_n(&no_sources, people_only.len())),
        )
        .map(|(u, sources)| unit(run, theme, sv, site, u, *sources, channels))
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    if has_roll {
        made(run, site, "models", &rolled, || {
            sp::models(theme, sv, roll())
        })?;
    }
    made(run, site, "home", &(listed, rolled, words), || {
        Ok(vec![sp::home(theme, sv, words, newest(), roll())?])
    })?;
    made(run, site, "archive", &listed, || {
        Ok(vec![sp::archive(theme, sv, newest())?])
    })?;
    let unit_list = sp::unit_list(&units, &people_only, channels);
    made(run, site, "units", &unit_list, || {
        Ok(vec![sp::units_index(theme, sv, &unit_list)?])
    })?;
    made(run, site, "search", &(&units, people, listed), || {
        let people = digests
            .iter()
            .flat_map(|(_, d)| d.digest.people.iter().cloned());
        sp::search(theme, sv, &units, people, newest())
    })?;
    made(run, site, "feed", &listed, || {
        Ok(vec![sp::feed(theme, sv, newest())?])
    })?;
    let unit_ids: Vec<&str> = units
        .iter()
        .chain(&people_only)
        .map(|u| u.id.as_str())
        .collect();
    made(
        run,
        site,
        "sitemap",
        &(html, rolled, &unit_ids, listed),
        || {
            let html = digests
                .iter()
                .flat_map(|(_, d)| d.digest.html.iter().cloned());
            let roll: &[_] = if has_roll { roll() } else { &[] };
            Ok(vec![sp::sitemap(
                theme,
                sv,
                html.collect(),
                &unit_ids,
                roll,
                newest(),
            )?])
        },
    )?;
    let mut loose: Vec<Page> = digests
        .iter()
        .flat_map(|(_, d)| d.digest.photos.iter().cloned())
        .collect();
    loose.extend(sp::fixed(theme, sv)?);
    // The units' rows (every row of every unit bulletin) are freed by a worker.
    rayon::spawn(move || drop((units, people_only, digests)));
    run.put(None, loose)
}

/// A unit's page (and its publishing page, when it has channels): made from its rows,
/// which the keys of their bulletins' pages cover (`sources`), its channels' links and the
/// site; unchanged, it is not drawn again.
fn unit(
    run: &Run,
    theme: &Arc<Theme>,
    sv: &Arc<SiteView>,
    site: SiteKey,
    u: &UnitRef,
    sources: u128,
    channels: &Channels,
) -> Result<Option<()>, Diagnostics> {
    let links = channels.get(&u.id);
    let key = PageKey::of(site, "unit", &(u, sources, links));
    run.entry(key, || {
        // Made when the output asks (`serve`: after the reload): a history table and chart
        // for every period of every series, the slowest page of a large site.
        let path = format!("units/{}/index.html", u.id);
        let inputs = (theme.clone(), sv.clone(), u.clone(), links.cloned());
        let at = path.clone();
        let body = Body::Later(Later::new(key.0, move || {
            let (theme, sv, u, links) = &inputs;
            Ok(sp::unit_page(theme, sv, u, links.as_ref(), &at)?.into_bytes())
        }));
        let mut pages = vec![Page { path, body }];
        if let Some(links) = links {
            pages.push(sp::unit_publish(theme, sv, u, links)?);
        }
        Ok((pages, ()))
    })
}

/// The pages of kind `what` made from `input` (with the site): reused, or `make`.
fn made(
    run: &Run,
    site: SiteKey,
    what: &str,
    input: &impl Serialize,
    make: impl FnOnce() -> Result<Vec<Page>, Diagnostics>,
) -> Result<(), Diagnostics> {
    let key = PageKey::of(site, what, input);
    run.entry(key, || Ok((make()?, ()))).map(drop)
}
