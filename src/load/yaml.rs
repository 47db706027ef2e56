//! YAML through serde-saphyr, strictly: YAML 1.2 booleans only, leading-zero numbers kept
//! as text, duplicate keys refused, and every error turned into a located [`Diagnostic`]
//! with a hint ("did you mean" for unknown keys).

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics, SourceFile, suggest};

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
) -> Result<T, Diagnostics> {
    serde_saphyr::from_str_with_options(text, options())
        .map_err(|e| to_diagnostic(file, &e, first_line, what).into())
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
    let mut span = match err.location() {
        Some(loc) if loc.line() > 0 => file.span(
            loc.line() as usize + first_line - 1,
            loc.column().max(1) as usize,
        ),
        _ => file.span(first_line, 1),
    };
    let explained = explain(&message, what);
    if let Some(key) = explained.key {
        // Underline the key, not the whole `key: value`.
        span.len = key.chars().count();
    }
    Diagnostic::error(explained.message)
        .at(span)
        .hint(explained.hint)
}

struct Explained<'a> {
    message: String,
    hint: String,
    /// The key the error is about, where it points at one.
    key: Option<&'a str>,
}

/// Which part of a file a struct is, told by the fields it has.
fn context_of(fields: &[&str], what: &str) -> String {
    let has = |f: &str| fields.contains(&f);
    let name = if has("indicators") {
        "a category"
    } else if has("weight") {
        "an indicator"
    } else if has("scores") || has("total") {
        "an entry"
    } else if has("points") && has("date") {
        "a deduction"
    } else if has("points") {
        "a bonus"
    } else if has("phone") {
        "a contact"
    } else if has("from") && has("to") {
        "`notice`"
    } else if has("rounding") && has("top") {
        "`tiers`"
    } else if has("share") {
        "a tier"
    } else if has("headcount") {
        "a unit"
    } else if has("nominations") {
        "`models`"
    } else if has("cap") {
        "`nominations`"
    } else if has("quota") {
        "the top grade"
    } else if has("pass") {
        "`grades`"
    } else if has("person") {
        "an announcement's front matter"
    } else if has("cjk") {
        "`fonts`"
    } else {
        return what.to_string();
    };
    if name.starts_with('`') || name.starts_with("an announcement") {
        name.to_string()
    } else {
        format!("{name} in {what}")
    }
}

/// The struct a missing field belongs to.
fn context_of_missing(field: &str, what: &str) -> String {
    let owner: &[&str] = match field {
        "weight" => &["weight"],
        "indicators" => &["indicators"],
        "points" | "reason" => &["points"],
        "share" => &["share"],
        "headcount" => &["headcount"],
        "quota" => &["quota"],
        "person" => &["person"],
        "from" | "to" => &["from", "to"],
        _ => &[],
    };
    context_of(owner, what)
}

/// Turn serde's and the parser's wording into a message and a hint for a person.
fn explain<'a>(message: &'a str, what: &str) -> Explained<'a> {
    let plain = |message: String, hint: &str| Explained {
        message,
        hint: hint.to_string(),
        key: None,
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let place = context_of(&expected, what);
        // In a contact block, `tel` is a misspelt `phone`, not a private field.
        let contact = expected.contains(&"phone");
        if let Some(kind) = crate::privacy::is_private_key(field).filter(|_| !contact) {
            return Explained {
                message: format!("`{field}` looks like {kind}, which must never be published"),
                hint: crate::privacy::PRIVATE_HINT.to_string(),
                key: Some(field),
            };
        }
        let hint = match suggest(field, expected.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("the fields of {place} are: {}", expected.join(", ")),
        };
        return Explained {
            message: format!("unknown field `{field}` in {place}"),
            hint,
            key: Some(field),
        };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return plain(
            format!("{} has no `{field}`", context_of_missing(field, what)),
            &format!("add `{field}:` (see docs/FORMAT.md)"),
        );
    }
    if message.starts_with("duplicate mapping key") {
        let key = message
            .strip_prefix("duplicate mapping key: ")
            .and_then(|r| r.split(',').next())
            .unwrap_or("");
        return Explained {
            message: format!("the key `{key}` appears twice"),
            hint: "keep one of them: a later key never silently replaces an earlier one"
                .to_string(),
            key: Some(key),
        };
    }
    if message.starts_with("invalid boolean") {
        return plain(
            "a yes/no field must be `true` or `false`".to_string(),
            "write `true` or `false`; `yes`, `no`, `on` and `off` are not read as booleans",
        );
    }
    if message.contains("tab") {
        return plain(
            "a tab is used for indentation".to_string(),
            "indent YAML with spaces",
        );
    }
    if message.contains("null") {
        return plain(
            format!("a value is missing in {what}"),
            "write the value after the colon, or remove the key",
        );
    }
    if message.contains("expected sequence") {
        return plain(
            format!("a list is expected here in {what}"),
            "write a list with one `- ` item per line, or `[a, b]`",
        );
    }
    if message.contains("expected mapping") || message.contains("expected struct") {
        return plain(
            format!("a mapping is expected here in {what}"),
            "write `key: value` lines, or `{ key: value }`",
        );
    }
    if message.contains("end of input") || message.contains("unexpected end") {
        return plain(
            format!("{what} is empty or ends too early"),
            "see docs/FORMAT.md for what the file holds",
        );
    }
    if message.starts_with("invalid type") || message.starts_with("expected ") {
        return plain(
            format!("wrong kind of value in {what}: {message}"),
            "see docs/FORMAT.md for the shape of each field",
        );
    }
    if message.contains("unclosed") {
        return plain(
            format!("a bracket is not closed in {what}: {message}"),
            "close every `{` with `}` and every `[` with `]`, on this line or an earlier one",
        );
    }
    plain(
        format!("invalid YAML in {what}: {message}"),
        "check the indentation and the brackets around this line",
    )
}
