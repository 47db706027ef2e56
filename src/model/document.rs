//! The fields that make a bulletin an official document (公文, GB/T 9704-2012): the
//! document number (发文字号), recipients (主送), copy-to (抄送), the signature (落款),
//! the attachment lines (附件) and the red header (版头). No I/O here: the front matter's
//! `document:` block is read by the loader.

use jiff::civil::Date;

use crate::i18n::Message;
use crate::msg;

/// A bulletin's document fields, validated, with the defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Document {
    /// 发文字号, e.g. 望川考办〔2025〕9号.
    pub number: Option<String>,
    /// 主送机关, e.g. 各园区、各部门.
    pub to: Option<String>,
    /// 抄送机关, in the order written.
    pub cc: Vec<String>,
    /// The signing body (落款) when not the site's issuer.
    pub signer: Option<String>,
    /// The date of the signature (成文日期): `date`, else `published`.
    pub date: Date,
    /// 附件 lines (the attachments' names as the notice lists them).
    pub attachments: Vec<String>,
    /// Whether the printed notice carries the red header (版头).
    pub red_header: bool,
    /// The 版头's words when not `<signer>文件`.
    pub header: Option<String>,
    /// 印发机关 in the 版记 when not the signer.
    pub printed_by: Option<String>,
}

impl Document {
    /// The signing body: `signer`, else the site's issuer.
    pub fn signer<'a>(&'a self, issuer: &'a str) -> &'a str {
        self.signer.as_deref().unwrap_or(issuer)
    }

    /// The 版头's words: `header`, else `<signer>文件`.
    pub fn header_text(&self, issuer: &str) -> String {
        self.header
            .clone()
            .unwrap_or_else(|| format!("{}文件", self.signer(issuer)))
    }

    /// 印发机关: `printed_by`, else the signer.
    pub fn printed_by<'a>(&'a self, issuer: &'a str) -> &'a str {
        self.printed_by.as_deref().unwrap_or(self.signer(issuer))
    }
}

/// Why a document number is not in the GB/T 9704 form, and the form it should have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberError {
    pub what: Message,
    /// The number as it should be written, when it can be guessed.
    pub fixed: Option<String>,
}

/// Brackets people type around the year instead of the 六角括号 〔〕.
const WRONG_BRACKETS: &[(char, char)] = &[
    ('[', ']'),
    ('［', '］'),
    ('(', ')'),
    ('（', '）'),
    ('【', '】'),
    ('〖', '〗'),
    ('{', '}'),
    ('<', '>'),
    ('〈', '〉'),
    ('《', '》'),
    ('「', '」'),
];

/// Check a 发文字号: 机关代字, the year in 六角括号 (〔2025〕), the serial number without
/// leading zeros or 第, then 号. `Ok` with the trimmed number.
pub fn check_number(text: &str) -> Result<String, NumberError> {
    let t = text.trim();
    if let Some((open, close)) = WRONG_BRACKETS
        .iter()
        .copied()
        .find(|&(o, c)| encloses_year(t, o, c))
    {
        let fixed = t.replace(open, "〔").replace(close, "〕");
        return Err(NumberError {
            what: msg!(
                "document-number-brackets",
                brackets = format!("{open}{close}")
            ),
            fixed: match check_number(&fixed) {
                Ok(n) => Some(n),
                Err(e) => e.fixed,
            },
        });
    }
    // Markup, not a typo of the year's brackets: said as such, since no form fixes it.
    if let Some(sign) = t.chars().find(|c| matches!(c, '<' | '>')) {
        return Err(NumberError {
            what: msg!("document-number-angle", sign = sign.to_string()),
            fixed: None,
        });
    }
    let (Some(open), Some(close)) = (t.find('〔'), t.find('〕')) else {
        return Err(NumberError {
            what: msg!("document-number-no-year"),
            fixed: None,
        });
    };
    if close < open {
        return Err(NumberError {
            what: msg!("document-number-reversed"),
            fixed: None,
        });
    }
    let (code, year, serial) = (&t[..open], &t[open + 3..close], &t[close + 3..]);
    if code.trim().is_empty() {
        return Err(NumberError {
            what: msg!("document-number-no-code"),
            fixed: None,
        });
    }
    if year.chars().count() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError {
            what: msg!("document-number-year", year = year),
            fixed: None,
        });
    }
    let Some(digits) = serial.strip_suffix('号') else {
        return Err(NumberError {
            what: msg!("document-number-no-hao"),
            fixed: None,
        });
    };
    let bare = digits.strip_prefix('第').unwrap_or(digits);
    if bare.is_empty() || !bare.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NumberError {
            what: msg!("document-number-serial", digits = digits),
            fixed: None,
        });
    }
    let unpadded = bare.trim_start_matches('0');
    if digits.starts_with('第') || unpadded.len() != bare.len() {
        let unpadded = if unpadded.is_empty() { "0" } else { unpadded };
        return Err(NumberError {
            what: if digits.starts_with('第') {
                msg!("document-number-di", digits = digits)
            } else {
                msg!("document-number-zeros", digits = digits)
            },
            fixed: Some(format!("{code}〔{year}〕{unpadded}号")),
        });
    }
    Ok(t.to_string())
}

/// Whether `open` and `close` stand around digits in `t`, as brackets around a year do:
/// `（综合）` or a `<b>` tag elsewhere in the number says nothing about the year.
fn encloses_year(t: &str, open: char, close: char) -> bool {
    t.match_indices(open).any(|(i, _)| {
        let inner = t[i + open.len_utf8()..].split(close).next().unwrap_or("");
        let inner = inner.trim();
        t[i..].contains(close) && !inner.is_empty() && inner.chars().all(|c| c.is_numeric())
    })
}

#[cfg(test)]
mod tests {
    use super::check_number;

    #[test]
    fn numbers_take_hexagonal_brackets_and_a_bare_serial() {
        assert_eq!(
            check_number(" 望川考办〔2025〕9号 ").unwrap(),
            "望川考办〔2025〕9号"
        );
        for (bad, fixed) in [
            ("望川考办[2025]9号", Some("望川考办〔2025〕9号")),
            ("望川考办（2025）9号", Some("望川考办〔2025〕9号")),
            ("望川考办(2025)09号", Some("望川考办〔2025〕9号")),
            ("望川考办【2025】12号", Some("望川考办〔2025〕12号")),
            ("望川考办〔2025〕09号", Some("望川考办〔2025〕9号")),
            ("望川考办〔2025〕第9号", Some("望川考办〔2025〕9号")),
            ("望川考办〔25〕9号", None),
            ("望川考办〔2025〕9", None),
            ("望川考办〔2025〕九号", None),
            ("〔2025〕9号", None),
            ("望川考办2025年9号", None),
            ("望川考办<2025>9号", Some("望川考办〔2025〕9号")),
            ("<b>望川考办〔2025〕9号</b>", None),
            ("望川考办〔2025〕9号<script>", None),
        ] {
            let e = check_number(bad).expect_err(bad);
            assert_eq!(e.fixed.as_deref(), fixed, "{bad}: {}", e.what);
        }
        // Markup is said to be markup, not brackets around the year.
        for bad in ["<b>望川考办〔2025〕9号</b>", "望川考办〔2025〕9号>"] {
            let e = check_number(bad).expect_err(bad);
            assert_eq!(e.what.id(), "document-number-angle", "{bad}");
        }
    }
}
