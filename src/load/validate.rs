//! From raw structs to [`crate::model`]: every rule that a single file can break is
//! checked here, and every break becomes a located diagnostic. All errors of a file are
//! collected, so `check` can list them at once.

use std::path::PathBuf;

use rust_decimal::Decimal;

use super::ctx::{Ctx, StoryFile, split_front_matter};
use super::raw::{self, S};
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, suggest};
use crate::model::{self, Period};
use crate::msg;

fn contact(cx: &mut Ctx, c: raw::Contact) -> model::Contact {
    let mut field = |s: Option<S<String>>| s.map(|s| cx.free_text(&s));
    model::Contact {
        phone: field(c.phone),
        address: field(c.address),
        email: field(c.email),
    }
}

/// `content/site.yaml`.
pub fn site_config(file: &SourceFile) -> Result<model::SiteConfig, Diagnostics> {
    let raw: raw::SiteYaml = yaml::parse(file, &file.text, 1, Message::verbatim("site.yaml"))?;
    let mut cx = Ctx::new(file, 1);
    let title = cx.text(&raw.title, "site title");
    let issuer = cx.text(&raw.issuer, "issuer");
    let base_url = match crate::model::check_base_url(&raw.base_url.value) {
        Ok(url) => url,
        Err((what, fix)) => {
            cx.error(&raw.base_url, msg!("base-url-field", what = what), fix);
            String::new()
        }
    };
    let audience = match raw.audience.as_ref().map(|a| a.value.as_str()) {
        None | Some("internet") => model::Audience::Internet,
        Some("intranet") => model::Audience::Intranet,
        Some("notice_board") => model::Audience::NoticeBoard,
        Some(other) => {
            let a = raw.audience.as_ref().expect("matched Some");
            cx.error(
                a,
                msg!("audience-unknown", value = other),
                msg!("audience-unknown-help"),
            );
            model::Audience::Internet
        }
    };
    let paper = match raw
        .print
        .as_ref()
        .map(|p| p.paper.value.to_ascii_uppercase())
    {
        None => "A4",
        Some(p) if p == "A4" => "A4",
        Some(p) if p == "A3" => "A3",
        Some(other) => {
            let at = &raw.print.as_ref().expect("matched Some").paper;
            cx.error(
                at,
                msg!("paper-unknown", value = other),
                msg!("paper-unknown-help"),
            );
            "A4"
        }
    };
    let cjk = raw.fonts.and_then(|f| f.cjk);
    let config = model::SiteConfig {
        paper,
        title,
        issuer,
        base_url,
        description: raw.description.map(|d| cx.free_text(&d)),
        audience,
        contact: raw.contact.map(|c| contact(&mut cx, c)),
        // After the fields above, so that problems are listed in the order a site.yaml is
        // usually written.
        series: raw
            .series
            .unwrap_or_default()
            .into_iter()
            .map(|(id, name)| (id, cx.free_text(&name).trim().to_string()))
            .collect(),
        cjk_font: cjk.as_ref().map(|p| PathBuf::from(&p.value)),
        cjk_font_at: cjk.as_ref().map(|p| cx.at(p)),
    };
    cx.finish(Some(config)).map(|(c, _)| c)
}

/// A validated bulletin and the warnings met on the way.
pub type Validated = (Option<model::Bulletin>, Vec<Diagnostic>);

/// A validated bulletin, its warnings, and the texts of its earlier versions.
pub type WithRevisions = (Option<model::Bulletin>, Vec<Diagnostic>, Vec<String>);

/// One bulletin folder (in `dir`): the bulletin, its warnings, and the texts of its
/// earlier versions as read (for its fingerprint).
#[allow(clippy::too_many_arguments)]
pub fn bulletin(
    index: &SourceFile,
    scores: &SourceFile,
    stories: &[StoryFile],
    source: &str,
    mut rel: Vec<String>,
    beside: Vec<super::files::Beside>,
    root: &std::path::Path,
    dir: &std::path::Path,
) -> Result<WithRevisions, Diagnostics> {
    let (front, body) = split_front_matter(index)?;
    let fm: Result<raw::FrontMatter, _> =
        yaml::parse(index, front, 2, crate::msg!("yaml-front-matter"));
    let data: Result<raw::ScoresYaml, _> =
        yaml::parse(scores, &scores.text, 1, Message::verbatim("scores.yaml"));
    let (fm, data) = match (fm, data) {
        (Ok(f), Ok(d)) => (f, d),
        (f, d) => {
            let mut errors = Diagnostics::default();
            errors.extend(f.err().unwrap_or_default());
            errors.extend(d.err().unwrap_or_default());
            return Err(errors);
        }
    };
    let mut cx = Ctx::new(index, 2);
    let title = cx.text(&fm.title, "title");
    let period = Period::parse(fm.period.value.trim());
    if period.is_none() {
        cx.error(
            &fm.period,
            msg!("period-invalid", value = &fm.period.value),
            msg!("period-invalid-help"),
        );
    }
    cx.slug(&fm.series, "series");
    let published = cx.date(&fm.published, "published");
    let notice = fm.notice.and_then(|n| {
        let from = cx.date(&n.from, "notice.from");
        let to = cx.date(&n.to, "notice.to");
        let (from, to) = (from?, to?);
        if to < from {
            cx.error(
                &n.to,
                msg!(
                    "notice-reversed",
                    to = to.to_string(),
                    from = from.to_string()
                ),
                msg!("notice-reversed-help"),
            );
        }
        Some(model::Notice {
            from,
            to,
            contact: n.contact.map(|c| contact(&mut cx, c)),
        })
    });
    let annex: Vec<S<String>> = fm
        .document
        .as_ref()
        .map(|d| d.attachments.clone())
        .unwrap_or_default();
    let document = fm
        .document
        .and_then(|d| super::document::document(&mut cx, d, published));
    if let Some(slug) = &fm.slug {
        cx.slug(slug, "slug");
        if let Some(last) = rel.last_mut() {
            last.clone_from(&slug.value);
        }
    }
    let narrative = body.to_string();
    let narrative_line = index.text[..index.text.len() - body.len()]
        .matches('\n')
        .count()
        + 1;
    let (assets, attachments) = published_files(&mut cx, root, beside, &fm.attachments);
    super::document::annex_files(&mut cx, &annex, &assets, &attachments);
    let (revisions, revision_texts) = super::revisions::load(
        &mut cx,
        root,
        dir,
        &fm.revisions,
        published,
        notice.as_ref(),
    );
    let mut errors = Diagnostics::default();
    let mut warnings = std::mem::take(&mut cx.warnings);
    errors.extend(Diagnostics(std::mem::take(&mut cx.errors)));
    let scores = match scores_data(scores, data) {
        Ok((s, w)) => {
            warnings.extend(w);
            Some(s)
        }
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let mut photos = super::files::Published::new(root);
    let stories = match &scores {
        Some(data) => {
            let mut out = Vec::new();
            for story in stories {
                match super::people::story(story, data, &mut photos) {
                    Ok((s, w)) => {
                        out.push(s);
                        warnings.extend(w);
                    }
                    Err(e) => errors.extend(e),
                }
            }
            out
        }
        None => Vec::new(),
    };
    warnings.append(&mut photos.said);
    errors.extend(photos.errors);
    if errors.has_errors() {
        return Err(errors);
    }
    let bulletin = model::Bulletin {
        path: rel.join("/"),
        source: source.to_string(),
        title,
        period: period.expect("checked"),
        series: fm.series.value,
        published: published.expect("checked"),
        draft: fm.draft,
        preview_note: None,
        fingerprint: 0,
        basis: fm.basis,
        notice,
        narrative,
        narrative_line,
        data: scores.expect("checked"),
        assets,
        attachments,
        stories,
        revisions,
        document,
    };
    Ok((Some(bulletin), warnings, revision_texts))
}

/// Which files beside the page are published: web images and PDF, and what
/// `attachments:` names on purpose, never a hidden file, a backup, a source or a
/// spreadsheet. A note for every file left out, and for every file published without its
/// metadata; a file whose name holds a personal number is an error.
fn published_files(
    cx: &mut Ctx,
    root: &std::path::Path,
    beside: Vec<super::files::Beside>,
    named: &[S<String>],
) -> (Vec<model::Asset>, Vec<String>) {
    use super::files::{Kind, name_holds_number};
    // The front matter was masked as it was read: a name holding a number is found by
    // its masked form.
    let masked = |f: &super::files::Beside| crate::privacy::mask(&f.name).0;
    let mut listed_masked = Vec::new();
    for n in named {
        match beside.iter().find(|f| f.name == n.value) {
            None => {
                if let Some(f) = beside.iter().find(|f| masked(f) == n.value) {
                    let shown = crate::diag::display_path(root, &f.path);
                    cx.errors
                        .extend(name_holds_number(&shown, &f.name, Some(cx.at(n))));
                    listed_masked.push(f.name.clone());
                    continue;
                }
                let hint = match suggest(&n.value, beside.iter().map(|f| f.name.as_str())) {
                    Some(s) => msg!("did-you-mean", word = s),
                    None => msg!("attachment-missing-help"),
                };
                cx.error(n, msg!("attachment-missing", file = &n.value), hint);
            }
            Some(f) => {
                let never = match f.kind {
                    Kind::Never(what) => Some(what),
                    Kind::Quiet => Some("file-kind-page-source"),
                    Kind::Web | Kind::Other => None,
                };
                if let Some(what) = never {
                    cx.error(
                        n,
                        msg!(
                            "attachment-never",
                            file = &n.value,
                            kind = Message::new(what, Vec::new())
                        ),
                        msg!("attachment-never-help"),
                    );
                }
            }
        }
    }
    let mut assets = Vec::new();
    for f in beside {
        let listed = named.iter().any(|n| n.value == f.name) || listed_masked.contains(&f.name);
        let publish = match f.kind {
            Kind::Web => true,
            Kind::Other => listed,
            Kind::Quiet => false,
            Kind::Never(_) => false,
        };
        if !publish {
            let why = match f.kind {
                Kind::Quiet => None,
                Kind::Other => Some(msg!("left-out-other-help")),
                _ if listed => None,
                _ => Some(msg!("left-out-never-help")),
            };
            if let Some(why) = why {
                cx.warnings.push(super::left_out(root, &f, why));
            }
            continue;
        }
        if listed_masked.contains(&f.name) {
            // Said where the front matter names it.
            continue;
        }
        let shown = crate::diag::display_path(root, &f.path);
        if let Some(e) = name_holds_number(&shown, &f.name, None) {
            cx.errors.push(e);
            continue;
        }
        match super::files::publish(root, &f.path, &f.name) {
            Ok((asset, said)) => {
                assets.push(asset);
                cx.warnings.extend(said);
            }
            Err(e) => cx.errors.extend(e.0),
        }
    }
    let attachments = named.iter().map(|n| n.value.clone()).collect();
    (assets, attachments)
}

pub(super) fn scores_data(
    file: &SourceFile,
    raw: raw::ScoresYaml,
) -> Result<(model::Scores, Vec<Diagnostic>), Diagnostics> {
    let mut cx = Ctx::new(file, 1);
    let subject = match raw.subject.value.as_str() {
        "units" => model::Subject::Units,
        "people" => model::Subject::People,
        other => {
            let hint = match suggest(other, ["units", "people"]) {
                Some(s) => msg!("did-you-mean", word = s),
                None => msg!("subject-unknown-help"),
            };
            cx.error(&raw.subject, msg!("subject-unknown", value = other), hint);
            model::Subject::Units
        }
    };
    let scale = match &raw.scale {
        Some(s) => cx.number(s, "scale"),
        None => Some(Decimal::ONE_HUNDRED),
    };
    let scale_ok = scale.is_some_and(|s| s > Decimal::ZERO);
    if let (Some(s), false, true) = (&raw.scale, scale_ok, scale.is_some()) {
        cx.error(
            s,
            msg!("scale-not-positive", value = &s.value),
            msg!("scale-not-positive-help"),
        );
    }
    let scale = scale.unwrap_or(Decimal::ONE_HUNDRED);
    let decimals = match &raw.decimals {
        None => 2,
        Some(d) => match d.value.parse::<u32>() {
            Ok(n) if n <= 4 => n,
            _ => {
                cx.error(
                    d,
                    msg!("decimals-invalid", value = &d.value),
                    msg!("decimals-invalid-help"),
                );
                2
            }
        },
    };
    let categories = super::categories::categories(&mut cx, &raw.categories, scale, scale_ok);
    let tiers = raw.tiers.map(|t| super::categories::tiers(&mut cx, t));
    let units = super::people::units(&mut cx, subject, &raw.subject, raw.units.as_deref());
    let entries = super::entries::entries(
        &mut cx,
        &raw.entries,
        &raw.categories,
        &categories,
        scale,
        subject,
        &units,
    );
    let models = raw
        .models
        .map(|m| super::people::models(&mut cx, subject, m, &entries));
    let grades = raw
        .grades
        .map(|g| super::people::grades(&mut cx, subject, g, &entries));
    if let Some(g) = &grades {
        for e in &raw.entries.value {
            if let Some(grade) = &e.grade
                && !g.below.contains(&grade.value)
            {
                cx.error(
                    grade,
                    msg!("grade-not-below", value = &grade.value),
                    msg!("grade-not-below-help", grades = g.below.join("、")),
                );
            }
        }
    }
    let scores = model::Scores {
        subject,
        scale,
        decimals,
        categories,
        tiers,
        units,
        models,
        grades,
        entries,
    };
    cx.finish(Some(scores))
}
