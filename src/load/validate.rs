//! From raw structs to [`crate::model`]: every rule that a single file can break is
//! checked here, and every break becomes a located diagnostic. All errors of a file are
//! collected, so `check` can list them at once.

use std::path::PathBuf;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::raw::{self, S};
use super::yaml;
use crate::diag::{Diagnostic, Diagnostics, SourceFile, Span, suggest};
use crate::model::{self, Period};
use crate::number::parse_decimal;

/// A file being validated: where its YAML starts, and the errors found so far.
pub(super) struct Ctx<'a> {
    file: &'a SourceFile,
    first_line: usize,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(file: &'a SourceFile, first_line: usize) -> Self {
        Ctx {
            file,
            first_line,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Free text as published: ID and mobile numbers masked, with a warning for each.
    pub(super) fn free_text(&mut self, s: &S<String>) -> String {
        let (masked, found) = crate::privacy::mask(&s.value);
        for m in found {
            self.warnings.push(masked_warning(self.at(s), m.what));
        }
        masked
    }

    /// Free text that is a slice of this file (a markdown body), masked, with warnings
    /// that point at the exact place.
    pub(super) fn free_body(&mut self, body: &str) -> String {
        let (masked, found) = crate::privacy::mask(body);
        let base = body.as_ptr() as usize - self.file.text.as_ptr() as usize;
        for m in found {
            let span = self.file.span_at_offset(base + m.offset, m.len);
            self.warnings.push(masked_warning(span, m.what));
        }
        masked
    }

    pub(super) fn at<T>(&self, s: &S<T>) -> Span {
        let loc = s.referenced;
        self.file.span(
            loc.line() as usize + self.first_line - 1,
            loc.column().max(1) as usize,
        )
    }

    /// An error that underlines `len` characters (a key) rather than the token.
    pub(super) fn error_len<T>(
        &mut self,
        s: &S<T>,
        len: usize,
        message: String,
        hint: impl Into<String>,
    ) {
        let mut span = self.at(s);
        span.len = len;
        self.errors
            .push(Diagnostic::error(message).at(span).hint(hint));
    }

    pub(super) fn error<T>(&mut self, s: &S<T>, message: String, hint: impl Into<String>) {
        let d = Diagnostic::error(message).at(self.at(s)).hint(hint);
        self.errors.push(d);
    }

    pub(super) fn number(&mut self, s: &S<String>, what: &str) -> Option<Decimal> {
        match parse_decimal(&s.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(
                    s,
                    format!("{what} `{}` is not a number: {}", s.value, e.reason),
                    "write a plain decimal such as 88.5 (full-width digits and a trailing 分 are read too)",
                );
                None
            }
        }
    }

    pub(super) fn date(&mut self, s: &S<String>, what: &str) -> Option<Date> {
        let shaped = s.value.len() == 10
            && s.value.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        match s.value.parse::<Date>() {
            Ok(d) if shaped => Some(d),
            _ if shaped => {
                self.error(
                    s,
                    format!("{what} `{}` is not a day of the calendar", s.value),
                    "check the month (01–12) and the day: that month has no such day",
                );
                None
            }
            _ => {
                self.error(
                    s,
                    format!("{what} `{}` is not a date", s.value),
                    "write a date as YYYY-MM-DD, e.g. 2025-04-03",
                );
                None
            }
        }
    }

    pub(super) fn ident(&mut self, s: &S<String>, what: &str) {
        self.url_word(s, what, "ids appear in web addresses; write the name in `name` and a short latin id here, e.g. `czj` for 区财政局");
    }

    pub(super) fn slug(&mut self, s: &S<String>, what: &str) {
        self.url_word(s, what, "it appears in web addresses and file names: use lowercase latin letters, digits and hyphens, e.g. `units-monthly`");
    }

    fn url_word(&mut self, s: &S<String>, what: &str, hint: &str) {
        let ok = !s.value.is_empty()
            && s.value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            self.error(
                s,
                format!("{what} `{}` may hold only a–z, 0–9, `-` and `_`", s.value),
                hint,
            );
        }
    }

    /// A share (`30%`, `1/3`); an unreadable one is reported and read as 0.
    pub(super) fn share(&mut self, raw: &S<String>) -> model::Share {
        model::Share::parse(&raw.value).unwrap_or_else(|| {
            self.error(
                raw,
                format!("`{}` is not a share", raw.value),
                model::Share::explain(&raw.value),
            );
            model::Share { num: 0, den: 1 }
        })
    }

    /// A rounding mode: floor | half_up | ceil.
    pub(super) fn rounding(&mut self, raw: &S<String>) -> model::Rounding {
        use model::Rounding;
        match raw.value.as_str() {
            "floor" => Rounding::Floor,
            "half_up" => Rounding::HalfUp,
            "ceil" => Rounding::Ceil,
            other => {
                let hint = match suggest(other, ["floor", "half_up", "ceil"]) {
                    Some(s) => format!("did you mean `{s}`? (floor | half_up | ceil)"),
                    None => "write floor (去尾, as for 不超过), half_up (四舍五入) or ceil (进一)"
                        .to_string(),
                };
                self.error(raw, format!("unknown rounding `{other}`"), hint);
                Rounding::Floor
            }
        }
    }

    pub(super) fn text(&mut self, s: &S<String>, what: &str) -> String {
        let t = s.value.trim();
        if t.is_empty() {
            self.error(s, format!("{what} is empty"), format!("write the {what}"));
        }
        t.to_string()
    }

    pub(super) fn finish<T>(self, value: Option<T>) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
        match value {
            Some(v) if self.errors.is_empty() => Ok((v, self.warnings)),
            _ => Err(Diagnostics(self.errors)),
        }
    }

    pub(super) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

fn masked_warning(span: Span, what: &str) -> Diagnostic {
    Diagnostic::warning(format!("{what} in the text was masked"))
        .at(span)
        .hint(
            "the page shows it masked; remove it from the source if it should not be there at all",
        )
}

fn contact(c: raw::Contact) -> model::Contact {
    model::Contact {
        phone: c.phone,
        address: c.address,
        email: c.email,
    }
}

/// `content/site.yaml`.
pub fn site_config(file: &SourceFile) -> Result<model::SiteConfig, Diagnostics> {
    let raw: raw::SiteYaml = yaml::parse(file, &file.text, 1, "site.yaml")?;
    let mut cx = Ctx::new(file, 1);
    let title = cx.text(&raw.title, "site title");
    let issuer = cx.text(&raw.issuer, "issuer");
    let mut base_url = raw.base_url.value.trim().to_string();
    if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
        cx.error(
            &raw.base_url,
            format!("base_url `{base_url}` is not an absolute web address"),
            "write it with the scheme, e.g. https://kaohe.example.org/",
        );
    }
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let audience = match raw.audience.as_ref().map(|a| a.value.as_str()) {
        None | Some("internet") => model::Audience::Internet,
        Some("intranet") => model::Audience::Intranet,
        Some("notice_board") => model::Audience::NoticeBoard,
        Some(other) => {
            let a = raw.audience.as_ref().expect("matched Some");
            cx.error(
                a,
                format!("unknown audience `{other}`"),
                "write internet, intranet or notice_board",
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
                format!("paper `{other}` is not supported"),
                "write A4 (the default) or A3",
            );
            "A4"
        }
    };
    let config = model::SiteConfig {
        series: raw
            .series
            .unwrap_or_default()
            .into_iter()
            .map(|(id, name)| (id, name.trim().to_string()))
            .collect(),
        paper,
        title,
        issuer,
        base_url,
        description: raw.description,
        audience,
        contact: raw.contact.map(contact),
        cjk_font: raw
            .fonts
            .and_then(|f| f.cjk)
            .map(|p| PathBuf::from(p.value)),
    };
    cx.finish(Some(config)).map(|(c, _)| c)
}

/// Split `index.md` into its front matter (with the line it starts on) and its body.
pub(super) fn split_front_matter(file: &SourceFile) -> Result<(&str, &str), Diagnostics> {
    let text = file.text.as_str();
    let name = file.path.rsplit('/').next().unwrap_or("index.md");
    // A fence is a line of `---`, trailing spaces allowed.
    let is_fence = |line: &str| line.trim_end() == "---";
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(Diagnostic::error(format!("{name} has no front matter"))
            .at(file.span(1, 1))
            .hint("start the file with a YAML block between two `---` lines: title, period, series and published")
            .into());
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        if is_fence(line) {
            return Ok((&text[start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(format!("the front matter of {name} is not closed"))
            .at(file.span(1, 1))
            .hint("end the front matter with a line holding only `---`")
            .into(),
    )
}

/// A `models/NAME.md` file of a bulletin, read but not yet validated.
pub struct StoryFile {
    pub slug: String,
    pub file: SourceFile,
    /// The files of the `models/` folder: (absolute path, file name).
    pub files: Vec<(PathBuf, String)>,
}

/// A validated bulletin and the warnings met on the way; `None` for a draft.
pub type Validated = (Option<model::Bulletin>, Vec<Diagnostic>);

/// One bulletin folder.
pub fn bulletin(
    index: &SourceFile,
    scores: &SourceFile,
    stories: &[StoryFile],
    source: &str,
    mut rel: Vec<String>,
    assets: Vec<(PathBuf, String)>,
) -> Result<Validated, Diagnostics> {
    let (front, body) = split_front_matter(index)?;
    let fm: Result<raw::FrontMatter, _> = yaml::parse(index, front, 2, "the front matter");
    let data: Result<raw::ScoresYaml, _> = yaml::parse(scores, &scores.text, 1, "scores.yaml");
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
            format!("period `{}` is not a period", fm.period.value),
            "write 2025-03 (a month), 2025-Q1 (a quarter), 2025-H1 (a half-year) or 2025 (a year)",
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
                format!("the notice period ends ({to}) before it starts ({from})"),
                "`notice.to` is the last day of the 公示期 and comes on or after `notice.from`",
            );
        }
        Some(model::Notice {
            from,
            to,
            contact: n.contact.map(contact),
        })
    });
    if let Some(slug) = &fm.slug {
        cx.slug(slug, "slug");
        if let Some(last) = rel.last_mut() {
            last.clone_from(&slug.value);
        }
    }
    let narrative = cx.free_body(body);
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
    let stories = match &scores {
        Some(data) => {
            let mut out = Vec::new();
            for story in stories {
                match super::people::story(story, data) {
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
    if errors.has_errors() {
        return Err(errors);
    }
    if fm.draft {
        return Ok((None, warnings));
    }
    let bulletin = model::Bulletin {
        path: rel.join("/"),
        source: source.to_string(),
        title,
        period: period.expect("checked"),
        series: fm.series.value,
        published: published.expect("checked"),
        basis: fm.basis,
        notice,
        narrative,
        data: scores.expect("checked"),
        assets,
        stories,
    };
    Ok((Some(bulletin), warnings))
}

fn scores_data(
    file: &SourceFile,
    raw: raw::ScoresYaml,
) -> Result<(model::Scores, Vec<Diagnostic>), Diagnostics> {
    let mut cx = Ctx::new(file, 1);
    let subject = match raw.subject.value.as_str() {
        "units" => model::Subject::Units,
        "people" => model::Subject::People,
        other => {
            let hint = match suggest(other, ["units", "people"]) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "write `subject: units` or `subject: people`".to_string(),
            };
            cx.error(&raw.subject, format!("unknown subject `{other}`"), hint);
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
            format!("scale `{}` must be above 0", s.value),
            "100 is usual",
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
                    format!("decimals `{}` must be a whole number from 0 to 4", d.value),
                    "2 is usual: totals are shown as 85.46",
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
                    format!("`{}` is not one of the grades in `grades.below`", grade.value),
                    format!(
                        "the data may give only the grades below passing ({}); the top grade is computed from the quota",
                        g.below.join("、")
                    ),
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
