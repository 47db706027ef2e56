//! A notice's title in lines: GB/T 9704 asks that a title's lines break where the words
//! allow (词意完整) and stand balanced (排列对称，长短适宜), never "绩效考 / 核排名". A title
//! is cut into chunks at the words of a bulletin's title (关于, a period, 部门, 人员, 考核,
//! 排名, 及…), and the lines are the chunks grouped as evenly as the line allows.

/// Characters of a line of the 公文's title: 22 pt 小标宋 in the 156 mm type area.
pub const GONGWEN_EMS: f64 = 20.0;
/// Characters of a line of the notice-board print's title: 18 pt in 178 mm.
pub const PRINT_EMS: f64 = 27.0;

/// Words after which a title may break; the break is refused before a character that
/// ends a word or a phrase (度 of 年度, 办 of 考核办, 的 of 结果的公示, punctuation).
const BREAK_AFTER: &[&str] = &[
    "关于", "年", "月", "季度", "年度", "部门", "单位", "机关", "人员", "干部", "绩效", "考核",
    "结果", "排名", "情况", "及", "和", "与",
];
const NOT_BEFORE: &[char] = &[
    '度', '办', '组', '委', '局', '室', '的', '第', '，', '。', '、', '）', '》', '”', '：', '；',
];

/// The width of `s` in ems: a Chinese character is one, a figure or a Latin letter half.
pub fn ems(s: &str) -> f64 {
    s.chars()
        .map(|c| match unicode_width::UnicodeWidthChar::width(c) {
            Some(2) => 1.0,
            Some(0) | None => 0.0,
            _ => 0.5,
        })
        .sum()
}

/// `title` cut where a line may break, in order; joined, the chunks are the title.
pub fn chunks(title: &str) -> Vec<String> {
    let chars: Vec<char> = title.chars().collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..chars.len() {
        let before: String = chars[start..i].iter().collect();
        let next = chars[i];
        let digits = chars[i - 1].is_ascii_digit() && next.is_ascii_digit();
        let word_end = BREAK_AFTER.iter().any(|w| before.ends_with(w));
        if word_end && !digits && !NOT_BEFORE.contains(&next) {
            out.push(before);
            start = i;
        }
    }
    out.push(chars[start..].iter().collect());
    out
}

/// `title` in the fewest lines of at most `width` ems, breaking between [`chunks`], the
/// lines as even as they go (the longer first when two groupings are as even). A chunk
/// wider than a line is broken where it must.
pub fn lines(title: &str, width: f64) -> Vec<String> {
    let total = ems(title);
    if total <= width {
        return vec![title.to_string()];
    }
    let mut pieces = chunks(title);
    if pieces.iter().any(|p| ems(p) > width) {
        // No word break helps: every character is a chunk (figures kept together).
        pieces = Vec::new();
        for c in title.chars() {
            match pieces.last_mut() {
                Some(last)
                    if c.is_ascii_digit() && last.ends_with(|p: char| p.is_ascii_digit()) =>
                {
                    last.push(c)
                }
                _ => pieces.push(c.to_string()),
            }
        }
    }
    let widths: Vec<f64> = pieces.iter().map(|p| ems(p)).collect();
    let n_min = (total / width).ceil() as usize;
    for n in n_min..=pieces.len() {
        if let Some(cuts) = best(&widths, n, width) {
            let mut out = Vec::new();
            let mut at = 0;
            for end in cuts.into_iter().chain([pieces.len()]) {
                out.push(pieces[at..end].concat());
                at = end;
            }
            return out;
        }
    }
    vec![title.to_string()]
}

/// A way to set pieces in lines: its cost, its line widths, its cut points.
type Setting = (f64, Vec<f64>, Vec<usize>);

/// The cut points that group `widths` into `n` lines of at most `width`, as even as they
/// go: the least sum of squared differences from the mean, then the longer lines first.
/// By lines from the end: the best way to set pieces `i..` in `k` lines is one first line
/// and the best way to set the rest in `k - 1`.
fn best(widths: &[f64], n: usize, width: f64) -> Option<Vec<usize>> {
    let m = widths.len();
    let mean = widths.iter().sum::<f64>() / n as f64;
    // rest[i]: the best (cost, line widths, cuts) for pieces i.. in the lines left.
    let mut rest: Vec<Option<Setting>> = vec![None; m + 1];
    rest[m] = Some((0.0, Vec::new(), Vec::new()));
    for k in 1..=n {
        let mut next: Vec<Option<Setting>> = vec![None; m + 1];
        for (i, slot) in next.iter_mut().enumerate().take(m) {
            let mut line = 0.0;
            for end in i + 1..=m {
                line += widths[end - 1];
                if line > width {
                    break;
                }
                // The last line ends at m; the others leave pieces for the lines after.
                let Some((c, lines, cuts)) = &rest[end] else {
                    continue;
                };
                if (k == 1) != (end == m) {
                    continue;
                }
                let cost = c + (line - mean).powi(2);
                let mut l = vec![line];
                l.extend(lines);
                let better = match slot {
                    None => true,
                    Some((bc, bl, _)) => {
                        cost < *bc - 1e-9 || ((cost - *bc).abs() <= 1e-9 && l > *bl)
                    }
                };
                if better {
                    let mut cs = if end == m { Vec::new() } else { vec![end] };
                    cs.extend(cuts);
                    *slot = Some((cost, l, cs));
                }
            }
        }
        rest = next;
    }
    rest[0].take().map(|(_, _, cuts)| cuts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_paragraph_as_a_title_is_cut_quickly() {
        let t = "<script>alert(1)</script>".repeat(6) + &"考核结果公示".repeat(20);
        let started = std::time::Instant::now();
        let got = lines(&t, 20.0);
        assert_eq!(got.concat(), t);
        assert!(got.iter().all(|l| ems(l) <= 20.0), "{got:?}");
        assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    }

    #[test]
    fn a_title_breaks_between_words_in_balanced_lines() {
        let t = "望川新区2025年上半年机关工作人员绩效考核排名及绩效标兵公示";
        assert_eq!(chunks(t).concat(), t);
        let got = lines(t, 20.0);
        assert_eq!(got.concat(), t);
        assert_eq!(got.len(), 2);
        for l in &got {
            assert!(ems(l) <= 20.0, "{got:?}");
        }
        // Never inside 考核 or 绩效, never before 的 or inside 年度.
        assert!(!got[0].ends_with("绩效考"), "{got:?}");
        let t = "关于望川新区2025年第二季度部门绩效考核结果的公示";
        let got = lines(t, 20.0);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            !got[1].starts_with('的') && !got[0].ends_with("考"),
            "{got:?}"
        );
        assert_eq!(
            lines("望川新区2025年6月部门绩效考核排名通报", 28.0).len(),
            1
        );
        assert!(
            chunks("2024年度部门绩效考核")
                .iter()
                .all(|c| !c.starts_with('度'))
        );
    }
}
