//! Rendering: the embedded tera theme (overridable by file name from the site's
//! `templates/`), markdown, charts, and the pages: one bulletin's pages in
//! [`bulletin`], the site-wide pages from the bulletins' digests in [`site_pages`], each
//! unit's own channels in [`unit_channels`].

pub mod bulletin;
pub mod chart;
pub mod correction;
pub mod cover;
pub mod data;
pub mod docx;
pub mod gongwen;
mod history;
pub mod later;
pub mod markdown;
pub mod people;
pub mod png;
pub mod qr;
pub mod screen;
pub mod search;
pub mod site_pages;
pub mod summary;
pub mod title;
pub mod unit_channels;
pub mod unit_groups;
pub mod views;
pub mod wechat;

use std::path::{Path, PathBuf};

use serde::Serialize;
use tera::{Context, Tera};

use crate::diag::{Diagnostic, Diagnostics};
use views::SiteView;

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
    (
        "unit-publish.html",
        include_str!("../../templates/unit-publish.html"),
    ),
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
    ("gongwen.html", include_str!("../../templates/gongwen.html")),
    (
        "static/gongwen.css",
        include_str!("../../templates/static/gongwen.css"),
    ),
    (
        "static/gongwen.js",
        include_str!("../../templates/static/gongwen.js"),
    ),
    ("wechat.html", include_str!("../../templates/wechat.html")),
    (
        "wechat-files.html",
        include_str!("../../templates/wechat-files.html"),
    ),
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
        "unit-roll.html",
        include_str!("../../templates/unit-roll.html"),
    ),
    (
        "unit-roll-fragment.html",
        include_str!("../../templates/unit-roll-fragment.html"),
    ),
    (
        "unit-roll-print.html",
        include_str!("../../templates/unit-roll-print.html"),
    ),
    (
        "unit-card.html",
        include_str!("../../templates/unit-card.html"),
    ),
    (
        "unit-card-fragment.html",
        include_str!("../../templates/unit-card-fragment.html"),
    ),
    (
        "unit-wechat.html",
        include_str!("../../templates/unit-wechat.html"),
    ),
    ("embed.html", include_str!("../../templates/embed.html")),
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
    /// A file of `content/`, copied.
    Copy(PathBuf),
    /// A file of the page cache, linked where the file system allows (else copied).
    Cached(PathBuf),
    /// Bytes made when first asked for (only where the sink [`Sink::defers`]).
    Later(later::Later),
}

/// A file to write, at a `/`-separated path below the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub body: Body,
}

impl Body {
    /// A [`Body::Later`] made now, so that its checks run and its errors are said here:
    /// for sinks that write (or drop) what they get at once. Other bodies: nothing to do.
    pub fn make(&self) -> Result<(), Diagnostics> {
        match self {
            Body::Later(l) => l.bytes().map(drop).map_err(Clone::clone),
            _ => Ok(()),
        }
    }
}

impl Page {
    /// A page of text at `path`.
    pub fn text(path: impl Into<String>, text: impl Into<String>) -> Page {
        Page {
            path: path.into(),
            body: Body::Text(text.into()),
        }
    }
}

/// Where rendered files go as soon as they are made, so that a build never holds the
/// whole site in memory: the staging folder of `build`, or nowhere for `check`.
pub trait Sink: Sync {
    fn put(&self, page: Page) -> Result<(), Diagnostics>;

    /// Where the sink wrote the file at `path`, if it writes files: the page cache links
    /// them instead of writing them again.
    fn written(&self, _path: &str) -> Option<PathBuf> {
        None
    }

    /// Whether the sink takes [`Body::Later`] as it is, to make when asked (`serve`):
    /// renderers then defer what is slow to make. Other sinks make it when they get it.
    fn defers(&self) -> bool {
        false
    }

    /// Pages with a [`Body::Later`] that the page cache keeps under `key` once they are
    /// made (a deferring sink does it after the build). Other sinks never get any.
    fn keep_when_made(&self, _cache: &crate::cache::PageCache, _key: u128, _pages: Vec<Page>) {}

    /// Put again the files the previous build of this sink made under `key` (`serve`:
    /// the served site is the first cache of the next build). Their paths, or `None`.
    fn put_kept(&self, _key: u128) -> Option<std::sync::Arc<EntryPaths>> {
        None
    }

    /// `pages` are those of the page-cache entry `key` (for [`Sink::put_kept`]).
    fn entry(&self, _key: u128, _pages: &[Page]) {}
}

/// The paths of one page-cache entry as a sink holds them (shared, never copied), and how
/// many of them are HTML pages.
#[derive(Debug, Default)]
pub struct EntryPaths {
    pub paths: Vec<String>,
    pub pages: usize,
}

impl EntryPaths {
    pub fn new(paths: Vec<String>) -> EntryPaths {
        let pages = paths.iter().filter(|p| p.ends_with(".html")).count();
        EntryPaths { paths, pages }
    }
}

/// The last check of `pages` before any sink gets them ([`crate::gate`]): every file
/// made now (a cached file was checked when it was made; a [`Body::Later`] is checked by
/// whoever makes it).
pub fn gated(gate: &crate::gate::Gate, pages: &[Page]) -> Result<(), Diagnostics> {
    use rayon::prelude::*;
    pages.par_iter().try_for_each(|p| match &p.body {
        Body::Text(t) => gate.check_text(&p.path, t),
        Body::Bytes(b) => gate.check(&p.path, b),
        Body::Copy(f) => gate.check(&p.path, &std::fs::read(f).unwrap_or_default()),
        Body::Cached(_) | Body::Later(_) => Ok(()),
    })
}

/// A sink that keeps nothing: `check` renders every page (templates, WeChat limits) and
/// throws it away.
pub struct Discard;

impl Sink for Discard {
    fn put(&self, page: Page) -> Result<(), Diagnostics> {
        // Made and thrown away: making it runs its checks.
        page.body.make()
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
    tera: std::sync::Arc<Tera>,
    static_files: Vec<(String, String)>,
    /// A hash of every template and static file in force: part of the page cache's key.
    pub identity: u128,
}

/// The fonts the PNG charts and WeChat covers of `site` need: `None` without bulletins. An error
/// about the font named in site.yaml points at its line.
///
/// Loading scans every installed font, so the fonts are kept for the next build of the
/// same process (`serve` rebuilds on every edit), with the glyphs its threads have
/// rasterised; they are loaded again when `fonts.cjk` names another file or its file
/// changed. Taken once per build, outside any parallel work.
pub fn chart_fonts(
    site: &crate::model::Site,
) -> Result<Option<std::sync::Arc<png::Fonts>>, Diagnostics> {
    use std::sync::{Arc, Mutex};
    type Key = (Option<PathBuf>, Option<std::time::SystemTime>);
    static LOADED: Mutex<Option<(Key, Arc<png::Fonts>)>> = Mutex::new(None);
    // Every bulletin's WeChat article has a cover; unit bulletins have charts too.
    let needs_png = !site.bulletins.is_empty();
    if !needs_png {
        return Ok(None);
    }
    let path = site.config.cjk_font.clone();
    let modified = path
        .as_ref()
        .and_then(|p| p.metadata().and_then(|m| m.modified()).ok());
    let key = (path, modified);
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, fonts)) = loaded.as_ref()
        && *k == key
    {
        return Ok(Some(fonts.clone()));
    }
    let fonts = png::Fonts::load(key.0.as_deref()).map_err(|e| {
        let mut d = Diagnostic::error(crate::msg!("charts-png", detail = e.to_string()))
            .hint(crate::msg!("charts-png-help"));
        let about_site_font = matches!(
            e,
            png::FontError::Read { .. }
                | png::FontError::NotAFont { .. }
                | png::FontError::NotCjk { .. }
        );
        if let (true, Some(at)) = (about_site_font, &site.config.cjk_font_at) {
            d = d.at(at.clone());
        }
        Diagnostics::from(d)
    })?;
    let fonts = Arc::new(fonts);
    *loaded = Some((key, fonts.clone()));
    Ok(Some(fonts))
}

impl Theme {
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let overrides = root.join("templates");
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for (name, builtin) in THEME {
            // By component: a `\\?\` path on Windows takes no `/` as a separator.
            let path = name.split('/').fold(overrides.clone(), |p, c| p.join(c));
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
        let mut key = crate::cache::KeyBuilder::default();
        for (name, text) in templates.iter().chain(&static_files) {
            key.add_str(name).add_str(text);
        }
        let identity = key.finish();
        // The same templates as the last build of this process (`serve`'s rebuilds):
        // parsed once.
        static PARSED: std::sync::Mutex<Option<(u128, std::sync::Arc<Tera>)>> =
            std::sync::Mutex::new(None);
        let parsed = PARSED.lock().ok().and_then(|p| {
            p.as_ref()
                .filter(|(id, _)| *id == identity)
                .map(|(_, t)| t.clone())
        });
        let tera = match parsed {
            Some(tera) => tera,
            None => {
                let mut tera = Tera::new();
                tera.autoescape_on(vec![".html", ".xml"]);
                tera.register_filter("json_encode", tera_contrib::json::json_encode);
                tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
                tera.register_filter("css_string", css_string_filter);
                tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                    .map_err(|e| template_error(&e))?;
                let tera = std::sync::Arc::new(tera);
                if let Ok(mut p) = PARSED.lock() {
                    *p = Some((identity, tera.clone()));
                }
                tera
            }
        };
        Ok(Theme {
            tera,
            static_files,
            identity,
        })
    }

    fn render(&self, template: &str, ctx: &Context) -> Result<String, Diagnostics> {
        self.tera
            .render(template, ctx)
            .map_err(|e| template_error(&e))
    }
}

/// `{{ text | css_string | safe }}`: `text` as a quoted CSS string, for `content:` in the
/// print footer. HTML escaping is the wrong escaping there (the footer would show
/// `&lt;`), and a quote or newline would end the string and make the rest live CSS.
fn css_string_filter(
    val: &tera::Value,
    _: tera::Kwargs,
    _: &tera::State,
) -> tera::TeraResult<String> {
    let text = match val.as_str() {
        Some(s) => s.to_string(),
        None => val.to_string(),
    };
    Ok(css_string(&text))
}

/// A CSS string literal holding `text` exactly: every ASCII character but letters, digits
/// and the space, and every control character, written as a `\HEX ` escape; so that it
/// can neither end the string nor the `<style>` element it stands in.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        let plain = c.is_ascii_alphanumeric() || c == ' ' || (!c.is_ascii() && !c.is_control());
        if plain {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:X} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

fn template_error(e: &tera::Error) -> Diagnostics {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    Diagnostic::error(crate::msg!("template-error", detail = message))
        .hint(crate::msg!("template-error-help"))
        .into()
}

fn depth_root(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// Render `template` as if it were the page at `path`.
pub(super) fn render_at<T: Serialize>(
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
    // The page's own address below base_url (its canonical link, and what wechat.js
    // resolves the article's images against): a folder for index.html.
    let own = match path {
        "404.html" => "",
        _ => path.strip_suffix("index.html").unwrap_or(path),
    };
    ctx.insert("path", own);
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
