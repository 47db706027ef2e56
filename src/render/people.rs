//! Views of people bulletins: exemplars, their announcements, the honour roll and grade
//! counts. Grades below passing appear only as counts, never against a name.

use serde::Serialize;

use super::markdown;
use super::summary::Summary;
use crate::model::Bulletin;
use crate::rank::Results;
use crate::rank::people::Basis;

pub fn basis_label(b: &Basis) -> String {
    match b {
        Basis::Top => "按排名".to_string(),
        Basis::Nominated(_) => "党委推荐".to_string(),
    }
}

/// An exemplar as listed on a bulletin, the honour roll and their own page.
#[derive(Debug, Clone, Serialize)]
pub struct ExemplarView {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub unit_id: String,
    pub post: String,
    pub class: String,
    pub total: String,
    pub place: String,
    /// 按排名 / 党委推荐
    pub basis: String,
    /// The full reason: the share rule, or the nomination's reason.
    pub basis_text: String,
    /// As a printed list says it beside the class: 按排名, or 党委推荐：the reason.
    pub basis_short: String,
    /// The announcement, where there is one.
    pub story: Option<StoryView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    pub slug: String,
    pub title: String,
    /// The photo's file name inside `/models/<slug>/`.
    pub photo: Option<String>,
    pub body_html: String,
}

pub fn exemplar_views(b: &Bulletin, r: &Results) -> Vec<ExemplarView> {
    let Some(p) = &r.people else {
        return Vec::new();
    };
    let data = &b.data;
    let top_share = data.models.as_ref().map(|m| m.top.percent());
    let row_of = |entry: usize| {
        r.categories
            .iter()
            .flat_map(|c| &c.rows)
            .find(|row| row.entry == entry)
    };
    p.exemplars
        .iter()
        .map(|x| {
            let e = &data.entries[x.entry];
            let row = row_of(x.entry);
            let class = data.categories[e.category].name.clone();
            let unit = e.unit.map(|u| &data.units[u]);
            ExemplarView {
                id: e.id.clone(),
                name: e.name.clone(),
                unit: unit.map_or(String::new(), |u| u.name.clone()),
                unit_id: unit.map_or(String::new(), |u| u.id.clone()),
                post: e.post.clone().unwrap_or_default(),
                class: class.clone(),
                total: row.map_or(String::new(), |r| {
                    crate::number::fixed(r.total, data.decimals)
                }),
                place: row
                    .and_then(|r| {
                        r.rank.map(|p| {
                            if r.tied {
                                format!("并列第{p}名")
                            } else {
                                format!("第{p}名")
                            }
                        })
                    })
                    .unwrap_or_default(),
                basis: basis_label(&x.basis),
                basis_short: match &x.basis {
                    Basis::Top => basis_label(&x.basis),
                    Basis::Nominated(reason) => format!("{}：{reason}", basis_label(&x.basis)),
                },
                basis_text: match &x.basis {
                    Basis::Top => {
                        format!("{class}综合排名前{}", top_share.clone().unwrap_or_default())
                    }
                    Basis::Nominated(reason) => format!("单位党委推荐：{reason}"),
                },
                story: b
                    .stories
                    .iter()
                    .find(|s| s.person == x.entry)
                    .map(|s| StoryView {
                        slug: s.slug.clone(),
                        title: s.title.clone(),
                        photo: s.photo.as_ref().map(|p| p.name.clone()),
                        body_html: markdown::to_html(&s.body),
                    }),
            }
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeCountView {
    pub unit: String,
    pub quota: usize,
    pub counts: Vec<(String, usize)>,
}

pub fn grade_count_views(b: &Bulletin, r: &Results) -> Vec<GradeCountView> {
    let Some(p) = &r.people else {
        return Vec::new();
    };
    p.grade_counts
        .iter()
        .map(|g| GradeCountView {
            unit: b.data.units[g.unit].name.clone(),
            quota: g.quota,
            counts: g.counts.clone(),
        })
        .collect()
}

/// One bulletin's exemplars on the honour roll.
#[derive(Debug, Clone, Serialize)]
pub struct RollSection {
    pub bulletin: Summary,
    pub with_stories: Vec<ExemplarView>,
    pub others: Vec<ExemplarView>,
    pub per_unit: Vec<(String, usize)>,
    pub per_class: Vec<(String, usize)>,
    pub count: usize,
}

/// One bulletin's section of the honour roll, if it names exemplars.
pub fn roll_section(b: &Bulletin, r: &Results, summary: &Summary) -> Option<RollSection> {
    if r.people.as_ref().is_none_or(|p| p.exemplars.is_empty()) {
        return None;
    }
    let mut all = exemplar_views(b, r);
    all.sort_by(|a, b| (&a.unit_id, &a.class, &a.id).cmp(&(&b.unit_id, &b.class, &b.id)));
    let count = all.len();
    let tally = |key: &dyn Fn(&ExemplarView) -> String| {
        let mut m = std::collections::BTreeMap::<String, usize>::new();
        for x in &all {
            *m.entry(key(x)).or_default() += 1;
        }
        m.into_iter().collect::<Vec<_>>()
    };
    let per_unit = tally(&|x| x.unit.clone());
    let per_class = tally(&|x| x.class.clone());
    let (with_stories, others) = all.into_iter().partition(|x| x.story.is_some());
    Some(RollSection {
        bulletin: summary.clone(),
        with_stories,
        others,
        per_unit,
        per_class,
        count,
    })
}

/// The honour roll: every bulletin's section, newest period first.
pub fn honour_roll(mut sections: Vec<RollSection>) -> Vec<RollSection> {
    sections.sort_by(|a, b| {
        (b.bulletin.order, &a.bulletin.path).cmp(&(a.bulletin.order, &b.bulletin.path))
    });
    sections
}
