//! Glyphs for the direct raster path ([`super::raster`]): which face draws a character,
//! its advance, and its coverage mask at a pixel size, each worked out once.
//!
//! Outlines come from skrifa (already used for the coverage check) and are filled with
//! tiny-skia's anti-aliasing rasteriser, the one resvg uses, so a glyph here has the same
//! pixels as in the resvg rendering of the same SVG. No hinting, as in resvg. A glyph is
//! rasterised at four horizontal and four vertical sub-pixel offsets at most, so text
//! keeps the fractional positions resvg gives it.
//!
//! The cache is per thread (a rayon worker draws many charts in a row): no lock is taken
//! while drawing, and each glyph is rasterised once per worker thread and build. It is
//! tied to one [`Fonts`] (by its build number) and emptied when another is used.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use resvg::tiny_skia::{FillRule, Mask, PathBuilder, Transform};
use resvg::usvg::fontdb;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{GlyphId, MetadataProvider};

use super::Fonts;

/// How a character is drawn: by which face, which glyph, and how far it moves the pen
/// (in em).
#[derive(Clone, Copy, Debug)]
pub(super) struct CharInfo {
    pub face: fontdb::ID,
    pub glyph: u32,
    pub advance: f32,
}

/// A glyph's coverage at one size and sub-pixel offset: `width × height` bytes, placed
/// with its top left corner at (`left`, `top`) from the pen's whole pixel.
#[derive(Debug)]
pub(super) struct Glyph {
    pub left: i32,
    pub top: i32,
    pub width: usize,
    pub height: usize,
    pub coverage: Vec<u8>,
}

/// Sub-pixel steps per pixel.
pub(super) const SUBPIXELS: f32 = 4.0;

#[derive(Hash, PartialEq, Eq)]
struct GlyphKey {
    face: fontdb::ID,
    glyph: u32,
    size: u32,
    sub_x: u8,
    sub_y: u8,
}

#[derive(Default)]
struct Cache {
    build: u64,
    chars: HashMap<char, Option<CharInfo>>,
    glyphs: HashMap<GlyphKey, Rc<Glyph>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

fn with_cache<T>(fonts: &Fonts, f: impl FnOnce(&mut Cache) -> T) -> T {
    CACHE.with(|cell| {
        let mut cache = cell.borrow_mut();
        if cache.build != fonts.build {
            *cache = Cache {
                build: fonts.build,
                ..Cache::default()
            };
        }
        f(&mut cache)
    })
}

/// The width of `text` at `size` units as the direct raster path lays it out (a character
/// that no font has counts as a full em): for fitting lines of the WeChat cover.
pub fn text_width(fonts: &Fonts, text: &str, size: f32) -> f32 {
    text.chars()
        .filter(|&c| !super::needs_no_glyph(c) || c == ' ')
        .map(|c| match char_info(fonts, c) {
            Some(info) => info.advance * size,
            None if c == ' ' => size / 4.0,
            None => size,
        })
        .sum()
}

/// The face, glyph and advance of `c`: from the chart face, else from the first face of
/// the fallback order that has it (one of the chart face's style and weight first), as
/// resvg picks it. `None` if no installed font has it.
pub(super) fn char_info(fonts: &Fonts, c: char) -> Option<CharInfo> {
    with_cache(fonts, |cache| {
        *cache.chars.entry(c).or_insert_with(|| lookup(fonts, c))
    })
}

fn lookup(fonts: &Fonts, c: char) -> Option<CharInfo> {
    if let Some(info) = in_face(fonts, fonts.face, c) {
        return Some(info);
    }
    let base = fonts.db.face(fonts.face);
    let same = |id: fontdb::ID| match (base, fonts.db.face(id)) {
        (Some(b), Some(f)) => b.style == f.style && b.weight == f.weight,
        _ => false,
    };
    let others = || {
        fonts
            .fallback
            .iter()
            .copied()
            .filter(|&id| id != fonts.face)
    };
    others()
        .filter(|&id| same(id))
        .find_map(|id| in_face(fonts, id, c))
        .or_else(|| others().find_map(|id| in_face(fonts, id, c)))
}

fn in_face(fonts: &Fonts, face: fontdb::ID, c: char) -> Option<CharInfo> {
    fonts
        .db
        .with_face_data(face, |data, index| {
            let font = skrifa::FontRef::from_index(data, index).ok()?;
            let glyph = font.charmap().map(c).filter(|g| g.to_u32() != 0)?;
            let upem = font
                .metrics(Size::unscaled(), LocationRef::default())
                .units_per_em;
            let advance = font
                .glyph_metrics(Size::unscaled(), LocationRef::default())
                .advance_width(glyph)?;
            Some(CharInfo {
                face,
                glyph: glyph.to_u32(),
                advance: advance / f32::from(upem.max(1)),
            })
        })
        .flatten()
}

/// The coverage of `info`'s glyph at `size` pixels per em, its origin moved right and
/// down by `sub_x` and `sub_y` sub-pixel steps. `None` if the face cannot be read.
pub(super) fn glyph(
    fonts: &Fonts,
    info: CharInfo,
    size: f32,
    sub_x: u8,
    sub_y: u8,
) -> Option<Rc<Glyph>> {
    let key = GlyphKey {
        face: info.face,
        glyph: info.glyph,
        size: size.to_bits(),
        sub_x,
        sub_y,
    };
    if let Some(g) = with_cache(fonts, |cache| cache.glyphs.get(&key).cloned()) {
        return Some(g);
    }
    let offset = (f32::from(sub_x) / SUBPIXELS, f32::from(sub_y) / SUBPIXELS);
    let drawn = Rc::new(rasterise(fonts, info, size, offset)?);
    with_cache(fonts, |cache| cache.glyphs.insert(key, Rc::clone(&drawn)));
    Some(drawn)
}

/// Builds a tiny-skia path from an outline, y pointing down, moved by `offset`.
struct Pen {
    path: PathBuilder,
    offset: (f32, f32),
}

impl Pen {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (x + self.offset.0, -y + self.offset.1)
    }
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        let (cx0, cy0) = self.at(cx0, cy0);
        let (x, y) = self.at(x, y);
        self.path.quad_to(cx0, cy0, x, y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (cx0, cy0) = self.at(cx0, cy0);
        let (cx1, cy1) = self.at(cx1, cy1);
        let (x, y) = self.at(x, y);
        self.path.cubic_to(cx0, cy0, cx1, cy1, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

fn rasterise(fonts: &Fonts, info: CharInfo, size: f32, offset: (f32, f32)) -> Option<Glyph> {
    let path = fonts.db.with_face_data(info.face, |data, index| {
        let font = skrifa::FontRef::from_index(data, index).ok()?;
        let outline = font.outline_glyphs().get(GlyphId::new(info.glyph))?;
        let mut pen = Pen {
            path: PathBuilder::new(),
            offset,
        };
        outline
            .draw(
                DrawSettings::unhinted(Size::new(size), LocationRef::default()),
                &mut pen,
            )
            .ok()?;
        Some(pen.path.finish())
    });
    // The face cannot be read or has no such glyph: nothing to draw with.
    let path = path.flatten()?;
    let empty = Glyph {
        left: 0,
        top: 0,
        width: 0,
        height: 0,
        coverage: Vec::new(),
    };
    // A glyph with no outline (a space) draws nothing.
    let Some(path) = path else {
        return Some(empty);
    };
    let bounds = path.bounds();
    let left = bounds.left().floor() as i32;
    let top = bounds.top().floor() as i32;
    let width = (bounds.right().ceil() as i32 - left).max(1) as u32;
    let height = (bounds.bottom().ceil() as i32 - top).max(1) as u32;
    let Some(mut mask) = Mask::new(width, height) else {
        return Some(empty);
    };
    mask.fill_path(
        &path,
        FillRule::Winding,
        true,
        Transform::from_translate(-left as f32, -top as f32),
    );
    Some(Glyph {
        left,
        top,
        width: width as usize,
        height: height as usize,
        // Rounded to the 16 levels the canvas blends with.
        coverage: mask
            .data()
            .iter()
            .map(|&a| ((u32::from(a) + 8) / 17 * 17) as u8)
            .collect(),
    })
}
