//! Charts as SVG, drawn with plotters. Every chart also has a text alternative built by
//! the caller; the SVG itself is `role="img"` with that text as its label.
//!
//! plotters' SVG backend estimates text width as 0.7 em per UTF-8 *byte*, so a Chinese
//! label (3 bytes a character) comes out three times too wide and crowds the plot.
//! [`CjkSvg`] wraps the backend and measures by display width instead.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use unicode_width::UnicodeWidthStr;

/// The font stack written into every chart: system Chinese fonts, no download.
pub const FONT_STACK: &str = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif";

/// An SVG backend that estimates text by display width: a CJK character is one em, a
/// latin character about 0.55 em.
pub struct CjkSvg<'a>(SVGBackend<'a>);

type Err<'a> = DrawingErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for CjkSvg<'a> {
    type ErrorType = <SVGBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Err<'a>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Err<'a>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Err<'a>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Err<'a>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Err<'a>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Err<'a>> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Err<'a>> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Err<'a>> {
        self.0.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Err<'a>> {
        self.0.draw_text(text, style, pos)
    }
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Err<'a>> {
        Ok(text_size(text, style.size()))
    }
}

/// Width and height of `text` at `size` pixels: half an em per display column.
fn text_size(text: &str, size: f64) -> (u32, u32) {
    let columns = text.width() as f64;
    ((columns * size * 0.55).ceil() as u32, size.ceil() as u32)
}

fn font(size: f64) -> TextStyle<'static> {
    (FONT_STACK, size).into_font().color(&BLACK)
}

/// One bar of a ranking chart.
pub struct Bar<'a> {
    pub label: &'a str,
    pub value: f64,
    pub value_text: &'a str,
    /// Emphasised (top tier) bars are drawn darker; the value is always printed too.
    pub strong: bool,
}

const BAR_DARK: RGBColor = RGBColor(0x1f, 0x4e, 0x8c);
const BAR_LIGHT: RGBColor = RGBColor(0x7f, 0xa6, 0xd6);
const GRID: RGBColor = RGBColor(0xd0, 0xd0, 0xd0);

/// Text size asked of plotters for chart labels. Its SVG backend writes `size / 1.24`,
/// so this is 12.9 SVG units; charts are drawn at phone width (360 units), so a label is
/// at least 12 CSS px on a 375 px screen (343 px of chart).
const LABEL: f64 = 16.0;
/// The size 大字 mode sets for bar charts in SVG units (style.css): label areas leave
/// room for it.
const LARGE_LABEL: f64 = 16.0;

/// A horizontal bar chart of totals, best first, as an SVG string.
pub fn ranking_bars(bars: &[Bar], label: &str, max: f64) -> String {
    let label_columns = bars.iter().map(|b| b.label.width()).max().unwrap_or(4);
    // Drawn at phone width, so that text is legible at 1:1 on a 375 px screen; the label
    // area is as wide as the labels in 大字 mode.
    let left = (label_columns as f64 * LARGE_LABEL * 0.55) as u32 + 12;
    let min = bars.iter().map(|b| b.value).fold(max, f64::min);
    // Start the axis below the lowest bar, on a multiple of 10, so differences show; the
    // chart then says so, since bar lengths no longer compare as ratios.
    let from = ((min - 5.0) / 10.0).floor().max(0.0) * 10.0;
    let note = (from > 0.0).then(|| format!("注：横轴自{from:.0}分起，不从0开始"));
    let plot_height = 26 * bars.len() as u32 + 40;
    let height = plot_height + if note.is_some() { 22 } else { 0 };
    let width = 360;
    let mut svg = String::new();
    {
        let root = CjkSvg(SVGBackend::with_string(&mut svg, (width, height))).into_drawing_area();
        let (plot, foot) = root.split_vertically(plot_height);
        draw_bars(&plot, bars, from, max, left).expect("drawing into a string cannot fail");
        foot.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        if let Some(note) = &note {
            foot.draw_text(note, &font(LABEL), (6, 2))
                .expect("drawing into a string cannot fail");
        }
        root.present().expect("drawing into a string cannot fail");
    }
    finish_svg(
        svg,
        label,
        " shape-rendering=\"crispEdges\" data-chart=\"bars\"",
    )
}

/// A chart with a title above it and, for the WeChat article, what the dark bars mean:
/// a picture pasted into an article travels without the page's caption.
pub fn titled(svg: &str, title: &str, dark_means: Option<&str>) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let Some((w, h)) = view_box(svg) else {
        return svg.to_string();
    };
    let head = 34.0;
    let foot = if dark_means.is_some() { 26.0 } else { 0.0 };
    let total = h + head + foot;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {total}\" width=\"{w}\" height=\"{total}\"><rect width=\"{w}\" height=\"{total}\" fill=\"#ffffff\"/><text x=\"6\" y=\"23\" font-family=\"{FONT_STACK}\" font-size=\"17\" fill=\"#000000\">{}</text><svg x=\"0\" y=\"{head}\" width=\"{w}\" height=\"{h}\"{}",
        esc(title),
        &svg[4..]
    );
    if let Some(dark) = dark_means {
        let y = head + h + 6.0;
        let (d, l) = (BAR_DARK, BAR_LIGHT);
        out.push_str(&format!(
            "<rect x=\"6\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"#{:02x}{:02x}{:02x}\"/><text x=\"24\" y=\"{}\" font-family=\"{FONT_STACK}\" font-size=\"13\" fill=\"#000000\">{}</text><rect x=\"120\" y=\"{y}\" width=\"14\" height=\"14\" fill=\"#{:02x}{:02x}{:02x}\"/><text x=\"138\" y=\"{}\" font-family=\"{FONT_STACK}\" font-size=\"13\" fill=\"#000000\">其他</text>",
            d.0, d.1, d.2, y + 12.0, esc(&format!("深色：{dark}")), l.0, l.1, l.2, y + 12.0
        ));
    }
    out.push_str("</svg>");
    out
}

/// The width and height of an SVG's viewBox.
pub fn view_box(svg: &str) -> Option<(f64, f64)> {
    let i = svg.find("viewBox=\"")? + 9;
    let j = svg[i..].find('"')? + i;
    let v: Vec<f64> = svg[i..j]
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    (v.len() == 4).then(|| (v[2], v[3]))
}

fn draw_bars(
    root: &DrawingArea<CjkSvg, Shift>,
    bars: &[Bar],
    from: f64,
    max: f64,
    left: u32,
) -> Result<(), DrawingAreaErrorKind<<CjkSvg<'static> as DrawingBackend>::ErrorType>> {
    root.fill(&WHITE)?;
    let n = bars.len();
    let mut chart = ChartBuilder::on(root)
        .margin(6)
        .margin_right(52)
        .x_label_area_size(22)
        .y_label_area_size(left)
        .build_cartesian_2d(from..max, (0..n).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .set_tick_mark_size(LabelAreaPosition::Left, 0)
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(4)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(n)
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) => bars
                .get(n.wrapping_sub(i + 1))
                .map_or(String::new(), |b| b.label.to_string()),
            _ => String::new(),
        })
        .label_style(font(LABEL))
        .axis_style(BLACK)
        .draw()?;
    // plotters counts segments from the bottom; the best bar goes on top.
    let slot = |i: usize| n - 1 - i;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let colour = if b.strong { BAR_DARK } else { BAR_LIGHT };
        let mut r = Rectangle::new(
            [
                (from, SegmentValue::Exact(slot(i))),
                (b.value, SegmentValue::Exact(slot(i) + 1)),
            ],
            colour.filled(),
        );
        r.set_margin(3, 3, 0, 0);
        r
    }))?;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        // The value sits 4 px past the end of its bar.
        EmptyElement::at((b.value, SegmentValue::CenterOf(slot(i))))
            + Text::new(
                b.value_text.to_string(),
                (4, 0),
                font(LABEL).pos(plotters::style::text_anchor::Pos::new(
                    plotters::style::text_anchor::HPos::Left,
                    plotters::style::text_anchor::VPos::Center,
                )),
            )
    }))?;
    Ok(())
}

/// One line of a history chart: (x position, value) points.
pub struct Line<'a> {
    pub name: &'a str,
    pub points: Vec<(usize, f64)>,
}

const LINE_COLOURS: [RGBColor; 3] = [
    RGBColor(0x1f, 0x4e, 0x8c),
    RGBColor(0xb3, 0x3c, 0x1a),
    RGBColor(0x2e, 0x7d, 0x32),
];

/// A line chart over periods (`x_labels`), as an SVG string.
pub fn history_lines(lines: &[Line], x_labels: &[String], label: &str, y_max: f64) -> String {
    // Phone width, as the bar charts: labels are 12 CSS px or more on a 375 px screen.
    let (width, plot_height) = (360, 240);
    let values = lines.iter().flat_map(|l| l.points.iter().map(|p| p.1));
    let min = values.clone().fold(y_max, f64::min);
    let top = values.fold(0.0, f64::max).max(min + 1.0);
    let from = ((min - 5.0) / 10.0).floor().max(0.0) * 10.0;
    let note = (from > 0.0).then(|| format!("注：纵轴自{from:.0}分起，不从0开始"));
    let height = plot_height + if note.is_some() { 22 } else { 0 };
    let mut svg = String::new();
    {
        let root = CjkSvg(SVGBackend::with_string(&mut svg, (width, height))).into_drawing_area();
        let (plot, foot) = root.split_vertically(plot_height);
        draw_lines(
            &plot,
            lines,
            x_labels,
            from,
            (top + 2.0).min(y_max.max(top)),
        )
        .expect("drawing into a string cannot fail");
        foot.fill(&WHITE)
            .expect("drawing into a string cannot fail");
        if let Some(note) = &note {
            foot.draw_text(note, &font(LABEL), (12, 2))
                .expect("drawing into a string cannot fail");
        }
        root.present().expect("drawing into a string cannot fail");
    }
    finish_svg(svg, label, "")
}

fn draw_lines(
    root: &DrawingArea<CjkSvg, Shift>,
    lines: &[Line],
    x_labels: &[String],
    from: f64,
    to: f64,
) -> Result<(), DrawingAreaErrorKind<<CjkSvg<'static> as DrawingBackend>::ErrorType>> {
    root.fill(&WHITE)?;
    let n = x_labels.len().max(1);
    // A label is its period (1月), and under it, at a change of year, the year (2025年).
    let tick = |i: usize| {
        x_labels
            .get(i)
            .map_or("", |l| l.split('\n').next().unwrap_or(""))
    };
    let years = x_labels.iter().any(|l| l.contains('\n'));
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .margin_right(24)
        .x_label_area_size(if years { 48 } else { 30 })
        .y_label_area_size(34)
        .build_cartesian_2d(0..n, from..to)?;
    // Every k-th label when they would crowd (a year of months at phone width).
    let span =
        chart.backend_coord(&(n.saturating_sub(1), from)).0 - chart.backend_coord(&(0, from)).0;
    let room = f64::from(span.max(1)) / (n.max(2) - 1) as f64;
    let widest = (0..n)
        .map(|i| text_size(tick(i), LABEL).0)
        .max()
        .unwrap_or(0);
    let every = ((f64::from(widest) + LABEL * 0.6) / room).ceil().max(1.0) as usize;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .x_labels(n)
        .x_label_formatter(&|i| {
            if i % every == 0 || i + 1 == n {
                tick(*i).to_string()
            } else {
                String::new()
            }
        })
        .y_labels(6)
        .y_label_formatter(&|v| format!("{v:.0}"))
        .label_style(font(LABEL))
        .axis_style(BLACK)
        .draw()?;
    for (k, line) in lines.iter().enumerate() {
        let colour = LINE_COLOURS[k % LINE_COLOURS.len()];
        chart
            .draw_series(LineSeries::new(
                line.points.iter().copied(),
                Color::stroke_width(&colour, 2),
            ))?
            .label(line.name)
            .legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 16, y)], Color::stroke_width(&colour, 2))
            });
        chart.draw_series(
            line.points
                .iter()
                .map(|&p| Circle::new(p, 3, colour.filled())),
        )?;
    }
    // The years, a line under the periods, each where its year starts.
    let mut free_from = i32::MIN;
    for (i, label) in x_labels.iter().enumerate() {
        let Some(year) = label.split('\n').nth(1) else {
            continue;
        };
        let (x, y) = chart.backend_coord(&(i, from));
        // Under the left edge of its period's label.
        let w = text_size(year, LABEL).0 as i32;
        let left = x - text_size(tick(i), LABEL).0 as i32 / 2;
        if left < free_from {
            continue;
        }
        root.draw_text(year, &font(LABEL), (left.max(0), y + 28))?;
        free_from = left + w + (LABEL * 0.6) as i32;
    }
    if lines.len() > 1 {
        chart
            .configure_series_labels()
            .label_font(font(LABEL))
            .background_style(WHITE)
            .border_style(GRID)
            .draw()?;
    }
    Ok(())
}

/// Make the SVG responsive and accessible: a viewBox, no fixed size, and a label.
/// `extra` is more attributes for the root: bar charts are all straight edges, drawn
/// crisp (`shape-rendering`), which also spares the PNG renderer its anti-aliasing;
/// text keeps its own smoothing.
fn finish_svg(svg: String, label: &str, extra: &str) -> String {
    let label = label
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let Some(start) = svg.find("<svg") else {
        return svg;
    };
    let end = svg[start..].find('>').map_or(svg.len(), |e| start + e);
    let head = &svg[start..end];
    let attr = |name: &str| -> Option<String> {
        let i = head.find(&format!("{name}=\""))? + name.len() + 2;
        let j = head[i..].find('"')? + i;
        Some(head[i..j].to_string())
    };
    let (w, h) = (
        attr("width").unwrap_or_default(),
        attr("height").unwrap_or_default(),
    );
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\"{extra} font-family=\"{FONT_STACK}\" role=\"img\" aria-label=\"{label}\" class=\"chart\"><title>{label}</title>{}",
        slim(&svg[end + 1..])
    )
}

/// plotters' SVG with what SVG says already left out: every `<text>` carried the font
/// stack (set once on the root instead), a font size to 15 digits, `opacity="1"`, black
/// fill, and each element a line of its own. A bulletin's five charts went from 39 KB to
/// under half that on every page they are drawn on, with the same rendering.
fn slim(body: &str) -> String {
    let mut out = String::with_capacity(body.len() / 2);
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        out.push_str(rest[..open].trim_matches('\n'));
        let close = rest[open..].find('>').map_or(rest.len(), |c| open + c + 1);
        slim_tag(&rest[open..close], &mut out);
        rest = &rest[close..];
    }
    out.push_str(rest.trim_matches('\n'));
    out
}

/// One tag of plotters' output (`<name a="v" …>` or `…/>`), its default attributes left out.
fn slim_tag(tag: &str, out: &mut String) {
    let name_end = tag[1..].find([' ', '/', '>']).map_or(tag.len(), |i| i + 1);
    let name = &tag[1..name_end];
    if tag.starts_with("</") || !matches!(name, "text" | "rect" | "line" | "polyline" | "circle") {
        out.push_str(tag);
        return;
    }
    out.push_str(&tag[..name_end]);
    let mut rest = &tag[name_end..];
    // Attributes as plotters writes them: ` name="value"`, values escaped.
    while let Some(eq) = rest.find("=\"") {
        let Some(len) = rest[eq + 2..].find('"') else {
            break;
        };
        let (key, value) = (rest[..eq].trim(), &rest[eq + 2..eq + 2 + len]);
        rest = &rest[eq + 3 + len..];
        let default = match key {
            "opacity" => value == "1",
            "font-family" => value == FONT_STACK,
            "stroke" => value == "none" && name != "line",
            "fill" => value == "#000000" && name == "text",
            _ => false,
        };
        if default {
            continue;
        }
        match (key, value.parse::<f64>()) {
            ("font-size", Ok(size)) => {
                let size = format!("{size:.2}");
                let size = size.trim_end_matches('0').trim_end_matches('.');
                out.push_str(&format!(" {key}=\"{size}\""));
            }
            _ => out.push_str(&format!(" {key}=\"{value}\"")),
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_labels_are_measured_by_display_width() {
        // Five CJK characters at 14 px: about 5 em, not 15 × 0.7 em.
        let (w, _) = text_size("区财政局长", 14.0);
        assert_eq!(w, 77);
        assert_eq!(text_size("abcde", 14.0).0, 39);
    }

    #[test]
    fn bars_keep_their_labels_and_values() {
        let bars = [
            Bar {
                label: "高新产业园",
                value: 92.88,
                value_text: "92.88",
                strong: true,
            },
            Bar {
                label: "临港物流园",
                value: 88.5,
                value_text: "88.50",
                strong: false,
            },
        ];
        let svg = ranking_bars(&bars, "园区类总分", 100.0);
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 114\"")
        );
        assert!(svg.contains("高新产业园") && svg.contains("88.50"));
        assert!(svg.contains("<title>园区类总分</title>"));
        let head = &svg[..svg.find('>').unwrap()];
        assert!(!head.contains("width="), "{head}");
        // The axis starts at 80, and the chart says so.
        assert!(svg.contains("横轴自80分起"), "{svg}");
        // plotters writes sizes ÷ 1.24: every label is 12.9 units, 12 CSS px at 375 px.
        let sizes: Vec<f64> = svg
            .split("font-size=\"")
            .skip(1)
            .map(|s| s[..s.find('"').unwrap()].parse().unwrap())
            .collect();
        assert!(
            !sizes.is_empty() && sizes.iter().all(|&s| s >= 12.9),
            "{sizes:?}"
        );
    }

    #[test]
    fn a_titled_chart_names_itself_and_its_dark_bars() {
        let bars = [Bar {
            label: "高新产业园",
            value: 92.88,
            value_text: "92.88",
            strong: true,
        }];
        let t = titled(
            &ranking_bars(&bars, "园区类", 100.0),
            "园区类总分排名",
            Some("先进"),
        );
        assert!(
            t.contains(">园区类总分排名</text>") && t.contains("深色：先进"),
            "{t}"
        );
        assert!(t.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 360 "));
    }
}
