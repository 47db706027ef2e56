//! One bulletin's pages: the web page, the notice-board print, the WeChat article, the
//! lobby screen and the open data, from the theme, the site view and the ranked bulletin.
//! It also hands back the bulletin's [`Digest`]: the light part that site-wide pages
//! (home, archive, units, honour roll, search, feed, sitemap) are made of.

use super::gongwen::{self, DocumentView};
use super::people::{self, RollSection};
use super::search::{self, PersonSeen};
use super::views::{self, SiteView, Summary, UnitRecord};
use super::{Theme, data, docx, png, qr, render_value, screen, wechat, with_bulletin};
use crate::diag::Diagnostics;
use crate::model::Bulletin;
use crate::output::{Body, Page};
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
}

/// What every bulletin's rendering shares.
pub struct Shared<'a> {
    pub theme: &'a Theme,
    pub site: &'a SiteView,
    /// Fonts for the PNG charts and WeChat covers; `None` when the site has no bulletin.
    pub fonts: Option<&'a std::sync::Arc<png::Fonts>>,
    /// Who draws the PNGs ([`png::Direct`], or a store of charts drawn before).
    pub draw: &'a std::sync::Arc<dyn png::Draw>,
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
        cx.theme, cx.site, &view, &shared, cx.fonts, cx.draw,
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
            body: published(asset),
        });
    }
    Ok((pages, digest(b, r)))
}

/// What a bulletin contributes to the site-wide pages, without rendering its own pages
/// (for a bulletin whose pages are reused).
pub fn digest(b: &Bulletin, r: &Results) -> Digest {
    let photos = b
        .stories
        .iter()
        .filter_map(|s| {
            // Read when written (or served), not while every digest of the site is held: a
            // site of a thousand portraits never holds them all at once.
            s.photo.as_ref().map(|photo| Page {
                path: format!("models/{}/{}", s.slug, photo.name),
                body: published(photo),
            })
        })
        .collect();
    let summary = Summary::new(b);
    // Not `.into_iter().map(Arc::new).collect()`: that collects in place, and the vector
    // of pointers would keep the records' buffer (hundreds of bytes a slot, half of them
    // spare) for as long as the digest lives, which is the whole build: 49 MB of a
    // 2,000-bulletin build's 258 MB heap (heaptrack).
    let records = views::unit_records(b, r);
    let mut units = Vec::with_capacity(records.len());
    units.extend(records.into_iter().map(std::sync::Arc::new));
    Digest {
        units,
        roll: people::roll_section(b, r, &summary),
        people: search::people_seen(b),
        photos,
        html: vec![format!("{}/index.html", b.path)],
        summary,
    }
}

/// A published file of `content/`, made when the output asks for it: read again and
/// stripped of its metadata ([`crate::media`]).
fn published(asset: &crate::model::Asset) -> Body {
    let identity = crate::hash::Hasher::new()
        .add_str("published")
        .add_str(&asset.name)
        .add_u128(asset.hash)
        .finish();
    let asset = asset.clone();
    Body::Later(crate::output::Later::content(identity, move || {
        stripped(&asset)
    }))
}

/// The bytes of a published file, read again and stripped of its metadata. They must be
/// the bytes loading read (and hashed into the page's key), or the pages would be kept
/// under a key that is not theirs.
pub fn stripped(asset: &crate::model::Asset) -> Result<Vec<u8>, Diagnostics> {
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
    Ok(out)
}
