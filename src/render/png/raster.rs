//! The direct raster path: a chart's SVG drawn straight into an indexed pixel buffer and
//! encoded as a palette PNG, without a general vector renderer.
//!
//! The SVG of [`crate::render::chart`] is the chart's layout: plotters decides every
//! position once, and both the page (which shows the SVG) and the PNG read it. The charts
//! use a handful of shapes (`rect`, `line`, `polyline`, `circle`, `text` with a font size,
//! a colour and an anchor); this module reads exactly those and draws
//!
//! - rectangles and axis-aligned lines as filled boxes: whole pixels when the root asks
//!   for `shape-rendering="crispEdges"` (bar charts), else with fractional edge coverage;
//! - other lines and polylines with a small anti-aliased stroker (butt caps, the joins
//!   covered by the point markers plotters draws), circles by their distance field;
//! - text glyph by glyph from the per-thread glyph cache of [`super::glyphs`].
//!
//! Coverage is rounded to 16 levels, so that the image keeps few colours: it is drawn
//! into palette indices from the start and encoded as an indexed PNG (1, 2, 4 or 8 bits a
//! pixel). Anything else in the SVG (a gradient, a path, a `<g>`, more than 256 colours)
//! returns [`Drawn::Unsupported`] and the caller renders it with resvg instead.

use resvg::usvg::roxmltree;

use super::canvas::{Canvas, Overflow, Rgb, encode, field, stroke_path};

use super::FontError;
use super::glyphs::{self, SUBPIXELS};
use super::{Fonts, needs_no_glyph};

/// What the direct path made of an SVG.
pub(super) enum Drawn {
    Png(Vec<u8>),
    /// Something this path does not draw: render with resvg.
    Unsupported,
}

fn colour(value: Option<&str>) -> Option<Option<Rgb>> {
    match value.map(str::trim) {
        None | Some("none") => Some(None),
        Some(v) => {
            let hex = v.strip_prefix('#')?;
            if hex.len() != 6 {
                return None;
            }
            let n = u32::from_str_radix(hex, 16).ok()?;
            Some(Some([(n >> 16) as u8, (n >> 8) as u8, n as u8]))
        }
    }
}

fn number(node: roxmltree::Node, name: &str, default: f32) -> Option<f32> {
    match node.attribute(name) {
        None => Some(default),
        Some(v) => v.trim().parse().ok(),
    }
}

/// The attributes each element may carry; any other makes the chart unsupported.
fn known(tag: &str, attr: &str) -> bool {
    let common = matches!(attr, "opacity" | "fill" | "stroke" | "stroke-width");
    common
        || match tag {
            "svg" => matches!(
                attr,
                "viewBox"
                    | "shape-rendering"
                    | "role"
                    | "aria-label"
                    | "class"
                    | "width"
                    | "height"
                    | "data-chart"
                    | "font-family"
                    | "x"
                    | "y"
            ),
            "rect" => matches!(attr, "x" | "y" | "width" | "height"),
            "line" => matches!(attr, "x1" | "y1" | "x2" | "y2"),
            "polyline" => attr == "points",
            "circle" => matches!(attr, "cx" | "cy" | "r"),
            "text" => matches!(
                attr,
                "x" | "y" | "dy" | "text-anchor" | "font-family" | "font-size"
            ),
            _ => false,
        }
}

/// Draw `svg` at `scale` and encode it, or say it needs resvg. A character that no font
/// has fails with the same error as [`Fonts::check_coverage`].
pub(super) fn draw_png(svg: &str, fonts: &Fonts, scale: f32) -> Result<Drawn, FontError> {
    match draw(svg, fonts, scale)? {
        Some(canvas) => Ok(Drawn::Png(encode(&canvas)?)),
        None => Ok(Drawn::Unsupported),
    }
}

/// The canvas of `svg` at `scale`, or `None` if it holds anything this path cannot draw.
pub(super) fn draw(svg: &str, fonts: &Fonts, scale: f32) -> Result<Option<Canvas>, FontError> {
    let doc = roxmltree::Document::parse(svg)
        .map_err(|e| FontError::Render(format!("the SVG is not well-formed: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg"
        || root
            .attributes()
            .any(|a| !known("svg", a.name()) && a.namespace().is_none())
    {
        return Ok(None);
    }
    let Some(view_box) = root.attribute("viewBox") else {
        return Ok(None);
    };
    let vb: Vec<f32> = view_box
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    if vb.len() != 4 || vb[0] != 0.0 || vb[1] != 0.0 {
        return Ok(None);
    }
    let (width, height) = (
        (vb[2] * scale).ceil() as usize,
        (vb[3] * scale).ceil() as usize,
    );
    if width == 0 || height == 0 || width * height > 1 << 26 {
        return Err(FontError::Render(format!(
            "cannot make an image of {width} × {height} pixels"
        )));
    }
    let crisp = root.attribute("shape-rendering") == Some("crispEdges");
    let mut canvas = Canvas::new(width, height);
    let mut missing = false;
    if !children(
        &mut canvas,
        root,
        fonts,
        scale,
        crisp,
        (0.0, 0.0),
        &mut missing,
    )? {
        return Ok(None);
    }
    if missing {
        // Named by the same check as the resvg path, with every missing character.
        fonts.check_coverage(&super::drawn_text(svg)?)?;
        return Err(FontError::Render("a character has no glyph".into()));
    }
    Ok(Some(canvas))
}

/// Draw the children of `parent` at `offset` (SVG units); `false` if one of them cannot be
/// drawn here. A nested `<svg x y>` (a titled chart) is drawn at its position, unclipped:
/// its content stays inside it.
fn children(
    canvas: &mut Canvas,
    parent: roxmltree::Node,
    fonts: &Fonts,
    scale: f32,
    crisp: bool,
    offset: (f32, f32),
    missing: &mut bool,
) -> Result<bool, FontError> {
    for node in parent.children() {
        if !node.is_element() {
            if node.is_text() && !node.text().unwrap_or_default().trim().is_empty() {
                return Ok(false);
            }
            continue;
        }
        let tag = node.tag_name().name();
        if tag == "title" || tag == "desc" {
            continue;
        }
        if node.attributes().any(|a| !known(tag, a.name())) {
            return Ok(false);
        }
        if tag == "svg" {
            let at = |name: &str| {
                node.attribute(name)
                    .map_or(Some(0.0), |v| v.parse::<f32>().ok())
            };
            let (Some(x), Some(y)) = (at("x"), at("y")) else {
                return Ok(false);
            };
            let nested_crisp = node
                .attribute("shape-rendering")
                .map_or(crisp, |v| v == "crispEdges");
            let inner = (offset.0 + x, offset.1 + y);
            if !children(canvas, node, fonts, scale, nested_crisp, inner, missing)? {
                return Ok(false);
            }
            continue;
        }
        match shape(canvas, node, fonts, scale, crisp, offset) {
            Ok(Some(Shape::Drawn)) => {}
            Ok(Some(Shape::MissingGlyph)) => *missing = true,
            Ok(None) | Err(Overflow) => return Ok(false),
        }
    }
    Ok(true)
}

enum Shape {
    Drawn,
    MissingGlyph,
}

fn shape(
    canvas: &mut Canvas,
    node: roxmltree::Node,
    fonts: &Fonts,
    s: f32,
    crisp: bool,
    (ox, oy): (f32, f32),
) -> Result<Option<Shape>, Overflow> {
    let Some(opacity) = number(node, "opacity", 1.0) else {
        return Ok(None);
    };
    // SVG fills shapes black and strokes nothing unless told otherwise.
    let fill = match node.attribute("fill") {
        None if node.tag_name().name() == "line" => Some(None),
        None => Some(Some([0, 0, 0])),
        given => colour(given),
    };
    let (Some(fill), Some(stroke)) = (fill, colour(node.attribute("stroke"))) else {
        return Ok(None);
    };
    let Some(stroke_width) = number(node, "stroke-width", 1.0) else {
        return Ok(None);
    };
    if opacity == 0.0 {
        return Ok(Some(Shape::Drawn));
    }
    if opacity != 1.0 {
        return Ok(None);
    }
    let num = |name: &str| {
        let shift = match name {
            "x" | "x1" | "x2" | "cx" => ox,
            "y" | "y1" | "y2" | "cy" => oy,
            _ => 0.0,
        };
        number(node, name, 0.0).map(|v| v + shift)
    };
    let sw = stroke_width * s;
    match node.tag_name().name() {
        "rect" => {
            let (Some(x), Some(y), Some(w), Some(h)) =
                (num("x"), num("y"), num("width"), num("height"))
            else {
                return Ok(None);
            };
            if let Some(fill) = fill {
                canvas.fill_box([x * s, y * s, (x + w) * s, (y + h) * s], fill, crisp)?;
            }
            if let Some(stroke) = stroke {
                let (x0, y0, x1, y1) = (x * s, y * s, (x + w) * s, (y + h) * s);
                let points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
                stroke_path(canvas, &points, sw, stroke, crisp)?;
            }
        }
        "line" | "polyline" => {
            let points: Vec<(f32, f32)> = if node.tag_name().name() == "line" {
                let (Some(x1), Some(y1), Some(x2), Some(y2)) =
                    (num("x1"), num("y1"), num("x2"), num("y2"))
                else {
                    return Ok(None);
                };
                vec![(x1 * s, y1 * s), (x2 * s, y2 * s)]
            } else {
                let values: Vec<f32> = match node
                    .attribute("points")
                    .unwrap_or_default()
                    .split(|c: char| c == ',' || c.is_whitespace())
                    .filter(|v| !v.is_empty())
                    .enumerate()
                    .map(|(k, v)| {
                        let shift = if k % 2 == 0 { ox } else { oy };
                        v.parse::<f32>().map(|v| (v + shift) * s)
                    })
                    .collect()
                {
                    Ok(v) => v,
                    Err(_) => return Ok(None),
                };
                if !values.len().is_multiple_of(2) {
                    return Ok(None);
                }
                values.chunks_exact(2).map(|p| (p[0], p[1])).collect()
            };
            // A polyline is filled black unless it says otherwise: not drawn here.
            if node.tag_name().name() == "polyline" && fill.is_some() {
                return Ok(None);
            }
            if let Some(stroke) = stroke {
                stroke_path(canvas, &points, sw, stroke, crisp)?;
            }
        }
        "circle" => {
            let (Some(cx), Some(cy), Some(r)) = (num("cx"), num("cy"), num("r")) else {
                return Ok(None);
            };
            let (cx, cy, r) = (cx * s, cy * s, r * s);
            if let Some(fill) = fill {
                field(canvas, [cx - r, cy - r, cx + r, cy + r], fill, |x, y| {
                    r + 0.5 - ((x - cx).powi(2) + (y - cy).powi(2)).sqrt()
                })?;
            }
            if let Some(stroke) = stroke {
                let e = sw / 2.0 + 1.0;
                field(
                    canvas,
                    [cx - r - e, cy - r - e, cx + r + e, cy + r + e],
                    stroke,
                    |x, y| {
                        sw / 2.0 + 0.5 - (((x - cx).powi(2) + (y - cy).powi(2)).sqrt() - r).abs()
                    },
                )?;
            }
        }
        // Text with `fill="none"` shows nothing.
        "text" => {
            if let Some(fill) = fill {
                return text(canvas, node, fonts, s, fill, (ox, oy));
            }
        }
        _ => return Ok(None),
    }
    Ok(Some(Shape::Drawn))
}

/// One `<text>`: its content with white space collapsed (as SVG does without
/// `xml:space`), from the pen at x, with the anchor's share of its width to the left,
/// on the baseline at y + dy.
fn text(
    canvas: &mut Canvas,
    node: roxmltree::Node,
    fonts: &Fonts,
    s: f32,
    fill: Rgb,
    (ox, oy): (f32, f32),
) -> Result<Option<Shape>, Overflow> {
    if node.children().any(|c| c.is_element()) {
        return Ok(None);
    }
    let raw = node.text().unwrap_or_default();
    let content: Vec<&str> = raw.split_whitespace().collect();
    let content = content.join(" ");
    if content.is_empty() {
        return Ok(Some(Shape::Drawn));
    }
    let Some(font_size) = number(node, "font-size", 12.0) else {
        return Ok(None);
    };
    let (Some(x), Some(y)) = (number(node, "x", 0.0), number(node, "y", 0.0)) else {
        return Ok(None);
    };
    let (x, y) = (x + ox, y + oy);
    let dy = match node.attribute("dy").map(str::trim) {
        None => 0.0,
        Some(v) => {
            let (n, unit) = if let Some(n) = v.strip_suffix("em") {
                (n, font_size)
            } else if let Some(n) = v.strip_suffix("ex") {
                (n, font_size / 2.0)
            } else {
                (v.strip_suffix("px").unwrap_or(v), 1.0)
            };
            match n.parse::<f32>() {
                Ok(n) => n * unit,
                Err(_) => return Ok(None),
            }
        }
    };
    let size = font_size * s;
    let mut glyphs = Vec::new();
    let mut width = 0.0;
    for c in content.chars() {
        if needs_no_glyph(c) && c != ' ' {
            continue;
        }
        match glyphs::char_info(fonts, c) {
            Some(info) => {
                glyphs.push((width, info));
                width += info.advance * size;
            }
            None if c == ' ' => width += size / 4.0,
            None => return Ok(Some(Shape::MissingGlyph)),
        }
    }
    let shift = match node.attribute("text-anchor") {
        None | Some("start") => 0.0,
        Some("middle") => width / 2.0,
        Some("end") => width,
        Some(_) => return Ok(None),
    };
    let origin_x = x * s - shift;
    let baseline = (y + dy) * s;
    let (iy, sub_y) = split(baseline);
    let full = canvas.index(fill)?;
    canvas.blend_with(fill);
    for (pen, info) in glyphs {
        let (ix, sub_x) = split(origin_x + pen);
        let Some(g) = glyphs::glyph(fonts, info, size, sub_x, sub_y) else {
            continue;
        };
        canvas.blit(&g, ix + g.left, iy + g.top, fill, full)?;
    }
    Ok(Some(Shape::Drawn))
}

/// A position in pixels as a whole pixel and a sub-pixel step.
fn split(v: f32) -> (i32, u8) {
    let steps = (v * SUBPIXELS).round() as i32;
    (
        steps.div_euclid(SUBPIXELS as i32),
        steps.rem_euclid(SUBPIXELS as i32) as u8,
    )
}

#[cfg(test)]
mod tests {
    use super::super::canvas::quantise;
    use super::*;
    use crate::render::chart;

    fn fonts() -> Option<&'static Fonts> {
        super::super::tests::fonts()
    }

    fn bars_svg(names: &[&str], values: &[&str]) -> String {
        let bars: Vec<chart::Bar> = names
            .iter()
            .zip(values)
            .enumerate()
            .map(|(i, (label, value_text))| chart::Bar {
                label,
                value: value_text.parse().unwrap(),
                value_text,
                strong: i < 2,
            })
            .collect();
        chart::ranking_bars(&bars, "园区类总分", 100.0)
    }

    fn lines_svg() -> String {
        let a = chart::Line {
            name: "总分",
            points: vec![(0, 80.0), (1, 85.5), (2, 83.0), (3, 91.25), (4, 88.0)],
        };
        let labels: Vec<String> = (1..=5).map(|m| format!("2025-{m:02}")).collect();
        chart::history_lines(&[a], &labels, "高新产业园历次总分", 100.0)
    }

    pub(super) fn charts_for_timing() -> Vec<(&'static str, String)> {
        charts()
    }

    /// The charts of the pixel test: short and long labels, latin and CJK, a line chart.
    fn charts() -> Vec<(&'static str, String)> {
        vec![
            (
                "bars-3",
                bars_svg(
                    &["高新产业园", "临港物流园", "经济技术开发区"],
                    &["95.50", "88.13", "70.00"],
                ),
            ),
            (
                "bars-8",
                bars_svg(
                    &[
                        "市财政局",
                        "市发展和改革委员会",
                        "市教育局",
                        "市公安局",
                        "市民政局",
                        "市司法局",
                        "市人力资源和社会保障局",
                        "市自然资源和规划局",
                    ],
                    &[
                        "99.10", "97.45", "96.00", "93.72", "91.08", "88.66", "84.30", "79.95",
                    ],
                ),
            ),
            ("lines", lines_svg()),
            // As the WeChat article draws it: titled, with the key of the dark bars.
            (
                "bars-titled",
                crate::render::chart::titled(
                    &bars_svg(&["高新产业园", "临港物流园"], &["95.50", "88.13"]),
                    "园区类总分排名",
                    Some("先进"),
                ),
            ),
        ]
    }

    /// (mean absolute difference per channel, share of pixels off by more than a quarter)
    fn compare(
        svg: &str,
        fonts: &Fonts,
        scale: f32,
    ) -> (f64, f64, Canvas, resvg::tiny_skia::Pixmap) {
        let canvas = draw(svg, fonts, scale).unwrap().expect("drawn directly");
        let pixmap = super::super::render_pixmap(svg, fonts, scale).unwrap();
        assert_eq!(
            (canvas.width as u32, canvas.height as u32),
            (pixmap.width(), pixmap.height())
        );
        let mut sum = 0u64;
        let mut far = 0usize;
        for (i, p) in pixmap.pixels().iter().enumerate() {
            let c = canvas.palette[canvas.pixels[i] as usize];
            let d = [p.red(), p.green(), p.blue()]
                .iter()
                .zip(c)
                .map(|(&a, b)| u64::from(a.abs_diff(b)))
                .collect::<Vec<_>>();
            sum += d.iter().sum::<u64>();
            if d.iter().any(|&v| v > 64) {
                far += 1;
            }
        }
        let n = pixmap.pixels().len();
        (
            sum as f64 / (3 * n) as f64,
            far as f64 / n as f64,
            canvas,
            pixmap,
        )
    }

    #[test]
    fn the_direct_path_draws_what_resvg_draws() {
        let Some(fonts) = fonts() else { return };
        for (name, svg) in charts() {
            for scale in [2.0, 4.0] {
                let (mean, far, _, _) = compare(&svg, fonts, scale);
                eprintln!("{name} ×{scale}: mean {mean:.3}, far {:.4}%", far * 100.0);
                assert!(mean < 1.0, "{name} ×{scale}: mean difference {mean}");
                assert!(
                    far < 0.003,
                    "{name} ×{scale}: {:.3}% of pixels differ",
                    far * 100.0
                );
            }
        }
    }

    #[test]
    fn chart_pngs_are_indexed_and_deterministic() {
        let Some(fonts) = fonts() else { return };
        for (name, svg) in charts() {
            let Drawn::Png(a) = draw_png(&svg, fonts, 4.0).unwrap() else {
                panic!("{name}: not drawn directly")
            };
            // IHDR: bit depth at byte 24, colour type 3 (palette) at byte 25.
            assert_eq!(a[25], 3, "{name}: colour type {}", a[25]);
            assert!(matches!(a[24], 1 | 2 | 4 | 8), "{name}");
            let b = std::thread::spawn({
                let svg = svg.clone();
                move || super::super::svg_to_png(&svg, fonts, 4.0).unwrap()
            })
            .join()
            .unwrap();
            assert!(a == b, "{name}: the same chart gave other bytes");
        }
    }

    #[test]
    fn what_the_direct_path_cannot_draw_goes_to_resvg() {
        let Some(fonts) = fonts() else { return };
        let path = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 20 20\">\
                    <path d=\"M0 0 L20 20 L0 20 Z\" fill=\"#1F4E8C\"/></svg>";
        assert!(draw(path, fonts, 2.0).unwrap().is_none());
        let gradient = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 20 20\">\
                        <rect x=\"0\" y=\"0\" width=\"20\" height=\"20\" fill=\"url(#g)\"/></svg>";
        assert!(draw(gradient, fonts, 2.0).unwrap().is_none());
        let png = super::super::svg_to_png(path, fonts, 2.0).unwrap();
        // resvg's encoder writes RGB (colour type 2).
        assert_eq!(
            (png[25], u32::from_be_bytes(png[16..20].try_into().unwrap())),
            (2, 40)
        );
    }

    #[test]
    fn a_missing_character_fails_the_direct_path_by_name() {
        let Some(fonts) = fonts() else { return };
        let svg = bars_svg(&["高新\u{FFFFD}产业园", "临港"], &["90.00", "80.00"]);
        match draw(&svg, fonts, 2.0) {
            Err(FontError::Missing { chars, .. }) => assert_eq!(chars, ['\u{FFFFD}']),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("drawn with a missing character"),
        }
    }

    #[test]
    fn boxes_are_whole_pixels_when_crisp_and_blended_at_the_edges_otherwise() {
        let mut canvas = Canvas::new(4, 1);
        let _ = canvas.fill_box([0.5, 0.0, 2.5, 1.0], [0, 0, 0], false);
        let grey: Vec<Rgb> = canvas
            .pixels
            .iter()
            .map(|&p| canvas.palette[p as usize])
            .collect();
        assert_eq!(
            grey,
            [[119, 119, 119], [0, 0, 0], [119, 119, 119], [255, 255, 255]]
        );
        let mut canvas = Canvas::new(4, 1);
        // The pixels whose centre is inside.
        let _ = canvas.fill_box([0.6, 0.0, 2.4, 1.0], [0, 0, 0], true);
        assert_eq!(canvas.pixels, [0, 1, 0, 0]);
        let _ = canvas.fill_box([0.4, 0.0, 2.6, 1.0], [0, 0, 0], true);
        assert_eq!(canvas.pixels, [1, 1, 1, 0]);
        assert_eq!(quantise(8), 0);
        assert_eq!(quantise(9), 17);
        assert_eq!(quantise(255), 255);
    }

    /// Writes side-by-side PNGs (resvg left, direct right) to `BULLETIN_SHOTS` when set:
    /// `BULLETIN_SHOTS=docs/screenshots cargo test --lib raster::tests::side_by_side`.
    #[test]
    fn side_by_side() {
        let Some(dir) = std::env::var_os("BULLETIN_SHOTS") else {
            return;
        };
        let Some(fonts) = fonts() else { return };
        let mut charts = charts();
        // And a chart of a built site, e.g. the example's (its SVG cut from a page).
        if let Some(file) = std::env::var_os("BULLETIN_SHOT_SVG") {
            charts.push(("example", std::fs::read_to_string(file).unwrap()));
        }
        for (name, svg) in charts {
            let scale = 4.0;
            let (_, _, canvas, pixmap) = compare(&svg, fonts, scale);
            let (w, h) = (canvas.width, canvas.height);
            let mut out = Canvas::new(2 * w + 8, h);
            for y in 0..h {
                for x in 0..w {
                    let p = pixmap.pixel(x as u32, y as u32).unwrap();
                    let i = out.index([p.red(), p.green(), p.blue()]).ok();
                    let j = out
                        .index(canvas.palette[canvas.pixels[y * w + x] as usize])
                        .ok();
                    let (Some(i), Some(j)) = (i, j) else {
                        panic!("too many colours")
                    };
                    out.pixels[y * out.width + x] = i;
                    out.pixels[y * out.width + w + 8 + x] = j;
                }
            }
            let path = std::path::Path::new(&dir).join(format!("{name}.png"));
            std::fs::write(&path, encode(&out).unwrap()).unwrap();
            std::fs::write(
                std::path::Path::new(&dir).join(format!("{name}-raster.png")),
                encode(&canvas).unwrap(),
            )
            .unwrap();
        }
    }
}

#[cfg(test)]
mod timing {
    use super::super::canvas::encode_with;
    use super::*;

    /// `cargo test --release --lib raster::timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn encoders() {
        let Some(fonts) = super::super::tests::fonts() else {
            return;
        };
        for (name, svg) in super::tests::charts_for_timing() {
            for scale in [3.761f32] {
                let canvas = draw(&svg, fonts, scale).unwrap().unwrap();
                let n = 50;
                let t = std::time::Instant::now();
                for _ in 0..n {
                    draw(&svg, fonts, scale).unwrap().unwrap();
                }
                let dt = t.elapsed() / n;
                eprintln!(
                    "{name} ×{scale}: draw {dt:?}, {} colours",
                    canvas.palette.len()
                );
                for (cname, c) in [
                    ("fast", png::Compression::Fast),
                    ("balanced", png::Compression::Balanced),
                    ("fastest", png::Compression::Fastest),
                ] {
                    for (fname, f) in [
                        ("none", png::Filter::NoFilter),
                        ("sub", png::Filter::Sub),
                        ("up", png::Filter::Up),
                        ("avg", png::Filter::Avg),
                        ("paeth", png::Filter::Paeth),
                        ("adaptive", png::Filter::Adaptive),
                    ] {
                        let t = std::time::Instant::now();
                        let mut len = 0;
                        for _ in 0..n {
                            len = encode_with(&canvas, c, f).unwrap().len();
                        }
                        eprintln!("  {cname}/{fname}: {:?}, {len} bytes", t.elapsed() / n);
                    }
                }
            }
        }
    }
}
