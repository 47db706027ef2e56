//! The light views that site-wide pages are made of: a bulletin's summary (no tables),
//! dates, notice periods and the site itself. Every bulletin yields its summary when it is
//! rendered; the home page, archive, feed and sitemap are built from summaries alone.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Bulletin, Contact, Site};

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
    /// Days since 1970-01-01, so that templates can count days between dates.
    pub day: i64,
}

impl From<Date> for DateView {
    fn from(d: Date) -> Self {
        let epoch = jiff::civil::date(1970, 1, 1);
        DateView {
            iso: d.to_string(),
            text: format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            day: epoch
                .until((jiff::Unit::Day, d))
                .map_or(0, |s| i64::from(s.get_days())),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub issuer: String,
    pub base_url: String,
    pub description: Option<String>,
    pub contact: Option<Contact>,
    /// Whether the honour roll exists (some bulletin has exemplar rules).
    pub has_models: bool,
    /// The build day: what pages say about notice periods without JavaScript.
    pub today: DateView,
    /// Paper for print.html: A4 or A3.
    pub paper: &'static str,
    /// The path of `base_url` (`/`, or `/sub/`): links of pages served at any depth, as
    /// 404.html is.
    pub base_path: String,
    /// Every series of the site by id, with its display name (the id when it has none).
    pub series: BTreeMap<String, String>,
}

impl SiteView {
    /// The site as the pages see it on the build day `today` (fixed by `--today` for
    /// reproducible builds), from the bulletins `published` says go out.
    pub fn new(
        site: &Site,
        today: jiff::civil::Date,
        published: impl Fn(&crate::model::Bulletin) -> bool,
    ) -> Self {
        let c = &site.config;
        let out = || site.bulletins.values().filter(|b| published(b));
        SiteView {
            title: c.title.clone(),
            issuer: c.issuer.clone(),
            base_url: c.base_url.clone(),
            description: c.description.clone(),
            contact: given(c.contact.as_ref()),
            has_models: out().any(|b| b.data.models.is_some()),
            today: today.into(),
            paper: c.paper,
            base_path: base_path(&c.base_url),
            series: out()
                .map(|b| (b.series.clone(), c.series_name(&b.series).to_string()))
                .collect(),
        }
    }
}

/// A contact that says something: one with no phone, address or e-mail is none.
pub fn given(c: Option<&Contact>) -> Option<Contact> {
    c.filter(|c| c.phone.is_some() || c.address.is_some() || c.email.is_some())
        .cloned()
}

impl NoticeView {
    /// How to object: the notice's own contact, else the site's (docs/FORMAT.md), so that
    /// every channel of a 公示 says how to object.
    pub fn with_site_contact(&mut self, site: &SiteView) {
        if self.contact.is_none() {
            self.contact.clone_from(&site.contact);
        }
    }
}

/// `https://host/sub/` → `/sub/`.
fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    pub from: DateView,
    pub to: DateView,
    /// As documents write it: 2025年4月3日至4月9日 (the year once when it is the same).
    pub range: String,
    pub contact: Option<Contact>,
}

/// A bulletin as listed on the home and archive pages: no tables.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Orders periods in time (start month, then end month).
    #[serde(skip)]
    pub order: (i16, i8, i8),
    pub title: String,
    pub path: String,
    pub period: String,
    pub period_code: String,
    pub series: String,
    pub year: i16,
    pub published: DateView,
    /// The day of the last correction, else `published`: the feed's `<updated>`.
    pub updated: DateView,
    /// How many times the bulletin was corrected (0 if never).
    pub revision: usize,
    pub notice: Option<NoticeView>,
    pub units: usize,
    pub categories: usize,
    pub subject: crate::model::Subject,
    /// Shown by `serve` only: the bulletin is not published yet (未发布：将于…发布).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview_note: Option<String>,
}

impl Summary {
    pub fn new(b: &Bulletin) -> Self {
        Summary {
            order: (b.period.year(), b.period.months().0, b.period.months().1),
            title: b.title.clone(),
            path: b.path.clone(),
            period: b.period.to_string(),
            period_code: b.period.code(),
            series: b.series.clone(),
            year: b.period.year(),
            published: b.published.into(),
            updated: b
                .revisions
                .last()
                .map_or(b.published, |r| r.corrected)
                .into(),
            revision: b.revisions.len(),
            notice: b.notice.as_ref().map(|n| NoticeView {
                from: n.from.into(),
                to: n.to.into(),
                range: if n.from.year() == n.to.year() {
                    format!(
                        "{}年{}月{}日至{}月{}日",
                        n.from.year(),
                        n.from.month(),
                        n.from.day(),
                        n.to.month(),
                        n.to.day()
                    )
                } else {
                    format!(
                        "{}至{}",
                        DateView::from(n.from).text,
                        DateView::from(n.to).text
                    )
                },
                contact: given(n.contact.as_ref()),
            }),
            units: b.data.entries.len(),
            categories: b.data.categories.len(),
            subject: b.data.subject,
            preview_note: b.preview_note.clone(),
        }
    }
}
