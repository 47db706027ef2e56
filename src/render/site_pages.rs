//! The site-wide pages, made from the bulletins' digests alone: home, archive, the unit
//! index and one history page per unit, the honour roll and announcement pages, search,
//! feed, sitemap, 404 and the theme's static files. Cheap next to the bulletins' own pages,
//! so they are made again on every build.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::bulletin::{Digest, DigestKeys};
use super::later::Later;
use super::people::{self, ExemplarView, RollSection};
use super::unit_channels::{Channels, UnitLinks};
use super::unit_groups;
use super::views::{self, SiteView, Summary};
use super::{Body, Page, Theme, markdown, render_at, search};
use crate::diag::Diagnostics;

#[derive(Serialize)]
struct HomeData {
    words_html: Option<String>,
    notices: Vec<Summary>,
    latest: Vec<Summary>,
    exemplars: Vec<ExemplarView>,
}

/// An exemplar's own page.
#[derive(Serialize)]
struct ModelData<'a> {
    bulletin: &'a Summary,
    exemplar: &'a ExemplarView,
}

/// A unit's page, or its line in the unit index, with its own channels.
#[derive(Serialize)]
struct WithChannels<'a, T: Serialize> {
    #[serde(flatten)]
    unit: T,
    channels: Option<&'a UnitLinks>,
}

/// What a unit's publishing page says of the unit besides its channels.
#[derive(Serialize)]
struct UnitName<'a> {
    id: &'a str,
    name: &'a str,
}

/// The site-wide pages the sitemap lists, besides the unit and model pages.
const HOME: &str = "index.html";
const ARCHIVE: &str = "archive/index.html";
const UNITS: &str = "units/index.html";
const SEARCH: &str = "search/index.html";
const MODELS: &str = "models/index.html";

/// Every exemplar of the honour roll with a story, and the path of its page.
fn stories(roll: &[RollSection]) -> impl Iterator<Item = (&RollSection, &ExemplarView, String)> {
    roll.iter().flat_map(|section| {
        section.with_stories.iter().map(move |x| {
            let story = x.story.as_ref().expect("partitioned on stories");
            (section, x, format!("models/{}/index.html", story.slug))
        })
    })
}

/// Where the unit index lists units that appear in people bulletins only.
const PEOPLE_ONLY: &str = "其他单位（绩效标兵所在单位）";

#[derive(Serialize)]
struct SitemapUrl {
    path: String,
    lastmod: Option<String>,
}

#[derive(Serialize)]
struct ArchiveYear {
    year: i16,
    series: Vec<(String, Vec<Summary>)>,
}

fn page<T: Serialize>(
    theme: &Theme,
    site: &SiteView,
    template: &str,
    path: &str,
    data: T,
) -> Result<Page, Diagnostics> {
    Ok(Page::text(
        path,
        render_at(theme, site, template, path, data)?,
    ))
}

/// A unit's page: its history and its channels' links.
fn unit_page(
    theme: &Theme,
    sv: &SiteView,
    u: &views::UnitRef,
    links: Option<&UnitLinks>,
    path: &str,
) -> Result<String, Diagnostics> {
    let data = WithChannels {
        unit: views::unit_view(u, &sv.series),
        channels: links,
    };
    render_at(theme, sv, "unit.html", path, data)
}

/// Every site-wide page, from the digests of all bulletins (in path order). Unit pages are
/// rendered in parallel and handed to `emit` one by one, so that a large site never holds
/// them all.
///
/// Each page is reused by a key of what it is made of, and that key is made of the hashes
/// each digest carries ([`super::bulletin::DigestKeys`]): an edit that changes no summary
/// (a score) makes neither the archive nor the search index again, nor gathers the 2,000
/// summaries they list.
pub fn render(
    theme: &Arc<Theme>,
    sv: &Arc<SiteView>,
    home: Option<&str>,
    digests: Vec<(u128, Arc<Digest>)>,
    channels: &Channels,
    reuser: &crate::cache::Reuser,
    memo: &unit_groups::Memo,
) -> Result<(), Diagnostics> {
    let emit = reuser.emit;
    let mut phases = crate::timing::Phases::start();
    let of_all = |part: fn(&DigestKeys) -> u128| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        for (_, d) in &digests {
            h.update(&part(&d.keys).to_le_bytes());
        }
        h.digest128()
    };
    let listed = of_all(|k| k.summary);
    let rolled = of_all(|k| k.roll);
    let people_key = of_all(|k| k.people);
    let html_key = of_all(|k| k.html);
    // Made only when a page that needs them is made.
    let summaries = std::sync::OnceLock::new();
    let summaries = || summaries.get_or_init(|| newest_first(&digests));
    let roll = std::sync::OnceLock::new();
    let roll = || {
        roll.get_or_init(|| {
            people::honour_roll(digests.iter().filter_map(|(_, d)| d.roll.clone()).collect())
        })
    };
    let has_roll = digests.iter().any(|(_, d)| d.roll.is_some());
    let mut pages: Vec<Page> = digests
        .iter()
        .flat_map(|(_, d)| d.photos.iter().cloned())
        .collect();
    phases.mark("sp:gather");
    let grouped = unit_groups::group(memo, &digests);
    let units = grouped.units();
    if memo.keeps() {
        memo.keep(grouped);
    } else {
        rayon::spawn(move || drop(grouped));
    }
    phases.mark("sp:unit_refs");
    // Units with channels of their own but no unit bulletin (an exemplar's unit) get a
    // page too: it is where their channels are listed.
    let people_only: Vec<views::UnitRef> = channels
        .iter()
        .filter(|(id, _)| units.binary_search_by(|u| u.id.as_str().cmp(id)).is_err())
        .map(|(id, c)| views::UnitRef::without_history(id, &c.name, PEOPLE_ONLY))
        .collect();
    units
        .par_iter()
        .chain(people_only.par_iter())
        .map(|u| {
            // A unit's page is made from its rows, which the keys of their bulletins'
            // pages cover, and its channels' links (and the site): unchanged, it is not
            // drawn again.
            let links = channels.get(&u.id);
            let key = reuser.key("unit", &(u, u.sources(), links));
            let path = format!("units/{}/index.html", u.id);
            reuser.pages(key, || {
                let body = if reuser.sink.defers() {
                    // Drawn after the reload (a history table and chart for every period
                    // of every series: the slowest page of a large site).
                    let (theme, sv, u, links) =
                        (theme.clone(), sv.clone(), u.clone(), links.cloned());
                    let (at, gate) = (path.clone(), reuser.gate.clone());
                    Body::Later(Later::new(key, move || {
                        let page = unit_page(&theme, &sv, &u, links.as_ref(), &at)?;
                        gate.check_text(&at, &page)?;
                        Ok(page.into_bytes())
                    }))
                } else {
                    Body::Text(unit_page(theme, sv, u, links, &path)?)
                };
                let mut pages = vec![Page { path, body }];
                // The unit's publishing tools, on a page of their own: the unit's page
                // opens with its results.
                if let Some(links) = links {
                    let at = format!("units/{}/publish/index.html", u.id);
                    let data = WithChannels {
                        unit: UnitName {
                            id: &u.id,
                            name: &u.name,
                        },
                        channels: Some(links),
                    };
                    pages.push(page(theme, sv, "unit-publish.html", &at, data)?);
                }
                Ok((pages, ()))
            })
        })
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    phases.mark("sp:unit pages");
    if has_roll {
        made(reuser, "models", &rolled, || {
            let mut pages = Vec::new();
            for (section, exemplar, path) in stories(roll()) {
                let data = ModelData {
                    bulletin: &section.bulletin,
                    exemplar,
                };
                pages.push(page(theme, sv, "model.html", &path, data)?);
            }
            pages.push(page(theme, sv, "models.html", MODELS, roll())?);
            Ok(pages)
        })?;
    }
    made(reuser, "home", &(listed, rolled, home), || {
        let home = HomeData {
            words_html: home.map(markdown::to_html),
            notices: notices(summaries(), sv.today.day),
            latest: summaries().iter().take(12).cloned().collect(),
            exemplars: roll()
                .first()
                .map(|s| s.with_stories.iter().take(6).cloned().collect())
                .unwrap_or_default(),
        };
        Ok(vec![page(theme, sv, "index.html", HOME, home)?])
    })?;
    made(reuser, "archive", &listed, || {
        let data = archive(summaries());
        Ok(vec![page(theme, sv, "archive.html", ARCHIVE, data)?])
    })?;
    let mut unit_list: Vec<&views::UnitRef> = units.iter().collect();
    // By category, then by pinyin: the order of the search page's list of units.
    unit_list.sort_by_cached_key(|u| {
        (
            u.category.clone(),
            search::pinyin_key(&u.name),
            u.id.clone(),
        )
    });
    unit_list.extend(&people_only);
    let unit_list: Vec<WithChannels<&views::UnitRef>> = unit_list
        .into_iter()
        .map(|u| WithChannels {
            unit: u,
            channels: channels.get(&u.id),
        })
        .collect();
    made(reuser, "units", &unit_list, || {
        Ok(vec![page(theme, sv, "units.html", UNITS, &unit_list)?])
    })?;
    pages.push(page(theme, sv, "404.html", "404.html", ())?);
    phases.mark("sp:home..units");
    made(reuser, "search", &(&units, people_key, listed), || {
        let people = digests.iter().flat_map(|(_, d)| d.people.iter().cloned());
        let index = search::index(&units, people, summaries());
        Ok(vec![
            Page {
                path: "static/search-index.js".into(),
                body: Body::Text(format!(
                    "window.BULLETIN_SEARCH={};\nwindow.BULLETIN_VARIANTS={};\n",
                    serde_json::to_string(&index).expect("plain data serialises"),
                    serde_json::to_string(&search::variants(&index))
                        .expect("plain data serialises")
                )),
            },
            page(theme, sv, "search.html", SEARCH, &index)?,
        ])
    })?;
    made(reuser, "feed", &listed, || {
        let latest = &summaries()[..summaries().len().min(50)];
        Ok(vec![page(theme, sv, "feed.xml", "feed.xml", latest)?])
    })?;
    phases.mark("sp:search+feed");
    let unit_ids: Vec<&str> = units
        .iter()
        .chain(&people_only)
        .map(|u| u.id.as_str())
        .collect();
    made(
        reuser,
        "sitemap",
        &(html_key, rolled, &unit_ids, listed),
        || {
            let mut html: Vec<String> = digests
                .iter()
                .flat_map(|(_, d)| d.html.iter().cloned())
                .collect();
            html.extend(unit_ids.iter().map(|id| format!("units/{id}/index.html")));
            if has_roll {
                html.extend(stories(roll()).map(|(_, _, path)| path));
                html.push(MODELS.into());
            }
            html.extend([HOME, ARCHIVE, UNITS, SEARCH].map(String::from));
            html.sort();
            let data = sitemap(&html, summaries());
            Ok(vec![page(theme, sv, "sitemap.xml", "sitemap.xml", data)?])
        },
    )?;
    for (path, text) in &theme.static_files {
        pages.push(Page::text(path, text));
    }
    // The units' rows (every row of every unit bulletin) are freed by a worker.
    rayon::spawn(move || drop((units, people_only, digests)));
    phases.mark("sp:sitemap");
    super::gated(reuser.gate, &pages)?;
    let r = emit(pages);
    phases.mark("sp:emit");
    phases.print();
    r
}

/// The pages of kind `what` made from `input` (with the site): kept, or `make`.
fn made(
    reuser: &crate::cache::Reuser,
    what: &str,
    input: &impl Serialize,
    make: impl FnOnce() -> Result<Vec<Page>, Diagnostics>,
) -> Result<(), Diagnostics> {
    reuser
        .pages(reuser.key(what, input), || Ok((make()?, ())))
        .map(drop)
}

/// Every bulletin's summary, newest first: by publication date, then period, then path
/// for a stable order.
fn newest_first(digests: &[(u128, Arc<Digest>)]) -> Vec<Summary> {
    let mut summaries: Vec<Summary> = digests.iter().map(|(_, d)| d.summary.clone()).collect();
    summaries.sort_by(|a, b| {
        (&b.published.iso, &b.period_code, &b.path).cmp(&(
            &a.published.iso,
            &a.period_code,
            &a.path,
        ))
    });
    summaries
}

/// Current notices (公示中) first, then upcoming ones, then the last closed few.
fn notices(summaries: &[Summary], today: i64) -> Vec<Summary> {
    let rank = |s: &&Summary| {
        let n = s.notice.as_ref().expect("filtered on notices");
        if n.to.day < today {
            2
        } else if n.from.day <= today {
            0
        } else {
            1
        }
    };
    let mut list: Vec<&Summary> = summaries.iter().filter(|s| s.notice.is_some()).collect();
    // Current ones by the nearest end, upcoming ones by the nearest start, closed ones
    // latest first; then by path.
    list.sort_by_key(|s| {
        let n = s.notice.as_ref().expect("filtered on notices");
        let when = match rank(s) {
            0 => n.to.day,
            1 => n.from.day,
            _ => -n.to.day,
        };
        (rank(s), when, s.path.clone())
    });
    let open = list.iter().filter(|s| rank(s) < 2).count();
    list.into_iter().take(open.max(3)).cloned().collect()
}

/// Every bulletin by year, then series, newest first.
fn archive(summaries: &[Summary]) -> Vec<ArchiveYear> {
    let mut years: Vec<ArchiveYear> = Vec::new();
    let mut by_year = summaries.to_vec();
    by_year.sort_by(|a, b| {
        (b.year, &a.series, &b.period_code, &a.path).cmp(&(
            a.year,
            &b.series,
            &a.period_code,
            &b.path,
        ))
    });
    for s in by_year {
        if years.last().is_none_or(|y| y.year != s.year) {
            years.push(ArchiveYear {
                year: s.year,
                series: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        if year.series.last().is_none_or(|(name, _)| *name != s.series) {
            year.series.push((s.series.clone(), Vec::new()));
        }
        year.series.last_mut().expect("pushed above").1.push(s);
    }
    years
}

fn sitemap(html: &[String], summaries: &[Summary]) -> Vec<SitemapUrl> {
    let lastmod: std::collections::BTreeMap<&str, &str> = summaries
        .iter()
        .map(|s| (s.path.as_str(), s.updated.iso.as_str()))
        .collect();
    html.iter()
        .map(|p| {
            let dir = p.strip_suffix("index.html").unwrap_or("");
            SitemapUrl {
                path: dir.to_string(),
                lastmod: lastmod
                    .get(dir.trim_end_matches('/'))
                    .map(|d| d.to_string()),
            }
        })
        .collect()
}
