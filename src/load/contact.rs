//! How to object: a 公示 says where objections go (a phone, an address or an e-mail). The
//! notice's own `contact:` is shown, else `site.yaml`'s; a 公示 with neither has no
//! objection channel, and a 公示 without one is not a 公示.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{Bulletin, Contact, SiteConfig};
use crate::msg;

fn says_something(c: Option<&Contact>) -> bool {
    c.is_some_and(|c| c.phone.is_some() || c.address.is_some() || c.email.is_some())
}

/// An error at the `notice:` line of each 公示 that names no contact, when site.yaml names
/// none either.
pub(super) fn missing(
    root: &Path,
    config: &SiteConfig,
    bulletins: &[std::sync::Arc<Bulletin>],
) -> Diagnostics {
    let mut out = Diagnostics::default();
    if says_something(config.contact.as_ref()) {
        return out;
    }
    for b in bulletins {
        let Some(notice) = &b.notice else { continue };
        if says_something(notice.contact.as_ref()) {
            continue;
        }
        let shown = format!("{}/index.md", b.source);
        let text = std::fs::read_to_string(root.join(&shown)).unwrap_or_default();
        let file = SourceFile::new(shown, text);
        let mut span = file.find("notice:", 1);
        span.len = "notice".len();
        out.push(
            Diagnostic::error(msg!("notice-without-contact"))
                .at(span)
                .hint(msg!("notice-without-contact-help")),
        );
    }
    out
}
