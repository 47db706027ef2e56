//! User-facing diagnostics: `error: …`, `--> file:line:col`, the source line with a caret,
//! and a hint. Every input error of every stage ends up here; nothing prints `{:?}`.
//!
//! A message and its hint are [`Message`]s (an id of `locales/*/*.ftl` and arguments,
//! built with `msg!`), rendered in the process's language only here, when printed: the
//! terminal, `serve`'s overlay and the tests all see this one rendering. To add a
//! message: `Diagnostic::error(msg!("my-id", name = value)).hint(msg!("my-id-help"))`,
//! and write `my-id` and `my-id-help` in both `locales/en-US/` and `locales/zh-CN/`
//! (see src/i18n.rs and locales/README.md).

use std::fmt;

use serde::{Deserialize, Serialize};
use std::path::Path;

use unicode_width::UnicodeWidthChar;

pub use crate::i18n::Message;
use crate::msg;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
    /// Something the build did on purpose that the user may not expect (a file left out).
    Note,
}

/// Where in which file a diagnostic points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// The path as shown to the user (relative to the site root, `/`-separated).
    pub path: String,
    /// 1-based line; 0 when only the file is known.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// The text of the line, for the snippet.
    pub line_text: String,
    /// How many characters to underline; 0 underlines the token at the column.
    pub len: usize,
}

impl Span {
    /// A place in a spreadsheet, which has cells rather than lines: `location` reads
    /// `FILE › SHEET › CELL` and `text` is the cell's content, quoted under it.
    pub fn cell(location: impl Into<String>, text: &str) -> Span {
        Span {
            path: location.into(),
            line: 0,
            column: 0,
            line_text: text.to_string(),
            len: 0,
        }
    }
}

/// One message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: Message,
    pub span: Option<Span>,
    pub hint: Option<Message>,
}

impl Diagnostic {
    pub fn error(message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            hint: None,
        }
    }

    pub fn warning(message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn note(message: impl Into<Message>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    pub fn at(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    pub fn hint(mut self, hint: impl Into<Message>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A loaded text file: its display path and its text, so that spans can quote lines.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: String,
    pub text: String,
}

impl SourceFile {
    pub fn new(display_path: impl Into<String>, text: impl Into<String>) -> Self {
        SourceFile {
            path: display_path.into(),
            text: text.into(),
        }
    }

    /// A span at a 1-based line and column of this file.
    pub fn span(&self, line: usize, column: usize) -> Span {
        let line_text = if line == 0 {
            String::new()
        } else {
            self.text.lines().nth(line - 1).unwrap_or("").to_string()
        };
        Span {
            path: self.path.clone(),
            line,
            column: column.max(1),
            line_text,
            len: 0,
        }
    }

    /// The span of `len` characters at a byte offset into this file's text.
    pub fn span_at_offset(&self, offset: usize, len: usize) -> Span {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Span {
            len,
            ..self.span(line, column)
        }
    }

    /// A span for the whole file, without a line.
    pub fn whole(&self) -> Span {
        self.span(0, 0)
    }

    /// The span of the first occurrence of `needle` at or after `line` (1-based), or the
    /// line itself when it is not found. Used where a parser gives no position.
    pub fn find(&self, needle: &str, from_line: usize) -> Span {
        for (i, text) in self
            .text
            .lines()
            .enumerate()
            .skip(from_line.saturating_sub(1))
        {
            if let Some(byte) = text.find(needle) {
                return self.span(i + 1, text[..byte].chars().count() + 1);
            }
        }
        self.span(from_line, 1)
    }
}

/// The display path of `path` relative to `root`, with `/` separators.
pub fn display_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The width of the token that starts at `column`: a quoted string, or a plain scalar
/// up to the next flow indicator or comment.
fn token_width(line: &str, column: usize) -> usize {
    let rest: Vec<char> = line.chars().skip(column.saturating_sub(1)).collect();
    let Some(&first) = rest.first() else {
        return 1;
    };
    let token: Vec<char> = if first == '"' || first == '\'' {
        let end = rest[1..]
            .iter()
            .position(|&c| c == first)
            .map_or(rest.len(), |p| p + 2);
        rest[..end].to_vec()
    } else {
        let end = rest
            .iter()
            .position(|&c| matches!(c, ',' | '}' | ']' | '#'))
            .unwrap_or(rest.len());
        let mut t = rest[..end].to_vec();
        while t.last().is_some_and(|c| c.is_whitespace()) {
            t.pop();
        }
        t
    };
    let width: usize = token.iter().map(|c| c.width().unwrap_or(0)).sum();
    width.max(1)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = self.message.render();
        let line = match self.severity {
            Severity::Error => msg!("diag-error", message = message),
            Severity::Warning => msg!("diag-warning", message = message),
            Severity::Note => msg!("diag-note", message = message),
        };
        writeln!(f, "{line}")?;
        let mut gutter = 1;
        if let Some(span) = &self.span {
            if span.line == 0 {
                writeln!(f, " --> {}", span.path)?;
                // A spreadsheet cell (see `Span::cell`): its text, without a caret.
                if !span.line_text.is_empty() {
                    gutter = 2;
                    writeln!(f, "  |")?;
                    writeln!(f, "  | {}", span.line_text)?;
                }
            } else {
                let number = span.line.to_string();
                gutter = number.len() + 1;
                let pad = " ".repeat(gutter);
                let arrow = " ".repeat(number.len());
                writeln!(f, "{arrow}--> {}:{}:{}", span.path, span.line, span.column)?;
                writeln!(f, "{pad}|")?;
                // A tab is shown as one space, as the caret counts it.
                writeln!(f, "{number} | {}", span.line_text.replace('\t', " "))?;
                let lead: usize = span
                    .line_text
                    .chars()
                    .take(span.column - 1)
                    .map(|c| if c == '\t' { 1 } else { c.width().unwrap_or(0) })
                    .sum();
                let width = if span.len > 0 {
                    span.line_text
                        .chars()
                        .skip(span.column - 1)
                        .take(span.len)
                        .map(|c| c.width().unwrap_or(0))
                        .sum()
                } else {
                    token_width(&span.line_text, span.column)
                };
                let carets = "^".repeat(width.max(1));
                writeln!(f, "{pad}| {}{carets}", " ".repeat(lead))?;
            }
        }
        if let Some(hint) = &self.hint {
            // A hint of several lines (choices, one a line) keeps them under its first.
            let text = hint.render();
            let mut lines = text.lines();
            let first = msg!("diag-help", hint = lines.next().unwrap_or(""));
            writeln!(f, "{}= {first}", " ".repeat(gutter))?;
            let label = msg!("diag-help", hint = "").render();
            let indent = gutter + 2 + unicode_width::UnicodeWidthStr::width(label.as_str());
            for line in lines {
                writeln!(f, "{}{line}", " ".repeat(indent))?;
            }
        }
        Ok(())
    }
}

/// Every diagnostic of a run, in a deterministic order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }

    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// "Did you mean" from edit distance, as `just` does: the closest candidate within a
/// third of the word's length.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, c)| *d <= (word.chars().count().max(c.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_caret_under_cjk_aware_column() {
        let file = SourceFile::new("content/a.yaml", "name: 高新园\ntotal: 八十\n");
        let d = Diagnostic::error(Message::verbatim("not a number"))
            .at(file.span(2, 8))
            .hint(Message::verbatim("write 80"));
        assert_eq!(
            d.to_string(),
            "error: not a number\n --> content/a.yaml:2:8\n  |\n2 | total: 八十\n  |        ^^^^\n  = help: write 80\n"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(suggest("scroes", ["scores", "status"]), Some("scores"));
        assert_eq!(suggest("colour", ["scores", "status"]), None);
        // A swap of two letters is one edit.
        assert_eq!(suggest("titel", ["title", "period"]), Some("title"));
        assert_eq!(suggest("ecno", ["econ", "law"]), Some("econ"));
    }
}
