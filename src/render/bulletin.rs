//! One bulletin's pages: the web page, the notice-board print, the WeChat article, the
//! lobby screen and the open data, from the theme, the site view and the ranked bulletin.
//! It also hands back the bulletin's [`Digest`]: the light part that site-wide pages
//! (home, archive, units, honour roll, search, feed, sitemap) are made of.

use super::gongwen::{self, DocumentView};
use super::people::{self, RollSection};
use super::search::{self, PersonSeen};
use super::views::{self, SiteView, Summary, UnitRecord};
use super::{Body, Page, Theme, data, docx, png, qr, render_value, screen, wechat, with_bulletin};
use crate::diag::Diagnostics;
use crate::model::Bulletin;
use crate::rank::Results;

/// What a bulletin contributes to the site-wide pages.
#[derive(Debug, Clone)]
pub struct Digest {
    pub summary: Summary,
    /// Its rows, for the history pages of its units (unit bulletins), shared with them.
    pub units: Vec<std::sync::Arc<UnitRecord>>,
    /// Its section of the honour roll (people bulletins with exemplars).
    pub roll: Option<RollSection>,
    /// Its people, for the search index (people bulletins).
    pub people: Vec<PersonSeen>,
    /// Photos of its announcements, copied to `/models/<slug>/`.
    pub photos: Vec<Page>,
    /// Its pages that the sitemap lists.
    pub html: Vec<String>,
    /// Hashes of each of the above, for the keys of the site-wide pages ([`Digest::seal`]).
    pub keys: DigestKeys,
}

/// Hashes of what a digest gives the site-wide pages, made once with the digest: the key
/// of the archive is made of 2,000 of these, not of 2,000 summaries serialised again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DigestKeys {
    pub summary: u128,
    pub roll: u128,
    pub people: u128,
    pub html: u128,
}

impl Digest {
    /// Its [`DigestKeys`], from what it holds now.
    pub fn seal(&mut self) {
        fn key(value: &impl serde::Serialize) -> u128 {
            crate::cache::KeyBuilder::default().add_json(value).finish()
        }
        self.keys = DigestKeys {
            summary: key(&self.summary),
            roll: key(&self.roll),
            people: key(&self.people),
            html: key(&self.html),
        };
    }
}

/// What every bulletin's rendering shares.
pub struct Shared<'a> {
    pub theme: &'a Theme,
    pub site: &'a SiteView,
    /// Fonts for the PNG charts and WeChat covers; `None` when the site has no bulletin.
    pub fonts: Option<&'a std::sync::Arc<png::Fonts>>,
    pub cache: &'a png::ChartCache,
}

/// The pages of one ranked bulletin, and its digest. `previous` is the summary of the
/// previous bulletin of its series.
pub fn render(
    cx: &Shared,
    b: &Bulletin,
    r: &Results,
    previous: Option<&Summary>,
) -> Result<(Vec<Page>, Digest), Diagnostics> {
    let mut view = views::bulletin_view(b, r, previous);
    if let Some(n) = &mut view.summary.notice {
        n.with_site_contact(cx.site);
    }
    view.qr = Some(qr::view(&cx.site.base_url, &b.path)?);
    let at = |name: &str| format!("{}/{name}", b.path);
    let text = |name: &str, body: String| Page {
        path: at(name),
        body: Body::Text(body),
    };
    let mut pages = vec![
        text("results.json", data::json(&view)),
        text("results.csv", data::csv(&view)),
    ];
    // The view becomes a template value once, shared by reference by the five templates.
    let shared = tera::Value::from_serializable(&view);
    let page = |template: &str, name: &str, value: tera::Value| -> Result<Page, Diagnostics> {
        Ok(text(
            name,
            render_value(cx.theme, cx.site, template, &at(name), value)?,
        ))
    };
    let document = b
        .document
        .as_ref()
        .map(|d| DocumentView::new(d, &cx.site.issuer));
    let parts = gongwen::parts(&view);
    pages.push(match &document {
        // The 公文 layout (GB/T 9704) when the bulletin has document fields.
        Some(d) => page(
            "gongwen.html",
            "print.html",
            with_bulletin(
                &shared,
                vec![
                    ("document", tera::Value::from_serializable(d)),
                    ("parts", tera::Value::from_serializable(&parts)),
                    ("lead", tera::Value::from(gongwen::lead(&view))),
                    // The headings of what follows the tables: 七、绩效标兵名单,
                    // 八、加分明细, 九、扣分明细.
                    (
                        "more",
                        tera::Value::from_serializable(
                            &(1..=3)
                                .map(|k| gongwen::numeral(view.categories.len() + k))
                                .collect::<Vec<_>>(),
                        ),
                    ),
                ],
            ),
        )?,
        None => page("print.html", "print.html", shared.clone())?,
    });
    pages.push(Page {
        path: at("notice.docx"),
        body: Body::Bytes(docx::notice(cx.site, &view, document.as_ref(), &parts)?),
    });
    pages.extend(wechat::pages(
        cx.theme, cx.site, &view, &shared, cx.fonts, cx.cache,
    )?);
    let slides = with_bulletin(
        &shared,
        vec![(
            "slides",
            tera::Value::from_serializable(&screen::slides(&view)),
        )],
    );
    pages.push(page("screen.html", "screen.html", slides)?);
    pages.push(page("bulletin.html", "index.html", shared)?);
    for asset in &b.assets {
        pages.push(Page {
            path: at(&asset.name),
            body: Body::Bytes(published(asset, &at(&asset.name))?),
        });
    }
    Ok((pages, digest(b, r)))
}

/// What a bulletin contributes to the site-wide pages, without rendering its own pages
/// (for a bulletin whose pages come from the cache).
pub fn digest(b: &Bulletin, r: &Results) -> Digest {
    let photos = b
        .stories
        .iter()
        .filter_map(|s| {
            s.photo.as_ref().map(|photo| {
                let asset = photo.clone();
                // Read when written (or served), not while every digest of the site is
                // held: a site of a thousand portraits never holds them all at once.
                let identity = crate::cache::KeyBuilder::default()
                    .add_str("photo")
                    .add_str(&photo.name)
                    .add(&photo.hash.to_le_bytes())
                    .finish();
                let path = format!("models/{}/{}", s.slug, photo.name);
                let at = path.clone();
                Page {
                    path,
                    body: Body::Later(super::later::Later::new(identity, move || {
                        published(&asset, &at)
                    })),
                }
            })
        })
        .collect();
    let summary = Summary::new(b);
    Digest {
        units: views::unit_records(b, r)
            .into_iter()
            .map(std::sync::Arc::new)
            .collect(),
        roll: people::roll_section(b, r, &summary),
        people: search::people_seen(b),
        photos,
        html: vec![format!("{}/index.html", b.path)],
        summary,
        keys: DigestKeys::default(),
    }
}

/// The bytes of a published file: read again and stripped of its metadata
/// ([`crate::media`]). They must be the bytes loading read (and hashed into the page's
/// key), or the pages would be kept under a key that is not theirs.
///
/// What comes out passes the output gate's check of a published file (no metadata left,
/// no number in it or its name) before anyone gets it.
pub fn published(asset: &crate::model::Asset, at: &str) -> Result<Vec<u8>, Diagnostics> {
    let bytes = std::fs::read(&asset.path).map_err(|e| {
        Diagnostics::from(
            crate::diag::Diagnostic::error(crate::msg!(
                "cannot-read",
                file = &asset.shown,
                reason = crate::i18n::io_reason(&e)
            ))
            .hint(crate::msg!("media-changed-help")),
        )
    })?;
    let changed = || {
        Diagnostics::from(
            crate::diag::Diagnostic::error(crate::msg!("media-changed", file = &asset.shown))
                .hint(crate::msg!("media-changed-help")),
        )
    };
    if xxhash_rust::xxh3::xxh3_128(&bytes) != asset.hash {
        return Err(changed());
    }
    let out = match crate::media::strip(&asset.name, &bytes) {
        Ok(Some(stripped)) if stripped.removed.is_empty() => bytes,
        Ok(Some(stripped)) => stripped.bytes.into_owned(),
        Ok(None) => bytes,
        // Loading accepted these very bytes.
        Err(_) => return Err(changed()),
    };
    crate::gate::published_file(at, &out)?;
    Ok(out)
}
