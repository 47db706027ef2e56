//! The slips of people typing YAML on a Chinese keyboard: a full-width colon after a key
//! (`name：高新产业园`), no space after the colon (`econ:93`), full-width spaces or a tab
//! for indentation, full-width commas, brackets or quotes inside `{ }` and `[ ]`, and a
//! line without its colon (`category econ`).
//!
//! The YAML parser meets each of them somewhere else: a tab on line 62 is reported on
//! line 61, a line without its colon as a field missing from the entry above, `econ:93`
//! as a value missing. So when a file does not parse, its text is read again here, line
//! by line, for these slips; each found is reported at its own line and column and by
//! name, instead of the parser's words. A file that parses is never read for slips: a
//! full-width comma in a reason (`承办现场会，获表彰`) is Chinese, not a slip.

use crate::diag::Message;
use crate::msg;

/// A slip, at a 1-based line and character column of the text scanned.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Slip {
    pub line: usize,
    pub column: usize,
    /// Characters to underline.
    pub len: usize,
    pub message: Message,
    pub hint: Message,
}

/// Every slip of `text`, in line order.
pub(super) fn find(text: &str) -> Vec<Slip> {
    let mut scan = Scan::default();
    for (i, line) in text.split('\n').enumerate() {
        let chars: Vec<char> = line.trim_end_matches('\r').chars().collect();
        scan.line(i + 1, &chars);
    }
    scan.slips
}

#[derive(Default)]
struct Scan {
    slips: Vec<Slip>,
    /// Open `{` and `[` carried over from earlier lines.
    depth: usize,
    /// A quoted scalar left open at the end of a line.
    quote: Option<char>,
    /// The indentation of the key whose value is a block scalar (`|`, `>`).
    block: Option<usize>,
    /// Whether a line of content came before (a line without its colon continues it).
    after_content: bool,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The text of `chars[from..]` up to the end of a flow value or a comment, trimmed.
fn value_at(chars: &[char], from: usize, flow: bool) -> String {
    let mut end = from;
    while end < chars.len() {
        let c = chars[end];
        if flow && matches!(c, ',' | '}' | ']' | '，' | '｝' | '］') {
            break;
        }
        if c == '#' && end > from && chars[end - 1].is_whitespace() {
            break;
        }
        end += 1;
    }
    chars[from..end]
        .iter()
        .collect::<String>()
        .trim()
        .to_string()
}

impl Scan {
    fn push(&mut self, line: usize, at: usize, len: usize, message: Message, hint: Message) {
        self.slips.push(Slip {
            line,
            column: at + 1,
            len,
            message,
            hint,
        });
    }

    fn line(&mut self, n: usize, chars: &[char]) {
        let indent = chars
            .iter()
            .take_while(|c| matches!(c, ' ' | '\t' | '\u{3000}'))
            .count();
        let spaces = chars.iter().take_while(|&&c| c == ' ').count();
        if let Some(q) = self.quote {
            // Inside a quoted scalar that spans lines: find where it closes.
            match close_quote(chars, 0, q) {
                Some(end) => {
                    self.quote = None;
                    self.rest(n, chars, end, self.depth > 0);
                }
                None => return,
            }
            return;
        }
        let blank = indent == chars.len() || chars[indent] == '#';
        if let Some(key_indent) = self.block {
            if blank || spaces > key_indent {
                return;
            }
            self.block = None;
        }
        if blank {
            return;
        }
        if self.depth > 0 {
            // A flow collection goes on from an earlier line: its lines are not indented
            // in the block sense.
            self.flow(n, chars, indent);
            return;
        }
        if let Some(bad) = chars[..indent].iter().position(|c| *c != ' ') {
            let (message, hint) = if chars[bad] == '\t' {
                (msg!("yaml-tab"), msg!("yaml-tab-help"))
            } else {
                (
                    msg!("yaml-slip-wide-space"),
                    msg!("yaml-slip-wide-space-help"),
                )
            };
            self.push(n, bad, indent - bad, message, hint);
        }
        let mut at = indent;
        // `- `, `- - `: items of block sequences.
        while at < chars.len() && chars[at] == '-' && chars.get(at + 1).is_none_or(|c| *c == ' ') {
            at += 1;
            while at < chars.len() && chars[at] == ' ' {
                at += 1;
            }
        }
        if at >= chars.len() {
            self.after_content = true;
            return;
        }
        match self.key(n, chars, at, false) {
            Key::Value(v) => self.value(n, chars, v, indent),
            Key::Bare(end) => {
                let ident: String = chars[at..end].iter().collect();
                let rest = value_at(chars, end, false);
                let lower = ident.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
                if self.after_content
                    && lower
                    && chars.get(end) == Some(&' ')
                    && !rest.is_empty()
                    && !rest.contains(':')
                    && !rest.contains('：')
                {
                    self.push(
                        n,
                        at,
                        end - at,
                        msg!(
                            "yaml-slip-no-colon",
                            key = &ident,
                            line = chars[indent..].iter().collect::<String>().trim_end()
                        ),
                        msg!("yaml-slip-fix", fixed = format!("{ident}: {rest}")),
                    );
                }
            }
            Key::Other(from) => self.value(n, chars, from, indent),
            Key::Slipped => {}
        }
        self.after_content = true;
    }

    /// A key at `at`: its slips, and where its value starts.
    fn key(&mut self, n: usize, chars: &[char], at: usize, flow: bool) -> Key {
        if !chars.get(at).is_some_and(|c| is_ident_start(*c)) {
            return Key::Other(at);
        }
        let end = at + chars[at..].iter().take_while(|c| is_ident(**c)).count();
        let ident: String = chars[at..end].iter().collect();
        let mut colon = end;
        while colon < chars.len() && chars[colon] == ' ' {
            colon += 1;
        }
        match chars.get(colon) {
            Some('：') => {
                let value = value_at(chars, colon + 1, flow);
                self.push(
                    n,
                    colon,
                    1,
                    msg!("yaml-slip-wide-colon", key = &ident),
                    msg!("yaml-slip-fix", fixed = format!("{ident}: {value}")),
                );
                Key::Slipped
            }
            Some(':') if colon == end => match chars.get(colon + 1) {
                None | Some(' ' | '\t') => Key::Value(colon + 1),
                // `{ a:b }` in a flow mapping reads as a key; so do URLs and `a::b`.
                Some('/' | ':') => Key::Bare(end),
                Some(_) if flow && matches!(chars[colon + 1], ',' | '}' | ']') => {
                    Key::Value(colon + 1)
                }
                Some(_) => {
                    let value = value_at(chars, colon + 1, flow);
                    self.push(
                        n,
                        colon,
                        1,
                        msg!(
                            "yaml-slip-no-space",
                            key = &ident,
                            written = format!("{ident}:{value}")
                        ),
                        msg!("yaml-slip-fix", fixed = format!("{ident}: {value}")),
                    );
                    Key::Slipped
                }
            },
            Some(':') => Key::Value(colon + 1),
            _ => Key::Bare(end),
        }
    }

    /// A block value starting at or after `at`.
    fn value(&mut self, n: usize, chars: &[char], at: usize, indent: usize) {
        let mut at = at;
        while at < chars.len() && chars[at] == ' ' {
            at += 1;
        }
        match chars.get(at) {
            Some('{' | '[') => {
                self.depth = 1;
                self.flow(n, chars, at + 1);
            }
            Some(c @ ('｛' | '［')) => {
                let ascii = if *c == '｛' { '{' } else { '[' };
                self.wide(n, at, *c, ascii);
            }
            Some(q @ ('"' | '\'')) => match close_quote(chars, at + 1, *q) {
                Some(end) => self.rest(n, chars, end, false),
                None => self.quote = Some(*q),
            },
            Some('|' | '>') => self.block = Some(indent),
            _ => {}
        }
    }

    /// After a quoted scalar closed at `at`: a flow collection goes on, a block line ends.
    fn rest(&mut self, n: usize, chars: &[char], at: usize, flow: bool) {
        if flow {
            self.flow(n, chars, at);
        }
    }

    fn wide(&mut self, n: usize, at: usize, wide: char, ascii: char) {
        self.push(
            n,
            at,
            1,
            msg!("yaml-slip-wide-char", char = wide, ascii = ascii),
            msg!("yaml-slip-wide-char-help", ascii = ascii),
        );
    }

    /// Inside `{ }` or `[ ]` from `at` (the depth is already counted).
    fn flow(&mut self, n: usize, chars: &[char], at: usize) {
        let mut i = at;
        // At the start of a key or an item (after `{`, `[` or `,`), or of a value (after `: `).
        let mut start = true;
        while i < chars.len() && self.depth > 0 {
            let c = chars[i];
            if c == ' ' || c == '\t' {
                i += 1;
                continue;
            }
            if c == '#' && i > 0 && chars[i - 1].is_whitespace() {
                return;
            }
            if start {
                start = false;
                match c {
                    '"' | '\'' => {
                        match close_quote(chars, i + 1, c) {
                            Some(end) => i = end,
                            None => {
                                self.quote = Some(c);
                                return;
                            }
                        }
                        continue;
                    }
                    '“' | '‘' => {
                        let close = if c == '“' { '”' } else { '’' };
                        let end = chars[i + 1..]
                            .iter()
                            .position(|x| *x == close)
                            .map_or(chars.len(), |p| i + 1 + p);
                        let inner = &chars[i + 1..end];
                        let splits = inner.windows(2).any(|w| w[0] == ':' && w[1] == ' ')
                            || inner
                                .iter()
                                .any(|x| matches!(x, ',' | '{' | '}' | '[' | ']'));
                        if splits {
                            self.push(
                                n,
                                i,
                                1,
                                msg!("yaml-slip-wide-quote"),
                                msg!("yaml-slip-wide-quote-help"),
                            );
                            return;
                        }
                    }
                    '{' | '[' => {
                        self.depth += 1;
                        start = true;
                        i += 1;
                        continue;
                    }
                    '｛' | '［' => {
                        self.wide(n, i, c, if c == '｛' { '{' } else { '[' });
                        return;
                    }
                    _ => match self.key(n, chars, i, true) {
                        Key::Value(v) => {
                            start = true;
                            i = v;
                            continue;
                        }
                        Key::Slipped => {
                            // Skip to the end of this value.
                            while i < chars.len() && !matches!(chars[i], ',' | '}' | ']') {
                                i += 1;
                            }
                            continue;
                        }
                        Key::Bare(_) | Key::Other(_) => {}
                    },
                }
            }
            match c {
                ',' => start = true,
                '{' | '[' => {
                    self.depth += 1;
                    start = true;
                }
                '}' | ']' => self.depth -= 1,
                ':' if chars.get(i + 1).is_none_or(|x| *x == ' ') => start = true,
                '，' if wide_comma_separates(chars, i) => self.wide(n, i, c, ','),
                '｝' | '］' => {
                    let next = chars[i + 1..].iter().find(|x| **x != ' ');
                    if next.is_none_or(|x| matches!(x, ',' | '}' | ']' | '#')) {
                        self.wide(n, i, c, if c == '｝' { '}' } else { ']' });
                        return;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
}

/// A key of a mapping as read: where its value starts, or what it turned out to be.
enum Key {
    /// `key:` then its value from this index.
    Value(usize),
    /// An identifier not followed by a colon, ending at this index.
    Bare(usize),
    /// Not an identifier: a value from this index.
    Other(usize),
    /// A slip was found and reported.
    Slipped,
}

/// The index just past the quote `q` that closes a scalar opened before `from`.
fn close_quote(chars: &[char], from: usize, q: char) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' if q == '"' => i += 2,
            c if c == q && q == '\'' && chars.get(i + 1) == Some(&'\'') => i += 2,
            c if c == q => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// A full-width comma inside `{ }` or `[ ]` that was meant to separate: before a key
/// (`92， tasks: 88`) or between two numbers (`[1， 2]`). One inside a text
/// (`承办现场会，获表彰`) is Chinese punctuation.
fn wide_comma_separates(chars: &[char], at: usize) -> bool {
    let mut j = at + 1;
    while j < chars.len() && chars[j] == ' ' {
        j += 1;
    }
    if chars.get(j).is_some_and(|c| is_ident_start(*c)) {
        let end = j + chars[j..].iter().take_while(|c| is_ident(**c)).count();
        let mut k = end;
        while k < chars.len() && chars[k] == ' ' {
            k += 1;
        }
        if matches!(chars.get(k), Some(':' | '：')) {
            return true;
        }
    }
    let before = chars[..at].iter().rev().find(|c| **c != ' ');
    before.is_some_and(char::is_ascii_digit) && chars.get(j).is_some_and(char::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Vec<(usize, usize, String)> {
        find(text)
            .into_iter()
            .map(|s| (s.line, s.column, s.message.id().to_string()))
            .collect()
    }

    #[test]
    fn each_slip_at_its_line_and_column() {
        assert_eq!(
            at("a: 1\nname：高新产业园\n"),
            [(2, 5, "yaml-slip-wide-colon".to_string())]
        );
        assert_eq!(
            at("scores: { econ:93, tasks: 88 }\n"),
            [(1, 15, "yaml-slip-no-space".to_string())]
        );
        assert_eq!(at("a:\n  b: 1\n\tc: 2\n"), [(3, 1, "yaml-tab".to_string())]);
        assert_eq!(
            at("a:\n  b: 1\n　　c: 2\n"),
            [(3, 1, "yaml-slip-wide-space".to_string())]
        );
        assert_eq!(
            at("s: { econ: 92， tasks: 88 }\n"),
            [(1, 14, "yaml-slip-wide-char".to_string())]
        );
        assert_eq!(
            at("s: ｛ econ: 92 ｝\n"),
            [(1, 4, "yaml-slip-wide-char".to_string())]
        );
        assert_eq!(
            at("s: { econ: 92 ｝\n"),
            [(1, 15, "yaml-slip-wide-char".to_string())]
        );
        assert_eq!(
            at("s: [{ reason: “甲, 乙” }]\n"),
            [(1, 15, "yaml-slip-wide-quote".to_string())]
        );
        assert_eq!(
            at("- id: a\n  name: 甲\n    category econ\n"),
            [(3, 5, "yaml-slip-no-colon".to_string())]
        );
    }

    #[test]
    fn chinese_text_is_not_a_slip() {
        let text = "entries:\n  - id: a\n    bonus: [{ points: 1, reason: 承办现场会，获表彰 }]\n    note: 加分：获省级表彰\n    reason: 获“优秀”称号\n    url: https://example.org/a:b\n    text: |\n      name：x\n      \tindented\n    list: [1, 2]\n";
        assert_eq!(at(text), Vec::new());
    }
}
