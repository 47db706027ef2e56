//! The pixel buffer of the direct raster path: an indexed image drawn into palette
//! indices from the start, filled boxes, a small anti-aliased stroker and distance
//! fields for circles, and the palette PNG encoder.

use std::collections::HashMap;

use super::FontError;
use super::glyphs;

pub(super) type Rgb = [u8; 3];

/// An indexed image: one palette index per pixel, the palette in order of first use.
pub(super) struct Canvas {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    pub palette: Vec<Rgb>,
    indices: HashMap<Rgb, u8>,
    /// The colour of `blends`: what each (palette index, level) becomes under it.
    blend_colour: Option<Rgb>,
    blends: Vec<[u16; 16]>,
    /// Nothing drawn yet: every pixel is index 0, white.
    fresh: bool,
}

const UNKNOWN: u16 = u16::MAX;

thread_local! {
    /// The pixel buffer of the canvas this thread dropped last, for the next one.
    static SPARE: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

impl Drop for Canvas {
    fn drop(&mut self) {
        let pixels = std::mem::take(&mut self.pixels);
        SPARE.with(|spare| spare.set(pixels));
    }
}

/// More than 256 colours.
pub(super) struct Overflow;

impl Canvas {
    pub(super) fn new(width: usize, height: usize) -> Canvas {
        // The pixels of this thread's last canvas, cleared: a chart is a few megabytes, and
        // a new allocation of them each time had the kernel zero fresh pages (7% of a
        // first build).
        let mut pixels = SPARE.with(|spare| spare.take());
        pixels.clear();
        pixels.resize(width * height, 0);
        let mut canvas = Canvas {
            width,
            height,
            pixels,
            palette: Vec::new(),
            indices: HashMap::new(),
            blend_colour: None,
            blends: vec![[UNKNOWN; 16]; 256],
            fresh: true,
        };
        // Index 0 is the white background.
        let _ = canvas.index([255, 255, 255]);
        canvas
    }

    pub(super) fn index(&mut self, c: Rgb) -> Result<u8, Overflow> {
        if let Some(&i) = self.indices.get(&c) {
            return Ok(i);
        }
        if self.palette.len() == 256 {
            return Err(Overflow);
        }
        let i = self.palette.len() as u8;
        self.palette.push(c);
        self.indices.insert(c, i);
        Ok(i)
    }

    /// `colour` at `alpha` (already rounded to a level) over the pixel at `at`.
    pub(super) fn blend(&mut self, at: usize, colour: Rgb, alpha: u8) -> Result<(), Overflow> {
        if alpha == 0 {
            return Ok(());
        }
        self.blend_with(colour);
        let dst = self.pixels[at];
        let level = usize::from(alpha / 17);
        let known = self.blends[usize::from(dst)][level];
        if known != UNKNOWN {
            self.pixels[at] = known as u8;
            return Ok(());
        }
        let d = self.palette[usize::from(dst)];
        let a = u32::from(alpha);
        let mix = |s: u8, d: u8| ((u32::from(s) * a + u32::from(d) * (255 - a) + 127) / 255) as u8;
        let i = self.index([
            mix(colour[0], d[0]),
            mix(colour[1], d[1]),
            mix(colour[2], d[2]),
        ])?;
        self.blends[usize::from(dst)][level] = u16::from(i);
        self.pixels[at] = i;
        Ok(())
    }

    /// Make `colour` the colour of the blend table.
    pub(super) fn blend_with(&mut self, colour: Rgb) {
        self.fresh = false;
        if self.blend_colour != Some(colour) {
            self.blend_colour = Some(colour);
            self.blends.fill([UNKNOWN; 16]);
        }
    }

    /// Blend a glyph's coverage in `colour` (index `full`, the blend table's colour) with
    /// its top left corner at (x, y), clipped to the canvas.
    pub(super) fn blit(
        &mut self,
        g: &glyphs::Glyph,
        x: i32,
        y: i32,
        colour: Rgb,
        full: u8,
    ) -> Result<(), Overflow> {
        let (w, h) = (self.width as i32, self.height as i32);
        let (c0, c1) = ((-x).max(0), (w - x).min(g.width as i32));
        let (r0, r1) = ((-y).max(0), (h - y).min(g.height as i32));
        if c0 >= c1 {
            return Ok(());
        }
        for row in r0..r1 {
            let from = row as usize * g.width;
            let cov = &g.coverage[from + c0 as usize..from + c1 as usize];
            let start = (y + row) as usize * self.width + (x + c0) as usize;
            for (k, &a) in cov.iter().enumerate() {
                match a {
                    0 => {}
                    255 => self.pixels[start + k] = full,
                    _ => {
                        let dst = self.pixels[start + k];
                        let known = self.blends[usize::from(dst)][usize::from(a / 17)];
                        if known != UNKNOWN {
                            self.pixels[start + k] = known as u8;
                        } else {
                            self.blend(start + k, colour, a)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// Fill the box from (x0, y0) to (x1, y1) in pixels: whole pixels when `crisp` (edges
    /// rounded), else with the covered share of each edge pixel.
    pub(super) fn fill_box(
        &mut self,
        b: [f32; 4],
        colour: Rgb,
        crisp: bool,
    ) -> Result<(), Overflow> {
        let [x0, y0, x1, y1] = b;
        let (w, h) = (self.width as f32, self.height as f32);
        if crisp {
            let (x0, x1) = (
                x0.round().clamp(0.0, w) as usize,
                x1.round().clamp(0.0, w) as usize,
            );
            let (y0, y1) = (
                y0.round().clamp(0.0, h) as usize,
                y1.round().clamp(0.0, h) as usize,
            );
            if x0 >= x1 {
                return Ok(());
            }
            let i = self.index(colour)?;
            if i == 0 && self.fresh {
                // White on the white it starts as: nothing to do.
                return Ok(());
            }
            self.fresh = false;
            for y in y0..y1 {
                self.pixels[y * self.width + x0..y * self.width + x1].fill(i);
            }
            return Ok(());
        }
        let (px0, px1) = (x0.floor().max(0.0) as usize, (x1.ceil().min(w) as usize));
        let (py0, py1) = (y0.floor().max(0.0) as usize, (y1.ceil().min(h) as usize));
        let overlap =
            |p: usize, a: f32, b: f32| (b.min(p as f32 + 1.0) - a.max(p as f32)).clamp(0.0, 1.0);
        let i = self.index(colour)?;
        if i == 0 && self.fresh {
            // White, even blended at the edges, on the white it starts as: nothing to do
            // (a titled chart's background, 1,353.96 px of a 1,354 px canvas, went through
            // the loop below pixel by pixel: a fifth of a first build's time).
            return Ok(());
        }
        self.fresh = false;
        // Whole pixels inside: filled at once.
        let (ix0, ix1) = (
            (x0.ceil().max(0.0) as usize).min(px1),
            (x1.floor().max(0.0) as usize).min(px1).max(px0),
        );
        for y in py0..py1 {
            let cy = overlap(y, y0, y1);
            let inside = cy == 1.0 && ix0 < ix1;
            if inside {
                self.pixels[y * self.width + ix0..y * self.width + ix1].fill(i);
            }
            // Then the edge pixels only (the whole row where the row itself is an edge).
            let (left, right) = if inside {
                (px0..ix0, ix1..px1)
            } else {
                (px0..px1, px1..px1)
            };
            for x in left.chain(right) {
                let alpha = level(cy * overlap(x, x0, x1));
                if alpha == 255 {
                    self.pixels[y * self.width + x] = i;
                } else {
                    self.blend(y * self.width + x, colour, alpha)?;
                }
            }
        }
        Ok(())
    }

    /// Blend `colour` through a coverage field over the box from (x0, y0), `w` wide.
    pub(super) fn blend_field(
        &mut self,
        x0: usize,
        y0: usize,
        w: usize,
        field: &[f32],
        colour: Rgb,
    ) -> Result<(), Overflow> {
        for (k, &c) in field.iter().enumerate() {
            let (x, y) = (x0 + k % w, y0 + k / w);
            if x < self.width && y < self.height {
                self.blend(y * self.width + x, colour, level(c))?;
            }
        }
        Ok(())
    }
}

/// Coverage (0 to 1) rounded to one of 16 levels, as an alpha.
pub(super) fn level(coverage: f32) -> u8 {
    let a = (coverage.clamp(0.0, 1.0) * 255.0).round() as u32;
    quantise(a as u8)
}

pub(super) fn quantise(alpha: u8) -> u8 {
    ((u32::from(alpha) + 8) / 17 * 17) as u8
}

/// Blend `colour` over the pixels of `b` with the coverage `f` gives at each centre.
pub(super) fn field(
    canvas: &mut Canvas,
    b: [f32; 4],
    colour: Rgb,
    f: impl Fn(f32, f32) -> f32,
) -> Result<(), Overflow> {
    let x0 = b[0].floor().max(0.0) as usize;
    let y0 = b[1].floor().max(0.0) as usize;
    let x1 = (b[2].ceil() as usize + 1).min(canvas.width);
    let y1 = (b[3].ceil() as usize + 1).min(canvas.height);
    if x0 >= x1 || y0 >= y1 {
        return Ok(());
    }
    let w = x1 - x0;
    let mut values = vec![0.0f32; w * (y1 - y0)];
    for (k, v) in values.iter_mut().enumerate() {
        *v = f((x0 + k % w) as f32 + 0.5, (y0 + k / w) as f32 + 0.5);
    }
    canvas.blend_field(x0, y0, w, &values, colour)
}

/// Stroke a path of points `w` pixels wide: axis-aligned segments as boxes (a square at
/// each corner, as a miter join makes it), others anti-aliased with butt caps. The
/// coverage of the segments is merged (the largest wins) before blending, so that joins
/// are not drawn twice.
pub(super) fn stroke_path(
    canvas: &mut Canvas,
    points: &[(f32, f32)],
    w: f32,
    colour: Rgb,
    crisp: bool,
) -> Result<(), Overflow> {
    let h = w / 2.0;
    let straight = points
        .windows(2)
        .all(|p| p[0].0 == p[1].0 || p[0].1 == p[1].1);
    if straight {
        for (k, p) in points.windows(2).enumerate() {
            let (a, b) = (p[0], p[1]);
            // Butt caps, except where the path turns: there the square of the join.
            let ext_a = if k > 0 { h } else { 0.0 };
            let ext_b = if k + 2 < points.len() { h } else { 0.0 };
            let bx = if a.1 == b.1 {
                let (l, r) = if a.0 <= b.0 {
                    (a.0 - ext_a, b.0 + ext_b)
                } else {
                    (b.0 - ext_b, a.0 + ext_a)
                };
                [l, a.1 - h, r, a.1 + h]
            } else {
                let (t, u) = if a.1 <= b.1 {
                    (a.1 - ext_a, b.1 + ext_b)
                } else {
                    (b.1 - ext_b, a.1 + ext_a)
                };
                [a.0 - h, t, a.0 + h, u]
            };
            canvas.fill_box(bx, colour, crisp)?;
        }
        return Ok(());
    }
    let (mut lo, mut hi) = ((f32::MAX, f32::MAX), (f32::MIN, f32::MIN));
    for &(x, y) in points {
        lo = (lo.0.min(x), lo.1.min(y));
        hi = (hi.0.max(x), hi.1.max(y));
    }
    let x0 = (lo.0 - h - 1.0).floor().max(0.0) as usize;
    let y0 = (lo.1 - h - 1.0).floor().max(0.0) as usize;
    let x1 = ((hi.0 + h + 1.0).ceil() as usize).min(canvas.width);
    let y1 = ((hi.1 + h + 1.0).ceil() as usize).min(canvas.height);
    if x0 >= x1 || y0 >= y1 {
        return Ok(());
    }
    let fw = x1 - x0;
    let mut cov = vec![0.0f32; fw * (y1 - y0)];
    for p in points.windows(2) {
        let ((ax, ay), (bx, by)) = (p[0], p[1]);
        let (dx, dy) = (bx - ax, by - ay);
        let len = (dx * dx + dy * dy).sqrt();
        if len == 0.0 {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        let sx0 = ((ax.min(bx) - h - 1.0).floor().max(x0 as f32)) as usize;
        let sy0 = ((ay.min(by) - h - 1.0).floor().max(y0 as f32)) as usize;
        let sx1 = ((ax.max(bx) + h + 1.0).ceil() as usize).min(x1);
        let sy1 = ((ay.max(by) + h + 1.0).ceil() as usize).min(y1);
        for y in sy0..sy1 {
            // Only the columns of this row within reach of the segment's band.
            let py = y as f32 + 0.5 - ay;
            let (mut cx0, mut cx1) = (sx0, sx1);
            if uy.abs() > 1e-3 {
                let reach = (h + 1.0) / uy.abs();
                let centre = ax + py * ux / uy - 0.5;
                cx0 = cx0.max((centre - reach).floor().max(0.0) as usize);
                cx1 = cx1.min((centre + reach).ceil().max(0.0) as usize + 1);
            }
            for x in cx0..cx1 {
                let px = x as f32 + 0.5 - ax;
                let along = px * ux + py * uy;
                let across = (px * uy - py * ux).abs();
                let c = (h + 0.5 - across).clamp(0.0, 1.0)
                    * (along + 0.5).min(len - along + 0.5).clamp(0.0, 1.0);
                let slot = &mut cov[(y - y0) * fw + (x - x0)];
                *slot = slot.max(c);
            }
        }
    }
    canvas.blend_field(x0, y0, fw, &cov, colour)
}

/// An indexed PNG of the canvas, with the fewest bits a pixel its palette allows, filtered
/// row by row with the filter that suits each row (adaptive) and deflated by fdeflate's
/// fast mode. Measured on the five WeChat charts of a 40-unit bulletin at 1,354 px across
/// (`raster::timing::encoders`): Up alone gave 346 KB in 2.5 ms, adaptive 269 KB in
/// 3.7 ms; zlib at level 3 without a filter 240 KB in 7.6 ms, at level 6 211 KB in 17 ms.
/// Charts are most of a site's bytes and a first build's time alike: adaptive with the
/// fast deflate is the pair that takes a quarter off the bytes for a millisecond a
/// bulletin.
pub(super) fn encode(canvas: &Canvas) -> Result<Vec<u8>, FontError> {
    encode_with(canvas, png::Compression::Fast, png::Filter::Adaptive)
}

pub(super) fn encode_with(
    canvas: &Canvas,
    compression: png::Compression,
    filter: png::Filter,
) -> Result<Vec<u8>, FontError> {
    let level = match compression {
        png::Compression::NoCompression => png::DeflateCompression::NoCompression,
        png::Compression::Fastest | png::Compression::Fast => {
            png::DeflateCompression::FdeflateUltraFast
        }
        png::Compression::Balanced => png::DeflateCompression::Level(6),
        _ => png::DeflateCompression::Level(9),
    };
    encode_level(canvas, level, filter)
}

pub(super) fn encode_level(
    canvas: &Canvas,
    compression: png::DeflateCompression,
    filter: png::Filter,
) -> Result<Vec<u8>, FontError> {
    let err = |e: png::EncodingError| FontError::Render(format!("cannot encode the PNG: {e}"));
    let (bits, depth) = match canvas.palette.len() {
        0..=2 => (1, png::BitDepth::One),
        3..=4 => (2, png::BitDepth::Two),
        5..=16 => (4, png::BitDepth::Four),
        _ => (8, png::BitDepth::Eight),
    };
    let data: std::borrow::Cow<[u8]> = if bits == 8 {
        std::borrow::Cow::Borrowed(&canvas.pixels)
    } else {
        let per_byte = 8 / bits;
        let row_bytes = canvas.width.div_ceil(per_byte);
        let mut packed = vec![0u8; row_bytes * canvas.height];
        for (y, row) in canvas.pixels.chunks_exact(canvas.width).enumerate() {
            let out = &mut packed[y * row_bytes..(y + 1) * row_bytes];
            for (x, &p) in row.iter().enumerate() {
                out[x / per_byte] |= p << (8 - bits * (x % per_byte + 1));
            }
        }
        std::borrow::Cow::Owned(packed)
    };
    let palette: Vec<u8> = canvas.palette.iter().flatten().copied().collect();
    let mut out = Vec::with_capacity(data.len() / 16 + 1024);
    {
        let mut encoder = png::Encoder::new(&mut out, canvas.width as u32, canvas.height as u32);
        encoder.set_color(png::ColorType::Indexed);
        encoder.set_depth(depth);
        encoder.set_palette(palette);
        encoder.set_deflate_compression(compression);
        encoder.set_filter(filter);
        let mut writer = encoder.write_header().map_err(err)?;
        writer.write_image_data(&data).map_err(err)?;
        writer.finish().map_err(err)?;
    }
    Ok(out)
}
