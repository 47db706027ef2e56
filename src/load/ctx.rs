//! The validation context every part of a file's checking shares: where the file's YAML
//! starts, the errors and warnings found so far, and the readers of numbers, dates, ids,
//! shares and texts that turn a break of a rule into a located diagnostic. Also the split
//! of a markdown file into front matter and body.

use std::path::PathBuf;

use jiff::civil::Date;
use rust_decimal::Decimal;

use super::raw::S;
use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, Span, suggest};
use crate::model;
use crate::msg;
use crate::number::parse_decimal;

/// The mark of what `bulletin import` leaves to fill in.
pub const PLACEHOLDER: &str = "待填写";

/// A file being validated: where its YAML starts, and the errors found so far.
pub(super) struct Ctx<'a> {
    file: &'a SourceFile,
    first_line: usize,
    pub(super) errors: Vec<Diagnostic>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(file: &'a SourceFile, first_line: usize) -> Self {
        Ctx {
            file,
            first_line,
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Free text as published. ID and mobile numbers were masked when the file was read
    /// (see [`super::read_content`]), so that no field can miss it.
    pub(super) fn free_text(&mut self, s: &S<String>) -> String {
        self.no_controls(s);
        self.no_placeholder(s);
        self.masked(s, s.value.clone())
    }

    /// `value` (of `s`) with the personal numbers the file's text did not show masked: a
    /// YAML escape (`"138\u200b1234…"`) or a folded line makes one only once parsed.
    fn masked(&mut self, s: &S<String>, value: String) -> String {
        let (text, found) = crate::privacy::mask(&value);
        for m in found {
            let w =
                Diagnostic::warning(msg!("masked", kind = crate::privacy::kind_message(m.what)))
                    .at(self.at(s))
                    .hint(msg!("masked-help"));
            self.warnings.push(w);
        }
        text
    }

    /// What `bulletin import` writes where the sheet says nothing (`待填写：加分事由`) is
    /// for a person to fill in, never to publish.
    fn no_placeholder(&mut self, s: &S<String>) -> bool {
        let found = s.value.contains(PLACEHOLDER);
        if found {
            self.error(
                s,
                msg!("placeholder", value = s.value.trim()),
                msg!("placeholder-help"),
            );
        }
        found
    }

    /// Control characters written as YAML escapes (`"\0"`, `"\e"`) pass the check of the
    /// file's text; they are refused here, where the value is known.
    fn no_controls(&mut self, s: &S<String>) {
        if let Some(c) = s
            .value
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n'))
        {
            self.error(
                s,
                msg!("text-control", code = format!("U+{:04X}", u32::from(c))),
                msg!("text-control-help"),
            );
        }
    }

    /// A text about a person (name, post, note, reason, announcement title): it may not
    /// hold a birth date or a home address.
    pub(super) fn personal(&mut self, s: &S<String>, what: &str) {
        if let Some(kind) = crate::privacy::personal_detail(&s.value) {
            self.error(
                s,
                msg!(
                    "text-personal",
                    what = what_message(what),
                    value = &s.value,
                    kind = crate::privacy::kind_message(kind)
                ),
                msg!("text-personal-help"),
            );
        }
    }

    pub(super) fn at<T>(&self, s: &S<T>) -> Span {
        let loc = s.referenced;
        self.file.span(
            loc.line() as usize + self.first_line - 1,
            loc.column().max(1) as usize,
        )
    }

    /// An error that underlines `len` characters (a key) rather than the token.
    pub(super) fn error_len<T>(
        &mut self,
        s: &S<T>,
        len: usize,
        message: impl Into<Message>,
        hint: impl Into<Message>,
    ) {
        let mut span = self.at(s);
        span.len = len;
        self.errors
            .push(Diagnostic::error(message).at(span).hint(hint));
    }

    pub(super) fn error<T>(
        &mut self,
        s: &S<T>,
        message: impl Into<Message>,
        hint: impl Into<Message>,
    ) {
        let d = Diagnostic::error(message).at(self.at(s)).hint(hint);
        self.errors.push(d);
    }

    pub(super) fn number(&mut self, s: &S<String>, what: &str) -> Option<Decimal> {
        match parse_decimal(&s.value) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error(
                    s,
                    msg!(
                        "not-a-number",
                        what = what_message(what),
                        value = &s.value,
                        reason = e.why()
                    ),
                    msg!("not-a-number-help"),
                );
                None
            }
        }
    }

    pub(super) fn date(&mut self, s: &S<String>, what: &str) -> Option<Date> {
        if self.no_placeholder(s) {
            return None;
        }
        let what = what_message(what);
        let shaped = s.value.len() == 10
            && s.value.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        match s.value.parse::<Date>() {
            Ok(d) if shaped => Some(d),
            _ if shaped => {
                self.error(
                    s,
                    msg!("date-no-such-day", what = what, value = &s.value),
                    msg!("date-no-such-day-help"),
                );
                None
            }
            _ => {
                self.error(
                    s,
                    msg!("date-invalid", what = what, value = &s.value),
                    msg!("date-invalid-help"),
                );
                None
            }
        }
    }

    pub(super) fn ident(&mut self, s: &S<String>, what: &str) {
        self.url_word(s, what_message(what), msg!("ident-help"));
    }

    pub(super) fn slug(&mut self, s: &S<String>, what: &str) {
        self.url_word(s, what_message(what), msg!("slug-help"));
    }

    fn url_word(&mut self, s: &S<String>, what: Message, hint: Message) {
        let ok = !s.value.is_empty()
            && s.value
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
        if !ok {
            self.error(s, msg!("url-word", what = what, value = &s.value), hint);
        } else if windows_device(&s.value) {
            self.error(
                s,
                msg!("windows-device", what = what, value = &s.value),
                msg!("windows-device-help", value = &s.value),
            );
        }
    }

    /// A share (`30%`, `1/3`); an unreadable one is reported and read as 0.
    pub(super) fn share(&mut self, raw: &S<String>) -> model::Share {
        model::Share::parse(&raw.value).unwrap_or_else(|| {
            self.error(
                raw,
                msg!("share-invalid", value = &raw.value),
                model::Share::explain(&raw.value),
            );
            model::Share { num: 0, den: 1 }
        })
    }

    /// A rounding mode: floor | half_up | ceil.
    pub(super) fn rounding(&mut self, raw: &S<String>) -> model::Rounding {
        use model::Rounding;
        match raw.value.as_str() {
            "floor" => Rounding::Floor,
            "half_up" => Rounding::HalfUp,
            "ceil" => Rounding::Ceil,
            other => {
                let hint = match suggest(other, ["floor", "half_up", "ceil"]) {
                    Some(s) => msg!("rounding-did-you-mean", word = s),
                    None => msg!("rounding-help"),
                };
                self.error(raw, msg!("rounding-unknown", value = other), hint);
                Rounding::Floor
            }
        }
    }

    pub(super) fn text(&mut self, s: &S<String>, what: &str) -> String {
        self.no_controls(s);
        self.no_placeholder(s);
        let t = s.value.trim();
        if t.is_empty() {
            let what = what_message(what);
            self.error(
                s,
                msg!("text-empty", what = what.clone()),
                msg!("text-empty-help", what = what),
            );
        }
        self.masked(s, t.to_string())
    }

    pub(super) fn finish<T>(self, value: Option<T>) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
        match value {
            Some(v) if self.errors.is_empty() => Ok((v, self.warnings)),
            _ => Err(Diagnostics(self.errors)),
        }
    }

    pub(super) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// What a checked value is, as the messages name it: a phrase of the catalogues, or a
/// field name (`total`, `notice.from`) as it is written.
pub(super) fn what_message(what: &str) -> Message {
    match what {
        "site title" => msg!("what-site-title"),
        "issuer" => msg!("what-issuer"),
        "title" => msg!("what-title"),
        "name" => msg!("what-name"),
        "entry id" => msg!("what-entry-id"),
        "category id" => msg!("what-category-id"),
        "indicator id" => msg!("what-indicator-id"),
        "unit id" => msg!("what-unit-id"),
        "category name" => msg!("what-category-name"),
        "indicator name" => msg!("what-indicator-name"),
        "tier name" => msg!("what-tier-name"),
        "unit name" => msg!("what-unit-name"),
        "grade name" => msg!("what-grade-name"),
        "score" => msg!("what-score"),
        "weight" => msg!("what-weight"),
        "bonus points" => msg!("what-bonus-points"),
        "deduction points" => msg!("what-deduction-points"),
        "deduction date" => msg!("what-deduction-date"),
        "reason" => msg!("what-reason"),
        "document number" => msg!("what-document-number"),
        "reason of the correction" => msg!("what-correction-reason"),
        field => Message::verbatim(field),
    }
}

/// Split `index.md` into its front matter (with the line it starts on) and its body.
pub(super) fn split_front_matter(file: &SourceFile) -> Result<(&str, &str), Diagnostics> {
    let text = file.text.as_str();
    let name = file.path.rsplit('/').next().unwrap_or("index.md");
    // A fence is a line of `---`, trailing spaces allowed.
    let is_fence = |line: &str| line.trim_end() == "---";
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(Diagnostic::error(msg!("front-matter-missing", file = name))
            .at(file.span(1, 1))
            .hint(msg!("front-matter-missing-help"))
            .into());
    }
    let start = first.len();
    let mut offset = start;
    for line in lines {
        if is_fence(line) {
            return Ok((&text[start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(
        Diagnostic::error(msg!("front-matter-not-closed", file = name))
            .at(file.span(1, 1))
            .hint(msg!("front-matter-not-closed-help"))
            .into(),
    )
}

/// A `models/NAME.md` file of a bulletin, read but not yet validated.
pub struct StoryFile {
    pub slug: String,
    pub file: SourceFile,
    /// The files of the `models/` folder: (absolute path, file name).
    pub files: Vec<(PathBuf, String)>,
}

/// Names Windows keeps for devices, in any case and with any extension: a page folder
/// so named cannot be made there (`units/con/`), nor copied from a Linux build.
pub fn windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::windows_device;

    #[test]
    fn windows_device_names_in_any_case_and_with_an_extension() {
        for name in [
            "con", "CON", "prn", "aux", "nul", "Nul.txt", "com1", "lpt9", "com3.tar",
        ] {
            assert!(windows_device(name), "{name}");
        }
        for name in [
            "com0", "lpt", "com10", "console", "aux-1", "nul_", "icon", "czj", "",
        ] {
            assert!(!windows_device(name), "{name}");
        }
    }
}
