//! YAML through serde-saphyr, strictly: YAML 1.2 booleans only, leading-zero numbers kept
//! as text, duplicate keys refused, and every error turned into a located [`Diagnostic`]
//! with a hint ("did you mean" for unknown keys).

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, SourceFile, suggest};

fn options() -> serde_saphyr::Options {
    let mut o = serde_saphyr::Options::default();
    o.strict_booleans = true;
    o.leading_zero_numbers_as_strings = true;
    o.with_snippet = false;
    o
}

/// Parse `text` (which starts at 1-based `first_line` of `file`) into `T`.
pub fn parse<T: DeserializeOwned>(
    file: &SourceFile,
    text: &str,
    first_line: usize,
    what: &str,
) -> Result<T, Diagnostic> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| to_diagnostic(file, &e, first_line, what))
}

fn to_diagnostic(
    file: &SourceFile,
    err: &serde_saphyr::Error,
    first_line: usize,
    what: &str,
) -> Diagnostic {
    let shown = err.to_string();
    // serde-saphyr appends " at line L, column C"; the span carries that instead.
    let message = match shown.rfind(" at line ") {
        Some(i) => shown[..i].to_string(),
        None => shown,
    };
    let span = match err.location() {
        Some(loc) if loc.line() > 0 => file.span(
            loc.line() as usize + first_line - 1,
            loc.column().max(1) as usize,
        ),
        _ => file.span(first_line, 1),
    };
    let (message, hint) = explain(&message, what);
    Diagnostic::error(message).at(span).hint(hint)
}

/// Turn serde's and the parser's wording into a message and a hint for a person.
fn explain(message: &str, what: &str) -> (String, String) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let hint = match suggest(field, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the fields of {what} are: {}", expected.join(", ")),
        };
        return (format!("unknown field `{field}` in {what}"), hint);
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return (
            format!("{what} is missing the field `{field}`"),
            format!("add `{field}: …`"),
        );
    }
    if message.starts_with("duplicate mapping key") {
        let key = message
            .strip_prefix("duplicate mapping key: ")
            .and_then(|r| r.split(',').next())
            .unwrap_or("");
        return (
            format!("the key `{key}` appears twice"),
            "keep one of them: a later key never silently replaces an earlier one".to_string(),
        );
    }
    if message.starts_with("invalid boolean") {
        return (
            "a yes/no field must be `true` or `false`".to_string(),
            "write `true` or `false`; `yes`, `no`, `on` and `off` are not read as booleans"
                .to_string(),
        );
    }
    if message.contains("found a tab") {
        return (
            "a tab is used for indentation".to_string(),
            "indent YAML with spaces".to_string(),
        );
    }
    if message.starts_with("invalid type") || message.starts_with("expected ") {
        return (
            format!("wrong kind of value in {what}: {message}"),
            "see docs/FORMAT.md for the shape of each field".to_string(),
        );
    }
    (
        format!("invalid YAML in {what}: {message}"),
        "check the indentation and the brackets around this line".to_string(),
    )
}
