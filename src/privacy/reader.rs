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
            (Syntax::Markup, '<') => return self.tag(),
            (Syntax::Markup | Syntax::Markdown, '&') => reference(rest),
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
            (_, c) => (of_char(c), c.len_utf8()),
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
        let name_end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '/' | ':' | '-' | '_')))
            .map_or(rest.len(), |i| i + 1);
        let name = rest[1..name_end]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if name.is_empty() {
            // A `<` that starts no tag is shown as it is.
            self.at += 1;
            return Some((Tok::Other, start, start + 1));
        }
        let name = name.rsplit(':').next().unwrap_or(&name).to_string();
        let geometric = GEOMETRY_TAGS.contains(&name.as_str());
        let mut toks = Vec::new();
        let mut i = name_end;
        let bytes = rest.as_bytes();
        let mut end = rest.len();
        while i < bytes.len() {
            match bytes[i] {
                b'>' => {
                    end = i + 1;
                    break;
                }
                b'"' | b'\'' => {
                    let q = bytes[i];
                    let close = rest[i + 1..]
                        .find(q as char)
                        .map_or(rest.len(), |k| i + 1 + k);
                    let value = &rest[i + 1..close];
                    let attr = attribute_name(&rest[..i]);
                    let text = !(skipped_attribute(&attr, geometric) || value.contains(";base64,"));
                    if let Some(attributes) = self.attributes.as_mut().filter(|_| text) {
                        let base = start + i + 1;
                        attributes.push(base..base + value.len());
                    }
                    i = close + 1;
                }
                _ => i += 1,
            }
        }
        self.at = start + end;
        let own = if INLINE.contains(&name.as_str()) {
            Tok::Hidden
        } else if name == "br" {
            // A line break shows the digits on two lines, as a space would part them.
            Tok::Sep
        } else {
            Tok::Other
        };
        toks.push((own, start, start + end));
        // Script and style hold text that is not markup: read up to their end tag.
        if matches!(name.as_str(), "script" | "style") && !rest[1..].starts_with('/') {
            let close = format!("</{name}");
            let body_start = self.at;
            let body_end = find_ignoring_case(&self.text[body_start..], &close)
                .map_or(self.text.len(), |k| body_start + k);
            let body = &self.text[body_start..body_end];
            toks.extend(
                tokens(body, Syntax::Json).map(|(t, a, b)| (t, body_start + a, body_start + b)),
            );
            toks.push((Tok::Other, body_end, body_end));
            self.at = body_end;
        }
        toks.reverse();
        self.queue = toks;
        self.queue.pop()
    }
}

/// Where `needle` (lower-case ASCII) first stands in `hay`, in any case.
fn find_ignoring_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..h.len().saturating_sub(n.len() - 1))
        .filter(|&i| h[i] == b'<')
        .find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// Elements that stand inside a line of text: a number may run through them.
/// (HTML's phrasing elements; SVG's `tspan`; WordprocessingML's runs and their properties.)
const INLINE: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "i",
    "ins",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "font",
    "tspan",
    "r",
    "t",
    "rpr",
    "hyperlink",
    "prooferr",
    "bookmarkstart",
    "bookmarkend",
    "noproof",
    "lang",
    "rfonts",
    "sz",
    "szcs",
    "color",
    "bcs",
    "vertalign",
];

/// Elements whose attributes are drawing (coordinates, sizes) rather than text.
const GEOMETRY_TAGS: &[&str] = &[
    "svg",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "g",
    "text",
    "tspan",
    "use",
    "image",
    "lineargradient",
    "stop",
    "clippath",
    "marker",
    "pattern",
];

/// Attributes that never hold text: drawing and layout on SVG and WordprocessingML
/// elements.
fn skipped_attribute(name: &str, geometric: bool) -> bool {
    let geometry = matches!(
        name,
        "d" | "points"
            | "x"
            | "y"
            | "x1"
            | "x2"
            | "y1"
            | "y2"
            | "cx"
            | "cy"
            | "r"
            | "rx"
            | "ry"
            | "dx"
            | "dy"
            | "width"
            | "height"
            | "viewbox"
            | "transform"
            | "stroke-width"
            | "stroke-dasharray"
            | "font-size"
            | "opacity"
            | "offset"
    );
    geometric && geometry
}

/// The name of the attribute whose value starts after `before` (`… name="`).
fn attribute_name(before: &str) -> String {
    before
        .trim_end_matches(|c: char| c == '=' || c.is_whitespace())
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .rsplit(':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// One character as a reader sees it.
fn of_char(c: char) -> Tok {
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
        let text = "<p>1<a title=\"138\" href=\"x\">2</a></p><path d=\"M1\"/>";
        let mut attributes = Vec::new();
        let digits: Vec<Tok> = tokens_and_attributes(text, Syntax::Markup, &mut attributes)
            .map(|(t, _, _)| t)
            .filter(|t| matches!(t, Tok::Digit(_)))
            .collect();
        assert_eq!(digits, [Tok::Digit(1), Tok::Digit(2)]);
        let values: Vec<&str> = attributes.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(values, ["138", "x"]);
        assert_eq!(
            seen("<path d=\"M138 1234 5678\"/>", Syntax::Markup),
            "[<path d=\"M138 1234 5678\"/>]"
        );
        assert_eq!(seen("<!-- 138 -->1", Syntax::Markup), "[] 138 []1");
    }
}
