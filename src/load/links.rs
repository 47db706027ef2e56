//! Links that lead nowhere: a link or an image in a narrative, an announcement or the
//! home page that points at a page or file of the site which the build does not make
//! (`[上期通报](../99-units/)`, `[附件](missing.pdf)`, a folder with no page in it) is an
//! error at its line and column, with the nearest page or file that does exist. Zola
//! checks its internal links the same way; a government site's inspection fails a site
//! for dead links. Links to other sites are left alone: no network is assumed.
//!
//! The site's pages and files are known from the loaded bulletins before anything is
//! rendered ([`Targets`]: the layout of `render/`, kept in step by `tests/links.rs`, which
//! builds the example and finds every file it wrote here). A link is resolved as a
//! browser resolves it from the page it is on: a bulletin's narrative from
//! `<bulletin>/`, an announcement from `models/<name>/`, the home page from the root.

use std::collections::BTreeSet;
use std::sync::Arc;

use comrak::nodes::NodeValue;

use crate::diag::{Diagnostic, Span};
use crate::model::Bulletin;
use crate::msg;

/// The files of each bulletin's folder besides its attachments (render/bulletin.rs,
/// render/wechat.rs).
const BULLETIN_FILES: &[&str] = &[
    "index.html",
    "print.html",
    "wechat.html",
    "screen.html",
    "notice.docx",
    "results.csv",
    "results.json",
    "wechat-cover.png",
    "wechat-summary.txt",
];

/// Site-wide pages (render/site_pages.rs), as folders.
const SITE_PAGES: &[&str] = &["", "archive/", "units/", "search/", "models/"];

/// Site-wide files.
const SITE_FILES: &[&str] = &["feed.xml", "sitemap.xml", "404.html"];

/// Every page and file a build of the site makes, by output path (`2025/03-units/`,
/// `2025/03-units/print.html`).
#[derive(Debug, Default)]
pub struct Targets {
    /// Folders with an `index.html`, each ending in `/` (the home page is ``).
    pages: BTreeSet<String>,
    /// Bulletin folders, whose own files ([`BULLETIN_FILES`]) are not listed one by one.
    bulletins: BTreeSet<String>,
    files: BTreeSet<String>,
    /// Folders whose contents the theme makes by rules of its own (the charts of a
    /// bulletin, a unit's channels, the theme's static files): anything inside is taken.
    open: BTreeSet<String>,
    /// Every folder that holds something, for telling a folder without a page from a
    /// page that does not exist.
    folders: BTreeSet<String>,
}

impl Targets {
    /// The pages and files of a site of `bulletins`, and of the bulletin folders that did
    /// not load (`unread`, relative to `content/`), whose links are not held against them.
    pub fn new<'a>(bulletins: impl IntoIterator<Item = &'a Bulletin>, unread: &[String]) -> Self {
        let mut t = Targets::default();
        for p in SITE_PAGES {
            t.page(p);
        }
        for f in SITE_FILES {
            t.file(f);
        }
        t.open("static/");
        for b in bulletins {
            let dir = format!("{}/", b.path);
            t.page(&dir);
            t.bulletins.insert(dir.clone());
            for a in &b.assets {
                t.file(&format!("{dir}{}", a.name));
            }
            t.open(&format!("{dir}wechat/"));
            let units = b.data.units.iter().map(|u| &u.id);
            let entries = b
                .data
                .entries
                .iter()
                .filter(|_| b.data.subject == crate::model::Subject::Units)
                .map(|e| &e.id);
            for id in units.chain(entries) {
                let unit = format!("units/{id}/");
                if !t.pages.contains(&unit) {
                    t.page(&unit);
                    t.open(&unit);
                }
            }
            for s in &b.stories {
                let dir = format!("models/{}/", s.slug);
                t.page(&dir);
                if let Some(photo) = &s.photo {
                    t.file(&format!("{dir}{}", photo.name));
                }
            }
        }
        for dir in unread {
            t.page(&format!("{dir}/"));
            t.open(&format!("{dir}/"));
        }
        t
    }

    fn page(&mut self, dir: &str) {
        self.folder(dir);
        self.pages.insert(dir.to_string());
    }

    /// `dir` and the folders above it.
    fn folder(&mut self, dir: &str) {
        let mut dir = dir;
        while !dir.is_empty() && self.folders.insert(dir.to_string()) {
            dir = dir
                .trim_end_matches('/')
                .rfind('/')
                .map_or("", |i| &dir[..=i]);
        }
    }

    fn file(&mut self, path: &str) {
        if let Some(i) = path.rfind('/') {
            self.folder(&path[..=i]);
        }
        self.files.insert(path.to_string());
    }

    fn open(&mut self, dir: &str) {
        self.folder(dir);
        self.open.insert(dir.to_string());
    }

    /// A file of a page folder: its `index.html`, or a bulletin's own pages and data.
    fn made(&self, path: &str) -> bool {
        let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        (name == "index.html" && self.pages.contains(&dir))
            || (self.bulletins.contains(&dir) && BULLETIN_FILES.contains(&name))
    }

    fn in_open(&self, path: &str) -> bool {
        path.match_indices('/')
            .any(|(i, _)| i + 1 < path.len() && self.open.contains(&path[..=i]))
    }

    /// The folders with a page, for tests.
    pub fn pages(&self) -> impl Iterator<Item = &str> {
        self.pages.iter().map(String::as_str)
    }

    /// What a browser finds at the output path `path` (a folder ends in `/`).
    pub fn find(&self, path: &str) -> Found {
        if path.is_empty() || path.ends_with('/') {
            if self.pages.contains(path) || self.in_open(path) {
                Found::Yes
            } else if self.folders.contains(path) {
                Found::FolderWithoutPage
            } else {
                Found::NoPage
            }
        } else if self.files.contains(path) || self.made(path) || self.in_open(path) {
            Found::Yes
        } else if !last_segment(path).contains('.') {
            // `../02-units` without its slash: the server adds it.
            self.find(&format!("{path}/"))
        } else {
            Found::NoFile
        }
    }
}

/// What a link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Yes,
    NoPage,
    NoFile,
    FolderWithoutPage,
}

fn last_segment(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A markdown text of the site and where it is published.
pub struct Text<'a> {
    pub markdown: &'a str,
    /// The file it comes from, as shown (`content/2025/03-units/index.md`).
    pub file: String,
    /// The line of the file the markdown starts on (1-based).
    pub first_line: usize,
    /// The output folder of the page it is on (`2025/03-units/`, `` for the home page).
    pub page: String,
}

/// Every dead internal link of `texts`. `base_url` tells links to the site itself
/// written in full (`https://kaohe.example.org/2025/03-units/`) from links elsewhere.
pub fn check(texts: &[Text], targets: impl FnOnce() -> Targets, base_url: &str) -> Vec<Diagnostic> {
    let mut found: Vec<(&Text, Link)> = Vec::new();
    for text in texts {
        // Most narratives have no link: they are not parsed.
        if !(text.markdown.contains("](") || text.markdown.contains("]:")) {
            continue;
        }
        found.extend(links(text.markdown).into_iter().map(|l| (text, l)));
    }
    if found.is_empty() {
        return Vec::new();
    }
    let targets = targets();
    let mut out = Vec::new();
    for (text, link) in found {
        let Some(path) = resolve(&text.page, &link.url, base_url) else {
            continue;
        };
        let kind = match path.as_deref().map(|p| targets.find(p)) {
            Some(Found::Yes) => continue,
            None => Found::NoPage,
            Some(k) => k,
        };
        let written = link.url.split(['#', '?']).next().unwrap_or("");
        let message = match kind {
            Found::NoFile => msg!("link-dead-file", link = written),
            Found::FolderWithoutPage => msg!("link-dead-folder", link = written),
            _ => msg!("link-dead-page", link = written),
        };
        let hint = match nearest(&targets, &text.page, written, kind == Found::NoFile) {
            Some(n) => msg!("link-dead-help", nearest = n),
            None => msg!("link-dead-none-help"),
        };
        out.push(Diagnostic::error(message).at(span(text, &link)).hint(hint));
    }
    out
}

/// A link's destination and where the link starts in its markdown (1-based line, byte
/// column, as comrak counts).
struct Link {
    url: String,
    line: usize,
    column: usize,
}

fn links(markdown: &str) -> Vec<Link> {
    let arena = comrak::Arena::new();
    let mut options = comrak::Options::default();
    options.extension.table = true;
    options.extension.strikethrough = true;
    options.extension.autolink = true;
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut out = Vec::new();
    for node in root.descendants() {
        let data = node.data.borrow();
        if let NodeValue::Link(l) | NodeValue::Image(l) = &data.value {
            out.push(Link {
                url: l.url.clone(),
                line: data.sourcepos.start.line,
                column: data.sourcepos.start.column,
            });
        }
    }
    out
}

/// The output path a link on the page in `page` leads to: `Some(None)` when it leaves
/// the site's root, `None` when it is not a link into the site (another site, `mailto:`,
/// an anchor on the same page).
fn resolve(page: &str, url: &str, base_url: &str) -> Option<Option<String>> {
    let url = url.trim();
    let bare = url.split(['#', '?']).next().unwrap_or("");
    if bare.is_empty() {
        return None;
    }
    let base = base_url.trim_end_matches('/');
    let base_path = base
        .split_once("://")
        .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("");
    let scheme = bare.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    let (from, rest) = if scheme || bare.starts_with("//") {
        // The site itself, written in full; anything else is another site's.
        let full = if bare.starts_with("//") {
            base.split_once(':')
                .map_or(String::new(), |(s, _)| format!("{s}:{bare}"))
        } else {
            bare.to_string()
        };
        let rest = full.strip_prefix(base)?;
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        ("", rest.trim_start_matches('/').to_string())
    } else if let Some(abs) = bare.strip_prefix('/') {
        let abs = format!("/{abs}");
        let within = abs
            .strip_prefix(base_path)
            .filter(|r| base_path.is_empty() || r.is_empty() || r.starts_with('/'))
            .unwrap_or(&abs);
        ("", within.trim_start_matches('/').to_string())
    } else {
        (page, bare.to_string())
    };
    let joined = format!("{from}{}", decode(&rest));
    let folder = joined.is_empty() || joined.ends_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(None);
                }
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if folder && !path.is_empty() {
        path.push('/');
    }
    Some(Some(path))
}

/// `%20` and friends as the characters they stand for.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `target` written from the folder `page`: `../06-units/`.
fn relative(page: &str, target: &str) -> String {
    let from: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    if out.is_empty() {
        "./".to_string()
    } else {
        out
    }
}

/// The existing page (or, for a file, file) whose link from `page` is written most like
/// `written`.
fn nearest(targets: &Targets, page: &str, written: &str, file: bool) -> Option<String> {
    // A page's own address is no help.
    let pool: Vec<String> = if file {
        let made = targets.bulletins.iter().flat_map(|dir| {
            BULLETIN_FILES
                .iter()
                .filter(|f| **f != "index.html")
                .map(move |f| format!("{dir}{f}"))
        });
        targets.files.iter().cloned().chain(made).collect()
    } else {
        targets
            .pages
            .iter()
            .filter(|p| *p != page)
            .cloned()
            .collect()
    };
    let rooted = written.starts_with('/');
    pool.into_iter()
        .map(|t| {
            let shown = if rooted {
                format!("/{t}")
            } else {
                relative(page, &t)
            };
            (strsim::levenshtein(written, &shown), shown)
        })
        .min()
        .map(|(_, shown)| shown)
}

/// Where a link is: its destination on its line when it is written there, else the link.
fn span(text: &Text, link: &Link) -> Span {
    let line_text = text
        .markdown
        .lines()
        .nth(link.line.saturating_sub(1))
        .unwrap_or("");
    let start = link.column.saturating_sub(1).min(line_text.len());
    let start = (0..=start)
        .rev()
        .find(|i| line_text.is_char_boundary(*i))
        .unwrap_or(0);
    let (at, len) = match line_text[start..].find(&format!("({}", link.url)) {
        Some(i) => (start + i + 1, link.url.chars().count()),
        None => (start, 0),
    };
    Span {
        path: text.file.clone(),
        line: text.first_line + link.line.saturating_sub(1),
        column: line_text[..at].chars().count() + 1,
        line_text: line_text.to_string(),
        len,
    }
}

/// The texts of a site whose links are checked: the home page, each bulletin's narrative
/// and each announcement. `story_line` gives the line an announcement's body starts on.
pub fn texts<'a>(
    home: Option<&'a str>,
    bulletins: &'a [Arc<Bulletin>],
    story_line: &dyn Fn(&str, &str) -> usize,
) -> Vec<Text<'a>> {
    let mut out = Vec::new();
    if let Some(h) = home {
        out.push(Text {
            markdown: h,
            file: "content/index.md".to_string(),
            first_line: 1,
            page: String::new(),
        });
    }
    for b in bulletins {
        out.push(Text {
            markdown: &b.narrative,
            file: format!("{}/index.md", b.source),
            first_line: b.narrative_line,
            page: format!("{}/", b.path),
        });
        for s in &b.stories {
            if !(s.body.contains("](") || s.body.contains("]:")) {
                continue;
            }
            out.push(Text {
                markdown: &s.body,
                file: s.at.path.clone(),
                first_line: story_line(&s.at.path, &s.body),
                page: format!("models/{}/", s.slug),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_as_a_browser_resolves_them() {
        let base = "https://kaohe.example.org/";
        let r = |page: &str, url: &str| resolve(page, url, base);
        assert_eq!(
            r("2025/07-units/", "../06-units/"),
            Some(Some("2025/06-units/".into()))
        );
        assert_eq!(
            r("2025/07-units/", "附件.pdf#page=2"),
            Some(Some("2025/07-units/附件.pdf".into()))
        );
        assert_eq!(
            r("2025/07-units/", "%E9%99%84.pdf"),
            Some(Some("2025/07-units/附.pdf".into()))
        );
        assert_eq!(r("models/a/", "/2025/"), Some(Some("2025/".into())));
        assert_eq!(r("", "../../x"), Some(None));
        assert_eq!(
            r("", "https://kaohe.example.org/units/czj/"),
            Some(Some("units/czj/".into()))
        );
        assert_eq!(r("", "https://www.gov.cn/"), None);
        assert_eq!(r("", "mailto:kaohe@example.org"), None);
        assert_eq!(r("", "#top"), None);
        assert_eq!(
            resolve("", "/sub/2025/", "https://example.org/sub/"),
            Some(Some("2025/".into()))
        );
    }

    #[test]
    fn nearest_links_are_written_from_the_page() {
        assert_eq!(relative("2025/07-units/", "2025/06-units/"), "../06-units/");
        assert_eq!(
            relative("2025/07-units/", "2025/07-units/附件.pdf"),
            "附件.pdf"
        );
        assert_eq!(relative("", "units/czj/"), "units/czj/");
        assert_eq!(relative("models/a/", ""), "../../");
        assert_eq!(relative("2025/07-units/", "2025/07-units/"), "./");
    }
}
