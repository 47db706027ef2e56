//! Personal numbers as a reader sees them: ID numbers, mobile numbers and bank card or
//! account numbers, found in a stream of [`Tok`]s that a [`super::reader`] makes of a text
//! (the source of a YAML or markdown file, or a page of the output), and their masked forms.
//!
//! A reader sees one number where the text holds digit groups with spaces or hyphens
//! between them (`138 1234 5678`), invisible characters (`138\u{200b}1234`), emphasis or a
//! link around some of its digits (`138**1234**5678`), or tags (`138<b>1234</b>5678`):
//! the readers hide all of these, so that what counts is what shows.

/// One thing a reader sees (or does not see) in a text, at a byte range of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    /// A digit, in any of the forms people type (ASCII, full-width, 一二三…).
    Digit(u8),
    /// `X`, the check digit of an ID number (only ever its 18th character).
    X,
    /// `+`, as before a country code.
    Plus,
    /// A space, a hyphen or a line break: may stand between the groups of one number.
    Sep,
    /// Nothing a reader sees between digits: an invisible character, a tag.
    Hidden,
    /// Markup that shows nothing of its own between digits: emphasis, a link's brackets
    /// and address, a backslash escape. Masking keeps it where it stands.
    Markup,
    /// A code span's backtick: masking cannot put a star inside a code span that shows
    /// stars as they are and a backslash as it is, so a number split by one is refused.
    Code,
    /// Anything else: the end of a number.
    Other,
}

/// A digit as people type it: ASCII, full-width (０–９), mathematical (𝟏𝟑𝟖, from "fancy
/// text" generators) or a Chinese numeral (一三八, 幺 for one as in phone numbers).
pub fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        '\u{1D7CE}'..='\u{1D7FF}' => Some(((c as u32 - 0x1D7CE) % 10) as u8),
        '〇' | '零' => Some(0),
        '一' | '幺' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A character that shows as nothing: Unicode's format characters (category Cf: zero-width
/// space and joiners, soft hyphen, direction marks, word joiner, BOM…), variation
/// selectors and the combining grapheme joiner. Text copied from WeChat or a web page
/// brings them along.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{AD}'
            | '\u{34F}'
            | '\u{61C}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// A character that may stand between the digit groups of a number written for reading:
/// `138 1234 5678`, `138-1234-5678`, `110101 19900307 1234`, or a line break inside a
/// paragraph (shown as a space).
pub fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\n' | '\u{3000}' | '\u{a0}' | '\u{2002}'
            ..='\u{200A}' | '\u{202F}' | '-' | '－' | '‐' | '‑' | '‒' | '–' | '—' | '―' | '−'
    )
}

/// The kinds of personal number, as [`super::kind_message`] names them.
pub const ID: &str = "an ID number";
pub const MOBILE: &str = "a mobile number";
pub const BANK: &str = "a bank card or account number";

/// A personal number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range in the text, from its first digit (or `+`) to its last digit.
    pub start: usize,
    pub end: usize,
    pub what: &'static str,
    /// The masked form, with ASCII digits (`138****5678`).
    pub masked: String,
    /// Each digit's byte range in the text, and whether the masked form keeps it.
    pub digits: Vec<(usize, usize, bool)>,
    /// Markup stands between its digits (emphasis, a link): masked digit by digit.
    pub split: bool,
    /// A code span's backtick stands between its digits.
    pub code: bool,
}

impl Hit {
    /// The same hit in a text that holds the one it was found in at byte `offset`.
    pub fn shifted(mut self, offset: usize) -> Hit {
        self.start += offset;
        self.end += offset;
        for d in &mut self.digits {
            d.0 += offset;
            d.1 += offset;
        }
        self
    }
}

/// A run of digit groups being read, kept flat so that clearing it keeps its memory: a
/// page holds thousands of digits, nearly all in short runs.
#[derive(Default)]
struct Run {
    start: Option<usize>,
    plus: bool,
    /// The digits; `X` as 10.
    digits: Vec<u8>,
    /// Each digit's byte range.
    places: Vec<(usize, usize)>,
    /// Where each group starts, as an index into `digits`.
    groups: Vec<usize>,
    /// Separators seen since the last digit.
    pending: usize,
    /// Markup and code marks seen since the start, with the byte where each stands.
    markup: Vec<usize>,
    code: Vec<usize>,
}

impl Run {
    fn clear(&mut self) {
        self.start = None;
        self.plus = false;
        self.digits.clear();
        self.places.clear();
        self.groups.clear();
        self.pending = 0;
        self.markup.clear();
        self.code.clear();
    }

    fn is_empty(&self) -> bool {
        self.digits.is_empty()
    }

    /// The digits and places of groups `s..k`, and each group's length.
    fn groups(&self, s: usize, k: usize) -> (std::ops::Range<usize>, Vec<usize>) {
        let end = |g: usize| self.groups.get(g).copied().unwrap_or(self.digits.len());
        let lens = (s..k).map(|g| end(g + 1) - self.groups[g]).collect();
        (self.groups[s]..end(k), lens)
    }
}

/// At most this many separator characters between two groups (`138 - 1234 - 5678`).
const MAX_GAP: usize = 3;

/// Every personal number in the tokens `toks` (with their byte ranges), in order.
pub fn find(toks: impl Iterator<Item = (Tok, usize, usize)>) -> Vec<Hit> {
    let mut hits = Vec::new();
    scan(toks, |h| {
        hits.push(h);
        true
    });
    hits
}

/// Whether the tokens hold a personal number; the first one.
pub fn first(toks: impl Iterator<Item = (Tok, usize, usize)>) -> Option<Hit> {
    let mut found = None;
    scan(toks, |h| {
        found = Some(h);
        false
    });
    found
}

/// Read `toks`, handing each number found to `found` while it returns true.
fn scan(toks: impl Iterator<Item = (Tok, usize, usize)>, mut found: impl FnMut(Hit) -> bool) {
    let mut run = Run::default();
    // Hands the run's numbers to `found`; false once it wants no more.
    let mut flush = |run: &mut Run| {
        let done = run.digits.len() >= 11 && !classify_run(run).into_iter().all(&mut found);
        run.clear();
        !done
    };
    for (tok, start, end) in toks {
        let go_on = match tok {
            Tok::Digit(d) => {
                if run.is_empty() {
                    run.start.get_or_insert(start);
                    run.groups.push(0);
                } else if run.pending > 0 {
                    run.groups.push(run.digits.len());
                }
                run.pending = 0;
                run.digits.push(d);
                run.places.push((start, end));
                true
            }
            Tok::X if run.digits.len() == 17 && run.pending == 0 => {
                run.digits.push(10);
                run.places.push((start, end));
                flush(&mut run)
            }
            Tok::Plus => {
                let go_on = flush(&mut run);
                run.start = Some(start);
                run.plus = true;
                go_on
            }
            Tok::Sep if !run.is_empty() => {
                run.pending += 1;
                run.pending <= MAX_GAP || flush(&mut run)
            }
            Tok::Hidden => true,
            Tok::Markup if !run.is_empty() => {
                run.markup.push(start);
                true
            }
            Tok::Code if !run.is_empty() => {
                run.code.push(start);
                true
            }
            Tok::Markup | Tok::Code => true,
            Tok::X | Tok::Sep | Tok::Other => {
                if run.is_empty() && !run.plus {
                    true
                } else {
                    flush(&mut run)
                }
            }
        };
        if !go_on {
            return;
        }
    }
    flush(&mut run);
}

/// The personal numbers among a run's groups: from each group on, the longest leading
/// groups that make one (`2025 138 1234 5678` holds one after its first group, `138 1234
/// 5678 9` before its last).
fn classify_run(run: &Run) -> Vec<Hit> {
    let n = run.groups.len();
    let mut hits = Vec::new();
    let mut s = 0;
    while s < n {
        let plus = run.plus && s == 0;
        let hit = (s + 1..=n.min(s + 5)).rev().find_map(|k| {
            let (range, lens) = run.groups(s, k);
            classify(&run.digits[range.clone()], &lens, plus).map(|c| (k, range, c))
        });
        let Some((k, range, (masked, what, kept))) = hit else {
            s += 1;
            continue;
        };
        let places = &run.places[range];
        let start = if plus {
            run.start.expect("a run has a start")
        } else {
            places[0].0
        };
        let end = places.last().expect("digits").1;
        let digits = places
            .iter()
            .enumerate()
            .map(|(i, &(a, b))| (a, b, kept(i, places.len())))
            .collect();
        let inside = |at: &usize| (start..end).contains(at);
        hits.push(Hit {
            start,
            end,
            what,
            masked,
            digits,
            split: run.markup.iter().any(inside),
            code: run.code.iter().any(inside),
        });
        s = k;
    }
    hits
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == 1 && (3..=9).contains(&d[1])
}

/// A plausible YYMMDD or YYYYMMDD birth date inside an ID number.
fn plausible_date(d: &[u8]) -> bool {
    let n = |s: &[u8]| s.iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (month, day) = match d.len() {
        6 => (n(&d[2..4]), n(&d[4..6])),
        8 => {
            let year = n(&d[..4]);
            if !(1900..=2099).contains(&year) {
                return false;
            }
            (n(&d[4..6]), n(&d[6..8]))
        }
        _ => return false,
    };
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// The Luhn check that every bank card number passes.
fn luhn(d: &[u8]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &x)| {
            let x = u32::from(x);
            if i % 2 == 1 {
                let y = x * 2;
                if y > 9 { y - 9 } else { y }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A card issuer's prefix: UnionPay (62), the domestic 9…, Visa (4), Mastercard (51–55,
/// 2221–2720), JCB (35), Discover (60, 65).
fn issuer(d: &[u8]) -> bool {
    let n = |k: usize| d[..k].iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    matches!(n(2), 62 | 60 | 65 | 35 | 51..=55)
        || matches!(d[0], 4 | 9)
        || (2221..=2720).contains(&n(4))
}

/// The ways people group a number for reading; anything else separated is not one number.
fn grouped_as(lens: &[usize], shapes: &[&[usize]]) -> bool {
    lens.len() == 1 || shapes.contains(&lens)
}

/// A card number in fours (`6222 0212 3456 7890 123`) or after its six-digit issuer.
fn grouped_as_card(lens: &[usize]) -> bool {
    let n = lens.len();
    n == 1
        || (n == 2 && lens[0] == 6)
        || (n >= 4 && lens[..n - 1].iter().all(|&l| l == 4) && (1..=4).contains(&lens[n - 1]))
}

type Kept = fn(usize, usize) -> bool;

/// What the digits `d` in groups of `lens` make, if a personal number: its masked form, its kind, and which
/// of its digits (index, count) the masked form shows.
fn classify(d: &[u8], lens: &[usize], plus: bool) -> Option<(String, &'static str, Kept)> {
    if d[..d.len() - 1].contains(&10) {
        return None;
    }
    let text = |s: &[u8]| -> String {
        s.iter()
            .map(|&x| if x == 10 { 'X' } else { char::from(b'0' + x) })
            .collect()
    };
    let card =
        !plus && (16..=19).contains(&d.len()) && d[d.len() - 1] != 10 && grouped_as_card(lens);
    let card = card && (luhn(d) || issuer(d));
    // 18-character ID numbers, with or without a valid check digit (a wrong one is a typo,
    // not a sign that the number is something else); 18 digits in one piece without a
    // birth date inside that pass a card's checks are a card.
    let id_shape = grouped_as(lens, &[&[6, 8, 4], &[6, 4, 4, 4], &[6, 12]]);
    if d.len() == 18 && id_shape && !(card && lens.len() == 1 && !plausible_date(&d[6..14])) {
        return Some((
            format!("{}********{}", text(&d[..6]), text(&d[14..])),
            ID,
            |i, n| i < 6 || i >= n - 4,
        ));
    }
    if card {
        let middle: Vec<String> = (0..d.len() - 8)
            .collect::<Vec<_>>()
            .chunks(4)
            .map(|c| "*".repeat(c.len()))
            .collect();
        return Some((
            format!(
                "{} {} {}",
                text(&d[..4]),
                middle.join(" "),
                text(&d[d.len() - 4..])
            ),
            BANK,
            |i, n| i < 4 || i >= n - 4,
        ));
    }
    // 15-digit IDs of before 1999: area, YYMMDD, sequence.
    if d.len() == 15 && !plus && plausible_date(&d[6..12]) && grouped_as(lens, &[&[6, 6, 3]]) {
        return Some((
            format!("{}*****{}", text(&d[..6]), text(&d[11..])),
            ID,
            |i, n| i < 6 || i >= n - 4,
        ));
    }
    let mobile_shapes: &[&[usize]] = &[&[3, 4, 4], &[3, 8], &[7, 4]];
    if !plus && is_mobile(d) && grouped_as(lens, mobile_shapes) {
        return Some((
            format!("{}****{}", text(&d[..3]), text(&d[7..])),
            MOBILE,
            |i, _| !(3..7).contains(&i),
        ));
    }
    // With the country code: +86 138…, 0086-138…, 86 138 1234 5678.
    for prefix in [&[8u8, 6][..], &[0, 0, 8, 6][..]] {
        if d.len() == prefix.len() + 11 && d.starts_with(prefix) && is_mobile(&d[prefix.len()..]) {
            let first = lens[0];
            let rest = &lens[1..];
            let shaped = lens.len() == 1
                || (first == prefix.len() && (rest.len() == 1 || mobile_shapes.contains(&rest)));
            if shaped && (plus || prefix.len() == 4 || lens.len() > 1) {
                let m = &d[prefix.len()..];
                let lead = if plus { "+" } else { "" };
                let kept: Kept = if prefix.len() == 2 {
                    |i, _| !(5..9).contains(&i)
                } else {
                    |i, _| !(7..11).contains(&i)
                };
                return Some((
                    format!(
                        "{lead}{} {}****{}",
                        text(prefix),
                        text(&m[..3]),
                        text(&m[7..])
                    ),
                    MOBILE,
                    kept,
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_and_issuers() {
        let d = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<u8>>();
        assert!(luhn(&d("4111111111111111")));
        assert!(luhn(&d("6222021234567890128")));
        assert!(!luhn(&d("6222021234567890123")));
        assert!(issuer(&d("6222021234567890123")));
        assert!(!issuer(&d("1234567890123456")));
    }

    #[test]
    fn chinese_numerals_and_fancy_digits_are_digits() {
        assert_eq!(digit('幺'), Some(1));
        assert_eq!(digit('八'), Some(8));
        assert_eq!(digit('\u{1D7D1}'), Some(3)); // 𝟑, bold
        assert_eq!(digit('\u{1D7F7}'), Some(1)); // 𝟷, monospace
        assert_eq!(digit('十'), None);
    }
}
