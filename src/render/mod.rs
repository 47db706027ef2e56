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
pub mod markdown;
pub mod people;
pub mod png;
pub mod qr;
pub mod screen;
pub mod search;
pub mod site_pages;
pub mod summary;
pub mod tidy;
pub mod title;
pub mod unit_channels;
pub mod views;
pub mod wechat;

use std::path::Path;

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

/// The templates in force for a site: the built-in ones, each replaced by a file of the
/// same name in the site's `templates/` where there is one.
pub struct Theme {
    tera: std::sync::Arc<Tera>,
    static_files: Vec<(String, String)>,
}

/// The files of a theme as read: templates and static files, each by name.
#[derive(Debug, Clone)]
pub struct ThemeFiles {
    pub templates: Vec<(String, String)>,
    pub static_files: Vec<(String, String)>,
}

/// The parsed templates of a theme (shared: parsing them is the slow part of loading).
pub type Templates = std::sync::Arc<Tera>;

/// The font file the PNG charts and WeChat covers of `site` are drawn with, when it needs
/// any: `Some(None)` for the installed fonts, `None` for a site without bulletins.
pub fn font_file(site: &crate::model::Site) -> Option<Option<&Path>> {
    // Every bulletin's WeChat article has a cover; unit bulletins have charts too.
    (!site.bulletins.is_empty()).then_some(site.config.cjk_font.as_deref())
}

/// The fonts the PNG charts and WeChat covers of `site` need ([`font_file`]): `None`
/// without bulletins. An error about the font named in site.yaml points at its line.
/// Loading scans every installed font: the query layer keeps them for the next build.
pub fn chart_fonts(
    site: &crate::model::Site,
) -> Result<Option<std::sync::Arc<png::Fonts>>, Diagnostics> {
    let Some(file) = font_file(site) else {
        return Ok(None);
    };
    let fonts = png::Fonts::load(file).map_err(|e| {
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
    Ok(Some(std::sync::Arc::new(fonts)))
}

impl ThemeFiles {
    /// The theme in force at `root`: the built-in templates, each replaced by a file of the
    /// same name in the site's `templates/` where there is one.
    pub fn read(root: &Path) -> Result<ThemeFiles, Diagnostics> {
        let overrides = root.join("templates");
        let mut templates = Vec::new();
        let mut static_files = Vec::new();
        for (name, builtin) in THEME {
            // By component: a `\\?\` path on Windows takes no `/` as a separator.
            let path = name.split('/').fold(overrides.clone(), |p, c| p.join(c));
            let text = if path.is_file() {
                crate::source::read_source(root, &path)?.text
            } else {
                builtin.to_string()
            };
            if let Some(asset) = name.strip_prefix("static/") {
                static_files.push((format!("static/{asset}"), text));
            } else {
                templates.push((name.to_string(), text));
            }
        }
        Ok(ThemeFiles {
            templates,
            static_files,
        })
    }

    /// Every file, templates first.
    pub fn all(&self) -> impl Iterator<Item = &(String, String)> {
        self.templates.iter().chain(&self.static_files)
    }

    /// The templates parsed.
    pub fn parse(&self) -> Result<Templates, Diagnostics> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.register_filter("json_encode", tera_contrib::json::json_encode);
        tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
        tera.register_filter("css_string", css_string_filter);
        let templates = self.templates.iter().map(|(n, t)| (n.as_str(), t.as_str()));
        tera.add_raw_templates(templates)
            .map_err(|e| template_error(&e))?;
        Ok(std::sync::Arc::new(tera))
    }
}

impl Theme {
    /// The theme of `files`, whose templates are `parsed`.
    pub fn new(parsed: Templates, files: ThemeFiles) -> Theme {
        Theme {
            tera: parsed,
            static_files: files.static_files,
        }
    }

    /// The theme in force at `root`, read and parsed.
    pub fn load(root: &Path) -> Result<Theme, Diagnostics> {
        let files = ThemeFiles::read(root)?;
        Ok(Theme::new(files.parse()?, files))
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
    let rendered = theme.render(template, &ctx)?;
    Ok(if path.ends_with(".html") {
        tidy::tidy(&rendered)
    } else {
        rendered
    })
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
