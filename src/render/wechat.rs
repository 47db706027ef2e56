//! The WeChat public-account article (公众号): a fragment to paste into the editor, which
//! keeps only inline styles. The fragment is built from a template, the narrative is
//! rewritten for it (links become text), and every part is checked against the editor's
//! limits before the build may finish.

use super::{Body, Page, SiteView, Theme, png, render_value, with_bulletin};
use crate::diag::{Diagnostic, Diagnostics};
use crate::render::views;

/// Most text characters in one article.
pub const MAX_CHARS: usize = 20_000;

/// Pixels per SVG unit of the PNG charts: a 360-unit chart becomes 1,440 px, sharp on a
/// 2× screen at the 677 px of WeChat's desktop column (1,354 device pixels) and on phones.
pub const CHART_SCALE: f32 = 4.0;
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

/// Markdown HTML made fit for the editor: inline styles, and every link written out as
/// text (links outside WeChat cannot be followed there).
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
        if text != href && !href.starts_with('#') {
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

/// Everything in `fragment` that the WeChat editor would strip or refuse.
pub fn problems(fragment: &str) -> Vec<String> {
    problems_counted(fragment, text_chars(fragment))
}

/// [`problems`] of a fragment whose text is already counted ([`text_chars`]).
fn problems_counted(fragment: &str, chars: usize) -> Vec<String> {
    let lower = fragment.to_ascii_lowercase();
    let mut out = Vec::new();
    for (needle, what) in [
        ("<script", "a <script> element"),
        ("<style", "a <style> element"),
        ("<link", "a <link> element"),
        ("<iframe", "an <iframe>"),
        (" class=", "a class attribute"),
        (" id=", "an id attribute"),
        ("position:", "CSS position"),
        ("animation", "CSS animation"),
        ("transition", "CSS transition"),
        ("<a ", "a link (WeChat cannot follow links outside it)"),
    ] {
        if lower.contains(needle) {
            out.push(format!("it contains {what}"));
        }
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find("<img") {
        let tag = &rest[i..rest[i..].find('>').map_or(rest.len(), |e| i + e)];
        let src = tag
            .split("src=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("");
        let ok = [".png", ".jpg", ".jpeg"]
            .iter()
            .any(|ext| src.ends_with(ext));
        if !ok {
            out.push(format!("the image `{src}` is not PNG or JPG"));
        }
        rest = &rest[i + 4..];
    }
    for (i, table) in lower.split("<table").skip(1).enumerate() {
        let table = table.split("</table>").next().unwrap_or("");
        let widest = table
            .split("<tr")
            .skip(1)
            .map(|row| row.matches("<td").count() + row.matches("<th").count())
            .max()
            .unwrap_or(0);
        if widest > MAX_COLUMNS {
            out.push(format!(
                "table {} has {widest} columns; a phone shows at most {MAX_COLUMNS}",
                i + 1
            ));
        }
    }
    if chars > MAX_CHARS {
        out.push(format!(
            "it has {chars} characters of text, over {MAX_CHARS}"
        ));
    }
    out
}

/// A build error for a fragment that breaks the limits.
pub fn error(path: &str, part: usize, problems: &[String]) -> Diagnostic {
    Diagnostic::error(format!(
        "the WeChat article {path} (part {part}) would not paste cleanly: {}",
        problems.join("; ")
    ))
    .hint("shorten the narrative, keep its tables to 5 columns, and write links as plain text; or change templates/wechat-fragment.html")
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

/// The WeChat article of a bulletin: its chart images, and the preview page holding the
/// fragment in parts. Every part is checked against the editor's limits.
pub(super) fn pages(
    theme: &Theme,
    sv: &SiteView,
    view: &views::BulletinView,
    shared: &tera::Value,
    fonts: Option<&png::Fonts>,
    cache: &png::ChartCache,
) -> Result<Vec<Page>, Diagnostics> {
    let mut pages = Vec::new();
    let mut charts = std::collections::BTreeMap::new();
    for c in view.categories.iter().filter(|c| !c.chart_svg.is_empty()) {
        let Some(fonts) = fonts else { break };
        let bytes = cache.png(&c.chart_svg, fonts, CHART_SCALE).map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(format!(
                    "cannot draw the chart of {} in {} as PNG: {e}",
                    c.name, view.summary.path
                ))
                .hint("the WeChat article needs its charts as PNG images"),
            )
        })?;
        if bytes.len() > MAX_IMAGE_BYTES {
            return Err(error(
                &format!("{}/wechat.html", view.summary.path),
                1,
                &[format!(
                    "the chart of {} is {} bytes, over 1 MB",
                    c.name,
                    bytes.len()
                )],
            )
            .into());
        }
        let file = format!("wechat/{}.png", c.id);
        pages.push(Page {
            path: format!("{}/{file}", view.summary.path),
            body: Body::Bytes(bytes),
        });
        charts.insert(c.id.as_str(), file);
    }
    let path = format!("{}/wechat.html", view.summary.path);
    let data = with_bulletin(
        shared,
        vec![
            ("narrative", adapt_narrative(&view.narrative_html).into()),
            ("charts", tera::Value::from_serializable(&charts)),
        ],
    );
    let fragment = render_value(theme, sv, "wechat-fragment.html", &path, data)?;
    let sections = fragment
        .split("<!--section-->")
        .map(str::to_string)
        .collect();
    let counted = split_counted(sections);
    let mut errors = Diagnostics::default();
    for (i, (part, chars)) in counted.iter().enumerate() {
        let problems = problems_counted(part, *chars);
        if !problems.is_empty() {
            errors.push(error(&path, i + 1, &problems));
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    let parts: Vec<String> = counted.into_iter().map(|(part, _)| part).collect();
    let data = with_bulletin(
        shared,
        vec![("parts", tera::Value::from_serializable(&parts))],
    );
    pages.push(Page {
        body: Body::Text(render_value(theme, sv, "wechat.html", &path, data)?),
        path,
    });
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_text_and_tags_get_inline_styles() {
        let html = "<p>详见<a href=\"https://kaohe.example.org/x\">考核办法</a>。</p>\n";
        let out = adapt_narrative(html);
        assert_eq!(
            out,
            "<p style=\"margin:0 0 12px;line-height:1.75;\">详见考核办法（https://kaohe.example.org/x）。</p>\n"
        );
        assert!(problems(&out).is_empty());
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
                p.iter().any(|m| m.contains(expected)),
                "{expected} not in {p:?}"
            );
        }
        let long = format!("<p>{}</p>", "字".repeat(MAX_CHARS + 1));
        assert!(problems(&long).iter().any(|m| m.contains("characters")));
        assert!(problems(&format!("<p>{}</p>", "字".repeat(MAX_CHARS))).is_empty());
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
