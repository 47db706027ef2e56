//! YAML through serde-saphyr, strictly: YAML 1.2 booleans only, leading-zero numbers kept
//! as text, duplicate keys refused, and every error turned into a located [`Diagnostic`]
//! with a hint ("did you mean" for unknown keys).

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, suggest};
use crate::msg;

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
    what: Message,
) -> Result<T, Diagnostics> {
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        // The parser meets a typist's slip somewhere after it: name the slip where it is.
        let slips = super::slips::find(text);
        if slips.is_empty() {
            return to_diagnostic(file, &e, first_line, &what).into();
        }
        Diagnostics(
            slips
                .into_iter()
                .map(|s| {
                    let mut span = file.span(s.line + first_line - 1, s.column);
                    span.len = s.len;
                    Diagnostic::error(s.message).at(span).hint(s.hint)
                })
                .collect(),
        )
    })
}

fn to_diagnostic(
    file: &SourceFile,
    err: &serde_saphyr::Error,
    first_line: usize,
    what: &Message,
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
    message: Message,
    hint: Message,
    /// The key the error is about, where it points at one.
    key: Option<&'a str>,
}

/// Which part of a file a struct is, told by the fields it has.
fn context_of(fields: &[&str], what: &Message) -> Message {
    let has = |f: &str| fields.contains(&f);
    let name = if has("indicators") {
        msg!("yaml-place-category")
    } else if has("weight") {
        msg!("yaml-place-indicator")
    } else if has("scores") || has("total") {
        msg!("yaml-place-entry")
    } else if has("points") && has("date") {
        msg!("yaml-place-deduction")
    } else if has("points") {
        msg!("yaml-place-bonus")
    } else if has("phone") {
        msg!("yaml-place-contact")
    } else if has("from") && has("to") {
        return msg!("yaml-place-key", key = "notice");
    } else if has("rounding") && has("top") {
        return msg!("yaml-place-key", key = "tiers");
    } else if has("share") {
        msg!("yaml-place-tier")
    } else if has("headcount") {
        msg!("yaml-place-unit")
    } else if has("nominations") {
        return msg!("yaml-place-key", key = "models");
    } else if has("cap") {
        return msg!("yaml-place-key", key = "nominations");
    } else if has("quota") {
        msg!("yaml-place-top-grade")
    } else if has("pass") {
        return msg!("yaml-place-key", key = "grades");
    } else if has("person") {
        return msg!("yaml-place-story");
    } else if has("cjk") {
        return msg!("yaml-place-key", key = "fonts");
    } else {
        return what.clone();
    };
    msg!("yaml-place-in", name = name, what = what.clone())
}

/// The struct a missing field belongs to.
fn context_of_missing(field: &str, what: &Message) -> Message {
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
fn explain<'a>(message: &'a str, what: &Message) -> Explained<'a> {
    let plain = |message: Message, hint: Message| Explained {
        message,
        hint,
        key: None,
    };
    let what = what.clone();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .filter(|s| !s.is_empty())
            .collect();
        let place = context_of(&expected, &what);
        // In a contact block, `tel` is a misspelt `phone`, not a private field.
        let contact = expected.contains(&"phone");
        if let Some(kind) = crate::privacy::is_private_key(field).filter(|_| !contact) {
            return Explained {
                message: msg!(
                    "yaml-private-key",
                    field = field,
                    kind = crate::privacy::kind_message(kind)
                ),
                hint: msg!("privacy-private-help"),
                key: Some(field),
            };
        }
        let hint = match suggest(field, expected.iter().copied()) {
            Some(s) => msg!("did-you-mean", word = s),
            None => msg!(
                "yaml-fields-are",
                place = place.clone(),
                fields = expected.join(", ")
            ),
        };
        return Explained {
            message: msg!("yaml-unknown-field", field = field, place = place),
            hint,
            key: Some(field),
        };
    }
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return plain(
            msg!(
                "yaml-missing-field",
                place = context_of_missing(field, &what),
                field = field
            ),
            msg!("yaml-missing-field-help", field = field),
        );
    }
    if message.starts_with("duplicate mapping key") {
        let key = message
            .strip_prefix("duplicate mapping key: ")
            .and_then(|r| r.split(',').next())
            .unwrap_or("");
        return Explained {
            message: msg!("yaml-duplicate-key", key = key),
            hint: msg!("yaml-duplicate-key-help"),
            key: Some(key),
        };
    }
    if message.starts_with("invalid boolean") {
        return plain(msg!("yaml-boolean"), msg!("yaml-boolean-help"));
    }
    if message.contains("tab") {
        return plain(msg!("yaml-tab"), msg!("yaml-tab-help"));
    }
    if message.contains("null") {
        return plain(msg!("yaml-null", what = what), msg!("yaml-null-help"));
    }
    if message.contains("expected sequence") {
        return plain(
            msg!("yaml-expected-list", what = what),
            msg!("yaml-expected-list-help"),
        );
    }
    if message.contains("expected mapping") || message.contains("expected struct") {
        return plain(
            msg!("yaml-expected-mapping", what = what),
            msg!("yaml-expected-mapping-help"),
        );
    }
    if message.contains("end of input") || message.contains("unexpected end") {
        return plain(msg!("yaml-empty", what = what), msg!("yaml-empty-help"));
    }
    if message.starts_with("invalid type") || message.starts_with("expected ") {
        return plain(
            msg!(
                "yaml-wrong-type",
                what = what,
                detail = parser_words(message)
            ),
            msg!("yaml-wrong-type-help"),
        );
    }
    if message.contains("unclosed") {
        return plain(
            msg!("yaml-unclosed", what = what, detail = parser_words(message)),
            msg!("yaml-unclosed-help"),
        );
    }
    plain(
        msg!("yaml-invalid", what = what, detail = parser_words(message)),
        msg!("yaml-invalid-help"),
    )
}

/// The YAML parser's own words, as a detail after the message: English is kept as it is
/// (it is the parser's), and in Chinese marked as the parser's, in parentheses.
fn parser_words(message: &str) -> Message {
    msg!("yaml-parser-says", detail = message)
}
