//! The WeChat cover and summary of a bulletin, ready to upload beside the article: a
//! 900 × 383 PNG (the 2.35 : 1 cover of a 公众号 article) with the issuer, the title and
//! the period, drawn like the charts' PNGs (an SVG of rectangles and text, drawn by the
//! direct raster path with the site's CJK font), and a summary (摘要) of at most
//! [`SUMMARY_MAX`] characters.

use super::png;
use super::views::{BulletinView, SiteView};
use crate::diag::{Diagnostic, Diagnostics};
use crate::output::{Body, Page};

/// The cover's size in pixels.
pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 383;
/// The longest summary the editor takes, in characters.
pub const SUMMARY_MAX: usize = 120;

/// The title's sizes, largest first, and the most lines it may take at each.
const TITLE_SIZES: &[(f32, usize)] = &[(46.0, 2), (40.0, 3), (34.0, 3)];
/// The widest a title line may be.
const TITLE_WIDTH: f32 = 780.0;

const BACKGROUND: &str = "#a8171d";
const GOLD: &str = "#f3d27a";
const WHITE: &str = "#ffffff";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `text` broken into lines of at most `width` at `size`, greedily by character (Chinese
/// breaks between any two); `None` if it takes more than `most` lines.
fn wrap(fonts: &png::Fonts, text: &str, size: f32, most: usize) -> Option<Vec<String>> {
    let mut lines = vec![String::new()];
    for c in text.chars() {
        let line = lines.last_mut().expect("one line at least");
        let mut wider = line.clone();
        wider.push(c);
        if !line.is_empty() && png::text_width(fonts, &wider, size) > TITLE_WIDTH {
            if lines.len() == most {
                return None;
            }
            lines.push(c.to_string());
        } else {
            *line = wider;
        }
    }
    Some(lines)
}

/// The title at the largest size it fits in; a title too long even at the smallest is cut
/// with an ellipsis.
fn title_lines(fonts: &png::Fonts, title: &str) -> (f32, Vec<String>) {
    for &(size, most) in TITLE_SIZES {
        if let Some(lines) = wrap(fonts, title, size, most) {
            return (size, lines);
        }
    }
    let (size, most) = *TITLE_SIZES.last().expect("sizes");
    let mut chars: Vec<char> = title.chars().collect();
    loop {
        chars.pop();
        let cut: String = chars.iter().collect::<String>() + "…";
        if let Some(lines) = wrap(fonts, &cut, size, most) {
            return (size, lines);
        }
    }
}

/// A one-line text at `size`, or smaller (down to 16) so that it fits the cover's width;
/// cut with an ellipsis if it does not fit even then.
fn one_line(fonts: &png::Fonts, text: &str, size: f32) -> (f32, String) {
    const WIDE: f32 = 820.0;
    let mut size = size;
    while size > 16.0 && png::text_width(fonts, text, size) > WIDE {
        size -= 2.0;
    }
    let mut chars: Vec<char> = text.chars().collect();
    let mut out = text.to_string();
    while png::text_width(fonts, &out, size) > WIDE && !chars.is_empty() {
        chars.pop();
        out = chars.iter().collect::<String>() + "…";
    }
    (size, out)
}

/// The cover as SVG, in pixels.
pub fn svg(fonts: &png::Fonts, v: &BulletinView, site: &SiteView) -> String {
    let (size, lines) = title_lines(fonts, &v.summary.title);
    let (issuer_size, issuer) = one_line(fonts, &site.issuer, 26.0);
    let line_height = size * 1.3;
    let top = 200.0 - line_height * lines.len() as f32 / 2.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\">\
         <rect x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BACKGROUND}\"/>\
         <rect x=\"120\" y=\"100\" width=\"660\" height=\"2\" fill=\"{GOLD}\"/>\
         <rect x=\"120\" y=\"300\" width=\"660\" height=\"2\" fill=\"{GOLD}\"/>\
         <text x=\"450\" y=\"78\" font-size=\"{issuer_size}\" text-anchor=\"middle\" fill=\"{GOLD}\">{}</text>",
        esc(&issuer)
    );
    for (i, line) in lines.iter().enumerate() {
        let baseline = top + line_height * i as f32 + size * 0.98;
        out.push_str(&format!(
            "<text x=\"450\" y=\"{baseline:.1}\" font-size=\"{size}\" text-anchor=\"middle\" fill=\"{WHITE}\">{}</text>",
            esc(line)
        ));
    }
    let mut foot = v.summary.period.clone();
    foot.push_str(if v.summary.notice.is_some() {
        " · 公示"
    } else {
        " · 通报"
    });
    if v.summary.revision > 0 {
        foot.push_str(" · 已更正");
    }
    let (foot_size, foot) = one_line(fonts, &foot, 26.0);
    out.push_str(&format!(
        "<text x=\"450\" y=\"345\" font-size=\"{foot_size}\" text-anchor=\"middle\" fill=\"{WHITE}\">{}</text></svg>",
        esc(&foot)
    ));
    out
}

/// `text` cut to at most `max` characters, with an ellipsis where it was cut.
fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The summary: the title, what was assessed, the notice period and the last correction,
/// as many of them as fit in [`SUMMARY_MAX`] characters (the title, cut, at least).
pub fn summary(v: &BulletinView) -> String {
    let s = &v.summary;
    let who = if v.people { "人" } else { "个单位" };
    let mut parts = Vec::new();
    if let Some(c) = &v.correction {
        let rows: usize = c.items.first().map_or(0, |i| i.rows.len());
        parts.push(format!(
            "{}更正：{}，涉及{rows}项。",
            c.items[0].date.text,
            c.items[0].reason.trim_end_matches(['。', '.', '；', ';'])
        ));
    }
    parts.push(format!(
        "{}共{}{who}参评，分{}个类别排名。",
        s.period, s.units, s.categories
    ));
    if let Some(n) = &s.notice {
        parts.push(format!("公示时间{}，如有异议请以真实姓名反映。", n.range));
    }
    let mut out = cut(
        &format!("{}。", s.title.trim_end_matches('。')),
        SUMMARY_MAX,
    );
    // The correction leads when there is one: it is why the article is sent again.
    let (first, rest) = match v.correction {
        Some(_) => (parts.remove(0), parts),
        None => (String::new(), parts),
    };
    if !first.is_empty() {
        let with = format!("【更正】{out}{first}");
        out = if with.chars().count() <= SUMMARY_MAX {
            with
        } else {
            cut(&format!("【更正】{out}"), SUMMARY_MAX)
        };
    }
    for p in rest {
        if out.chars().count() + p.chars().count() <= SUMMARY_MAX {
            out.push_str(&p);
        }
    }
    out
}

/// `wechat-cover.png` and `wechat-summary.txt` of a bulletin.
pub fn pages(
    v: &BulletinView,
    site: &SiteView,
    fonts: &std::sync::Arc<png::Fonts>,
    draw: &std::sync::Arc<dyn png::Draw>,
) -> Vec<Page> {
    let path = &v.summary.path;
    let at = path.clone();
    let body = png::chart(draw, svg(fonts, v, site), fonts, 1.0, move |drawn| {
        drawn.map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(crate::msg!("cover-png", path = &at, detail = e.to_string()))
                    .hint(crate::msg!("cover-png-help")),
            )
        })
    });
    vec![
        Page {
            path: format!("{path}/wechat-cover.png"),
            body,
        },
        Page {
            path: format!("{path}/wechat-summary.txt"),
            body: Body::Text(format!("{}\n", summary(v))),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_title_takes_three_lines_at_most_and_each_fits() {
        let Some(fonts) = crate::render::png::tests::fonts() else {
            return;
        };
        let (size, lines) = title_lines(fonts, "关于望川新区2025年度部门绩效考核结果的公示");
        assert_eq!((size, lines.len()), (46.0, 2), "{lines:?}");
        let long = "关于望川新区2025年第一季度部门绩效考核结果及有关事项的公示".repeat(4);
        let (size, lines) = title_lines(fonts, &long);
        assert_eq!((size, lines.len()), (34.0, 3));
        assert!(lines[2].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(png::text_width(fonts, line, size) <= TITLE_WIDTH, "{line}");
        }
        let (s, issuer) = one_line(fonts, &"望川新区绩效考核工作领导小组办公室".repeat(4), 26.0);
        assert!(s >= 16.0 && png::text_width(fonts, &issuer, s) <= 820.0);
        assert!(issuer.ends_with('…'));
    }

    #[test]
    fn cut_keeps_to_the_limit_in_characters() {
        assert_eq!(cut("公示", 120), "公示");
        let long = "字".repeat(130);
        let c = cut(&long, 120);
        assert_eq!(c.chars().count(), 120);
        assert!(c.ends_with('…'));
    }
}
