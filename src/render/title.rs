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
        let cuts = match best(&widths, n, width) {
            Ok(cuts) => cuts,
            // A title no person writes (a pasted paragraph): filled line by line instead.
            Err(Exhausted) => Some(greedy(&widths, width)),
        };
        if let Some(cuts) = cuts {
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

/// The cut points that group `widths` into `n` lines of at most `width`, as even as they
/// go: the least sum of squared differences from the mean, then the longer lines first.
/// The search looks at every way to cut, which is quick for a title and explodes for a
/// paragraph: after this many steps it gives up.
const STEPS: usize = 200_000;

/// The search gave up (see [`STEPS`]).
struct Exhausted;

fn best(widths: &[f64], n: usize, width: f64) -> Result<Option<Vec<usize>>, Exhausted> {
    let mean = widths.iter().sum::<f64>() / n as f64;
    let mut found: Option<(f64, Vec<f64>, Vec<usize>)> = None;
    let mut cuts = Vec::new();
    let mut steps = STEPS;
    search(widths, n, width, mean, 0, &mut cuts, &mut found, &mut steps);
    if steps == 0 {
        return Err(Exhausted);
    }
    Ok(found.map(|(_, _, cuts)| cuts))
}

/// Cut points that fill each line as far as it goes.
fn greedy(widths: &[f64], width: f64) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut line = 0.0;
    for (i, &w) in widths.iter().enumerate() {
        if i > 0 && line + w > width {
            cuts.push(i);
            line = 0.0;
        }
        line += w;
    }
    cuts
}

#[allow(clippy::too_many_arguments)]
fn search(
    widths: &[f64],
    n: usize,
    width: f64,
    mean: f64,
    from: usize,
    cuts: &mut Vec<usize>,
    found: &mut Option<(f64, Vec<f64>, Vec<usize>)>,
    steps: &mut usize,
) {
    if *steps == 0 {
        return;
    }
    *steps -= 1;
    if cuts.len() + 1 == n {
        let mut lines = Vec::with_capacity(n);
        let mut at = 0;
        for &end in cuts.iter().chain([&widths.len()]) {
            let w: f64 = widths[at..end].iter().sum();
            if w > width || end == at {
                return;
            }
            lines.push(w);
            at = end;
        }
        let cost: f64 = lines.iter().map(|w| (w - mean).powi(2)).sum();
        let better = match found {
            None => true,
            Some((c, l, _)) => cost < *c - 1e-9 || ((cost - *c).abs() <= 1e-9 && lines > *l),
        };
        if better {
            *found = Some((cost, lines, cuts.clone()));
        }
        return;
    }
    for end in from + 1..widths.len() {
        if widths[from.min(end)..end].iter().sum::<f64>() > width {
            break;
        }
        cuts.push(end);
        search(widths, n, width, mean, end, cuts, found, steps);
        cuts.pop();
    }
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
