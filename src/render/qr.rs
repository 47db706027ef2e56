//! The QR code that takes a reader of the printed notice, the Word file or the lobby
//! screen to the bulletin's web page: encoded by the `qrcode` crate, drawn here as an SVG
//! path (print, screen) or a one-bit PNG (the Word file). Neither holds any text of the
//! content, only the modules, so nothing of it needs escaping.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics};

/// Modules of white border around the code, as the standard asks.
const QUIET: usize = 4;

/// An encoded QR code.
#[derive(Debug)]
pub struct Qr {
    width: usize,
    dark: Vec<bool>,
}

/// What the templates show: the address in text and the code as inline SVG.
#[derive(Debug, Clone, Serialize)]
pub struct QrView {
    pub url: String,
    /// The address in pieces that may end a line: after a slash, before a dot (where a
    /// printed address is broken), so that a caption never wraps inside a word.
    pub url_parts: Vec<String>,
    pub svg: String,
    /// The code itself, for the Word file's picture: encoded once a bulletin (choosing
    /// the mask is most of the work), not once for the page and again for Word.
    #[serde(skip)]
    pub code: std::sync::Arc<Qr>,
}

impl Qr {
    /// The code of `url`, at error correction level M (15% of it may be soiled).
    pub fn encode(url: &str) -> Result<Qr, Diagnostics> {
        let code =
            qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M).map_err(|e| {
                Diagnostic::error(crate::msg!(
                    "qr-too-long",
                    url = url,
                    detail = e.to_string()
                ))
                .hint(crate::msg!("qr-too-long-help"))
            })?;
        Ok(Qr {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect(),
        })
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Modules across, quiet zone included.
    pub fn size(&self) -> usize {
        self.width + 2 * QUIET
    }

    /// An SVG of one path, one unit a module, scaled by its container.
    pub fn svg(&self) -> String {
        let n = self.size();
        let mut d = String::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    d.push_str(&format!(
                        "M{} {}h{}v1h-{}z",
                        start + QUIET,
                        y + QUIET,
                        x - start,
                        x - start
                    ));
                } else {
                    x += 1;
                }
            }
        }
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {n} {n}\" shape-rendering=\"crispEdges\" aria-hidden=\"true\"><rect width=\"{n}\" height=\"{n}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>"
        )
    }

    /// A one-bit greyscale PNG, `scale` pixels a module.
    pub fn png(&self, scale: usize) -> Vec<u8> {
        let side = self.size() * scale;
        let row_bytes = side.div_ceil(8);
        let mut data = vec![0u8; row_bytes * side];
        for py in 0..side {
            for px in 0..side {
                let (mx, my) = (px / scale, py / scale);
                let dark = (QUIET..QUIET + self.width).contains(&mx)
                    && (QUIET..QUIET + self.width).contains(&my)
                    && self.is_dark(mx - QUIET, my - QUIET);
                if !dark {
                    data[py * row_bytes + px / 8] |= 0x80 >> (px % 8);
                }
            }
        }
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, side as u32, side as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::One);
        let mut writer = encoder.write_header().expect("PNG header into memory");
        writer
            .write_image_data(&data)
            .expect("PNG data into memory");
        writer.finish().expect("PNG into memory");
        out
    }
}

/// The address of a bulletin's web page and its code, for the templates.
pub fn view(base_url: &str, path: &str) -> Result<QrView, Diagnostics> {
    let url = format!("{base_url}{path}/");
    let code = Qr::encode(&url)?;
    Ok(QrView {
        url_parts: url_parts(&url),
        url,
        svg: code.svg(),
        code: std::sync::Arc::new(code),
    })
}

/// `url` cut after each slash (but inside `//`) and before each dot.
fn url_parts(url: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = url.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '.' && !out.last().is_some_and(String::is_empty) {
            out.push(String::new());
        }
        out.last_mut().expect("one piece at least").push(c);
        if c == '/' && chars.peek().is_some_and(|n| *n != '/') {
            out.push(String::new());
        }
    }
    out.retain(|p| !p.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::Qr;

    #[test]
    fn an_address_breaks_after_a_slash_or_before_a_dot_only() {
        assert_eq!(
            super::url_parts("https://kaohe.example.org/2025/q2-units/"),
            [
                "https://",
                "kaohe",
                ".example",
                ".org/",
                "2025/",
                "q2-units/"
            ]
        );
    }

    /// Decode a PNG of the code with rqrr: what a phone's camera would read.
    fn decode_png(bytes: &[u8]) -> String {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let (w, h) = (info.width as usize, info.height as usize);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| buf[y * w + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code in the image");
        grids[0].decode().unwrap().1
    }

    #[test]
    fn the_png_decodes_back_to_the_address() {
        let url = "https://kaohe.wangchuan.example.gov.cn/2025/04-units/";
        let qr = Qr::encode(url).unwrap();
        assert_eq!(decode_png(&qr.png(4)), url);
    }

    #[test]
    fn the_svg_is_one_path_of_modules_and_is_deterministic() {
        let qr = Qr::encode("https://example.org/a/").unwrap();
        let svg = qr.svg();
        assert_eq!(svg, Qr::encode("https://example.org/a/").unwrap().svg());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
        assert_eq!(svg.matches("<path").count(), 1);
    }
}
