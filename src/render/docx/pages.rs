//! On which page the Word file's 版记 falls, estimated from its own `document.xml`: the
//! 版记 stands at the foot of the text's last page (GB/T 9704 7.5), never alone on a page
//! of its own; when the 落款 and the QR code leave no room for it there, the end of the
//! text starts a new page with them.
//!
//! Word and LibreOffice lay the pages out when the file is opened, so the page is
//! estimated here from the body as written: paragraphs on the 22-line grid, table rows
//! as their cells wrap in their columns (13.65 pt a line, 6.5 mm at least), what is kept
//! together moved whole.

/// The type area's height, 225 mm, in twips.
const PAGE: f64 = 12756.0;
/// A line of the grid.
const LINE: f64 = 579.0;
/// The type area's width.
const WIDTH: f64 = 8844.0;
/// A line of text in a table cell (五号, single spacing): 13.65 pt.
const TABLE_LINE: f64 = 273.0;

/// A block of the body as it is laid out.
#[derive(Debug, Clone)]
enum Block {
    /// A paragraph: its lines, each line's height, the space before it, whether it is
    /// kept with the next block.
    Para {
        lines: usize,
        line: f64,
        before: f64,
        keep: bool,
    },
    /// A table: the height of its header row (repeated on each page), of each row, and
    /// whether it is kept on one page.
    Table {
        head: f64,
        rows: Vec<f64>,
        whole: bool,
    },
    /// The 版记: a table floating at the foot of the page, of this height.
    Banji(f64),
}

/// The value of attribute `name` of the first element `tag` in `xml`.
fn attr<'a>(xml: &'a str, tag: &str, name: &str) -> Option<&'a str> {
    let at = xml.find(&format!("<{tag} "))?;
    let end = at + xml[at..].find('>')?;
    let el = &xml[at..end];
    let key = format!(" {name}=\"");
    let v = el.find(&key)? + key.len();
    Some(&el[v..v + el[v..].find('"')?])
}

fn number(xml: &str, tag: &str, name: &str) -> Option<f64> {
    attr(xml, tag, name)?.parse().ok()
}

/// The text of a piece of WordprocessingML: its `w:t` elements.
fn text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i + 4..];
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let Some(gt) = rest.find('>') else { break };
        let Some(end) = rest.find("</w:t>") else {
            break;
        };
        out.push_str(&rest[gt + 1..end]);
        rest = &rest[end..];
    }
    out
}

/// The width of `s` in twips at `size` points: a Chinese character an em, the rest half.
fn width(s: &str, size: f64) -> f64 {
    super::super::title::ems(s) * size * 20.0
}

/// The top-level elements of the body, each with its text.
fn elements(xml: &str) -> Vec<&str> {
    let Some(start) = xml.find("<w:body>") else {
        return Vec::new();
    };
    let mut rest = &xml[start + 8..];
    let mut out = Vec::new();
    loop {
        let close = if rest.starts_with("<w:p>") || rest.starts_with("<w:p ") {
            "</w:p>"
        } else if rest.starts_with("<w:tbl>") {
            "</w:tbl>"
        } else {
            break;
        };
        let Some(end) = rest.find(close) else { break };
        out.push(&rest[..end + close.len()]);
        rest = &rest[end + close.len()..];
    }
    out
}

fn paragraph(p: &str) -> Block {
    let style = attr(p, "w:pStyle", "w:val").unwrap_or("Normal");
    let exact = attr(p, "w:spacing", "w:lineRule") == Some("exact");
    let line = match (exact, number(p, "w:spacing", "w:line")) {
        (true, Some(l)) => l,
        _ if style == "Title" => 737.0,
        _ => LINE,
    };
    let before = number(p, "w:spacing", "w:before").unwrap_or(0.0);
    let size =
        number(p, "w:sz", "w:val").map_or(if style == "Title" { 22.0 } else { 16.0 }, |s| s / 2.0);
    let indent = number(p, "w:ind", "w:firstLine").unwrap_or(0.0)
        + number(p, "w:ind", "w:left").unwrap_or(0.0);
    let drawing = number(p, "wp:extent", "cy").map(|emu| emu / 635.0);
    let lines = match drawing {
        Some(_) => 1,
        // Each piece between line breaks (a title's lines) wraps on its own.
        None => p
            .split("<w:br ")
            .enumerate()
            .map(|(k, piece)| {
                let w = if k == 0 { indent } else { 0.0 } + width(&text(piece), size);
                ((w / WIDTH).ceil() as usize).max(1)
            })
            .sum(),
    };
    Block::Para {
        lines,
        line: drawing.map_or(line, |h| h.max(line)),
        before,
        keep: p.contains("<w:keepNext"),
    }
}

fn table(t: &str) -> Block {
    let rows: Vec<&str> = t.split("<w:tr>").skip(1).collect();
    if t.contains("<w:tblpPr") {
        return Block::Banji(rows.len() as f64 * LINE + 60.0);
    }
    let mut head = 0.0;
    let mut body = Vec::new();
    for r in &rows {
        let min = number(r, "w:trHeight", "w:val").unwrap_or(369.0);
        let lines = r
            .split("<w:tc>")
            .skip(1)
            .map(|c| {
                let room = number(c, "w:tcW", "w:w").unwrap_or(WIDTH) - 154.0;
                (width(&text(c), 10.5) / room.max(210.0)).ceil().max(1.0)
            })
            .fold(1.0_f64, f64::max);
        let h = min.max(lines * TABLE_LINE + 40.0);
        if r.contains("<w:tblHeader") {
            head = h;
        } else {
            body.push(h);
        }
    }
    // The last row of a table kept whole holds with nothing after it.
    let whole = body.len() > 1 && {
        let n = rows.len();
        rows[..n - 1]
            .iter()
            .filter(|r| !r.contains("<w:tblHeader"))
            .all(|r| r.contains("<w:keepNext"))
    };
    Block::Table {
        head,
        rows: body,
        whole,
    }
}

/// The height of what a kept paragraph holds on to: the block's first line or row.
fn first(b: &Block, s: f64) -> f64 {
    match b {
        Block::Para { line, before, .. } => (before + line) * s,
        Block::Table { head, rows, whole } => {
            if *whole {
                (head + rows.iter().sum::<f64>()) * s
            } else {
                (head + rows.first().copied().unwrap_or(0.0)) * s
            }
        }
        Block::Banji(_) => 0.0,
    }
}

/// The page the text ends on and the page the 版记 falls on, every height scaled by `s`;
/// `None` without a 版记.
fn banji_page(blocks: &[Block], s: f64) -> Option<(usize, usize)> {
    let (mut page, mut y) = (1usize, 0.0_f64);
    let new_page = |page: &mut usize, y: &mut f64| {
        *page += 1;
        *y = 0.0;
    };
    for (i, b) in blocks.iter().enumerate() {
        // A chain of kept paragraphs moves whole with the start of what follows it.
        if let Block::Para { keep: true, .. } = b
            && (i == 0 || !matches!(blocks[i - 1], Block::Para { keep: true, .. }))
        {
            let mut chain = 0.0;
            let mut j = i;
            while let Some(Block::Para {
                keep: true,
                lines,
                line,
                before,
            }) = blocks.get(j)
            {
                chain += (before + *lines as f64 * line) * s;
                j += 1;
            }
            chain += blocks.get(j).map_or(0.0, |n| first(n, s));
            if y + chain > PAGE && chain <= PAGE && y > 0.0 {
                new_page(&mut page, &mut y);
            }
        }
        match b {
            Block::Para {
                lines,
                line,
                before,
                ..
            } => {
                let (line, h) = (line * s, (before + *lines as f64 * line) * s);
                if y + h <= PAGE {
                    y += h;
                    continue;
                }
                // Split over the page, two lines at least on either side.
                let fit = ((PAGE - y - before * s) / line).floor().max(0.0) as usize;
                if fit >= 2 && lines - fit >= 2 {
                    new_page(&mut page, &mut y);
                    y = (lines - fit) as f64 * line;
                } else {
                    new_page(&mut page, &mut y);
                    y = h;
                }
            }
            Block::Table { head, rows, whole } => {
                let total = (head + rows.iter().sum::<f64>()) * s;
                if (*whole && y + total > PAGE && total <= PAGE)
                    || y + (head + rows.first().copied().unwrap_or(0.0)) * s > PAGE
                {
                    new_page(&mut page, &mut y);
                }
                y += head * s;
                for r in rows {
                    if y + r * s > PAGE {
                        new_page(&mut page, &mut y);
                        y = head * s;
                    }
                    y += r * s;
                }
            }
            Block::Banji(h) => {
                let text = page;
                if PAGE - y < h * s {
                    new_page(&mut page, &mut y);
                }
                return Some((text, page));
            }
        }
    }
    None
}

/// Whether the 版记 does not fit at the foot of the text's last page (the 落款 and the QR
/// code fill it): `None` without a 版记.
pub fn banji_overflows(document: &str) -> Option<bool> {
    let blocks: Vec<Block> = elements(document)
        .into_iter()
        .map(|e| {
            if e.starts_with("<w:tbl>") {
                table(e)
            } else {
                paragraph(e)
            }
        })
        .collect();
    let (text, banji) = banji_page(&blocks, 1.0)?;
    Some(banji != text)
}

/// `document` with the 落款 (and what is kept with it), the body paragraph before it and
/// the QR code starting a new page, so that the 版记 stands at the foot of a page that
/// holds text too, never alone on a page of its own (nor the 落款 alone).
pub fn banji_with_its_text(document: &str) -> String {
    let paragraphs: Vec<(usize, &str)> = elements(document)
        .into_iter()
        .map(|e| (e.as_ptr() as usize - document.as_ptr() as usize, e))
        .collect();
    // The elements before the 版记 (the last table); the chain of kept paragraphs that
    // ends there (附件, 落款, date), and the body paragraph before that chain.
    let Some(banji) = paragraphs
        .iter()
        .rposition(|(_, e)| e.starts_with("<w:tbl>"))
    else {
        return document.to_string();
    };
    let mut first = banji;
    while first > 0 {
        let (_, e) = paragraphs[first - 1];
        if e.starts_with("<w:tbl>") {
            break;
        }
        first -= 1;
        if !e.contains("<w:keepNext")
            && first + 1 < banji
            && paragraphs[first + 1].1.contains("<w:keepNext")
        {
            // the body paragraph before the kept chain: taken along, and no further
            break;
        }
    }
    let (at, p) = paragraphs[first];
    let Some(ppr) = p.find("<w:pPr>") else {
        return document.to_string();
    };
    let mut out = String::with_capacity(document.len() + 32);
    out.push_str(&document[..at + ppr + 7]);
    out.push_str("<w:pageBreakBefore />");
    out.push_str(&document[at + ppr + 7..]);
    out
}
