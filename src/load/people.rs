//! People bulletins: the units people belong to, the exemplar and grade rules, the
//! person fields of entries, names, and exemplar announcements (`models/NAME.md`).
//! Rules that need the ranking (caps, quotas, who qualified) are checked in
//! `rank::people`; here only what a single file can break.

use crate::msg;
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
                msg!("units-missing"),
                msg!("units-missing-help"),
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
                msg!("units-in-unit-bulletin"),
                msg!("units-in-unit-bulletin-help"),
            );
            break;
        }
        cx.ident(&u.id, "unit id");
        if !seen.insert(u.id.value.clone()) {
            cx.error(
                &u.id,
                msg!("unit-twice", id = &u.id.value),
                msg!("unit-twice-help"),
            );
        }
        let headcount = match u.headcount.value.trim().parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => {
                cx.error(
                    &u.headcount,
                    msg!("headcount-invalid", value = &u.headcount.value),
                    msg!("headcount-invalid-help"),
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
                    msg!("person-field-in-unit-bulletin", field = field),
                    msg!("person-field-in-unit-bulletin-help"),
                );
            }
        }
        return (None, None);
    }
    let unit = match &e.unit {
        None => {
            cx.error(
                &e.id,
                msg!("person-no-unit", id = &e.id.value),
                msg!("person-no-unit-help"),
            );
            None
        }
        Some(u) => {
            let found = units.iter().position(|x| x.id == u.value);
            if found.is_none() {
                let hint = match suggest(&u.value, units.iter().map(|x| x.id.as_str())) {
                    Some(s) => msg!("did-you-mean", word = s),
                    None => msg!("unit-unknown-help"),
                };
                cx.error(u, msg!("unit-unknown", id = &u.value), hint);
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
                msg!("person-no-post", id = &e.id.value),
                msg!("person-no-post-help"),
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
            Some(s) => msg!("did-you-mean", word = s),
            None => msg!("entry-unknown-help"),
        };
        cx.error(id, msg!("entry-unknown", id = &id.value), hint);
    }
    found
}

fn people_only<T>(cx: &mut Ctx, subject: Subject, at: &S<T>, what: &str) {
    if subject != Subject::People {
        cx.error(
            at,
            msg!("people-only", what = what),
            msg!("people-only-help"),
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
                        msg!("nominated-twice", id = &p.id.value),
                        msg!("nominated-twice-help"),
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
                msg!("places-invalid", value = &v.value),
                msg!("places-invalid-help"),
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
    published: &mut super::files::Published,
) -> Result<(model::Story, Vec<Diagnostic>), Diagnostics> {
    let file = &story.file;
    let (front, body) = split_front_matter(file)?;
    let fm: raw::StoryFront = yaml::parse(file, front, 2, crate::msg!("yaml-place-story"))?;
    let mut cx = Ctx::new(file, 2);
    if data.subject != Subject::People {
        cx.error(
            &fm.person,
            msg!("stories-in-unit-bulletin"),
            msg!("stories-in-unit-bulletin-help"),
        );
    }
    let person = person(&mut cx, &fm.person, &data.entries);
    let photo = fm.photo.as_ref().and_then(|p| {
        if let Some((path, name)) = story.files.iter().find(|(_, name)| *name == p.value) {
            return published.get(path, name);
        }
        // The front matter was masked as it was read: a file name holding a personal
        // number is found by its masked form.
        let masked = story
            .files
            .iter()
            .find(|(_, name)| crate::privacy::mask(name).0 == p.value);
        match masked.and_then(|(path, name)| published.name_error(path, name, cx.at(p))) {
            Some(e) => cx.errors.push(e),
            None => cx.error(
                p,
                msg!("photo-missing", file = &p.value),
                msg!("photo-missing-help"),
            ),
        }
        None
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
