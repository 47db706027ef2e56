//! Charts as PNG: the SVG of [`super::chart`] rendered with resvg, for the WeChat article
//! fragment (which takes only raster images) and for print.
//!
//! Text is drawn with a CJK font found once per build ([`Fonts::load`]): the one named in
//! `site.yaml` under `fonts: { cjk: … }`, or else the first installed of a list of known
//! Chinese fonts. Before anything is drawn, every character of every `<text>` in the SVG
//! is checked against that font and, failing that, against every other installed font (the
//! same fallback the renderer uses): a character that no font has fails the render with
//! its name and code point, so that a PNG never shows empty boxes (豆腐块).
//!
//! The font is chosen by this module, not by the SVG's `font-family` stack: a site's own
//! font wins over whatever the machine happens to have, and the check above is made
//! against the face that is really drawn. The chosen family is also set as `sans-serif`
//! and as the default family.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::i18n::Message;
use crate::msg;

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, FontResolver, fontdb};
use skrifa::MetadataProvider;

mod canvas;
mod draw;
mod glyphs;
mod raster;

pub use draw::{Direct, Draw, chart};
pub use glyphs::text_width;

/// Known Chinese fonts, best first: the Debian packages `fonts-noto-cjk` and
/// `fonts-wqy-microhei` / `fonts-wqy-zenhei` (Noto Sans CJK is also UOS's and Kylin's
/// system font, under /usr/share/fonts), Adobe's name for Noto CJK, Android's fallback,
/// the macOS fonts, then those of `C:\Windows\Fonts`: Microsoft YaHei (msyh.ttc),
/// DengXian (Deng.ttf, Windows 10 and later), SimHei (simhei.ttf) and, a serif last,
/// SimSun (simsun.ttc). fontdb reads each system's font folders (fontconfig's list on
/// Linux, `%SYSTEMROOT%\Fonts` and the user's fonts on Windows).
const PREFERRED: &[&str] = &[
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "DengXian",
    "SimHei",
    "SimSun",
];

/// Characters a face must have to count as a Chinese font.
const PROBE: [char; 2] = ['中', '文'];

/// Why a chart could not be drawn as PNG.
#[derive(Debug)]
pub enum FontError {
    /// The font named in `site.yaml` (`fonts.cjk`) cannot be read.
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The font named in `site.yaml` is not a TrueType / OpenType font or collection.
    NotAFont { path: PathBuf },
    /// The font named in `site.yaml` has no Chinese characters.
    NotCjk { path: PathBuf, family: String },
    /// No installed font has Chinese characters.
    NoCjkFont,
    /// Characters of the text that no installed font has: deduplicated, in order of first
    /// appearance. `family` is the chart font.
    Missing { family: String, chars: Vec<char> },
    /// The SVG cannot be parsed or the image cannot be made (a bug, not bad input).
    Render(String),
}

impl FontError {
    /// The error in the catalogues' words.
    pub fn message(&self) -> Message {
        #[cfg(windows)]
        let hint = || msg!("font-install-hint-windows");
        #[cfg(not(windows))]
        let hint = || msg!("font-install-hint");
        match self {
            FontError::Read { path, source } => msg!(
                "font-read",
                path = path,
                reason = crate::i18n::io_reason(source)
            ),
            FontError::NotAFont { path } => msg!("font-not-a-font", path = path),
            FontError::NotCjk { path, family } => {
                msg!("font-not-cjk", path = path, family = family)
            }
            FontError::NoCjkFont => msg!("font-none-cjk", hint = hint()),
            FontError::Missing { family, chars } => {
                let shown: String = chars.iter().take(MAX_SHOWN).collect();
                let codes: Vec<String> = chars
                    .iter()
                    .take(MAX_SHOWN)
                    .map(|c| format!("U+{:04X}", *c as u32))
                    .collect();
                let (shown, codes) = (shown, codes.join(" "));
                if chars.len() > MAX_SHOWN {
                    msg!(
                        "font-missing-more",
                        shown = shown,
                        codes = codes,
                        more = chars.len() - MAX_SHOWN,
                        family = family,
                        hint = hint()
                    )
                } else {
                    msg!(
                        "font-missing",
                        shown = shown,
                        codes = codes,
                        family = family,
                        hint = hint()
                    )
                }
            }
            FontError::Render(detail) => msg!("font-render", detail = detail),
        }
    }
}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.message().fmt(f)
    }
}

/// How many missing characters a message names before it says "and N more".
const MAX_SHOWN: usize = 20;

/// The I/O error of [`FontError::Read`] is part of its message, so not given as a source.
impl std::error::Error for FontError {}

/// The fonts for drawing charts: the installed fonts plus the site's own, and the chosen
/// Chinese family. Load once per build and share (it is `Send + Sync`); loading scans
/// every installed font.
pub struct Fonts {
    db: Arc<fontdb::Database>,
    family: String,
    /// The face of `family` drawn for normal text; the coverage check is made against it.
    face: fontdb::ID,
    /// Every face, in a fixed order (family, PostScript name, file, index), for fallback:
    /// the database's own order is that of the directory listing.
    fallback: Vec<fontdb::ID>,
    /// Which load this is: the glyph cache of [`glyphs`] belongs to one.
    build: u64,
}

impl fmt::Debug for Fonts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fonts")
            .field("family", &self.family)
            .field("faces", &self.db.len())
            .finish()
    }
}

impl Fonts {
    /// The installed fonts, plus `extra` (the site's `fonts.cjk`) when given. The chart
    /// family is `extra`'s if given, else the first installed of a list of known Chinese
    /// fonts, else any font with Chinese characters.
    pub fn load(extra: Option<&Path>) -> Result<Fonts, FontError> {
        let mut db = fontdb::Database::new();
        // The site's font goes in first, so it wins over an installed one of the same name.
        let extra_ids = match extra {
            Some(path) => {
                let data = std::fs::read(path).map_err(|source| FontError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                let ids = db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
                if ids.is_empty() {
                    return Err(FontError::NotAFont {
                        path: path.to_path_buf(),
                    });
                }
                ids.to_vec()
            }
            None => Vec::new(),
        };
        db.load_system_fonts();

        let (family, face) = match extra {
            Some(path) => {
                let id = pick_extra(&db, &extra_ids);
                let family = english_family(&db, id);
                if !PROBE.iter().all(|&c| has_char(&db, id, c)) {
                    return Err(FontError::NotCjk {
                        path: path.to_path_buf(),
                        family,
                    });
                }
                (family, id)
            }
            None => pick_installed(&db).ok_or(FontError::NoCjkFont)?,
        };
        let face = keep_in_memory(&mut db, face);
        db.set_sans_serif_family(family.clone());
        let fallback = fallback_order(&db);
        static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Fonts {
            db: Arc::new(db),
            family,
            face,
            fallback,
            build: BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        })
    }

    /// The chart font's family name, e.g. "Noto Sans CJK SC".
    pub fn family(&self) -> &str {
        &self.family
    }

    /// What a drawn chart depends on besides its SVG: the chart face and the set of
    /// fallback faces. Part of a chart's [`draw::identity`].
    pub fn identity(&self) -> String {
        let face = self
            .db
            .face(self.face)
            .map(|f| format!("{}#{}", f.post_script_name, f.index))
            .unwrap_or_default();
        format!("{}|{face}|{}", self.family, self.db.len())
    }

    /// Checks that every character of `text` can be drawn: by the chart font or, failing
    /// that, by another installed font. Whitespace, control characters and invisible
    /// format characters (joiners, variation selectors) need no glyph.
    pub fn check_coverage(&self, text: &str) -> Result<(), FontError> {
        let mut chars: Vec<char> = Vec::new();
        for c in text.chars() {
            if !needs_no_glyph(c) && !chars.contains(&c) {
                chars.push(c);
            }
        }
        let lacking = self
            .db
            .with_face_data(self.face, |data, index| {
                let font = skrifa::FontRef::from_index(data, index).ok();
                let charmap = font.as_ref().map(|f| f.charmap());
                chars
                    .iter()
                    .copied()
                    .filter(|&c| {
                        charmap
                            .as_ref()
                            .and_then(|m| m.map(c))
                            .is_none_or(|g| g.to_u32() == 0)
                    })
                    .collect::<Vec<char>>()
            })
            .unwrap_or_else(|| chars.clone());
        let mut missing: Vec<char> = Vec::new();
        for c in lacking {
            if !self.fallback.iter().any(|&id| has_char(&self.db, id, c)) {
                missing.push(c);
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(FontError::Missing {
                family: self.family.clone(),
                chars: missing,
            })
        }
    }

    /// Rendering options: this database (shared, not copied), the chart family first.
    fn options(&self) -> usvg::Options<'_> {
        usvg::Options {
            font_family: self.family.clone(),
            fontdb: Arc::clone(&self.db),
            font_resolver: FontResolver {
                select_font: Box::new(move |font, db| self.select_font(font, db)),
                select_fallback: Box::new(move |c, used, db| self.select_fallback(c, used, db)),
            },
            ..usvg::Options::default()
        }
    }

    /// The chart family in the weight and style asked for; the SVG's own stack only if it
    /// has none (it always has one: it was found in this database).
    fn select_font(&self, font: &usvg::Font, db: &mut Arc<fontdb::Database>) -> Option<fontdb::ID> {
        let mut families = vec![fontdb::Family::Name(&self.family)];
        for family in font.families() {
            families.push(match family {
                usvg::FontFamily::Serif => fontdb::Family::Serif,
                usvg::FontFamily::SansSerif => fontdb::Family::SansSerif,
                usvg::FontFamily::Cursive => fontdb::Family::Cursive,
                usvg::FontFamily::Fantasy => fontdb::Family::Fantasy,
                usvg::FontFamily::Monospace => fontdb::Family::Monospace,
                usvg::FontFamily::Named(name) => fontdb::Family::Name(name),
            });
        }
        let stretch = match font.stretch() {
            usvg::FontStretch::UltraCondensed => fontdb::Stretch::UltraCondensed,
            usvg::FontStretch::ExtraCondensed => fontdb::Stretch::ExtraCondensed,
            usvg::FontStretch::Condensed => fontdb::Stretch::Condensed,
            usvg::FontStretch::SemiCondensed => fontdb::Stretch::SemiCondensed,
            usvg::FontStretch::Normal => fontdb::Stretch::Normal,
            usvg::FontStretch::SemiExpanded => fontdb::Stretch::SemiExpanded,
            usvg::FontStretch::Expanded => fontdb::Stretch::Expanded,
            usvg::FontStretch::ExtraExpanded => fontdb::Stretch::ExtraExpanded,
            usvg::FontStretch::UltraExpanded => fontdb::Stretch::UltraExpanded,
        };
        let style = match font.style() {
            usvg::FontStyle::Normal => fontdb::Style::Normal,
            usvg::FontStyle::Italic => fontdb::Style::Italic,
            usvg::FontStyle::Oblique => fontdb::Style::Oblique,
        };
        db.query(&fontdb::Query {
            families: &families,
            weight: fontdb::Weight(font.weight()),
            stretch,
            style,
        })
    }

    /// The first face in [`Fonts::fallback`] order that has `c` and is not used yet,
    /// preferring one of the same style and weight: the order the coverage check assumes.
    fn select_fallback(
        &self,
        c: char,
        used: &[fontdb::ID],
        db: &mut Arc<fontdb::Database>,
    ) -> Option<fontdb::ID> {
        let base = used.first().and_then(|&id| db.face(id));
        let candidates = || {
            self.fallback
                .iter()
                .copied()
                .filter(|id| !used.contains(id))
        };
        let similar = candidates().find(|&id| {
            let face = db.face(id);
            let same = match (base, face) {
                (Some(b), Some(f)) => b.style == f.style && b.weight == f.weight,
                _ => false,
            };
            same && has_char(db, id, c)
        });
        similar.or_else(|| candidates().find(|&id| has_char(db, id, c)))
    }
}

/// Whitespace, controls and default-ignorable format characters: drawn as nothing.
fn needs_no_glyph(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E0FFF}')
}

fn has_char(db: &fontdb::Database, id: fontdb::ID, c: char) -> bool {
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index)
            .ok()
            .and_then(|font| font.charmap().map(c))
            .is_some_and(|g| g.to_u32() != 0)
    })
    .unwrap_or(false)
}

/// A face's English family name (the first one if it has none in English).
fn english_family(db: &fontdb::Database, id: fontdb::ID) -> String {
    db.face(id)
        .and_then(|face| {
            face.families
                .iter()
                .find(|f| f.1 == fontdb::Language::English_UnitedStates)
                .or(face.families.first())
        })
        .map(|f| f.0.clone())
        .unwrap_or_default()
}

/// Of the faces of the site's font (a collection holds several), the Simplified Chinese
/// one: a known family, else one named in Chinese (PRC), else one with Chinese
/// characters, else the first.
fn pick_extra(db: &fontdb::Database, ids: &[fontdb::ID]) -> fontdb::ID {
    let face = |id: &&fontdb::ID| db.face(**id);
    let regular = |id: &&fontdb::ID| {
        face(id).is_some_and(|f| f.style == fontdb::Style::Normal && f.weight.0 == 400)
    };
    let known = |id: &&fontdb::ID| {
        face(id).is_some_and(|f| f.families.iter().any(|n| PREFERRED.contains(&n.0.as_str())))
    };
    let prc = |id: &&fontdb::ID| {
        face(id).is_some_and(|f| {
            f.families
                .iter()
                .any(|n| n.1 == fontdb::Language::Chinese_PeoplesRepublicOfChina)
        })
    };
    let chinese = |id: &&fontdb::ID| PROBE.iter().all(|&c| has_char(db, **id, c));
    ids.iter()
        .find(|id| known(id) && regular(id))
        .or_else(|| ids.iter().find(known))
        .or_else(|| ids.iter().find(|id| prc(id) && chinese(id)))
        .or_else(|| ids.iter().find(chinese))
        .unwrap_or(&ids[0])
        .to_owned()
}

/// The first installed known Chinese family, else the first face (in a fixed order,
/// regular faces first) with Chinese characters; and the face drawn for normal text.
fn pick_installed(db: &fontdb::Database) -> Option<(String, fontdb::ID)> {
    for &name in PREFERRED {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(name)],
            ..fontdb::Query::default()
        };
        if let Some(id) = db.query(&query)
            && PROBE.iter().all(|&c| has_char(db, id, c))
        {
            return Some((name.to_string(), id));
        }
    }
    let mut order = fallback_order(db);
    // Stable: among regular faces, and then the rest, the fallback order stands.
    order.sort_by_key(|&id| {
        db.face(id)
            .is_none_or(|f| f.style != fontdb::Style::Normal || f.weight.0 != 400)
    });
    let id = order
        .into_iter()
        .find(|&id| PROBE.iter().all(|&c| has_char(db, id, c)))?;
    let family = english_family(db, id);
    // The face the renderer picks for this family at normal weight, if it is Chinese too.
    let query = fontdb::Query {
        families: &[fontdb::Family::Name(&family)],
        ..fontdb::Query::default()
    };
    let face = db
        .query(&query)
        .filter(|&q| PROBE.iter().all(|&c| has_char(db, q, c)))
        .unwrap_or(id);
    Some((family, face))
}

/// Reads the file of an installed face into memory, in place of mapping it: fontdb maps
/// the file anew each time a face is used, which made a chart take twice as long (and
/// the first one five times as long). Returns the face's new ID; on a read error the
/// face stays as it was.
fn keep_in_memory(db: &mut fontdb::Database, id: fontdb::ID) -> fontdb::ID {
    let Some((fontdb::Source::File(path), index)) = db.face_source(id) else {
        return id;
    };
    let Ok(data) = std::fs::read(&path) else {
        return id;
    };
    let old: Vec<fontdb::ID> = db
        .faces()
        .filter(|f| matches!(&f.source, fontdb::Source::File(p) if *p == path))
        .map(|f| f.id)
        .collect();
    let new = db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
    let Some(&kept) = new
        .iter()
        .find(|&&n| db.face(n).is_some_and(|f| f.index == index))
    else {
        for n in new {
            db.remove_face(n);
        }
        return id;
    };
    for o in old {
        db.remove_face(o);
    }
    kept
}

/// Every face, sorted by family, PostScript name, file and index.
fn fallback_order(db: &fontdb::Database) -> Vec<fontdb::ID> {
    let key = |face: &fontdb::FaceInfo| {
        let path = match &face.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(p.clone()),
            fontdb::Source::Binary(_) => None,
        };
        (
            face.families
                .first()
                .map(|f| f.0.clone())
                .unwrap_or_default(),
            face.post_script_name.clone(),
            path,
            face.index,
        )
    };
    let mut faces: Vec<(_, fontdb::ID)> = db.faces().map(|f| (key(f), f.id)).collect();
    faces.sort_by(|a, b| a.0.cmp(&b.0));
    faces.into_iter().map(|(_, id)| id).collect()
}

/// The text of every `<text>` element (with its `<tspan>`s and `<textPath>`s): what gets
/// drawn. `<title>` and `<desc>` are not drawn and not included.
fn drawn_text(svg: &str) -> Result<String, FontError> {
    let doc = usvg::roxmltree::Document::parse(svg)
        .map_err(|e| FontError::Render(format!("the SVG is not well-formed: {e}")))?;
    let mut text = String::new();
    for node in doc.descendants() {
        if node.is_element() && node.tag_name().name() == "text" {
            for t in node.descendants().filter(|n| n.is_text()) {
                text.push_str(t.text().unwrap_or_default());
                text.push(' ');
            }
        }
    }
    Ok(text)
}

/// The SVG drawn on white at `scale` × its size, before encoding.
fn render_pixmap(svg: &str, fonts: &Fonts, scale: f32) -> Result<Pixmap, FontError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(FontError::Render(format!("bad scale {scale}")));
    }
    fonts.check_coverage(&drawn_text(svg)?)?;
    draw(svg, fonts, scale)
}

/// [`render_pixmap`] without the coverage check.
fn draw(svg: &str, fonts: &Fonts, scale: f32) -> Result<Pixmap, FontError> {
    let tree = usvg::Tree::from_str(svg, &fonts.options())
        .map_err(|e| FontError::Render(format!("cannot parse the SVG: {e}")))?;
    let size = tree.size();
    let (width, height) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = Pixmap::new(width, height).ok_or_else(|| {
        FontError::Render(format!("cannot make an image of {width} × {height} pixels"))
    })?;
    pixmap.fill(Color::WHITE);
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The SVG as a PNG on a white background, `scale` × its size (2.0 for phones). Fails,
/// drawing nothing, if a character of its text is in no installed font. The same input
/// gives the same bytes.
///
/// The charts of [`super::chart`] are drawn directly ([`raster`]) into an indexed PNG;
/// an SVG holding anything else is rendered with resvg.
pub fn svg_to_png(svg: &str, fonts: &Fonts, scale: f32) -> Result<Vec<u8>, FontError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(FontError::Render(format!("bad scale {scale}")));
    }
    match raster::draw_png(svg, fonts, scale)? {
        raster::Drawn::Png(bytes) => Ok(bytes),
        raster::Drawn::Unsupported => svg_to_png_resvg(svg, fonts, scale),
    }
}

/// [`svg_to_png`] through resvg, for any SVG: the reference the direct path is tested
/// against.
pub fn svg_to_png_resvg(svg: &str, fonts: &Fonts, scale: f32) -> Result<Vec<u8>, FontError> {
    encode_rgb(&render_pixmap(svg, fonts, scale)?)
}

/// Encode an opaque pixmap as an RGB PNG with fdeflate's fast mode: tiny-skia's own
/// `encode_png` (RGBA, miniz) spent more time compressing than drawing.
fn encode_rgb(pixmap: &Pixmap) -> Result<Vec<u8>, FontError> {
    let err = |e: png::EncodingError| FontError::Render(format!("cannot encode the PNG: {e}"));
    // The background is opaque white, so premultiplied colour is the colour.
    let rgb: Vec<u8> = pixmap
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&rgb).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    /// The installed fonts, loaded once for all tests; `None` (with the reason printed)
    /// where there is no CJK font and this is not CI. On CI a missing font fails.
    pub(crate) fn fonts() -> Option<&'static Fonts> {
        static FONTS: OnceLock<Result<Fonts, String>> = OnceLock::new();
        match FONTS.get_or_init(|| Fonts::load(None).map_err(|e| e.to_string())) {
            Ok(fonts) => Some(fonts),
            Err(e) if std::env::var_os("CI").is_some() => panic!("on CI: {e}"),
            Err(e) => {
                eprintln!("skipped: {e}");
                None
            }
        }
    }

    fn text_svg(text: &str, size: u32) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\"><title>标题不画</title>\
             <text x=\"0\" y=\"{y}\" font-size=\"{size}\" font-family=\"PingFang SC, sans-serif\">{text}</text></svg>",
            w = size * text.chars().count() as u32,
            h = size,
            y = size * 88 / 100,
        )
    }

    fn dark_share(pixmap: &Pixmap) -> f64 {
        let dark = pixmap
            .pixels()
            .iter()
            .filter(|p| u32::from(p.red()) + u32::from(p.green()) + u32::from(p.blue()) < 384)
            .count();
        dark as f64 / pixmap.pixels().len() as f64
    }

    #[test]
    fn fonts_are_shared_across_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Fonts>();
        send_sync::<FontError>();
    }

    #[test]
    fn a_chart_becomes_a_png_of_twice_its_size() {
        let Some(fonts) = fonts() else { return };
        assert!(!fonts.family().is_empty());
        let svg = crate::render::chart::ranking_bars(
            &[
                crate::render::chart::Bar {
                    label: "高新产业园",
                    value: 92.88,
                    value_text: "92.88",
                    strong: true,
                },
                crate::render::chart::Bar {
                    label: "临港物流园",
                    value: 88.5,
                    value_text: "88.50",
                    strong: false,
                },
            ],
            "园区类总分",
            100.0,
        );
        let png = svg_to_png(&svg, fonts, 2.0).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
        // 360 × 114 (with the note that the axis starts at 80), at twice its size.
        assert_eq!((width, height), (720, 228));
        assert!(png.len() < 1 << 20, "{} bytes", png.len());
    }

    #[test]
    fn chinese_glyphs_are_drawn() {
        let Some(fonts) = fonts() else { return };
        let zhong = render_pixmap(&text_svg("中", 100), fonts, 1.0).unwrap();
        let share = dark_share(&zhong);
        // 中 in a sans face covers about a fifth of its em square.
        assert!((0.1..0.5).contains(&share), "dark share {share}");
        // The vertical stroke of 中 runs down the middle; the box drawn for a missing
        // glyph (as dark as 中 in Noto) is hollow there.
        let middle_column_dark = (20..80)
            .filter(|&y| zhong.pixel(50, y).is_some_and(|p| p.red() < 128))
            .count();
        assert!(middle_column_dark > 50, "{middle_column_dark} of 60");
        let wen = render_pixmap(&text_svg("文", 100), fonts, 1.0).unwrap();
        let tofu = draw(&text_svg("\u{10FFFD}", 100), fonts, 1.0).unwrap();
        assert!(zhong.data() != wen.data() && zhong.data() != tofu.data());
        // Text in a <title> is not drawn.
        let blank = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\"><title>中</title></svg>";
        let pixmap = render_pixmap(blank, fonts, 1.0).unwrap();
        assert_eq!(dark_share(&pixmap), 0.0);
        assert!(
            pixmap
                .pixels()
                .iter()
                .all(|p| p.red() == 255 && p.alpha() == 255)
        );
    }

    #[test]
    fn a_character_no_font_has_is_named() {
        let Some(fonts) = fonts() else { return };
        // Private use characters of planes 15 and 16: in no usual font.
        let svg = text_svg("绩效\u{FFFFD}考核\u{10FFFD}\u{FFFFD}", 20);
        let err = svg_to_png(&svg, fonts, 2.0).unwrap_err();
        match &err {
            FontError::Missing { family, chars } => {
                assert_eq!(family, fonts.family());
                assert_eq!(chars, &['\u{FFFFD}', '\u{10FFFD}']);
            }
            other => panic!("{other:?}"),
        }
        let message = err.to_string();
        assert!(message.contains("U+FFFFD U+10FFFD"), "{message}");
        assert!(message.contains("fonts-noto-cjk"), "{message}");
        assert!(message.contains("fonts: { cjk:"), "{message}");
        // Whitespace and a variation selector need no glyph.
        fonts
            .check_coverage("绩效 考核\u{3000}\n\u{FE0F}排名")
            .unwrap();
    }

    #[test]
    fn the_same_chart_gives_the_same_bytes() {
        let Some(fonts) = fonts() else { return };
        let svg = text_svg("绩效考核排名通报 2025", 24);
        let a = svg_to_png(&svg, fonts, 2.0).unwrap();
        let b = std::thread::spawn(move || svg_to_png(&svg, fonts, 2.0).unwrap())
            .join()
            .unwrap();
        assert!(a == b);
    }

    #[test]
    fn a_site_font_that_cannot_be_read_is_an_error() {
        let err = Fonts::load(Some(Path::new("/nonexistent/font.ttc"))).unwrap_err();
        assert!(matches!(err, FontError::Read { .. }), "{err:?}");
        assert!(err.to_string().contains("/nonexistent/font.ttc"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("font.ttf");
        std::fs::write(&path, b"not a font").unwrap();
        let err = Fonts::load(Some(&path)).unwrap_err();
        assert!(matches!(err, FontError::NotAFont { .. }), "{err:?}");
    }

    #[test]
    fn a_site_font_is_preferred() {
        let Some(fonts) = fonts() else { return };
        // Noto Serif CJK, where installed: not the first choice among installed fonts.
        let path = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        if !path.is_file() {
            eprintln!("skipped: no {}", path.display());
            return;
        }
        let site = Fonts::load(Some(path)).unwrap();
        assert_eq!(site.family(), "Noto Serif CJK SC");
        assert_ne!(fonts.family(), site.family());
        let svg = text_svg("绩效考核", 40);
        assert_ne!(
            svg_to_png(&svg, fonts, 1.0).unwrap(),
            svg_to_png(&svg, &site, 1.0).unwrap()
        );
    }

    #[test]
    fn a_character_the_chart_font_lacks_comes_from_another_font() {
        let Some(fonts) = fonts() else { return };
        // Georgian ა: in DejaVu Sans, not in Noto Sans CJK.
        let c = '\u{10D0}';
        let in_chart_font = has_char(&fonts.db, fonts.face, c);
        let elsewhere = fonts.fallback.iter().any(|&id| has_char(&fonts.db, id, c));
        if in_chart_font || !elsewhere {
            eprintln!("skipped: no installed font to fall back to for {c}");
            return;
        }
        fonts.check_coverage("中文ა").unwrap();
        let pixmap = render_pixmap(&text_svg("ა", 100), fonts, 1.0).unwrap();
        assert!(dark_share(&pixmap) > 0.02, "{}", dark_share(&pixmap));
    }

    /// Timings, in release mode: `cargo test --release --lib png::tests::timings --
    /// --ignored --nocapture`.
    #[test]
    #[ignore]
    fn timings() {
        use std::time::Instant;
        let t = Instant::now();
        let fonts = Fonts::load(None).unwrap();
        let first_load = t.elapsed();
        let t = Instant::now();
        for _ in 0..5 {
            Fonts::load(None).unwrap();
        }
        println!(
            "Fonts::load(None): first {first_load:?}, then mean of 5 {:?}",
            t.elapsed() / 5
        );
        println!("{} faces, family {}", fonts.db.len(), fonts.family());
        let names = [
            "高新产业园",
            "临港物流园",
            "经济技术开发区",
            "生态农业示范园",
            "文化创意产业园",
            "综合保税区",
            "软件和信息服务园",
            "现代服务业集聚区",
            "智能制造产业园",
            "新材料产业园",
        ];
        let texts: Vec<String> = (0..names.len())
            .map(|i| format!("{:.2}", 95.5 - i as f64 * 1.37))
            .collect();
        let bars: Vec<crate::render::chart::Bar> = names
            .iter()
            .zip(&texts)
            .enumerate()
            .map(|(i, (name, text))| crate::render::chart::Bar {
                label: name,
                value: text.parse().unwrap(),
                value_text: text,
                strong: i < 3,
            })
            .collect();
        let svg = crate::render::chart::ranking_bars(&bars, "园区类总分", 100.0);
        let t = Instant::now();
        let png = svg_to_png(&svg, &fonts, 2.0).unwrap();
        println!("first render: {:?}, {} bytes", t.elapsed(), png.len());
        let n = 20;
        let t = Instant::now();
        for _ in 0..n {
            svg_to_png(&svg, &fonts, 2.0).unwrap();
        }
        println!("render (mean of {n}): {:?}", t.elapsed() / n);
        let t = Instant::now();
        for _ in 0..n {
            fonts.check_coverage(&drawn_text(&svg).unwrap()).unwrap();
        }
        println!("coverage check alone (mean of {n}): {:?}", t.elapsed() / n);
        std::fs::write(std::env::temp_dir().join("bulletin-ranking.png"), &png).unwrap();
    }
}
