//! Numbers as people type them into assessment sheets, read exactly.
//!
//! A score is parsed from the YAML scalar's own text into a [`Decimal`], never through
//! `f64`. Full-width digits and point (`８５．５`), a trailing `分`, U+2212 or full-width
//! minus signs and surrounding ideographic spaces are read; anything else that is not a
//! plain decimal number (thousands separators, exponents, words) is refused.

use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// Why a text is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotANumber {
    /// The id of the reason in the catalogues (`locales/*/load.ftl`).
    pub reason: &'static str,
}

impl NotANumber {
    /// Why, in the process's language.
    pub fn why(&self) -> crate::i18n::Message {
        crate::i18n::Message::new(self.reason, Vec::new())
    }
}

/// Parse the text of a number. See the module docs for what is accepted.
pub fn parse_decimal(text: &str) -> Result<Decimal, NotANumber> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    let trimmed = trimmed
        .strip_suffix('分')
        .unwrap_or(trimmed)
        .trim_end_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
    if trimmed.is_empty() {
        return Err(NotANumber {
            reason: "number-empty",
        });
    }
    let mut ascii = String::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        let mapped = match c {
            '0'..='9' | '.' | '-' | '+' => c,
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '\u{2212}' | '－' => '-',
            '＋' => '+',
            ',' | '，' => {
                return Err(NotANumber {
                    reason: "number-separator",
                });
            }
            _ => {
                return Err(NotANumber {
                    reason: "number-not-digits",
                });
            }
        };
        ascii.push(mapped);
    }
    let digits = ascii.strip_prefix(['-', '+']).unwrap_or(&ascii);
    let valid = {
        let mut parts = digits.split('.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next();
        parts.next().is_none()
            && !int.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
    };
    if !valid {
        return Err(NotANumber {
            reason: "number-not-plain",
        });
    }
    // No score, weight or total is anywhere near this; the limit keeps every sum and
    // product well inside the range of exact decimal arithmetic.
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.trim_start_matches('0').len() > 9 || frac.len() > 8 {
        return Err(NotANumber {
            reason: "number-too-many-digits",
        });
    }
    Decimal::from_str(&ascii).map_err(|_| NotANumber {
        reason: "number-too-large",
    })
}

/// Round half-up (away from zero at the midpoint) to `decimals` places, keeping trailing
/// zeros so that `85.5` at two places prints as `85.50`.
pub fn round_half_up(value: Decimal, decimals: u32) -> Decimal {
    let mut r = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(decimals);
    r
}

/// A number as written in a table: fixed to `decimals` places.
pub fn fixed(value: Decimal, decimals: u32) -> String {
    round_half_up(value, decimals).to_string()
}

/// A number as written in prose: no trailing zeros (`50`, `12.5`).
pub fn plain(value: Decimal) -> String {
    value.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn reads_plain_and_full_width_numbers() {
        assert_eq!(parse_decimal("85.455"), Ok(dec("85.455")));
        assert_eq!(parse_decimal("８５．５"), Ok(dec("85.5")));
        assert_eq!(parse_decimal("92分"), Ok(dec("92")));
        assert_eq!(parse_decimal("\u{3000}88.5\u{3000}"), Ok(dec("88.5")));
        assert_eq!(parse_decimal("\u{2212}0.5"), Ok(dec("-0.5")));
        assert_eq!(parse_decimal("007"), Ok(dec("7")));
    }

    #[test]
    fn refuses_what_is_ambiguous() {
        for bad in [
            "1,000",
            "1e3",
            "85.5.1",
            "八十",
            "85%",
            "",
            ".5",
            "5.",
            "--5",
            "0x10",
            "∞",
            "79228162514264337593543950335",
            "1.000000001",
        ] {
            assert!(parse_decimal(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn rounds_half_up_in_decimal() {
        // 85.455 is 85.454999… as an f64 and would round down.
        assert_eq!(fixed(dec("85.455"), 2), "85.46");
        assert_eq!(fixed(dec("85.445"), 2), "85.45");
        assert_eq!(fixed(dec("85.5"), 2), "85.50");
        assert_eq!(fixed(dec("2.675"), 2), "2.68");
        assert_eq!(fixed(dec("-0.125"), 2), "-0.13");
        assert_eq!(fixed(dec("99.995"), 2), "100.00");
        assert_eq!(plain(dec("50.00")), "50");
    }
}
