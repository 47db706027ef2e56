//! People bulletins: the units people belong to, the exemplar and grade rules, the
//! person fields of entries, names, and exemplar announcements (`models/NAME.md`).
//! Rules that need the ranking (caps, quotas, who qualified) are checked in
//! `rank::people`; here only what a single file can break.

use std::collections::BTreeSet;

use super::ctx::{Ctx, StoryFile, split_front_matter};
use super::raw::{self, S};
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics, suggest};
use crate::model::{self, Rounding, Subject};

/// "•" and its look-alikes become "·"; ideographic and other spaces inside a name go.
pub fn person_name(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .map(|c| match c {
            '•' | '・' | '･' | '‧' | '∙' | '⋅' | '●' | '．' => '·',
            other => other,
        })
        .collect()
}

pub(super) fn units(
    cx: &mut Ctx,
    subject: Subject,
    subject_at: &S<String>,
    raw: Option<&[raw::Unit]>,
) -> Vec<model::UnitInfo> {
    let Some(raw) = raw else {
        if subject == Subject::People {
            cx.error(
                subject_at,
                "a people bulletin needs `units:` with each unit's headcount".to_string(),
                "add `units: [{ id: fgw, name: 区发展和改革委员会, headcount: 40 }, …]`",
            );
        }
        return Vec::new();
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for u in raw {
        if subject == Subject::Units {
            cx.error(
                &u.id,
                "`units:` belongs in people bulletins".to_string(),
                "a unit bulletin lists its units as entries; remove `units:` or write `subject: people`",
            );
            break;
        }
        cx.ident(&u.id, "unit id");
        if !seen.insert(u.id.value.clone()) {
            cx.error(
                &u.id,
                format!("the unit `{}` is listed twice", u.id.value),
                "list each unit once",
            );
        }
        let headcount = match u.headcount.value.trim().parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                cx.error(
                    &u.headcount,
                    format!(
                        "headcount `{}` is not a whole number above 0",
                        u.headcount.value
                    ),
                    "write the unit's total number of staff (单位总人数), e.g. 40",
                );
                0
            }
        };
        out.push(model::UnitInfo {
            id: u.id.value.clone(),
            name: cx.text(&u.name, "unit name"),
            headcount,
            tier: u.tier.as_ref().map(|t| t.value.trim().to_string()),
            at: cx.at(&u.id),
        });
    }
    out
}

/// The `unit` and `post` of an entry: required for people, refused for units.
pub(super) fn person_fields(
    cx: &mut Ctx,
    e: &raw::Entry,
    subject: Subject,
    units: &[model::UnitInfo],
) -> (Option<usize>, Option<String>) {
    if subject == Subject::Units {
        for (field, at) in [("unit", &e.unit), ("post", &e.post), ("grade", &e.grade)] {
            if let Some(at) = at {
                cx.error(
                    at,
                    format!("`{field}` belongs to people bulletins"),
                    "in a unit bulletin each entry is a unit; remove the field, or write `subject: people`",
                );
            }
        }
        return (None, None);
    }
    let unit = match &e.unit {
        None => {
            cx.error(
                &e.id,
                format!("`{}` has no `unit`", e.id.value),
                "add `unit:` with the id of the person's unit from `units:`",
            );
            None
        }
        Some(u) => {
            let found = units.iter().position(|x| x.id == u.value);
            if found.is_none() {
                let hint = match suggest(&u.value, units.iter().map(|x| x.id.as_str())) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "add the unit to `units:` with its headcount".to_string(),
                };
                cx.error(u, format!("unit `{}` is not in `units:`", u.value), hint);
            }
            found
        }
    };
    for (at, what) in [
        (Some(&e.name), "name"),
        (e.post.as_ref(), "post"),
        (e.note.as_ref(), "note"),
    ] {
        if let Some(at) = at {
            cx.personal(at, what);
        }
    }
    let post = match &e.post {
        Some(p) => Some(cx.text(p, "post")),
        None => {
            cx.error(
                &e.id,
                format!("`{}` has no `post`", e.id.value),
                "add `post:` (职务), e.g. 科员; it tells apart people with the same name",
            );
            None
        }
    };
    (unit, post)
}

/// An optional rounding mode, floor when absent.
fn rounding(cx: &mut Ctx, raw: Option<&S<String>>) -> Rounding {
    raw.map_or(Rounding::Floor, |r| cx.rounding(r))
}

fn person(cx: &mut Ctx, id: &S<String>, entries: &[model::Entry]) -> Option<usize> {
    let found = entries.iter().position(|e| e.id == id.value);
    if found.is_none() {
        let hint = match suggest(&id.value, entries.iter().map(|e| e.id.as_str())) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "use the `id` of an entry of this bulletin".to_string(),
        };
        cx.error(id, format!("no entry has the id `{}`", id.value), hint);
    }
    found
}

fn people_only<T>(cx: &mut Ctx, subject: Subject, at: &S<T>, what: &str) {
    if subject != Subject::People {
        cx.error(
            at,
            format!("`{what}` belongs in people bulletins"),
            "write `subject: people`, or remove it",
        );
    }
}

pub(super) fn models(
    cx: &mut Ctx,
    subject: Subject,
    raw: raw::Models,
    entries: &[model::Entry],
) -> model::ModelRule {
    people_only(cx, subject, &raw.top, "models");
    let top = cx.share(&raw.top);
    let rounding = rounding(cx, raw.rounding.as_ref());
    let (nomination_cap, nominations) = match raw.nominations {
        None => (None, Vec::new()),
        Some(n) => {
            let cap = cx.share(&n.cap);
            let mut seen = BTreeSet::new();
            let mut list = Vec::new();
            for p in &n.people {
                if !seen.insert(p.id.value.clone()) {
                    cx.error(
                        &p.id,
                        format!("`{}` is nominated twice", p.id.value),
                        "nominate each person once",
                    );
                }
                if let Some(person) = person(cx, &p.id, entries) {
                    list.push(model::Nomination {
                        person,
                        reason: {
                            cx.personal(&p.reason, "reason");
                            cx.free_text(&p.reason)
                        },
                        at: cx.at(&p.id),
                    });
                }
            }
            (Some(cap), list)
        }
    };
    model::ModelRule {
        top,
        rounding,
        nomination_cap,
        nominations,
    }
}

pub(super) fn grades(
    cx: &mut Ctx,
    subject: Subject,
    raw: raw::Grades,
    entries: &[model::Entry],
) -> model::GradeRule {
    people_only(cx, subject, &raw.pass, "grades");
    let mut tier_adjust = Vec::new();
    for (k, v) in raw.top.tier_adjust.iter().flat_map(|m| &m.0) {
        let text = v.value.trim().trim_start_matches('+');
        match text.parse::<i64>() {
            Ok(n) => tier_adjust.push((k.value.clone(), n)),
            Err(_) => cx.error(
                v,
                format!("`{}` is not a whole number of places", v.value),
                "write +1, -1 or 0",
            ),
        }
    }
    let mut tie_break = Vec::new();
    for id in &raw.tie_break {
        if let Some(p) = person(cx, id, entries) {
            tie_break.push(p);
        }
    }
    model::GradeRule {
        top: cx.text(&raw.top.name, "grade name"),
        quota: cx.share(&raw.top.quota),
        rounding: rounding(cx, raw.top.rounding.as_ref()),
        tier_adjust,
        pass: cx.text(&raw.pass, "grade name"),
        below: raw
            .below
            .iter()
            .map(|b| b.value.trim().to_string())
            .collect(),
        tie_break,
        at: cx.at(&raw.top.name),
    }
}

/// One `models/NAME.md`: the person must be an entry here; whether they qualified is
/// checked after ranking.
pub(super) fn story(
    story: &StoryFile,
    data: &model::Scores,
) -> Result<(model::Story, Vec<Diagnostic>), Diagnostics> {
    let file = &story.file;
    let (front, body) = split_front_matter(file)?;
    let fm: raw::StoryFront = yaml::parse(file, front, 2, crate::msg!("yaml-place-story"))?;
    let mut cx = Ctx::new(file, 2);
    if data.subject != Subject::People {
        cx.error(
            &fm.person,
            "exemplar announcements belong to people bulletins".to_string(),
            "move models/ to a bulletin with `subject: people`",
        );
    }
    let person = person(&mut cx, &fm.person, &data.entries);
    let photo = fm.photo.as_ref().and_then(|p| {
        let found = story
            .files
            .iter()
            .find(|(_, name)| *name == p.value)
            .cloned();
        if found.is_none() {
            cx.error(
                p,
                format!("the photo `{}` is not in models/", p.value),
                "put the image file next to this announcement, or remove `photo`",
            );
        }
        found
    });
    let title = cx.text(&fm.title, "title");
    let body = body.to_string();
    cx.personal(&fm.title, "title");
    let at = cx.at(&fm.person);
    let value = person.map(|person| model::Story {
        slug: story.slug.clone(),
        person,
        title,
        photo,
        body,
        at,
    });
    if cx.has_errors() {
        return cx.finish(None);
    }
    cx.finish(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(person_name("阿依古丽•买买提"), "阿依古丽·买买提");
        assert_eq!(person_name("田　华"), "田华");
        assert_eq!(person_name("王𠮷"), "王𠮷");
    }
}
