//! The files as written: serde structs with source spans, before any rule is checked.
//! Every struct rejects unknown fields; numbers and dates stay text until validation.

use serde::Deserialize;
use serde_saphyr::Spanned;

/// A value with the line and column where it was written.
pub type S<T> = Spanned<T>;

/// A mapping whose keys keep their spans, in the order written.
#[derive(Debug, Clone, Default)]
pub struct SpannedMap(pub Vec<(S<String>, S<String>)>);

impl<'de> Deserialize<'de> for SpannedMap {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = SpannedMap;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a mapping of ids to numbers")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<SpannedMap, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<S<String>, S<String>>()? {
                    out.push((k, v));
                }
                Ok(SpannedMap(out))
            }
        }
        d.deserialize_map(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub phone: Option<S<String>>,
    pub address: Option<S<String>>,
    pub email: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    pub cjk: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteYaml {
    pub title: S<String>,
    pub issuer: S<String>,
    pub base_url: S<String>,
    pub description: Option<S<String>>,
    pub audience: Option<S<String>>,
    pub contact: Option<Contact>,
    pub fonts: Option<Fonts>,
    pub print: Option<Print>,
    /// Display names of the series, by id: `{ units-monthly: 部门月度考核 }`.
    pub series: Option<std::collections::BTreeMap<String, S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Print {
    pub paper: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: S<String>,
    pub period: S<String>,
    pub series: S<String>,
    pub published: S<String>,
    pub basis: Option<String>,
    pub notice: Option<Notice>,
    pub slug: Option<S<String>>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub attachments: Vec<S<String>>,
    /// Earlier published versions, oldest first (更正).
    #[serde(default)]
    pub revisions: Vec<super::revisions::RawRevision>,
    /// The 公文 fields (发文字号, 主送, 抄送, 落款, 附件, 版头).
    pub document: Option<super::document::DocumentYaml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    pub from: S<String>,
    pub to: S<String>,
    pub contact: Option<Contact>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoresYaml {
    pub subject: S<String>,
    pub scale: Option<S<String>>,
    pub decimals: Option<S<String>>,
    pub categories: S<Vec<Category>>,
    pub tiers: Option<Tiers>,
    pub units: Option<Vec<Unit>>,
    pub models: Option<Models>,
    pub grades: Option<Grades>,
    pub entries: S<Vec<Entry>>,
}

/// A unit that people belong to (people bulletins).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Unit {
    pub id: S<String>,
    pub name: S<String>,
    pub headcount: S<String>,
    pub tier: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Models {
    pub top: S<String>,
    pub rounding: Option<S<String>>,
    pub nominations: Option<Nominations>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nominations {
    pub cap: S<String>,
    #[serde(default)]
    pub people: Vec<Nomination>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Nomination {
    pub id: S<String>,
    pub reason: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grades {
    pub top: TopGrade,
    pub pass: S<String>,
    #[serde(default)]
    pub below: Vec<S<String>>,
    #[serde(default)]
    pub tie_break: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopGrade {
    pub name: S<String>,
    pub quota: S<String>,
    pub rounding: Option<S<String>>,
    pub tier_adjust: Option<SpannedMap>,
}

/// The front matter of `models/NAME.md`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryFront {
    pub person: S<String>,
    pub title: S<String>,
    pub photo: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: S<String>,
    pub name: S<String>,
    pub indicators: S<Vec<Indicator>>,
    pub bonus_cap: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: S<String>,
    pub name: S<String>,
    pub weight: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tiers {
    pub rounding: S<String>,
    pub top: Tier,
    pub bottom: Option<Tier>,
    pub otherwise: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub name: S<String>,
    pub share: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub id: S<String>,
    pub name: S<String>,
    pub category: S<String>,
    pub unit: Option<S<String>>,
    pub post: Option<S<String>>,
    pub grade: Option<S<String>>,
    pub scores: Option<S<SpannedMap>>,
    pub weights: Option<S<SpannedMap>>,
    pub total: Option<S<String>>,
    #[serde(default)]
    pub bonus: Vec<Points>,
    #[serde(default)]
    pub deductions: Vec<Deduction>,
    pub note: Option<S<String>>,
    pub status: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Points {
    pub points: S<String>,
    pub reason: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deduction {
    pub date: S<String>,
    pub points: S<String>,
    pub reason: S<String>,
}
