//! Rendering: the embedded tera theme (overridable by file name from the site's
//! `templates/`), markdown, charts, and one function per kind of page. Pages are
//! rendered in parallel from the immutable model; no locks inside.

pub mod chart;
pub mod data;
mod history;
pub mod markdown;
pub mod people;
pub mod png;
pub mod screen;
pub mod search;
pub mod views;
pub mod wechat;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::rank::Results;
use views::{SiteView, Summary};

/// The built-in theme, compiled into the binary. `new` copies these out.
pub const THEME: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("archive.html", include_str!("../../templates/archive.html")),
    (
        "bulletin.html",
        include_str!("../../templates/bulletin.html"),
    ),
    ("unit.html", include_str!("../../templates/unit.html")),
    ("models.html", include_str!("../../templates/models.html")),
    ("model.html", include_str!("../../templates/model.html")),
    ("units.html", include_str!("../../templates/units.html")),
    ("404.html", include_str!("../../templates/404.html")),
    (
        "notice-status.html",
        include_str!("../../templates/notice-status.html"),
    ),
    ("feed.xml", include_str!("../../templates/feed.xml")),
    ("print.html", include_str!("../../templates/print.html")),
    ("wechat.html", include_str!("../../templates/wechat.html")),
    (
        "wechat-fragment.html",
        include_str!("../../templates/wechat-fragment.html"),
    ),
    (
        "static/wechat.js",
        include_str!("../../templates/static/wechat.js"),
    ),
    ("screen.html", include_str!("../../templates/screen.html")),
    (
        "static/screen.css",
        include_str!("../../templates/static/screen.css"),
    ),
    (
        "static/screen.js",
        include_str!("../../templates/static/screen.js"),
    ),
    (
        "static/print.css",
        include_str!("../../templates/static/print.css"),
    ),
    ("search.html", include_str!("../../templates/search.html")),
    (
        "static/search.js",
        include_str!("../../templates/static/search.js"),
    ),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    (
        "static/site.js",
        include_str!("../../templates/static/site.js"),
    ),
    (
        "static/style.css",
        include_str!("../../templates/static/style.css"),
    ),
];

/// One file of the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Text(String),
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// A file to write, at a `/`-separated path below the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub body: Body,
}

/// Where rendered files go as soon as they are made, so that a build never holds the
/// whole site in memory: the staging folder of `build`, or nowhere for `check`.
pub trait Sink: Sync {
    fn put(&self, page: Page) -> Result<(), Diagnostics>;
}

/// A sink that keeps nothing: `check` renders every page (templates, WeChat limits) and
/// throws it away.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: Page) -> Result<(), Diagnostics> {
        Ok(())
    }
}

/// What a render made.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rendered {
    pub pages: usize,
    pub files: usize,
}

/// The templates in force for a site: the built-in ones, each replaced by a file of the
/// same name in the site's `templates/` where there is one.
pub struct Theme {
    tera: Tera,
    static_files: Vec<(String, String)>,
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let overrides = root.join("templates");
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for (name, builtin) in THEME {
            let path = overrides.join(name);
            let text = if path.is_file() {
                crate::load::read_source(root, &path)?.text
            } else {
                builtin.to_string()
            };
            if let Some(asset) = name.strip_prefix("static/") {
                static_files.push((format!("static/{asset}"), text));
            } else {
                templates.push((name.to_string(), text));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("json_encode", tera_contrib::json::json_encode);
        tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e))?;
        Ok(Theme { tera, static_files })
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostics> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&e))
    }
}

fn template_error(e: &tera::Error) -> Diagnostics {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(format!("template error: {message}"))
        .hint("fix the template in templates/, or delete it to use the built-in one")
        .into()
}

fn depth_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn page<T: Serialize>(
    theme: &Theme,
    site: &SiteView,
    template: &str,
    path: &str,
    data: T,
) -> Result<Page, Diagnostics> {
    Ok(Page {
        path: path.to_string(),
        body: Body::Text(render_at(theme, site, template, path, data)?),
    })
}

/// Render `template` as if it were the page at `path`.
fn render_at<T: Serialize>(
    theme: &Theme,
    site: &SiteView,
    template: &str,
    path: &str,
    data: T,
) -> Result<String, Diagnostics> {
    render_value(
        theme,
        site,
        template,
        path,
        tera::Value::from_serializable(&data),
    )
}

/// Render `template` with `page` already turned into a template value: a bulletin's view
/// is converted once and shared, by reference count, by its five templates.
pub(super) fn render_value(
    theme: &Theme,
    site: &SiteView,
    template: &str,
    path: &str,
    page: tera::Value,
) -> Result<String, Diagnostics> {
    let mut ctx = Context::new();
    ctx.insert("site", site);
    // 404.html is served at whatever address was missing: its links start at the root.
    if path == "404.html" {
        ctx.insert("root", &site.base_path);
    } else {
        ctx.insert("root", &depth_root(path));
    }
    ctx.insert("path", path.strip_suffix("index.html").unwrap_or(""));
    ctx.insert_value("page", page);
    theme.render(template, &ctx)
}

/// `{ bulletin: <shared view>, key: value, … }` as a template value.
pub(super) fn with_bulletin(
    bulletin: &tera::Value,
    rest: Vec<(&'static str, tera::Value)>,
) -> tera::Value {
    let mut map: std::collections::BTreeMap<&'static str, tera::Value> = rest.into_iter().collect();
    map.insert("bulletin", bulletin.clone());
    tera::Value::from(map)
}

#[derive(Serialize)]
struct HomeData {
    words_html: Option<String>,
    notices: Vec<Summary>,
    latest: Vec<Summary>,
    exemplars: Vec<people::ExemplarView>,
}

/// An exemplar's own page.
#[derive(Serialize)]
struct ModelData<'a> {
    bulletin: &'a Summary,
    exemplar: &'a people::ExemplarView,
}

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

/// Render every file of the site into `sink`.
pub fn render_site(
    site: &Site,
    results: &[Results],
    theme: &Theme,
    sink: &dyn Sink,
    cache: &png::ChartCache,
) -> Result<Rendered, Diagnostics> {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let sv = SiteView::new(site);
    let (html_count, file_count) = (AtomicUsize::new(0), AtomicUsize::new(0));
    // System fonts are loaded once, and only where there are charts to draw as PNG.
    let needs_png = site
        .bulletins
        .iter()
        .any(|b| b.data.subject == crate::model::Subject::Units);
    let fonts = if needs_png {
        Some(
            png::Fonts::load(site.config.cjk_font.as_deref()).map_err(|e| {
                Diagnostics::from(
                    Diagnostic::error(format!("charts cannot be drawn as PNG: {e}"))
                        .hint("the WeChat article needs PNG charts with Chinese labels"),
                )
            })?,
        )
    } else {
        None
    };
    let previous = crate::rank::previous_in_series(&site.bulletins);
    let mut summaries: Vec<Summary> = site.bulletins.iter().map(Summary::new).collect();
    // Newest first: by publication date, then period, then path for a stable order.
    summaries.sort_by(|a, b| {
        (&b.published.iso, &b.period_code, &b.path).cmp(&(
            &a.published.iso,
            &a.period_code,
            &a.path,
        ))
    });

    // Each bulletin's files go to the sink as soon as they are made; only their paths
    // are kept, for the sitemap.
    let emit = |pages: Vec<Page>| -> Result<Vec<String>, Diagnostics> {
        let mut html = Vec::new();
        for p in pages {
            if p.path.ends_with("index.html") {
                html.push(p.path.clone());
            }
            html_count.fetch_add(usize::from(p.path.ends_with(".html")), Relaxed);
            file_count.fetch_add(1, Relaxed);
            sink.put(p)?;
        }
        Ok(html)
    };
    let bulletin_html = site
        .bulletins
        .par_iter()
        .enumerate()
        .map(|(i, b)| {
            let view =
                views::bulletin_view(b, &results[i], previous[i].map(|p| &site.bulletins[p]));
            let text = |name: &str, body: String| Page {
                path: format!("{}/{name}", b.path),
                body: Body::Text(body),
            };
            let mut pages = vec![
                text("results.json", data::json(&view)),
                text("results.csv", data::csv(&view)),
            ];
            let shared = tera::Value::from_serializable(&view);
            let at = |name: &str| format!("{}/{name}", b.path);
            pages.push(Page {
                path: at("print.html"),
                body: Body::Text(render_value(
                    theme,
                    &sv,
                    "print.html",
                    &at("print.html"),
                    shared.clone(),
                )?),
            });
            pages.extend(wechat::pages(
                theme,
                &sv,
                &view,
                &shared,
                fonts.as_ref(),
                cache,
            )?);
            let slides = with_bulletin(
                &shared,
                vec![(
                    "slides",
                    tera::Value::from_serializable(&screen::slides(&view)),
                )],
            );
            pages.push(Page {
                path: at("screen.html"),
                body: Body::Text(render_value(
                    theme,
                    &sv,
                    "screen.html",
                    &at("screen.html"),
                    slides,
                )?),
            });
            pages.push(Page {
                path: at("index.html"),
                body: Body::Text(render_value(
                    theme,
                    &sv,
                    "bulletin.html",
                    &at("index.html"),
                    shared,
                )?),
            });
            pages.extend(b.assets.iter().map(|(src, name)| Page {
                path: format!("{}/{name}", b.path),
                body: Body::Copy(src.clone()),
            }));
            emit(pages)
        })
        .collect::<Result<Vec<Vec<String>>, Diagnostics>>()?;
    // A unit's history is built, rendered and dropped one unit at a time: on a large site
    // every unit has thousands of rows.
    let units = views::unit_refs(site, results);
    let unit_html = units
        .par_iter()
        .map(|u| {
            let view = views::unit_view(site, results, u);
            let p = page(
                theme,
                &sv,
                "unit.html",
                &format!("units/{}/index.html", u.id),
                &view,
            )?;
            emit(vec![p])
        })
        .collect::<Result<Vec<Vec<String>>, Diagnostics>>()?;

    let mut html: Vec<String> = bulletin_html
        .into_iter()
        .chain(unit_html)
        .flatten()
        .collect();
    let mut pages: Vec<Page> = Vec::new();
    let roll = people::honour_roll(site, results);
    for section in &roll {
        for x in &section.with_stories {
            let story = x.story.as_ref().expect("partitioned on stories");
            let data = ModelData {
                bulletin: &section.bulletin,
                exemplar: x,
            };
            let path = format!("models/{}/index.html", story.slug);
            pages.push(page(theme, &sv, "model.html", &path, data)?);
        }
    }
    for b in &site.bulletins {
        for s in &b.stories {
            if let Some((src, name)) = &s.photo {
                pages.push(Page {
                    path: format!("models/{}/{name}", s.slug),
                    body: Body::Copy(src.clone()),
                });
            }
        }
    }
    if !roll.is_empty() {
        pages.push(page(theme, &sv, "models.html", "models/index.html", &roll)?);
    }
    let home = HomeData {
        words_html: site.home.as_deref().map(markdown::to_html),
        notices: {
            // Current notices (公示中) first, then upcoming ones, then the last closed few.
            let today = views::DateView::from(site.today).day;
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
            // Current ones by the nearest end, upcoming ones by the nearest start, closed
            // ones latest first; then by path.
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
        },
        latest: summaries.iter().take(12).cloned().collect(),
        exemplars: roll
            .first()
            .map(|s| s.with_stories.iter().take(6).cloned().collect())
            .unwrap_or_default(),
    };
    pages.push(page(theme, &sv, "index.html", "index.html", home)?);
    let mut years: Vec<ArchiveYear> = Vec::new();
    let mut by_year = summaries.clone();
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
    pages.push(page(
        theme,
        &sv,
        "archive.html",
        "archive/index.html",
        &years,
    )?);
    let mut unit_list: Vec<&views::UnitRef> = units.iter().collect();
    unit_list.sort_by(|a, b| (&a.category, &a.id).cmp(&(&b.category, &b.id)));
    pages.push(page(
        theme,
        &sv,
        "units.html",
        "units/index.html",
        &unit_list,
    )?);
    pages.push(page(theme, &sv, "404.html", "404.html", ())?);
    let index = search::index(site, &units, &summaries);
    pages.push(Page {
        path: "static/search-index.js".into(),
        body: Body::Text(format!(
            "window.BULLETIN_SEARCH={};\n",
            serde_json::to_string(&index).expect("plain data serialises")
        )),
    });
    pages.push(page(
        theme,
        &sv,
        "search.html",
        "search/index.html",
        &index,
    )?);
    pages.push(page(
        theme,
        &sv,
        "feed.xml",
        "feed.xml",
        &summaries[..summaries.len().min(50)],
    )?);
    html.extend(
        pages
            .iter()
            .filter(|p| p.path.ends_with("index.html"))
            .map(|p| p.path.clone()),
    );
    html.sort();
    let lastmod: std::collections::BTreeMap<&str, &str> = summaries
        .iter()
        .map(|s| (s.path.as_str(), s.published.iso.as_str()))
        .collect();
    let urls: Vec<SitemapUrl> = html
        .iter()
        .map(|p| {
            let dir = p.strip_suffix("index.html").unwrap_or("");
            SitemapUrl {
                path: dir.to_string(),
                lastmod: lastmod
                    .get(dir.trim_end_matches('/'))
                    .map(|d| d.to_string()),
            }
        })
        .collect();
    pages.push(page(theme, &sv, "sitemap.xml", "sitemap.xml", &urls)?);
    for (path, text) in &theme.static_files {
        pages.push(Page {
            path: path.clone(),
            body: Body::Text(text.clone()),
        });
    }
    emit(pages)?;
    Ok(Rendered {
        pages: html_count.load(Relaxed),
        files: file_count.load(Relaxed),
    })
}
