//! Markdown to HTML with comrak: CommonMark plus GFM tables, strikethrough and autolinks,
//! and CJK-friendly emphasis so that `**考核：**结果` is bold. Raw HTML in content is
//! escaped, never passed through: nothing from content runs as script.

use comrak::nodes::NodeValue;
use comrak::{Arena, Options};

fn options(sourcepos: bool) -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.cjk_friendly_emphasis = true;
    o.render.escape = true;
    o.render.sourcepos = sourcepos;
    o
}

/// Render markdown to an HTML fragment.
///
/// Images load only from the site itself: an image from another address would make every
/// reader's browser contact that address, so it becomes a link to it, with its alt text;
/// an image whose address comrak would drop as unsafe (`javascript:`) becomes its alt text.
pub fn to_html(markdown: &str) -> String {
    render(markdown, false)
}

/// As [`to_html`], with `data-sourcepos="line:col-line:col"` on block elements, so that a
/// check of the output can point back at the markdown line; [`strip_sourcepos`] removes it.
pub fn to_html_with_sourcepos(markdown: &str) -> String {
    render(markdown, true)
}

fn render(markdown: &str, sourcepos: bool) -> String {
    let arena = Arena::new();
    let options = options(sourcepos);
    let root = comrak::parse_document(&arena, markdown, &options);
    for node in root.descendants() {
        let url = match &node.data.borrow().value {
            NodeValue::Image(link) => link.url.clone(),
            _ => continue,
        };
        if is_remote(&url) {
            let mut data = node.data.borrow_mut();
            if let NodeValue::Image(link) = &data.value {
                data.value = NodeValue::Link(link.clone());
            }
        } else if !is_local(&url) {
            for child in node.children() {
                node.insert_before(child);
            }
            node.detach();
        }
    }
    let mut html = String::new();
    comrak::format_html(root, &options, &mut html).expect("writing to a String");
    without_align(html)
}

/// An address on another site: `https://…`, `//…`.
fn is_remote(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
}

/// A file of the site (a relative path without a scheme) or an inline raster image.
fn is_local(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .filter(|(s, _)| !s.contains('/'))
        .map(|(s, _)| s);
    match scheme {
        None => !lower.is_empty() && !lower.starts_with('/'),
        Some("data") => [
            "data:image/png",
            "data:image/jpeg",
            "data:image/gif",
            "data:image/webp",
        ]
        .iter()
        .any(|p| lower.starts_with(p)),
        Some(_) => false,
    }
}

/// Remove the `data-sourcepos` attributes that [`to_html_with_sourcepos`] wrote.
pub fn strip_sourcepos(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(" data-sourcepos=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 17..];
        let end = after.find('"').map_or(after.len(), |e| e + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// GFM table cells come out with `align="right"`, obsolete in HTML5: write the alignment
/// as a style. Text from content has its quotes escaped, so `align="` is only ever one of
/// comrak's own attributes.
fn without_align(html: String) -> String {
    if !html.contains(" align=\"") {
        return html;
    }
    let mut out = html;
    for side in ["left", "center", "right"] {
        out = out.replace(
            &format!(" align=\"{side}\""),
            &format!(" style=\"text-align: {side}\""),
        );
    }
    out
}

/// A block of a narrative as plain text, for the Word file: a heading (with its level),
/// a paragraph (a list item, a quote are paragraphs too) or a table (its rows of cells,
/// the header row first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextBlock {
    Heading(u8, String),
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

/// The text of a node: inline marks dropped, links as their text.
fn plain_text<'a>(node: &'a comrak::nodes::AstNode<'a>) -> String {
    let mut text = String::new();
    for d in node.descendants() {
        match &d.data.borrow().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(c) => text.push_str(&c.literal),
            NodeValue::HtmlInline(h) => text.push_str(h),
            NodeValue::CodeBlock(c) => text.push_str(c.literal.trim_end()),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// The narrative's blocks as plain text: inline marks dropped, links as their text,
/// raw HTML as written (it is text here, never markup).
pub fn text_blocks(markdown: &str) -> Vec<TextBlock> {
    let arena = Arena::new();
    let options = options(false);
    let root = comrak::parse_document(&arena, markdown, &options);
    let mut out = Vec::new();
    for node in root.descendants() {
        let heading = match &node.data.borrow().value {
            NodeValue::Heading(h) => Some(h.level),
            NodeValue::Table(_) => {
                // A table stays a table: its rows of cells.
                let rows: Vec<Vec<String>> = node
                    .children()
                    .map(|row| row.children().map(plain_text).collect())
                    .collect();
                if !rows.is_empty() {
                    out.push(TextBlock::Table(rows));
                }
                continue;
            }
            NodeValue::Paragraph | NodeValue::CodeBlock(_) => None,
            _ => continue,
        };
        // A paragraph inside a table cell is the table's.
        if node
            .ancestors()
            .any(|a| matches!(a.data.borrow().value, NodeValue::Table(_)))
        {
            continue;
        }
        let text = plain_text(node);
        if text.is_empty() {
            continue;
        }
        out.push(match heading {
            Some(level) => TextBlock::Heading(level, text),
            None => TextBlock::Paragraph(text),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_next_to_chinese_punctuation() {
        assert_eq!(
            to_html("**考核：**结果位列**第一名**。"),
            "<p><strong>考核：</strong>结果位列<strong>第一名</strong>。</p>\n"
        );
    }

    #[test]
    fn raw_html_is_shown_not_run() {
        let html = to_html("<script>alert(1)</script>\n\n正文<img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html = to_html("[点我](javascript:alert(1))");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn images_load_only_from_the_site() {
        let html = to_html(
            "![章](https://evil.example/t.png) ![x](javascript:alert(1)) ![照片](photo.jpg) ![y](/etc/passwd)",
        );
        assert!(!html.contains("<img src=\"https"), "{html}");
        assert!(
            html.contains("<a href=\"https://evil.example/t.png\">章</a>"),
            "{html}"
        );
        assert!(
            html.contains("<img src=\"photo.jpg\" alt=\"照片\""),
            "{html}"
        );
        assert!(!html.contains("javascript"), "{html}");
        assert!(!html.contains("passwd\""), "{html}");
    }

    #[test]
    fn sourcepos_is_kept_and_stripped() {
        let html = to_html_with_sourcepos("正文\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            html.contains("<table data-sourcepos=\"3:1-5:9\">"),
            "{html}"
        );
        assert!(!strip_sourcepos(&html).contains("sourcepos"));
        assert_eq!(
            strip_sourcepos(&html),
            to_html("正文\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
        );
    }

    #[test]
    fn table_alignment_is_a_style_not_the_obsolete_attribute() {
        let html = to_html(
            "| 单位 | 总分 |\n|:---|---:|\n| 区财政局 | 92.5 |\n\n\"align=\\\"right\\\"\"\n",
        );
        assert!(
            !html.contains("<td align") && !html.contains("<th align"),
            "{html}"
        );
        assert!(
            html.contains("<td style=\"text-align: right\">92.5</td>"),
            "{html}"
        );
        assert!(html.contains("&quot;align=&quot;"), "{html}");
    }

    #[test]
    fn tables_render() {
        let html = to_html("| 名次 | 单位 |\n|---|---|\n| 1 | 高新产业园 |\n");
        assert!(
            html.contains("<table>") && html.contains("<td>高新产业园</td>"),
            "{html}"
        );
    }
}
