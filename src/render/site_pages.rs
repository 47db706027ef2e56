//! The site-wide pages, made from the bulletins' digests alone: home, archive, the unit
//! index and one history page per unit, the honour roll and announcement pages, search,
//! feed, sitemap, 404 and the theme's static files. Each is a function of what it shows;
//! the query layer decides which to make again.

use serde::Serialize;

use super::people::{ExemplarView, RollSection};
use super::search::{self, PersonSeen};
use super::unit_channels::{Channels, UnitLinks};
use super::views::{self, SiteView, Summary, UnitRef};
use super::{Theme, markdown, render_at};
use crate::diag::Diagnostics;
use crate::output::{Body, Page};

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
pub struct WithChannels<'a, T: Serialize> {
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
pub fn unit_page(
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

/// A unit's publishing tools, on a page of its own: the unit's page opens with its
/// results.
pub fn unit_publish(
    theme: &Theme,
    sv: &SiteView,
    u: &UnitRef,
    links: &UnitLinks,
) -> Result<Page, Diagnostics> {
    let at = format!("units/{}/publish/index.html", u.id);
    let data = WithChannels {
        unit: UnitName {
            id: &u.id,
            name: &u.name,
        },
        channels: Some(links),
    };
    page(theme, sv, "unit-publish.html", &at, data)
}

/// Units with channels of their own but no unit bulletin (an exemplar's unit): they get a
/// page too, where their channels are listed. `units` are sorted by id.
pub fn people_only(units: &[UnitRef], channels: &Channels) -> Vec<UnitRef> {
    channels
        .iter()
        .filter(|(id, _)| units.binary_search_by(|u| u.id.as_str().cmp(id)).is_err())
        .map(|(id, c)| UnitRef::without_history(id, &c.name, PEOPLE_ONLY))
        .collect()
}

/// The unit index's lines: units of unit bulletins by category, then the others.
pub fn unit_list<'a>(
    units: &'a [UnitRef],
    people_only: &'a [UnitRef],
    channels: &'a Channels,
) -> Vec<WithChannels<'a, &'a UnitRef>> {
    let mut list: Vec<&UnitRef> = units.iter().collect();
    // By category, then by pinyin: the order of the search page's list of units.
    list.sort_by_cached_key(|u| {
        (
            u.category.clone(),
            super::search::pinyin_key(&u.name),
            u.id.clone(),
        )
    });
    list.extend(people_only);
    list.into_iter()
        .map(|u| WithChannels {
            unit: u,
            channels: channels.get(&u.id),
        })
        .collect()
}

/// The unit index.
pub fn units_index(
    theme: &Theme,
    sv: &SiteView,
    list: &[WithChannels<&UnitRef>],
) -> Result<Page, Diagnostics> {
    page(theme, sv, "units.html", UNITS, list)
}

/// The honour roll and each exemplar's announcement page.
pub fn models(
    theme: &Theme,
    sv: &SiteView,
    roll: &[RollSection],
) -> Result<Vec<Page>, Diagnostics> {
    let mut pages = Vec::new();
    for (section, exemplar, path) in stories(roll) {
        let data = ModelData {
            bulletin: &section.bulletin,
            exemplar,
        };
        pages.push(page(theme, sv, "model.html", &path, data)?);
    }
    pages.push(page(theme, sv, "models.html", MODELS, roll)?);
    Ok(pages)
}

/// The home page: the site's own words, the notices, the latest bulletins and exemplars.
pub fn home(
    theme: &Theme,
    sv: &SiteView,
    words: Option<&str>,
    newest: &[Summary],
    roll: &[RollSection],
) -> Result<Page, Diagnostics> {
    let home = HomeData {
        words_html: words.map(markdown::to_html),
        notices: notices(newest, sv.today.day),
        latest: newest.iter().take(12).cloned().collect(),
        exemplars: roll
            .first()
            .map(|s| s.with_stories.iter().take(6).cloned().collect())
            .unwrap_or_default(),
    };
    page(theme, sv, "index.html", HOME, home)
}

/// Every bulletin by year and series.
pub fn archive(theme: &Theme, sv: &SiteView, newest: &[Summary]) -> Result<Page, Diagnostics> {
    page(theme, sv, "archive.html", ARCHIVE, archive_years(newest))
}

/// The search page and its index, of units, people and bulletins.
pub fn search(
    theme: &Theme,
    sv: &SiteView,
    units: &[UnitRef],
    people: impl Iterator<Item = PersonSeen>,
    newest: &[Summary],
) -> Result<Vec<Page>, Diagnostics> {
    let index = search::index(units, people, newest);
    Ok(vec![
        Page {
            path: "static/search-index.js".into(),
            body: Body::Text(format!(
                "window.BULLETIN_SEARCH={};\nwindow.BULLETIN_VARIANTS={};\n",
                serde_json::to_string(&index).expect("plain data serialises"),
                serde_json::to_string(&search::variants(&index)).expect("plain data serialises")
            )),
        },
        page(theme, sv, "search.html", SEARCH, &index)?,
    ])
}

/// The feed of the 50 newest bulletins.
pub fn feed(theme: &Theme, sv: &SiteView, newest: &[Summary]) -> Result<Page, Diagnostics> {
    let latest = &newest[..newest.len().min(50)];
    page(theme, sv, "feed.xml", "feed.xml", latest)
}

/// The sitemap: the bulletins' pages `html`, the units', the models' and the site's own.
pub fn sitemap(
    theme: &Theme,
    sv: &SiteView,
    mut html: Vec<String>,
    unit_ids: &[&str],
    roll: &[RollSection],
    newest: &[Summary],
) -> Result<Page, Diagnostics> {
    html.extend(unit_ids.iter().map(|id| format!("units/{id}/index.html")));
    if !roll.is_empty() {
        html.extend(stories(roll).map(|(_, _, path)| path));
        html.push(MODELS.into());
    }
    html.extend([HOME, ARCHIVE, UNITS, SEARCH].map(String::from));
    html.sort();
    let data = sitemap_urls(&html, newest);
    page(theme, sv, "sitemap.xml", "sitemap.xml", data)
}

/// The page served at any missing address, and the theme's static files.
pub fn fixed(theme: &Theme, sv: &SiteView) -> Result<Vec<Page>, Diagnostics> {
    let mut pages = vec![page(theme, sv, "404.html", "404.html", ())?];
    for (path, text) in &theme.static_files {
        pages.push(Page::text(path, text));
    }
    Ok(pages)
}

/// Every bulletin's summary, newest first: by publication date, then period, then path
/// for a stable order.
pub fn newest_first<'a>(summaries: impl Iterator<Item = &'a Summary>) -> Vec<Summary> {
    let mut summaries: Vec<Summary> = summaries.cloned().collect();
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
fn archive_years(summaries: &[Summary]) -> Vec<ArchiveYear> {
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

fn sitemap_urls(html: &[String], summaries: &[Summary]) -> Vec<SitemapUrl> {
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
