//! A quick first look at a large text for where a personal number could be, so that the
//! exact reading ([`super::reader`], [`super::numbers`]) runs on a few regions of a page
//! rather than on all of it: the output gate reads every byte a build makes.
//!
//! The look errs one way only: every region the exact reading would find a number in is
//! inside a region given here. It counts the characters that may be digits (a digit, a
//! reference, an escape) since the last character that ends every number (a letter, most
//! signs, an ideograph that is no numeral), and treats every tag as if a number could run
//! through it; a region with fewer than eleven of them holds no number.

use std::ops::Range;

use super::numbers::Tok;
use super::reader::{Syntax, find_ignoring_case, of_char, tag_end};

/// The regions of `text` (written in `syntax`) that may hold a personal number, each with
/// the syntax to read it in (the body of a script is JSON, a comment's text is plain
/// text, an attribute value is markup), into `out`.
pub fn regions(text: &str, syntax: Syntax, out: &mut Vec<(Range<usize>, Syntax)>) {
    scan(text, 0, text.len(), syntax, out);
}

/// How a byte counts, outside tags.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Ends every number.
    Break,
    /// A digit.
    Digit,
    /// May stand inside a number: a separator, `+`, `X`, markup of plain text.
    Neutral,
    /// `<`, `&`, `\`, or the first byte of a character of more than one byte.
    Look,
}

const fn class_of(b: u8, syntax: Syntax) -> Class {
    match b {
        b'0'..=b'9' => Class::Digit,
        b' ' | b'\n' | b'-' | b'+' | b'X' | b'x' => Class::Neutral,
        b'*' | b'_' | b'~' if matches!(syntax, Syntax::Plain) => Class::Neutral,
        b'<' | b'&' if matches!(syntax, Syntax::Markup | Syntax::Office) => Class::Look,
        b'\\' if matches!(syntax, Syntax::Json) => Class::Look,
        0x80.. => Class::Look,
        _ => Class::Break,
    }
}

/// [`class_of`] of every byte, for one syntax: a table, so that the loops over text that
/// ends every number look up one byte at a time and nothing more.
const fn table(syntax: Syntax) -> [Class; 256] {
    let mut t = [Class::Break; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = class_of(b as u8, syntax);
        b += 1;
    }
    t
}

static TABLES: [[Class; 256]; 5] = [
    table(Syntax::Plain),
    table(Syntax::Markdown),
    table(Syntax::Markup),
    table(Syntax::Json),
    table(Syntax::Office),
];

fn classes(syntax: Syntax) -> &'static [Class; 256] {
    &TABLES[match syntax {
        Syntax::Plain => 0,
        Syntax::Markdown => 1,
        Syntax::Markup => 2,
        Syntax::Json => 3,
        Syntax::Office => 4,
    }]
}

/// Whether the CJK ideograph whose UTF-8 starts at `b[0]` (a lead byte 0xE4–0xE9) is a
/// numeral (一二三四五六七八九零幺), by its bytes.
fn numeral(b: &[u8]) -> bool {
    matches!(
        b,
        [0xE4, 0xB8, 0x80 | 0x89 | 0x83, ..]
            | [0xE4, 0xBA, 0x8C | 0x94, ..]
            | [0xE5, 0x9B, 0x9B, ..]
            | [0xE5, 0x85, 0xAD | 0xAB, ..]
            | [0xE4, 0xB9, 0x9D, ..]
            | [0xE9, 0x9B, 0xB6, ..]
            | [0xE5, 0xB9, 0xBA, ..]
    )
}

/// Scan `text[from..to]`, read in `syntax`.
fn scan(text: &str, from: usize, to: usize, syntax: Syntax, out: &mut Vec<(Range<usize>, Syntax)>) {
    let b = text.as_bytes();
    let classes = classes(syntax);
    let mut i = from;
    let mut start = from;
    let mut count = 0usize;
    // A region ends at `end` (exclusive); the next starts after it.
    let close =
        |out: &mut Vec<(Range<usize>, Syntax)>, start: usize, end: usize, count: &mut usize| {
            if *count >= 11 {
                out.push((start..end, syntax));
            }
            *count = 0;
        };
    while i < to {
        match classes[usize::from(b[i])] {
            Class::Digit => {
                count += 1;
                i += 1;
            }
            Class::Neutral => i += 1,
            Class::Break => {
                close(out, start, i, &mut count);
                // Text that ends every number, taken whole: most of a page.
                i += 1 + b[i + 1..to]
                    .iter()
                    .position(|&c| classes[usize::from(c)] != Class::Break)
                    .unwrap_or(to - i - 1);
                start = i;
            }
            Class::Look => match b[i] {
                b'<' => {
                    let rest = &text[i..to];
                    let special = matches!(b.get(i + 1), Some(b'!' | b'?'));
                    if let Some((open, end_mark, inner_syntax)) = special
                        .then(|| {
                            [
                                ("<!--", "-->", Some(Syntax::Plain)),
                                ("<![CDATA[", "]]>", Some(Syntax::Plain)),
                                ("<?", "?>", None),
                                ("<!", ">", None),
                            ]
                            .into_iter()
                            .find(|(open, _, _)| rest.starts_with(open))
                        })
                        .flatten()
                    {
                        // A comment or CDATA: its text read on its own, as plain text.
                        close(out, start, i, &mut count);
                        let inner = i + open.len();
                        let inner_end = text[inner..to].find(end_mark).map_or(to, |k| inner + k);
                        if let Some(s) = inner_syntax {
                            scan_nested(text, inner, inner_end, s, out);
                        }
                        i = (inner_end + end_mark.len()).min(to);
                        start = i;
                        continue;
                    }
                    if !b
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/')
                    {
                        // A `<` that starts no tag is shown as it is.
                        close(out, start, i, &mut count);
                        i += 1;
                        start = i;
                        continue;
                    }
                    let script = opens_text(rest);
                    let end = tag_end(rest, syntax, |r| {
                        out.push((i + r.start..i + r.end, Syntax::Markup));
                    });
                    i += end;
                    if let Some(name) = script {
                        // A script or style: its body is read as JSON, on its own.
                        close(out, start, i, &mut count);
                        let close_tag = format!("</{name}");
                        let body_end =
                            find_ignoring_case(&text[i..to], &close_tag).map_or(to, |k| i + k);
                        scan_nested(text, i, body_end, Syntax::Json, out);
                        i = body_end;
                        start = i;
                    }
                }
                b'&' => {
                    // A reference: may be a digit (`&#49;`) or invisible; one to count.
                    match text[i + 1..to].bytes().take(33).position(|c| c == b';') {
                        Some(k) => {
                            count += 1;
                            i += k + 2;
                        }
                        None => {
                            close(out, start, i, &mut count);
                            i += 1;
                            start = i;
                        }
                    }
                }
                b'\\' => {
                    // An escape: `\u0031` may be a digit.
                    count += 1;
                    let hex = b.get(i + 1) == Some(&b'u')
                        && b.get(i + 2..i + 6)
                            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
                    i += if hex {
                        6
                    } else {
                        1 + text[i + 1..].chars().next().map_or(0, char::len_utf8)
                    };
                    i = i.min(to);
                }
                lead => {
                    let len = match lead {
                        0xF0.. => 4,
                        0xE0.. => 3,
                        _ => 2,
                    };
                    let tok = if (0xE4..=0xE9).contains(&lead) && i + 2 < to {
                        // A CJK ideograph (the common case): a numeral or text.
                        if numeral(&b[i..i + 3]) {
                            Tok::Digit(0)
                        } else {
                            Tok::Other
                        }
                    } else {
                        text[i..].chars().next().map_or(Tok::Other, of_char)
                    };
                    match tok {
                        Tok::Digit(_) => count += 1,
                        Tok::Other => {
                            close(out, start, i, &mut count);
                            start = i + len;
                        }
                        _ => {}
                    }
                    i += len;
                }
            },
        }
    }
    close(out, start, to.min(i), &mut count);
}

/// [`scan`] of a part of another text (a comment, a script's body), with its own syntax.
fn scan_nested(
    text: &str,
    from: usize,
    to: usize,
    syntax: Syntax,
    out: &mut Vec<(Range<usize>, Syntax)>,
) {
    scan(text, from, to, syntax, out);
}

/// Whether the tag at the start of `rest` opens a script or a style, whose body is text:
/// its name, if so.
fn opens_text(rest: &str) -> Option<&'static str> {
    let b = rest.as_bytes();
    ["script", "style"].into_iter().find(|name| {
        b.get(1..1 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && b.get(1 + name.len())
                .is_some_and(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::numbers;
    use crate::privacy::reader::tokens;

    /// What the exact reading finds in `text`, read whole and read by the regions.
    fn both(text: &str, syntax: Syntax) -> (usize, usize) {
        let mut attributes = Vec::new();
        let mut whole = numbers::find(super::super::reader::tokens_and_attributes(
            text,
            syntax,
            &mut attributes,
        ))
        .len();
        for r in attributes {
            whole += numbers::find(tokens(&text[r], Syntax::Markup)).len();
        }
        let mut regions_found = Vec::new();
        regions(text, syntax, &mut regions_found);
        let by_regions = regions_found
            .into_iter()
            .map(|(r, s)| numbers::find(tokens(&text[r], s)).len())
            .sum();
        (whole, by_regions)
    }

    #[test]
    fn the_regions_hold_every_number_the_whole_reading_finds() {
        for (text, syntax) in [
            (
                "<p>电话138<b>1234</b>5678，另一个13987654321。</p>",
                Syntax::Markup,
            ),
            (
                "<p>138&#8203;1234&shy;5678</p><a title=\"13812345678\">x</a>",
                Syntax::Markup,
            ),
            (
                "<script>var t=\"138\\u200b12345678\";</script><p>1</p>",
                Syntax::Markup,
            ),
            ("<!-- 联系138**1234**5678 --><p>x</p>", Syntax::Markup),
            ("<p>一三八一二三四五六七八</p>", Syntax::Markup),
            (
                "<svg><text x=\"1\">138 1234 5678</text><path d=\"M138 1234 5678\"/></svg>",
                Syntax::Markup,
            ),
            (
                "{\"n\":\"\\u0031\\u0033\\u0038\\u200b12345678\"}",
                Syntax::Json,
            ),
            ("a,b\n王伟,138**1234**5678\n", Syntax::Plain),
            (
                "<w:p><w:r><w:t>138</w:t></w:r><w:r><w:t>12345678</w:t></w:r></w:p>",
                Syntax::Office,
            ),
            ("<p>总分92.50，第1名，2025-04-03</p>", Syntax::Markup),
        ] {
            let (whole, by_regions) = both(text, syntax);
            assert_eq!(whole, by_regions, "{text}");
        }
    }

    /// The numerals told by their bytes are the digits of [`crate::privacy::digit`].
    #[test]
    fn numerals_by_bytes_are_the_numerals() {
        for cp in 0x4000..0xA000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            if (0xE4..=0xE9).contains(&bytes[0]) {
                assert_eq!(numeral(bytes), crate::privacy::digit(c).is_some(), "{c}");
            }
        }
    }

    /// Random texts: the regions never miss what the whole reading finds.
    #[test]
    fn never_misses_on_random_texts() {
        const ALPHABET: &[&str] = &[
            "1",
            "3",
            "8",
            "6",
            "0",
            "X",
            "+",
            " ",
            "-",
            "\n",
            "*",
            "_",
            "&#49;",
            "&shy;",
            "&",
            ";",
            "<b>",
            "</b>",
            "<p>",
            "</p>",
            "<br>",
            "<!--",
            "-->",
            "<a title=\"",
            "\">",
            "<script>",
            "</script>",
            "\\u0031",
            "\\",
            "\u{200b}",
            "一",
            "八",
            "电",
            "a",
            ".",
            "１",
            "<svg>",
            "<path d=\"",
            "<tspan>",
            "</tspan>",
            "<![CDATA[",
            "]]>",
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let n = (next() % 80) as usize;
            let text: String = (0..n)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            for syntax in [Syntax::Markup, Syntax::Json, Syntax::Plain, Syntax::Office] {
                let (whole, by_regions) = both(&text, syntax);
                assert!(
                    by_regions >= whole,
                    "{syntax:?} {text:?}: {whole} > {by_regions}"
                );
            }
        }
    }
}
