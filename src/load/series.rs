//! Series display names: once a site has more than one series, readers tell them apart
//! by name (部门月度考核, 部门季度考核), so every series needs one in `site.yaml`.

use crate::msg;
use std::collections::BTreeMap;
use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::model::{Bulletin, SiteConfig};

/// An error for each series without a display name, at the `series:` line of its first
/// bulletin, when the site has more than one series.
pub(super) fn unnamed(
    root: &Path,
    config: &SiteConfig,
    bulletins: &[std::sync::Arc<Bulletin>],
) -> Diagnostics {
    let mut first: BTreeMap<&str, &Bulletin> = BTreeMap::new();
    for b in bulletins {
        first.entry(b.series.as_str()).or_insert(&**b);
    }
    let mut out = Diagnostics::default();
    if first.len() < 2 {
        return out;
    }
    let count = first.len();
    for (id, b) in first {
        if config.series.get(id).is_some_and(|n| !n.is_empty()) {
            continue;
        }
        let shown = format!("{}/index.md", b.source);
        let text = std::fs::read_to_string(root.join(&shown)).unwrap_or_default();
        let file = SourceFile::new(shown, text);
        let mut span = file.find("series:", 1);
        let col = file
            .text
            .lines()
            .nth(span.line.saturating_sub(1))
            .and_then(|l| l.find(id).map(|byte| l[..byte].chars().count() + 1));
        if let Some(col) = col {
            span = file.span(span.line, col);
            span.len = id.chars().count();
        }
        out.push(
            Diagnostic::error(msg!("series-unnamed", id = id, count = count))
                .at(span)
                .hint(msg!("series-unnamed-help", id = id)),
        );
    }
    out
}
