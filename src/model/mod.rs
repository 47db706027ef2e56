//! Validated domain types: what a site *is* once its files have passed every check.
//! No I/O here. Rules that can only be checked after ranking (exemplar caps, grade
//! quotas, announcements) keep the span of the data they refer to, for their errors.

use std::fmt;
use std::path::PathBuf;

use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub mod document;

pub use document::Document;

use crate::diag::Span;
use crate::i18n::Message;
use crate::msg;

/// A whole site, ready to rank and render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Markdown of `content/index.md`, shown on the home page.
    pub home: Option<String>,
    /// Every bulletin, keyed and ordered by output path (drafts and future ones too:
    /// the build decides what it publishes).
    pub bulletins: std::collections::BTreeMap<String, std::sync::Arc<Bulletin>>,
}

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub issuer: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub description: Option<String>,
    pub audience: Audience,
    pub contact: Option<Contact>,
    pub cjk_font: Option<PathBuf>,
    /// Where `fonts.cjk` is written in site.yaml, for errors about the font.
    pub cjk_font_at: Option<crate::diag::Span>,
    /// Paper of `print.html`: `A4` or `A3`.
    pub paper: &'static str,
    /// Display names of the series (`units-monthly` → 部门月度考核), from site.yaml.
    pub series: std::collections::BTreeMap<String, String>,
}

impl SiteConfig {
    /// The name a reader sees for a series: its display name, else its id.
    pub fn series_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.series.get(id).map_or(id, String::as_str)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Internet,
    Intranet,
    NoticeBoard,
}

/// How to reach the office for objections. Shown as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub phone: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
}

/// One bulletin: a folder with `index.md` and `scores.yaml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bulletin {
    /// Output path below the site root, without slashes at either end (`2025/03-units`).
    pub path: String,
    /// The source folder, for messages (`content/2025/03-units`).
    pub source: String,
    pub title: String,
    pub period: Period,
    pub series: String,
    pub published: Date,
    /// `draft: true`: checked, never published until the flag is removed.
    pub draft: bool,
    /// In a preview (`serve`) of a bulletin not published yet: the banner that says so.
    pub preview_note: Option<String>,
    /// A hash of the bulletin's own files as loaded (the texts, masked, and the files published):
    /// part of the key under which its rendered pages are reused.
    pub fingerprint: u128,
    pub basis: Option<String>,
    pub notice: Option<Notice>,
    pub narrative: String,
    /// The line of index.md on which the narrative starts.
    pub narrative_line: usize,
    pub data: Scores,
    /// Files beside the page, published with it (stripped of metadata).
    pub assets: Vec<Asset>,
    /// The files named in `attachments:`, in the order written: the page lists them.
    pub attachments: Vec<String>,
    /// Exemplar announcements from `models/NAME.md`.
    pub stories: Vec<Story>,
    /// Earlier published versions (`revisions:` in the front matter), oldest first: each
    /// was replaced by the next one, the last by `data`.
    pub revisions: Vec<Revision>,
    /// The 公文 fields: with them, print.html is in the GB/T 9704 layout.
    pub document: Option<Document>,
}

/// An earlier published version of a bulletin's data, and the correction that replaced it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Revision {
    /// As written in the front matter: `revisions/2025-04-03.scores.yaml`.
    pub file: String,
    pub data: Scores,
    /// The day of the correction that replaced this version.
    pub corrected: Date,
    pub reason: String,
    /// `None` for a bulletin without a notice period.
    pub restarts_notice: Option<bool>,
    /// The `file:` value in the front matter, for the errors ranking finds.
    pub at: Span,
}

/// A file of `content/` that is published: an image or PDF beside a page, an attachment,
/// an exemplar's photo. Loading read it, hashed it and checked that it can be stripped of
/// its metadata ([`crate::media`]); rendering reads it again and publishes the stripped
/// bytes, so that a site never holds every photo in memory at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asset {
    /// The absolute source.
    pub path: PathBuf,
    /// The source as messages show it (`content/2025/03/photo.jpg`).
    pub shown: String,
    /// The file name, as published.
    pub name: String,
    /// A hash of the file's bytes as loaded: the bytes published must be those.
    pub hash: u128,
}

/// An exemplar's announcement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Story {
    /// `NAME` of `models/NAME.md`: the page is `/models/NAME/`.
    pub slug: String,
    /// Index into `Scores::entries`.
    pub person: usize,
    pub title: String,
    /// The photo, published in the announcement's folder (stripped of metadata).
    pub photo: Option<Asset>,
    pub body: String,
    pub at: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Notice {
    pub from: Date,
    pub to: Date,
    pub contact: Option<Contact>,
}

/// An assessment period. Ordered by start, then by end, so that a series sorts in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Period {
    Month { year: i16, month: i8 },
    Quarter { year: i16, quarter: i8 },
    Half { year: i16, half: i8 },
    Year { year: i16 },
}

impl Period {
    /// Parse `2025-03`, `2025-Q1`, `2025-H1` or `2025`.
    pub fn parse(text: &str) -> Option<Period> {
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i16 = year.parse().ok()?;
        let small = |s: &str, max: i8| -> Option<i8> {
            let n: i8 = s.parse().ok()?;
            ((1..=max).contains(&n) && s.bytes().all(|b| b.is_ascii_digit())).then_some(n)
        };
        Some(match rest {
            None => Period::Year { year },
            Some(r) if r.len() == 2 && r.starts_with('Q') => Period::Quarter {
                year,
                quarter: small(&r[1..], 4)?,
            },
            Some(r) if r.len() == 2 && r.starts_with('H') => Period::Half {
                year,
                half: small(&r[1..], 2)?,
            },
            Some(r) if r.len() == 2 => Period::Month {
                year,
                month: small(r, 12)?,
            },
            Some(_) => return None,
        })
    }

    pub fn year(self) -> i16 {
        match self {
            Period::Month { year, .. }
            | Period::Quarter { year, .. }
            | Period::Half { year, .. }
            | Period::Year { year } => year,
        }
    }

    /// First and last month, 1-based.
    pub fn months(self) -> (i8, i8) {
        match self {
            Period::Month { month, .. } => (month, month),
            Period::Quarter { quarter, .. } => (quarter * 3 - 2, quarter * 3),
            Period::Half { half, .. } => (half * 6 - 5, half * 6),
            Period::Year { .. } => (1, 12),
        }
    }

    /// The machine form, as written in front matter.
    pub fn code(self) -> String {
        match self {
            Period::Month { year, month } => format!("{year}-{month:02}"),
            Period::Quarter { year, quarter } => format!("{year}-Q{quarter}"),
            Period::Half { year, half } => format!("{year}-H{half}"),
            Period::Year { year } => format!("{year}"),
        }
    }

    /// The first and the last day of the period.
    pub fn bounds(self) -> (Date, Date) {
        let (first, last) = self.months();
        let start = Date::new(self.year(), first, 1).expect("valid month");
        let end = Date::new(self.year(), last, 1)
            .expect("valid month")
            .last_of_month();
        (start, end)
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let key = |p: &Period| (p.year(), p.months().0, p.months().1);
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The Chinese form used in documents: 2025年3月, 2025年第一季度, 2025年上半年, 2025年度.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const Q: [&str; 4] = ["一", "二", "三", "四"];
        match *self {
            Period::Month { year, month } => write!(f, "{year}年{month}月"),
            Period::Quarter { year, quarter } => {
                write!(f, "{year}年第{}季度", Q[quarter as usize - 1])
            }
            Period::Half { year, half } => {
                write!(f, "{year}年{}", if half == 1 { "上半年" } else { "下半年" })
            }
            Period::Year { year } => write!(f, "{year}年度"),
        }
    }
}

/// What a bulletin ranks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Units,
    People,
}

/// The data of a bulletin.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scores {
    pub subject: Subject,
    pub scale: Decimal,
    pub decimals: u32,
    pub categories: Vec<Category>,
    pub tiers: Option<Tiers>,
    /// The units people belong to (people bulletins only).
    pub units: Vec<UnitInfo>,
    pub models: Option<ModelRule>,
    pub grades: Option<GradeRule>,
    pub entries: Vec<Entry>,
}

/// A unit of a people bulletin.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UnitInfo {
    pub id: String,
    pub name: String,
    pub headcount: u32,
    pub tier: Option<String>,
    pub at: Span,
}

/// The exemplar rule (绩效标兵).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelRule {
    /// The top share of each personnel class.
    pub top: Share,
    pub rounding: Rounding,
    /// The nomination cap, as a share of the unit's headcount, always rounded down.
    pub nomination_cap: Option<Share>,
    pub nominations: Vec<Nomination>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Nomination {
    /// Index into `Scores::entries`.
    pub person: usize,
    pub reason: String,
    pub at: Span,
}

/// Grades with a quota per unit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GradeRule {
    pub top: String,
    pub quota: Share,
    pub rounding: Rounding,
    /// Quota adjustment by the unit's tier name.
    pub tier_adjust: Vec<(String, i64)>,
    pub pass: String,
    /// Grades below passing: never shown against a name.
    pub below: Vec<String>,
    /// Entry indices in the order that settles ties at a quota line.
    pub tie_break: Vec<usize>,
    pub at: Span,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub indicators: Vec<Indicator>,
    pub bonus_cap: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub weight: Decimal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tiers {
    pub rounding: Rounding,
    pub top: TierRule,
    pub bottom: Option<TierRule>,
    pub otherwise: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TierRule {
    pub name: String,
    pub share: Share,
}

/// How a share of a count becomes a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 去尾 ("不超过")
    Floor,
    /// 四舍五入
    HalfUp,
    /// 进一
    Ceil,
}

impl Rounding {
    /// As a notice says it: 去尾, 四舍五入, 进一.
    pub fn words(self) -> &'static str {
        match self {
            Rounding::Floor => "去尾",
            Rounding::HalfUp => "四舍五入",
            Rounding::Ceil => "进一",
        }
    }
}

/// An exact share: `num / den`, from `30%`, `12.5%` or `1/3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    pub num: u64,
    pub den: u64,
}

impl Share {
    /// Parse `30%`, `12.5%` or `1/3`; `None` when it is not a share between 0 and 1.
    pub fn parse(text: &str) -> Option<Share> {
        let text = text.trim();
        let share = if let Some(pct) = text.strip_suffix('%').or_else(|| text.strip_suffix('％')) {
            let d = crate::number::parse_decimal(pct).ok()?;
            let d = d.normalize();
            let scale = d.scale();
            let num = u64::try_from(d.mantissa()).ok()?;
            Share {
                num,
                den: 100u64.checked_mul(10u64.checked_pow(scale)?)?,
            }
        } else {
            let (n, d) = text.split_once('/')?;
            let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !all_digits(n.trim()) || !all_digits(d.trim()) {
                return None;
            }
            Share {
                num: n.trim().parse().ok()?,
                den: d.trim().parse().ok()?,
            }
        };
        (share.den > 0 && share.num <= share.den).then_some(share)
    }

    /// Why `text` is not a share, and what to write instead.
    pub fn explain(text: &str) -> crate::i18n::Message {
        use crate::msg;
        let t = text.trim();
        match crate::number::parse_decimal(t) {
            Ok(d) if d > rust_decimal::Decimal::ONE => {
                msg!("share-needs-percent", percent = d.normalize())
            }
            Ok(d) if d >= rust_decimal::Decimal::ZERO => msg!(
                "share-as-percent",
                percent = (d * rust_decimal::Decimal::ONE_HUNDRED).normalize()
            ),
            _ => msg!("share-how"),
        }
    }

    /// The share as people write it: `30%`, `12.5%`, `33.33%` (for 1/3).
    pub fn percent(self) -> String {
        let pct = Decimal::from(self.num * 100) / Decimal::from(self.den);
        format!("{}%", pct.round_dp(2).normalize())
    }

    /// `rounding(count × share)`, in exact integer arithmetic.
    pub fn of(self, count: usize, rounding: Rounding) -> usize {
        let product = count as u128 * self.num as u128;
        let den = self.den as u128;
        let n = match rounding {
            Rounding::Floor => product / den,
            Rounding::Ceil => product.div_ceil(den),
            Rounding::HalfUp => (2 * product + den) / (2 * den),
        };
        n as usize
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub name: String,
    /// Index into `Scores::categories`.
    pub category: usize,
    /// Index into `Scores::units` (people bulletins).
    pub unit: Option<usize>,
    /// The person's post (people bulletins).
    pub post: Option<String>,
    /// A grade below passing, given by the data; counted, never shown by name.
    pub grade: Option<String>,
    pub measure: Measure,
    pub bonus: Vec<Bonus>,
    pub deductions: Vec<Deduction>,
    pub note: Option<String>,
    pub deferred: bool,
}

/// What an entry's total is computed from.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Measure {
    /// One score per indicator of the category, in the category's order, with the
    /// weights that apply to this entry.
    Scores {
        scores: Vec<Decimal>,
        weights: Vec<Decimal>,
        overridden: bool,
    },
    /// Only the total is published.
    Total(Decimal),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bonus {
    pub points: Decimal,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Deduction {
    pub date: Date,
    pub points: Decimal,
    pub reason: String,
}

/// Check a base URL: absolute, http or https, with a host, no spaces or quotes. Returned
/// ending in `/`; else what is wrong and how to fix it. `base_url` of site.yaml and
/// `--base-url` are both checked here.
pub fn check_base_url(text: &str) -> Result<String, (Message, Message)> {
    let t = text.trim();
    let rest = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .ok_or_else(|| {
            (
                msg!("base-url-not-absolute", value = t),
                msg!("base-url-not-absolute-help"),
            )
        })?;
    let host = rest.split('/').next().unwrap_or("");
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let rest_ok = !t
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'));
    if !host_ok || !rest_ok {
        return Err((
            msg!("base-url-invalid", value = t),
            msg!("base-url-invalid-help"),
        ));
    }
    Ok(if t.ends_with('/') {
        t.to_string()
    } else {
        format!("{t}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_order_and_read_in_chinese() {
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(p("2025-03").to_string(), "2025年3月");
        assert_eq!(p("2025-Q1").to_string(), "2025年第一季度");
        assert_eq!(p("2025-H1").to_string(), "2025年上半年");
        assert_eq!(p("2025").to_string(), "2025年度");
        assert!(p("2025-02") < p("2025-03"));
        assert!(p("2024") < p("2025-Q1"));
        assert!(p("2025-Q1") < p("2025-Q2"));
        for bad in [
            "2025-13", "2025-00", "2025-Q5", "2025-H3", "25-03", "2025-3", "2025/03",
        ] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(p("2025-02").bounds().1, Date::new(2025, 2, 28).unwrap());
    }

    #[test]
    fn shares_are_exact() {
        let s = |t| Share::parse(t).unwrap();
        assert_eq!(s("30%").of(10, Rounding::Floor), 3);
        assert_eq!(s("30%").of(7, Rounding::Floor), 2); // 2.1
        assert_eq!(s("30%").of(7, Rounding::Ceil), 3);
        assert_eq!(s("30%").of(5, Rounding::HalfUp), 2); // 1.5 → 2
        assert_eq!(s("10%").of(5, Rounding::HalfUp), 1); // 0.5 → 1
        assert_eq!(s("10%").of(4, Rounding::HalfUp), 0); // 0.4
        assert_eq!(s("1/3").of(9, Rounding::Floor), 3);
        assert_eq!(s("1/3").of(10, Rounding::Floor), 3);
        assert_eq!(s("1/3").of(10, Rounding::Ceil), 4);
        assert_eq!(s("12.5%").of(8, Rounding::Floor), 1);
        assert_eq!(s("2%").of(40, Rounding::Floor), 0); // 0.8: a unit of 40 names none
        assert_eq!(s("2%").of(150, Rounding::Floor), 3);
        assert_eq!(s("100%").of(3, Rounding::Floor), 3);
        assert_eq!(s("0%").of(3, Rounding::Ceil), 0);
        assert_eq!(s("３０％").of(10, Rounding::Floor), 3);
        assert_eq!(s("12.5%").percent(), "12.5%");
        assert_eq!(s("1/3").percent(), "33.33%");
        for bad in ["30", "130%", "4/3", "1/0", "-5%", "a%", "1/3.5"] {
            assert_eq!(Share::parse(bad), None, "{bad}");
        }
    }
}
