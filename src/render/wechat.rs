//! The WeChat public-account article (公众号): a fragment to paste into the editor, which
//! keeps only inline styles. The fragment is built from a template, the narrative is
//! rewritten for it (links become text), and every part is checked against the editor's
//! limits before the build may finish.

use super::{SiteView, Theme, png, render_value, with_bulletin};
use crate::diag::{Diagnostic, Diagnostics};
use crate::i18n::Message;
use crate::msg;
use crate::output::{Body, Page};
use crate::render::views;

/// Most text characters in one article.
pub const MAX_CHARS: usize = 20_000;

/// Pixels per SVG unit of the PNG charts: a 360-unit chart becomes 1,354 px, the device
/// pixels of WeChat's 677 px desktop column on a 2× screen (and more than a phone's), so
/// sharp wherever the article is read; no more pixels than that (it was 1,440 px: 13% of
/// a chart's bytes and drawing time for nothing anyone sees).
pub const CHART_SCALE: f32 = 3.761;
/// Most columns in a table a phone can show.
pub const MAX_COLUMNS: usize = 5;
/// Largest image WeChat accepts.
pub const MAX_IMAGE_BYTES: usize = 1024 * 1024;

/// Inline styles for the tags that markdown produces.
const STYLES: &[(&str, &str)] = &[
    ("<p>", "<p style=\"margin:0 0 12px;line-height:1.75;\">"),
    ("<ul>", "<ul style=\"margin:0 0 12px;padding-left:20px;\">"),
    ("<ol>", "<ol style=\"margin:0 0 12px;padding-left:20px;\">"),
    ("<li>", "<li style=\"margin:0 0 4px;\">"),
    (
        "<table>",
        "<table style=\"width:100%;border-collapse:collapse;margin:0 0 12px;font-size:14px;\">",
    ),
    (
        "<th>",
        "<th style=\"border:1px solid #999;padding:4px;background:#f2f4f7;\">",
    ),
    ("<td>", "<td style=\"border:1px solid #999;padding:4px;\">"),
    (
        "<th align=\"right\">",
        "<th style=\"border:1px solid #999;padding:4px;background:#f2f4f7;text-align:right;\">",
    ),
    (
        "<td align=\"right\">",
        "<td style=\"border:1px solid #999;padding:4px;text-align:right;\">",
    ),
    (
        "<th align=\"center\">",
        "<th style=\"border:1px solid #999;padding:4px;background:#f2f4f7;text-align:center;\">",
    ),
    (
        "<td align=\"center\">",
        "<td style=\"border:1px solid #999;padding:4px;text-align:center;\">",
    ),
    (
        "<th align=\"left\">",
        "<th style=\"border:1px solid #999;padding:4px;background:#f2f4f7;\">",
    ),
    (
        "<td align=\"left\">",
        "<td style=\"border:1px solid #999;padding:4px;\">",
    ),
    (
        "<blockquote>",
        "<blockquote style=\"margin:0 0 12px;padding:8px 12px;border-left:4px solid #1f4e8c;background:#f2f4f7;\">",
    ),
    ("<h1>", "<h3 style=\"font-size:17px;margin:16px 0 8px;\">"),
    ("</h1>", "</h3>"),
    ("<h2>", "<h3 style=\"font-size:17px;margin:16px 0 8px;\">"),
    ("</h2>", "</h3>"),
    ("<h3>", "<h3 style=\"font-size:16px;margin:16px 0 8px;\">"),
    ("<h4>", "<h4 style=\"font-size:15px;margin:12px 0 6px;\">"),
];

/// `html` with every `<img>` the editor cannot take (its `src` not PNG or JPG) replaced
/// by its alt text, which is already escaped.
pub fn pasteable_images(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        out.push_str(&rest[..start]);
        let tag_len = rest[start..]
            .find('>')
            .map_or(rest.len() - start, |e| e + 1);
        let tag = &rest[start..start + tag_len];
        let attr = |name: &str| {
            let key = format!(" {name}=\"");
            tag.find(&key).and_then(|i| {
                let v = &tag[i + key.len()..];
                v.find('"').map(|e| &v[..e])
            })
        };
        let src = attr("src").unwrap_or("").to_ascii_lowercase();
        let src = src.split(['?', '#']).next().unwrap_or("");
        if [".png", ".jpg", ".jpeg"].iter().any(|x| src.ends_with(x)) {
            out.push_str(tag);
        } else {
            out.push_str(attr("alt").unwrap_or(""));
        }
        rest = &rest[start + tag_len..];
    }
    out.push_str(rest);
    out
}

/// Markdown HTML made fit for the editor: inline styles, and every link written out as
/// text (links outside WeChat cannot be followed there), with its address when it is a
/// full one.
pub fn adapt_narrative(html: &str) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    while let Some(start) = rest.find("<a href=\"") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 9..];
        let Some(q) = after.find('"') else {
            rest = after;
            break;
        };
        let href = &after[..q];
        let Some(close) = after.find('>') else {
            rest = after;
            break;
        };
        let body_and_rest = &after[close + 1..];
        let end = body_and_rest.find("</a>").unwrap_or(body_and_rest.len());
        let text = &body_and_rest[..end];
        out.push_str(text);
        // A relative address (`../05-units/`) means nothing to a reader of the article:
        // the words alone, as in the Word file.
        let absolute = href.contains("://") || href.starts_with("mailto:");
        if text != href && absolute {
            out.push('（');
            out.push_str(href);
            out.push('）');
        }
        rest = body_and_rest.get(end + 4..).unwrap_or("");
    }
    out.push_str(rest);
    for (from, to) in STYLES {
        out = out.replace(from, to);
    }
    out
}

/// The text a reader sees: what the editor counts.
pub fn text_chars(html: &str) -> usize {
    let mut n = 0;
    let mut in_tag = false;
    let mut entity = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '&' if !in_tag => {
                entity = true;
                n += 1;
            }
            ';' if entity => entity = false,
            _ if in_tag || entity || c == '\n' => {}
            _ => n += 1,
        }
    }
    n
}

/// Something in a fragment that the WeChat editor would strip or refuse, and the line of
/// the narrative's markdown it comes from (0 when the template made it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: Message,
    pub line: usize,
}

/// Elements the editor strips, and what to call them.
fn stripped(tag: &str) -> Option<Message> {
    Some(match tag {
        "script" => msg!("wechat-strips-script"),
        "style" => msg!("wechat-strips-style"),
        "link" => msg!("wechat-strips-link"),
        "iframe" => msg!("wechat-strips-iframe"),
        "object" => msg!("wechat-strips-object"),
        "embed" => msg!("wechat-strips-embed"),
        "form" => msg!("wechat-strips-form"),
        "input" => msg!("wechat-strips-input"),
        "svg" => msg!("wechat-strips-svg"),
        "a" => msg!("wechat-strips-a"),
        _ => return None,
    })
}

/// CSS properties the editor drops from inline styles (and their `-webkit-` forms).
const DROPPED_CSS: &[&str] = &["position", "animation", "transition"];

/// A tag of a fragment: its lowercase name, whether it closes, and its attributes.
struct Tag<'a> {
    name: String,
    closing: bool,
    attrs: Vec<(String, &'a str)>,
}

fn parse_tag(inner: &str) -> Tag<'_> {
    let closing = inner.starts_with('/');
    let body = inner.trim_start_matches('/');
    let name_end = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    let name = body[..name_end].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = body[name_end..].trim_end_matches('/');
    loop {
        rest = rest.trim_start();
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        if key_end == 0 {
            break;
        }
        let key = rest[..key_end].to_ascii_lowercase();
        rest = rest[key_end..].trim_start();
        let value = if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (v, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            rest = tail;
            v
        } else {
            ""
        };
        attrs.push((key, value));
    }
    Tag {
        name,
        closing,
        attrs,
    }
}

/// Everything in `fragment` that the WeChat editor would strip or refuse, found from its
/// elements and attributes (never from its text: a narrative may say `class=`). The
/// narrative carries `<!--L12-->` markers (see [`mark_lines`]) so that each problem can
/// name the markdown line it comes from.
pub fn problems(fragment: &str) -> Vec<Problem> {
    problems_counted(fragment, text_chars(fragment))
}

/// [`problems`] of a fragment whose text is already counted ([`text_chars`]).
fn problems_counted(fragment: &str, chars: usize) -> Vec<Problem> {
    let mut out: Vec<Problem> = Vec::new();
    let mut line = 0;
    let push = |out: &mut Vec<Problem>, message: Message, line: usize| {
        if !out.iter().any(|p| p.message == message && p.line == line) {
            out.push(Problem { message, line });
        }
    };
    let mut table = 0;
    let mut table_line = 0;
    let mut cells = 0;
    let mut widest = 0;
    let mut rest = fragment;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").map_or(comment.len(), |e| e + 3);
            if let Some(n) = comment[..end.saturating_sub(3)]
                .strip_prefix('L')
                .and_then(|n| n.parse().ok())
            {
                line = n;
            }
            rest = &comment[end.min(comment.len())..];
            continue;
        }
        let gt = rest.find('>').unwrap_or(rest.len());
        let tag = parse_tag(&rest[1..gt]);
        rest = rest.get(gt + 1..).unwrap_or("");
        if tag.closing {
            match tag.name.as_str() {
                "tr" => widest = widest.max(cells),
                "table" if widest > MAX_COLUMNS => push(
                    &mut out,
                    msg!(
                        "wechat-table-wide",
                        table = table,
                        columns = widest,
                        max = MAX_COLUMNS
                    ),
                    table_line,
                ),
                _ => {}
            }
            continue;
        }
        match tag.name.as_str() {
            "table" => {
                table += 1;
                table_line = line;
                widest = 0;
            }
            "tr" => cells = 0,
            "td" | "th" => cells += 1,
            _ => {}
        }
        if let Some(what) = stripped(&tag.name) {
            push(&mut out, msg!("wechat-contains", what = what), line);
        }
        for (key, value) in &tag.attrs {
            match key.as_str() {
                "class" => push(&mut out, msg!("wechat-class-attribute"), line),
                "id" => push(&mut out, msg!("wechat-id-attribute"), line),
                k if k.starts_with("on") => {
                    push(&mut out, msg!("wechat-event-handler", attribute = k), line)
                }
                "style" => {
                    for decl in value.split(';') {
                        let prop = decl
                            .split(':')
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_ascii_lowercase();
                        let prop = prop.strip_prefix("-webkit-").unwrap_or(&prop);
                        if let Some(p) = DROPPED_CSS.iter().find(|p| prop.starts_with(**p)) {
                            push(&mut out, msg!("wechat-css", property = *p), line);
                        }
                    }
                }
                "src" if tag.name == "img" => {
                    let src = value.to_ascii_lowercase();
                    let ok = [".png", ".jpg", ".jpeg"]
                        .iter()
                        .any(|ext| src.ends_with(ext));
                    if !ok {
                        push(&mut out, msg!("wechat-image-format", src = *value), line);
                    }
                }
                _ => {}
            }
        }
    }
    if chars > MAX_CHARS {
        push(
            &mut out,
            msg!("wechat-too-long", chars = chars, max = MAX_CHARS),
            0,
        );
    }
    out
}

/// Replace comrak's `data-sourcepos="12:1-14:5"` attributes by `<!--L12-->` markers
/// before their elements, which survive the narrative's adaptation and the split.
pub fn mark_lines(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(" data-sourcepos=\"") {
        let tag_start = rest[..i].rfind('<').unwrap_or(0);
        out.push_str(&rest[..tag_start]);
        let after = &rest[i + 17..];
        let line: String = after.chars().take_while(char::is_ascii_digit).collect();
        out.push_str(&format!("<!--L{line}-->"));
        out.push_str(&rest[tag_start..i]);
        let end = after.find('"').map_or(after.len(), |e| e + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Remove the line markers of [`mark_lines`] from a checked part.
pub fn unmark(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<!--L") {
        let tail = &rest[i + 5..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if tail[digits..].starts_with("-->") {
            out.push_str(&rest[..i]);
            rest = &tail[digits + 3..];
        } else {
            out.push_str(&rest[..i + 5]);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// A build error for a fragment that breaks the limits, at the narrative's line when the
/// narrative caused it.
pub fn error(
    path: &str,
    part: usize,
    problems: &[Problem],
    source: Option<&views::NarrativeSource>,
) -> Diagnostic {
    let messages: Vec<String> = problems.iter().map(|p| p.message.render()).collect();
    let mut d = Diagnostic::error(crate::msg!(
        "wechat-not-clean",
        path = path,
        part = part,
        problems = messages.join(&crate::tr!("wechat-problem-separator"))
    ));
    let line = problems.iter().map(|p| p.line).find(|&l| l > 0);
    if let (Some(line), Some(src)) = (line, source) {
        // The narrative's own text, placed at its lines of index.md, to quote the line.
        let first = src.first_line;
        let text = format!("{}{}", "\n".repeat(first.saturating_sub(1)), src.markdown);
        let at = crate::diag::SourceFile::new(src.file.clone(), text).span(first + line - 1, 1);
        d = d
            .at(at)
            .hint(crate::msg!("wechat-not-clean-narrative-help"));
    } else {
        d = d.hint(crate::msg!("wechat-not-clean-help"));
    }
    d
}

/// Split the sections of an article into parts of at most `MAX_CHARS` characters, in
/// order; a single section longer than that is a part of its own (and fails the check).
pub fn split(sections: Vec<String>) -> Vec<String> {
    split_counted(sections)
        .into_iter()
        .map(|(s, _)| s)
        .collect()
}

/// [`split`], each part with its count of text characters: each section is counted once.
fn split_counted(sections: Vec<String>) -> Vec<(String, usize)> {
    let mut parts: Vec<(String, usize)> = Vec::new();
    for s in sections {
        let n = text_chars(&s);
        match parts.last_mut() {
            Some((last, chars)) if *chars + n <= MAX_CHARS => {
                last.push_str(&s);
                *chars += n;
            }
            _ => parts.push((s, n)),
        }
    }
    parts
}

/// A rendered fragment cut at its `<!--section-->` marks into parts under the limit, each
/// part checked against the editor's limits: the parts, or an error per failing part (at
/// the narrative's line, when `source` is given and the narrative caused it).
pub(super) fn checked_parts(
    path: &str,
    fragment: &str,
    source: Option<&views::NarrativeSource>,
) -> Result<Vec<String>, Diagnostics> {
    let sections = fragment
        .split("<!--section-->")
        .map(str::to_string)
        .collect();
    let counted = split_counted(sections);
    let mut errors = Diagnostics::default();
    for (i, (part, chars)) in counted.iter().enumerate() {
        let problems = problems_counted(part, *chars);
        if !problems.is_empty() {
            errors.push(error(path, i + 1, &problems, source));
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok(counted.iter().map(|(p, _)| unmark(p)).collect())
}

/// The WeChat article of a bulletin: its chart images, and the preview page holding the
/// fragment in parts. Every part is checked against the editor's limits.
pub(super) fn pages(
    theme: &Theme,
    sv: &SiteView,
    view: &views::BulletinView,
    shared: &tera::Value,
    fonts: Option<&std::sync::Arc<png::Fonts>>,
    draw: &std::sync::Arc<dyn png::Draw>,
) -> Result<Vec<Page>, Diagnostics> {
    let mut pages = Vec::new();
    let mut charts = std::collections::BTreeMap::new();
    for c in view.categories.iter().filter(|c| !c.chart_svg.is_empty()) {
        let Some(fonts) = fonts else { break };
        // The picture travels without the page: it carries its own title and says what
        // the dark bars mean. Drawn 1,354 px across (CHART_SCALE).
        let svg = super::chart::titled(
            &c.chart_svg,
            &format!("{}总分排名", c.name),
            view.tiers_top.as_deref(),
        );
        let (category, at) = (c.name.clone(), view.summary.path.clone());
        let body = png::chart(draw, svg, fonts, CHART_SCALE, move |drawn| {
            let bytes = drawn.map_err(|e| {
                Diagnostics::from(
                    Diagnostic::error(crate::msg!(
                        "chart-png",
                        category = &category,
                        path = &at,
                        detail = e.to_string()
                    ))
                    .hint(crate::msg!("chart-png-help")),
                )
            })?;
            if bytes.len() > MAX_IMAGE_BYTES {
                return Err(error(
                    &format!("{at}/wechat.html"),
                    1,
                    &[Problem {
                        message: msg!(
                            "wechat-chart-too-large",
                            category = &category,
                            bytes = bytes.len()
                        ),
                        line: 0,
                    }],
                    None,
                )
                .into());
            }
            Ok(bytes)
        });
        let file = format!("wechat/{}.png", c.id);
        pages.push(Page {
            path: format!("{}/{file}", view.summary.path),
            body,
        });
        charts.insert(c.id.as_str(), file);
    }
    let path = format!("{}/wechat.html", view.summary.path);
    let data = with_bulletin(
        shared,
        vec![
            (
                "narrative",
                format!(
                    "{}<!--L0-->",
                    adapt_narrative(&mark_lines(&view.narrative_marked))
                )
                .into(),
            ),
            ("charts", tera::Value::from_serializable(&charts)),
        ],
    );
    let fragment = render_value(theme, sv, "wechat-fragment.html", &path, data)?;
    let parts = checked_parts(&path, &fragment, Some(&view.narrative_at))?;
    // The cover and the summary, ready to upload beside the article.
    let summary = match fonts {
        Some(fonts) => {
            pages.extend(super::cover::pages(view, sv, fonts, draw));
            Some(super::cover::summary(view))
        }
        None => None,
    };
    let data = with_bulletin(
        shared,
        vec![
            ("parts", tera::Value::from_serializable(&parts)),
            ("summary", tera::Value::from_serializable(&summary)),
            ("images", tera::Value::from_serializable(&images(&fragment))),
        ],
    );
    pages.push(Page {
        body: Body::Text(render_value(theme, sv, "wechat.html", &path, data)?),
        path,
    });
    Ok(pages)
}

/// An image of an article, offered as a file to upload in the editor.
#[derive(Debug, Clone, serde::Serialize, PartialEq, Eq)]
pub struct Image {
    /// Its address as the fragment has it (relative to the page).
    pub src: String,
    /// What it shows: its alt text up to the first `：` (园区类总分排名).
    pub title: String,
}

/// The images of a fragment, in order, each once.
pub fn images(html: &str) -> Vec<Image> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..at + tag[at..].find('"')?].to_string())
    };
    let mut out: Vec<Image> = Vec::new();
    for piece in html.split("<img ").skip(1) {
        let tag = format!(" {}", &piece[..piece.find('>').unwrap_or(piece.len())]);
        let Some(src) = attr(&tag, "src") else {
            continue;
        };
        let alt = attr(&tag, "alt").unwrap_or_default();
        let title = alt.split('：').next().unwrap_or("").to_string();
        if !out.iter().any(|i| i.src == src) {
            out.push(Image { src, title });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_articles_images_are_listed_once_with_what_they_show() {
        let html = "<p><img src=\"wechat/parks.png\" alt=\"园区类总分排名：第1名…\" style=\"x\"></p><img src=\"wechat/parks.png\" alt=\"again\"><img alt=\"照片\" src=\"../models/a/p.jpg\">";
        let got = images(html);
        assert_eq!(
            got,
            [
                Image {
                    src: "wechat/parks.png".into(),
                    title: "园区类总分排名".into()
                },
                Image {
                    src: "../models/a/p.jpg".into(),
                    title: "照片".into()
                }
            ]
        );
    }

    #[test]
    fn problems_are_listed_with_the_catalogues_separator() {
        // English (a test process never chooses Chinese): the space after it is kept.
        assert_eq!(crate::tr!("wechat-problem-separator"), "; ");
    }

    #[test]
    fn images_the_editor_cannot_take_become_their_alt_text() {
        assert_eq!(
            pasteable_images(
                r#"<p>a<img src="x" alt="&lt;b&gt;" />b<img src="p/1.JPG?v=2" alt="" /></p>"#
            ),
            r#"<p>a&lt;b&gt;b<img src="p/1.JPG?v=2" alt="" /></p>"#
        );
    }

    #[test]
    fn links_become_text_and_tags_get_inline_styles() {
        let html = "<p>详见<a href=\"https://kaohe.example.org/x\">考核办法</a>。</p>\n";
        let out = adapt_narrative(html);
        assert_eq!(
            out,
            "<p style=\"margin:0 0 12px;line-height:1.75;\">详见考核办法（https://kaohe.example.org/x）。</p>\n"
        );
        assert!(problems(&out).is_empty());
        let html = "<p>见<a href=\"../05-units/\">5月通报</a>。</p>\n";
        assert!(adapt_narrative(html).contains(">见5月通报。</p>"));
    }

    #[test]
    fn every_limit_is_checked() {
        let bad = "<section class=\"x\" id=\"y\"><style>p{}</style><script></script>\
                   <p style=\"position:fixed;animation:a 1s\">x</p><img src=\"a.svg\">\
                   <table><tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td></tr></table>\
                   <a href=\"x\">x</a></section>";
        let p = problems(bad);
        for expected in [
            "<script>",
            "<style>",
            "class",
            "id attribute",
            "position",
            "animation",
            "a.svg",
            "6 columns",
            "link",
        ] {
            assert!(
                p.iter().any(|m| m.message.to_string().contains(expected)),
                "{expected} not in {p:?}"
            );
        }
        let long = format!("<p>{}</p>", "字".repeat(MAX_CHARS + 1));
        assert!(
            problems(&long)
                .iter()
                .any(|m| m.message.to_string().contains("characters"))
        );
        assert!(problems(&format!("<p>{}</p>", "字".repeat(MAX_CHARS))).is_empty());
    }

    #[test]
    fn text_that_mentions_markup_is_text() {
        let md =
            "写明 class= 与 id= 的区别，position: 与 transition、animation 均为普通文字。<script>";
        let html = adapt_narrative(&mark_lines(
            &crate::render::markdown::to_html_with_sourcepos(md),
        ));
        assert_eq!(problems(&html), vec![], "{html}");
    }

    #[test]
    fn narrative_problems_name_their_markdown_line() {
        let md = "第一段\n\n| 1 | 2 | 3 | 4 | 5 | 6 |\n|---|---|---|---|---|---|\n| a | b | c | d | e | f |\n";
        let html = format!(
            "<section>{}<!--L0--></section><table><tr><td>x</td></tr></table>",
            adapt_narrative(&mark_lines(
                &crate::render::markdown::to_html_with_sourcepos(md)
            ))
        );
        let p = problems(&html);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, 3);
        assert!(p[0].message.to_string().contains("6 columns"));
        assert!(!unmark(&html).contains("<!--L"));
        let source = views::NarrativeSource {
            file: "content/2025/03/index.md".into(),
            first_line: 7,
            markdown: md.into(),
        };
        let d = error("2025/03/wechat.html", 1, &p, Some(&source));
        let span = d.span.expect("located");
        assert_eq!(
            (span.path.as_str(), span.line),
            ("content/2025/03/index.md", 9)
        );
        assert!(span.line_text.starts_with("| 1 | 2 |"));
    }

    #[test]
    fn an_image_left_out_of_the_narrative_is_no_problem() {
        let md = "![章](javascript:alert(1)) ![远程](https://evil.example/x.png)";
        let html = adapt_narrative(&mark_lines(
            &crate::render::markdown::to_html_with_sourcepos(md),
        ));
        assert_eq!(problems(&html), vec![], "{html}");
        assert!(!html.contains("<img"), "{html}");
    }

    #[test]
    fn counts_text_not_markup() {
        assert_eq!(text_chars("<p style=\"color:red\">公示&amp;通报</p>\n"), 5);
    }

    #[test]
    fn splits_in_order_under_the_limit() {
        let s = |n: usize| format!("<p>{}</p>", "字".repeat(n));
        let parts = split(vec![s(12_000), s(7_000), s(3_000), s(19_000)]);
        assert_eq!(parts.len(), 3);
        assert_eq!(text_chars(&parts[0]), 19_000);
        assert_eq!(text_chars(&parts[1]), 3_000);
    }
}
