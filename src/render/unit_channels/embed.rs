//! The code a unit's publicity officer copies into the unit's own website to show its
//! result card there: one `<iframe>`, shown on the unit page to copy.
//!
//! The code is pasted into another site's HTML, so it is escaped for that first: every
//! attribute value here, then the whole code again by the template that shows it (tera's
//! autoescape). Escaped only once, for the page, a name with a `"` came out of the copy
//! as attributes of the unit's own iframe (`高新产业园" onload="…`). Made here rather
//! than in a template, so that no template override or move can lose the first escape.

/// The `<iframe>` code for the card at `src`, titled `title` (the card's headline, read by
/// screen readers), `height` CSS px high; 320 to 677 px wide, as the card is laid out.
pub fn iframe_code(src: &str, title: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{height}\" style=\"max-width:677px;border:0\" loading=\"lazy\"></iframe>",
        attribute(src),
        attribute(title)
    )
}

/// `text` as the value of a double-quoted HTML attribute: `"` and `&` escaped, and `'`,
/// `<` and `>` too (tera's escape, the one its autoescape uses), so that the code stays
/// whole when an editor looks for tags in it.
fn attribute(text: &str) -> String {
    let mut out = Vec::with_capacity(text.len());
    tera::escape_html(text, &mut out).expect("writing to memory does not fail");
    String::from_utf8(out).expect("escaping UTF-8 with ASCII entities keeps it UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hostile_title_stays_inside_its_attribute() {
        let code = iframe_code(
            "https://kaohe.example.org/units/gx/results/m/embed.html",
            "高新产业园\" onload=\"alert(document.domain)\" data-x=\"在2025年3月'><script>&amp;",
            420,
        );
        assert_eq!(
            code,
            "<iframe src=\"https://kaohe.example.org/units/gx/results/m/embed.html\" \
             title=\"高新产业园&quot; onload=&quot;alert(document.domain)&quot; data-x=&quot;在2025年3月&#39;&gt;&lt;script&gt;&amp;amp;\" \
             width=\"100%\" height=\"420\" style=\"max-width:677px;border:0\" loading=\"lazy\"></iframe>"
        );
        // Six attributes, each opened and closed: no quote of the title is live.
        assert_eq!(code.matches('"').count(), 12);
        assert_eq!(code.matches('<').count(), 2);
    }
}
