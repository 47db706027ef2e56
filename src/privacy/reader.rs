//! Texts as a reader sees them, as [`Tok`]s: the source of a content file (plain text, as
//! YAML shows it, or markdown), or an output file (HTML, XML, JSON or plain text). Each
//! reader hides what a person does not see between two digits: invisible characters,
//! markup, tags, a link's address, and decodes character references (`&#49;` is a 1).

use super::numbers::{Tok, digit, invisible, separator};

/// How a text is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Shown as written: YAML values, CSV, plain text. Emphasis marks (`**`) around digits
    /// still count as nothing between them.
    Plain,
    /// A markdown source: emphasis, code spans, links, backslash escapes and character
    /// references are read as the rendered page shows them.
    Markdown,
    /// HTML, XML or SVG: tags are hidden (a block's end ends a number), comments skipped,
    /// references decoded; attribute values are read each on its own.
    Markup,
    /// JSON or a script: `\u200b` escapes decoded.
    Json,
    /// Office XML (the parts of a Word file): [`Syntax::Markup`], but only the attributes
    /// that hold words are read.
    Office,
}

/// The tokens of `text` written in `syntax`, with their byte ranges. The values of a
/// markup text's attributes are left out: see [`tokens_and_attributes`].
pub fn tokens(text: &str, syntax: Syntax) -> Tokens<'_, '_> {
    Tokens {
        text,
        at: 0,
        syntax,
        queue: Vec::new(),
        attributes: None,
    }
}

/// [`tokens`], putting the byte range of every attribute value that holds text into
/// `attributes` as it goes: each is read on its own (a reader does not see a title
/// attribute run on into the text beside it).
pub fn tokens_and_attributes<'a, 'b>(
    text: &'a str,
    syntax: Syntax,
    attributes: &'b mut Vec<std::ops::Range<usize>>,
) -> Tokens<'a, 'b> {
    Tokens {
        attributes: Some(attributes),
        ..tokens(text, syntax)
    }
}

pub struct Tokens<'a, 'b> {
    text: &'a str,
    at: usize,
    syntax: Syntax,
    /// Tokens of a tag read ahead, last first.
    queue: Vec<(Tok, usize, usize)>,
    attributes: Option<&'b mut Vec<std::ops::Range<usize>>>,
}

impl Iterator for Tokens<'_, '_> {
    type Item = (Tok, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(t) = self.queue.pop() {
            return Some(t);
        }
        let rest = &self.text[self.at..];
        let c = rest.chars().next()?;
        let start = self.at;
        let (tok, len) = match (self.syntax, c) {
            (Syntax::Markup | Syntax::Office, '<') => return self.tag(),
            (Syntax::Markup | Syntax::Office | Syntax::Markdown, '&') => reference(rest),
            (Syntax::Json, '\\') => json_escape(rest),
            (Syntax::Markdown, '`') => (Tok::Code, 1),
            (Syntax::Markdown, '[') => (Tok::Markup, 1),
            (Syntax::Markdown, ']') => (Tok::Markup, 1 + link_target(&rest[1..])),
            (Syntax::Markdown, '\\')
                if rest[1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_punctuation()) =>
            {
                (Tok::Markup, 1)
            }
            (Syntax::Plain | Syntax::Markdown, '*' | '_' | '~') => {
                let run = rest.bytes().take_while(|&b| b == c as u8).count();
                // Four stars or more are a number masked before, not emphasis.
                let tok = if c == '*' && run >= 4 {
                    Tok::Other
                } else {
                    Tok::Markup
                };
                (tok, run)
            }
            (syntax, c) => match of_char(c) {
                // Text that can hold no digit, taken whole: most of a page.
                Tok::Other => (
                    Tok::Other,
                    c.len_utf8() + plain_run(&rest[c.len_utf8()..], syntax),
                ),
                tok => (tok, c.len_utf8()),
            },
        };
        self.at += len;
        Some((tok, start, start + len))
    }
}

impl Tokens<'_, '_> {
    /// A tag at `self.at` (which holds `<`): a comment, a declaration or an element's tag.
    /// Inline elements are hidden; a block's tag ends a number. Attribute values that hold
    /// text are put aside (see [`tokens_and_attributes`]), to be read each on its own.
    fn tag(&mut self) -> Option<(Tok, usize, usize)> {
        let start = self.at;
        let rest = &self.text[start..];
        for (open, close) in [
            ("<!--", "-->"),
            ("<![CDATA[", "]]>"),
            ("<?", "?>"),
            ("<!", ">"),
        ] {
            if let Some(after) = rest.strip_prefix(open) {
                // Unclosed: to the end of the text.
                let inner_len = after.find(close).unwrap_or(after.len());
                let end = (open.len() + inner_len + close.len()).min(rest.len());
                self.at += end;
                // A CDATA section's text is text; a comment is not shown on the page but
                // is published with it, for anyone to read in the source.
                if matches!(open, "<![CDATA[" | "<!--") {
                    let inner = &after[..inner_len];
                    let base = start + open.len();
                    let mut toks: Vec<(Tok, usize, usize)> = tokens(inner, Syntax::Plain)
                        .map(|(t, a, b)| (t, base + a, base + b))
                        .collect();
                    toks.push((Tok::Other, start + end, start + end));
                    toks.reverse();
                    self.queue = toks;
                    return Some((Tok::Other, start, start));
                }
                return Some((Tok::Hidden, start, start + end));
            }
        }
        let Some(name) = element_name(rest) else {
            // A `<` that starts no tag is shown as it is.
            self.at += 1;
            return Some((Tok::Other, start, start + 1));
        };
        let kind = element(name);
        let syntax = self.syntax;
        let end = match self.attributes.as_mut() {
            Some(attributes) => tag_end(rest, syntax, |r| {
                attributes.push(start + r.start..start + r.end);
            }),
            None => tag_end(rest, syntax, |_| {}),
        };
        self.at = start + end;
        let own = match kind {
            Element::Inline => Tok::Hidden,
            Element::Break => Tok::Sep,
            Element::Drawing | Element::Block => Tok::Other,
        };
        let opens_text = (name.eq_ignore_ascii_case("script")
            || name.eq_ignore_ascii_case("style"))
            && !rest[1..].starts_with('/');
        if !opens_text {
            return Some((own, start, start + end));
        }
        // Script and style hold text that is not markup: read up to their end tag.
        let close = format!("</{}", name.to_ascii_lowercase());
        let body_start = self.at;
        let body_end = find_ignoring_case(&self.text[body_start..], &close)
            .map_or(self.text.len(), |k| body_start + k);
        let body = &self.text[body_start..body_end];
        self.queue.push((Tok::Other, body_end, body_end));
        let mut toks: Vec<(Tok, usize, usize)> = tokens(body, Syntax::Json)
            .map(|(t, a, b)| (t, body_start + a, body_start + b))
            .collect();
        toks.reverse();
        self.queue.extend(toks);
        self.at = body_end;
        Some((own, start, start + end))
    }
}

/// Where `needle` (lower-case ASCII) first stands in `hay`, in any case.
pub(super) fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1))
        .filter(|&i| h[i] == b'<')
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Where the tag at the start of `rest` (at its `<`) ends, handing the range (in `rest`)
/// of each attribute value that holds text and may hold a number to `attribute`. The
/// element's name is looked at only when a value may hold a number.
pub(super) fn tag_end(
    rest: &str,
    syntax: Syntax,
    mut attribute: impl FnMut(std::ops::Range<usize>),
) -> usize {
    let mut geometric = None;
    let bytes = rest.as_bytes();
    // The name holds neither quote nor `>`.
    let mut i = 1;
    // Tags are short: a plain loop to the next `>` or quote.
    while let Some(k) = bytes[i..]
        .iter()
        .position(|&c| matches!(c, b'>' | b'"' | b'\''))
    {
        let at = i + k;
        if bytes[at] == b'>' {
            return at + 1;
        }
        let q = bytes[at];
        let close = memchr::memchr(q, &bytes[at + 1..]).map_or(rest.len(), |k| at + 1 + k);
        let value = &rest[at + 1..close];
        if may_hold_number(value) && !value.contains(";base64,") {
            // The attribute's name: the word before `=`, without its prefix.
            let before = rest[i..at].trim_end_matches(['=', ' ', '\t', '\n', '\r']);
            let from = before
                .bytes()
                .rposition(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b':'))
                .map_or(0, |p| p + 1);
            let local = &before[from..];
            let text = match syntax {
                // Office XML keeps its text in elements; of its attributes only these
                // hold words (an image's description, a link).
                Syntax::Office => ["descr", "title", "tooltip", "name", "target"]
                    .iter()
                    .any(|n| local.eq_ignore_ascii_case(n)),
                _ => {
                    !(*geometric.get_or_insert_with(|| element_name(rest).is_some_and(is_drawing))
                        && drawing_attribute(local))
                }
            };
            if text {
                attribute(at + 1..close);
            }
        }
        i = (close + 1).min(rest.len());
    }
    rest.len()
}

/// The local name (`w:t` → `t`) of the element whose tag starts `rest` (at its `<`);
/// `None` if no tag starts there.
pub(super) fn element_name(rest: &str) -> Option<&str> {
    let name_end = rest.as_bytes()[1..]
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || matches!(c, b'/' | b':' | b'-' | b'_')))
        .map_or(rest.len(), |i| i + 1);
    let qualified = rest[1..name_end].trim_start_matches('/');
    if qualified.is_empty() {
        return None;
    }
    let local = qualified
        .bytes()
        .rposition(|b| b == b':')
        .map_or(0, |p| p + 1);
    Some(&qualified[local..])
}

/// Whether the element `name` draws (its coordinates and sizes are no text).
pub(super) fn is_drawing(name: &str) -> bool {
    element(name) == Element::Drawing || name.eq_ignore_ascii_case("tspan")
}

/// What an element is to a reader of numbers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Stands inside a line of text: a number may run through it (HTML's phrasing
    /// elements, SVG's `tspan`, WordprocessingML's runs and their properties).
    Inline,
    /// A line break: the digits on either side show as if a space parted them.
    Break,
    /// A drawing: its coordinates and sizes are no text.
    Drawing,
    /// Anything else: a block, which ends a number.
    Block,
}

/// The kind of the element of local name `name`, in any case.
fn element(name: &str) -> Element {
    let mut buf = [0u8; 16];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return Element::Block;
    };
    lower.copy_from_slice(name.as_bytes());
    lower.make_ascii_lowercase();
    match &*lower {
        b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"del" | b"dfn"
        | b"em" | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span"
        | b"strong" | b"sub" | b"sup" | b"time" | b"u" | b"var" | b"wbr" | b"font" | b"r"
        | b"t" | b"rpr" | b"hyperlink" | b"prooferr" | b"bookmarkstart" | b"bookmarkend"
        | b"noproof" | b"lang" | b"rfonts" | b"sz" | b"szcs" | b"color" | b"bcs" | b"vertalign" => {
            Element::Inline
        }
        // SVG's run of text inside a `text`: inline, though a drawing element.
        b"tspan" => Element::Inline,
        b"br" => Element::Break,
        b"svg" | b"path" | b"rect" | b"circle" | b"ellipse" | b"line" | b"polyline"
        | b"polygon" | b"g" | b"text" | b"use" | b"image" | b"lineargradient" | b"stop"
        | b"clippath" | b"marker" | b"pattern" => Element::Drawing,
        _ => Element::Block,
    }
}

/// Attributes of drawing elements that never hold text: coordinates and sizes.
fn drawing_attribute(name: &str) -> bool {
    [
        "d",
        "points",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "dx",
        "dy",
        "width",
        "height",
        "viewbox",
        "transform",
        "stroke-width",
        "stroke-dasharray",
        "font-size",
        "opacity",
        "offset",
    ]
    .iter()
    .any(|n| name.eq_ignore_ascii_case(n))
}

/// Whether `text` has room for a personal number: eleven characters that may be digits
/// (ASCII ones, others of more than a byte, or references such as `&#49;`). A quick look
/// before reading it, for the many short attribute values of a page.
pub fn may_hold_number(text: &str) -> bool {
    text.bytes()
        .filter(|&b| b.is_ascii_digit() || b == b'&' || b >= 0xC0)
        .nth(10)
        .is_some()
}

/// The length of the text at the start of `rest` that a reader of `syntax` sees as
/// nothing but text: no digit, no sign that may stand in or between digits, no markup.
fn plain_run(rest: &str, syntax: Syntax) -> usize {
    let b = rest.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            let special = c.is_ascii_digit()
                || matches!(c, b'+' | b'X' | b'x' | b' ' | b'-' | b'\n')
                || match syntax {
                    Syntax::Markup | Syntax::Office => matches!(c, b'<' | b'&'),
                    Syntax::Markdown => {
                        matches!(c, b'&' | b'`' | b'[' | b']' | b'\\' | b'*' | b'_' | b'~')
                    }
                    Syntax::Plain => matches!(c, b'*' | b'_' | b'~'),
                    Syntax::Json => c == b'\\',
                };
            if special {
                return i;
            }
            i += 1;
        } else if (0xE4..=0xE9).contains(&c) && i + 2 < b.len() {
            // A CJK ideograph (U+4000–U+9FFF): text, unless a Chinese numeral.
            let cp = (u32::from(c & 0x0F) << 12)
                | (u32::from(b[i + 1] & 0x3F) << 6)
                | u32::from(b[i + 2] & 0x3F);
            if char::from_u32(cp).and_then(digit).is_some() {
                return i;
            }
            i += 3;
        } else {
            let ch = rest[i..].chars().next().expect("at a character");
            if of_char(ch) != Tok::Other {
                return i;
            }
            i += ch.len_utf8();
        }
    }
    i
}

/// One character as a reader sees it.
pub(super) fn of_char(c: char) -> Tok {
    if let Some(d) = digit(c) {
        Tok::Digit(d)
    } else if separator(c) {
        Tok::Sep
    } else if invisible(c) {
        Tok::Hidden
    } else {
        match c {
            'X' | 'x' | 'Ｘ' | 'ｘ' => Tok::X,
            '+' | '＋' => Tok::Plus,
            _ => Tok::Other,
        }
    }
}

/// The address of a link after its text's `]`: `(…)` or `[…]`, as its length (0 when
/// none follows). A reader sees none of it.
fn link_target(rest: &str) -> usize {
    let (open, close) = match rest.as_bytes().first() {
        Some(b'(') => (b'(', b')'),
        Some(b'[') => (b'[', b']'),
        _ => return 0,
    };
    let mut depth = 0usize;
    for (i, b) in rest.bytes().enumerate() {
        if b == b'\n' {
            return 0;
        }
        if b == open {
            depth += 1;
        } else if b == close {
            depth -= 1;
            if depth == 0 {
                return i + 1;
            }
        }
    }
    0
}

/// A character reference at the start of `rest` (which holds `&`): what it shows, and its
/// length. One that decodes to nothing known is shown as written.
fn reference(rest: &str) -> (Tok, usize) {
    let Some(semi) = rest[1..].find(';').filter(|&i| i <= 32).map(|i| i + 1) else {
        return (Tok::Other, 1);
    };
    let name = &rest[1..semi];
    let c = if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => num.parse().ok(),
        };
        n.and_then(char::from_u32)
    } else {
        named(name)
    };
    match c {
        Some(c) => (of_char(c), semi + 1),
        None => (Tok::Other, 1),
    }
}

/// The named references that can stand between digits unseen or as a separator.
fn named(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" | "NonBreakingSpace" => '\u{a0}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" | "ThinSpace" => '\u{2009}',
        "hairsp" | "VeryThinSpace" => '\u{200A}',
        "shy" => '\u{AD}',
        "zwsp"
        | "ZeroWidthSpace"
        | "NegativeVeryThinSpace"
        | "NegativeThinSpace"
        | "NegativeMediumSpace"
        | "NegativeThickSpace" => '\u{200B}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "NoBreak" => '\u{2060}',
        "ApplyFunction" | "af" => '\u{2061}',
        "InvisibleTimes" | "it" => '\u{2062}',
        "InvisibleComma" | "ic" => '\u{2063}',
        "hyphen" | "dash" => '‐',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "plus" => '+',
        "amp" => '&',
        _ => return None,
    })
}

/// A JSON or script escape at the start of `rest` (which holds `\`): `\u200b` is what it
/// encodes; `\n` a line break; others shown as written.
fn json_escape(rest: &str) -> (Tok, usize) {
    match rest.as_bytes().get(1) {
        Some(b'u') => {
            let c = rest
                .get(2..6)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            match c {
                Some(c) => (of_char(c), 6),
                None => (Tok::Other, 1),
            }
        }
        Some(b'n') => (Tok::Sep, 2),
        _ => (Tok::Other, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(text: &str, syntax: Syntax) -> String {
        tokens(text, syntax)
            .map(|(t, a, b)| match t {
                Tok::Digit(d) => char::from(b'0' + d).to_string(),
                Tok::Sep => " ".into(),
                Tok::Hidden | Tok::Markup => String::new(),
                Tok::Code => "`".into(),
                Tok::X => "X".into(),
                Tok::Plus => "+".into(),
                Tok::Other => format!("[{}]", &text[a..b]),
            })
            .collect()
    }

    #[test]
    fn markdown_as_the_page_shows_it() {
        assert_eq!(seen("138**1234**5678", Syntax::Markdown), "13812345678");
        assert_eq!(seen("[138](http://a/9)1234", Syntax::Markdown), "1381234");
        assert_eq!(
            seen("138&#8203;1234&shy;5678", Syntax::Markdown),
            "13812345678"
        );
        assert_eq!(seen("&#49;&#x33;8", Syntax::Markdown), "138");
        assert_eq!(seen("138\\-1234", Syntax::Markdown), "138 1234");
        assert_eq!(seen("138****5678", Syntax::Markdown), "138[****]5678");
    }

    #[test]
    fn html_tags_hidden_blocks_end_a_number_attributes_on_their_own() {
        assert_eq!(
            seen("<p>138<b>1234</b>5678</p>", Syntax::Markup),
            "[<p>]13812345678[</p>]"
        );
        assert_eq!(
            seen("<td>138</td><td>1234</td>", Syntax::Markup),
            "[<td>]138[</td>][<td>]1234[</td>]"
        );
        assert_eq!(seen("<a title=\"13812345678\">x</a>", Syntax::Markup), "X");
        let text = "<p>1<a title=\"13812345678\" href=\"x\" lang=\"22222222222\">2</a></p><path d=\"M11111111111\"/>";
        let mut attributes = Vec::new();
        let digits: Vec<Tok> = tokens_and_attributes(text, Syntax::Markup, &mut attributes)
            .map(|(t, _, _)| t)
            .filter(|t| matches!(t, Tok::Digit(_)))
            .collect();
        assert_eq!(digits, [Tok::Digit(1), Tok::Digit(2)]);
        let values: Vec<&str> = attributes.iter().map(|r| &text[r.clone()]).collect();
        // Values too short to hold a number, and drawing, are not read.
        assert_eq!(values, ["13812345678", "22222222222"]);
        assert_eq!(
            seen("<path d=\"M138 1234 5678\"/>", Syntax::Markup),
            "[<path d=\"M138 1234 5678\"/>]"
        );
        assert_eq!(seen("<!-- 138 -->1", Syntax::Markup), "[] 138 []1");
    }
}
