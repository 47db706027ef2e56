//! Writing the bulletin: `scores.yaml` (the rules copied from `--like`, or built from the
//! headers, then the entries) and `index.md` with the next period's front matter and an
//! empty narrative. The text is made here by hand so that it reads like the files people
//! write: flow maps for scores, a comment per category, the same order on every run.

use super::check::Out;
use super::map::Target;
use crate::model::{Period, Subject};
use crate::number::plain;

/// A YAML scalar for `text`: plain where that reads back as the same string, else quoted.
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text.chars().all(|c| {
            !c.is_ascii() && !c.is_whitespace() && !matches!(c, '\u{3000}' | '\u{FEFF}')
                || c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '·' | '(' | ')' | '/')
        })
        && !text.starts_with(['-', '.', '/'])
        && crate::number::parse_decimal(text).is_err()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && !text.bytes().next().is_some_and(|b| b.is_ascii_digit());
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).expect("a string serialises")
    }
}

/// The period after `p`: the next month, quarter, half or year.
pub fn next_period(p: Period) -> Period {
    match p {
        Period::Month { year, month: 12 } => Period::Month {
            year: year + 1,
            month: 1,
        },
        Period::Month { year, month } => Period::Month {
            year,
            month: month + 1,
        },
        Period::Quarter { year, quarter: 4 } => Period::Quarter {
            year: year + 1,
            quarter: 1,
        },
        Period::Quarter { year, quarter } => Period::Quarter {
            year,
            quarter: quarter + 1,
        },
        Period::Half { year, half: 2 } => Period::Half {
            year: year + 1,
            half: 1,
        },
        Period::Half { year, .. } => Period::Half { year, half: 2 },
        Period::Year { year } => Period::Year { year: year + 1 },
    }
}

/// The rules of `--like`'s `scores.yaml`: everything before `entries:`, without the
/// comment lines that open the file (they describe the old period).
pub fn preamble_from(like: &str) -> String {
    let mut out = String::new();
    let mut opening = true;
    for line in like.lines() {
        if line.starts_with("entries:") {
            break;
        }
        if opening && (line.starts_with('#') || line.trim().is_empty()) {
            continue;
        }
        opening = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// The rules for a first bulletin, from the headers.
pub fn preamble_new(target: &Target) -> String {
    let mut s = String::new();
    let subject = match target.subject {
        Subject::Units => "units",
        Subject::People => "people",
    };
    s.push_str(&format!(
        "subject: {subject}\nscale: 100\ndecimals: 2\ncategories:\n"
    ));
    for c in &target.categories {
        s.push_str(&format!(
            "  - id: {}\n    name: {}\n    indicators:\n",
            c.id,
            scalar(&c.name)
        ));
        for (id, name, weight) in &c.indicators {
            let w = weight.map_or_else(|| "0".to_string(), plain);
            s.push_str(&format!(
                "      - {{ id: {id}, name: {}, weight: {w} }}\n",
                scalar(name)
            ));
        }
    }
    s
}

/// The whole `scores.yaml`.
pub fn scores_yaml(
    source: &str,
    preamble: &str,
    target: &Target,
    out: &[Out],
    unit_ids: &[String],
) -> String {
    let mut s = format!("# 由 bulletin import 从 {source} 生成；请核对后发布\n");
    s.push_str(preamble);
    s.push_str("entries:\n");
    for (ci, cat) in target.categories.iter().enumerate() {
        let members: Vec<&Out> = out.iter().filter(|o| o.category == ci).collect();
        if members.is_empty() {
            continue;
        }
        s.push_str(&format!("  # {}\n", cat.name));
        for o in members {
            s.push_str(&format!(
                "  - id: {}\n    name: {}\n",
                o.id,
                scalar(&o.name)
            ));
            if let Some(u) = o.unit {
                s.push_str(&format!("    unit: {}\n", unit_ids[u]));
            }
            if let Some(p) = &o.post {
                s.push_str(&format!("    post: {}\n", scalar(p)));
            }
            s.push_str(&format!("    category: {}\n", cat.id));
            if let Some(t) = o.total {
                s.push_str(&format!("    total: {}\n", plain(t)));
            } else {
                let pairs: Vec<String> = cat
                    .indicators
                    .iter()
                    .zip(&o.scores)
                    .map(|((id, _, _), v)| format!("{id}: {}", plain(*v)))
                    .collect();
                s.push_str(&format!("    scores: {{ {} }}\n", pairs.join(", ")));
                if let Some(w) = &o.weights {
                    let pairs: Vec<String> = cat
                        .indicators
                        .iter()
                        .zip(w)
                        .filter(|((_, _, cw), w)| cw.as_ref() != Some(*w))
                        .map(|((id, _, _), w)| format!("{id}: {}", plain(*w)))
                        .collect();
                    s.push_str(&format!("    weights: {{ {} }}\n", pairs.join(", ")));
                }
                if let Some((p, r)) = &o.bonus {
                    s.push_str(&format!(
                        "    bonus: [{{ points: {}, reason: {} }}]\n",
                        plain(*p),
                        scalar(r)
                    ));
                }
                if let Some((d, p, r)) = &o.deduction {
                    s.push_str(&format!(
                        "    deductions:\n      - {{ date: {d}, points: {}, reason: {} }}\n",
                        plain(*p),
                        scalar(r)
                    ));
                }
            }
            if let Some(n) = &o.note {
                s.push_str(&format!("    note: {}\n", scalar(n)));
            }
        }
    }
    s
}

/// `index.md`: front matter and an empty narrative.
pub fn index_md(
    title: &str,
    period: Period,
    series: &str,
    published: Option<jiff::civil::Date>,
    basis: Option<&str>,
) -> String {
    // The day of issue is the office's to say, never the day of the import.
    let published = published.map_or_else(
        || format!("{}：发布日期（YYYY-MM-DD）", crate::load::PLACEHOLDER),
        |d| d.to_string(),
    );
    let mut s = format!(
        "---\ntitle: {}\nperiod: {}\nseries: {}\npublished: {published}\n",
        scalar(title),
        period.code(),
        scalar(series)
    );
    if let Some(b) = basis {
        s.push_str(&format!("basis: {}\n", scalar(b)));
    }
    s.push_str("---\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("高新产业园"), "高新产业园");
        assert_eq!(
            scalar("承办全区现场会, 获表彰"),
            "\"承办全区现场会, 获表彰\""
        );
        assert_eq!(scalar("85"), "\"85\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("《办法》（〔2025〕7号）"), "《办法》（〔2025〕7号）");
    }

    #[test]
    fn periods_follow_each_other() {
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(next_period(p("2025-06")), p("2025-07"));
        assert_eq!(next_period(p("2025-12")), p("2026-01"));
        assert_eq!(next_period(p("2025-Q4")), p("2026-Q1"));
        assert_eq!(next_period(p("2025-H1")), p("2025-H2"));
        assert_eq!(next_period(p("2025")), p("2026"));
    }
}
