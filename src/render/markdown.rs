//! Markdown to HTML with comrak: CommonMark plus GFM tables, strikethrough and autolinks,
//! and CJK-friendly emphasis so that `**考核：**结果` is bold. Raw HTML in content is
//! escaped, never passed through: nothing from content runs as script.

use comrak::{Options, markdown_to_html};

fn options() -> Options<'static> {
    let mut o = Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.cjk_friendly_emphasis = true;
    o.render.escape = true;
    o
}

/// Render markdown to an HTML fragment.
pub fn to_html(markdown: &str) -> String {
    without_align(markdown_to_html(markdown, &options()))
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
