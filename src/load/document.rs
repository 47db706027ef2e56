//! The front matter's `document:` block: the 公文 fields of a bulletin (see
//! [`crate::model::document`]), read and checked with located errors.

use serde::Deserialize;

use super::ctx::Ctx;
use super::raw::S;
use crate::model::document::{Document, check_number};
use crate::msg;

/// `document:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentYaml {
    pub number: Option<S<String>>,
    pub to: Option<S<String>>,
    #[serde(default)]
    pub cc: Vec<S<String>>,
    pub signer: Option<S<String>>,
    pub date: Option<S<String>>,
    #[serde(default)]
    pub attachments: Vec<S<String>>,
    #[serde(default)]
    pub red_header: bool,
    pub header: Option<S<String>>,
    pub printed_by: Option<S<String>>,
}

/// Check `document:`; `published` is the default date of the signature.
pub(super) fn document(
    cx: &mut Ctx,
    raw: DocumentYaml,
    published: Option<jiff::civil::Date>,
) -> Option<Document> {
    let number = raw.number.as_ref().and_then(|n| {
        cx.text(n, "document number");
        match check_number(&n.value) {
            Ok(number) => Some(number),
            Err(e) => {
                let hint = match &e.fixed {
                    Some(f) => msg!("document-number-fixed-help", fixed = f),
                    None => msg!("document-number-help"),
                };
                cx.error(
                    n,
                    msg!(
                        "document-number-form",
                        number = n.value.trim(),
                        reason = e.what
                    ),
                    hint,
                );
                None
            }
        }
    });
    let mut text = |s: &Option<S<String>>, what: &str| s.as_ref().map(|s| cx.text(s, what));
    let to = text(&raw.to, "document.to");
    let signer = text(&raw.signer, "document.signer");
    let header = text(&raw.header, "document.header");
    let printed_by = text(&raw.printed_by, "document.printed_by");
    let cc = raw.cc.iter().map(|s| cx.text(s, "document.cc")).collect();
    let attachments = raw
        .attachments
        .iter()
        .map(|s| cx.text(s, "document.attachments"))
        .collect();
    let date = match &raw.date {
        Some(d) => cx.date(d, "document.date"),
        None => published,
    };
    if let Some(h) = raw.header.as_ref().filter(|_| !raw.red_header) {
        cx.error(
            h,
            msg!("document-header-without-red"),
            msg!("document-header-without-red-help"),
        );
    }
    let number_ok = raw.number.is_none() || number.is_some();
    Some(Document {
        number,
        to,
        cc,
        signer,
        date: date?,
        attachments,
        red_header: raw.red_header,
        header,
        printed_by,
    })
    .filter(|_| number_ok)
}

/// Each 附件 line (`document.attachments`) names a file the bulletin publishes (in
/// `attachments:`, or a PDF or image beside the page), by its name with or without the
/// extension: a line that names none promises readers an attachment they cannot find.
pub(super) fn annex_files(
    cx: &mut Ctx,
    annex: &[S<String>],
    assets: &[crate::model::Asset],
    attachments: &[String],
) {
    let files: Vec<&str> = attachments
        .iter()
        .map(String::as_str)
        .chain(assets.iter().map(|a| a.name.as_str()))
        .collect();
    let stem = |f: &str| -> String {
        match f.rsplit_once('.') {
            Some((s, _)) if !s.is_empty() => s.to_string(),
            _ => f.to_string(),
        }
    };
    for line in annex {
        let name = line.value.trim();
        let found = files.iter().any(|f| {
            *f == name || stem(f) == name || (!stem(f).is_empty() && name.contains(&stem(f)))
        });
        if !found {
            let w = crate::diag::Diagnostic::warning(msg!("document-annex-no-file", line = name))
                .at(cx.at(line))
                .hint(msg!("document-annex-no-file-help"));
            cx.warnings.push(w);
        }
    }
}
