//! Corrections (更正): the earlier published versions of a bulletin's data that its front
//! matter declares under `revisions:`, each with the day and the reason of the correction
//! that replaced it. The files are read like `scores.yaml` (no links out of `content/`,
//! the size limit, UTF-8, masking) and validated by the same rules; they are never
//! published as files. What changed is computed when the versions are ranked
//! (by `rank`), never written by hand.

use std::path::{Component, Path};

use jiff::civil::Date;
use serde::Deserialize;

use super::ctx::Ctx;
use super::raw::S;
use crate::diag::suggest;
use crate::model::Revision;
use crate::msg;

/// One item of `revisions:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRevision {
    /// The earlier version, relative to the bulletin's folder.
    pub file: S<String>,
    /// The day the correction replaced it.
    pub corrected: S<String>,
    pub reason: S<String>,
    /// Whether the notice period starts again with the correction.
    pub restarts_notice: Option<S<bool>>,
}

/// The file name earlier versions are kept under, as the help texts suggest it.
const HINT_NAME: &str = "revisions/2025-04-03.scores.yaml";

/// Read and validate every item of `revisions:` of the bulletin in `dir`. Errors go to
/// `cx` (those of a revision file carry that file's location); the texts read are handed
/// back too, for the bulletin's fingerprint.
pub(super) fn load(
    cx: &mut Ctx,
    root: &Path,
    dir: &Path,
    raw: &[RawRevision],
    published: Option<Date>,
    notice: Option<&crate::model::Notice>,
) -> (Vec<Revision>, Vec<String>) {
    let content = root.join("content");
    let mut out = Vec::new();
    let mut texts = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    let mut last: Option<Date> = published;
    for item in raw {
        let corrected = cx.date(&item.corrected, "corrected");
        let reason = cx.text(&item.reason, "reason of the correction");
        cx.personal(&item.reason, "reason of the correction");
        if let (Some(c), Some(before)) = (corrected, last) {
            if c < before {
                let (corrected, earlier) = (c.to_string(), before.to_string());
                let what = if Some(before) == published && out.is_empty() {
                    msg!(
                        "correction-before-published",
                        corrected = corrected,
                        before = earlier
                    )
                } else {
                    msg!(
                        "correction-before-earlier",
                        corrected = corrected,
                        before = earlier
                    )
                };
                cx.error(&item.corrected, what, msg!("correction-order-help"));
            }
            last = Some(c);
        }
        let restarts = item.restarts_notice.as_ref().map(|r| r.value);
        match (notice, &item.restarts_notice, corrected) {
            (Some(_), None, _) => cx.error(
                &item.file,
                msg!("correction-restart-missing", file = &item.file.value),
                msg!("correction-restart-missing-help"),
            ),
            (None, Some(r), _) => cx.error(
                r,
                msg!("correction-restart-without-notice"),
                msg!("correction-restart-without-notice-help"),
            ),
            (Some(n), Some(r), Some(c)) if r.value && n.from < c => cx.error(
                r,
                msg!(
                    "correction-restart-before-notice",
                    corrected = c.to_string(),
                    from = n.from.to_string()
                ),
                msg!("correction-restart-before-notice-help"),
            ),
            _ => {}
        }
        let value = item.file.value.as_str();
        if seen.contains(&value) {
            cx.error(
                &item.file,
                msg!("revision-twice", file = value),
                msg!("revision-twice-help"),
            );
            continue;
        }
        seen.push(value);
        let Some(path) = checked_path(cx, dir, &item.file) else {
            continue;
        };
        let read = super::files::inside(root, &content, &dir.join(first_folder(value)))
            .and_then(|()| super::files::read_content(root, &content, &path));
        let (file, masked) = match read {
            Ok(r) => r,
            Err(e) => {
                cx.errors.extend(e.0);
                continue;
            }
        };
        cx.warnings.extend(masked);
        let parsed: Result<super::raw::ScoresYaml, _> =
            super::yaml::parse(&file, &file.text, 1, crate::msg!("yaml-earlier-version"));
        let data = match parsed.and_then(|raw| super::validate::scores_data(&file, raw)) {
            Ok((data, warnings)) => {
                cx.warnings.extend(warnings);
                data
            }
            Err(e) => {
                cx.errors.extend(e.0);
                continue;
            }
        };
        texts.push(file.text);
        if let Some(corrected) = corrected {
            out.push(Revision {
                file: value.to_string(),
                data,
                corrected,
                reason,
                restarts_notice: notice.map(|_| restarts.unwrap_or(false)),
                at: cx.at(&item.file),
            });
        }
    }
    (out, texts)
}

fn first_folder(value: &str) -> &str {
    value.split('/').next().unwrap_or(value)
}

/// The revision file's path, when `file:` names a YAML file inside the bulletin's folder
/// that exists.
fn checked_path(cx: &mut Ctx, dir: &Path, file: &S<String>) -> Option<std::path::PathBuf> {
    let value = file.value.trim();
    let rel = Path::new(value);
    let plain = !value.is_empty()
        && !value.contains('\\')
        && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !plain {
        cx.error(
            file,
            msg!("revision-not-inside", file = value),
            msg!("revision-not-inside-help", example = HINT_NAME),
        );
        return None;
    }
    if !value.ends_with(".yaml") || value == "scores.yaml" {
        cx.error(
            file,
            msg!("revision-not-a-version", file = value),
            msg!("revision-not-a-version-help", example = HINT_NAME),
        );
        return None;
    }
    let path = dir.join(rel);
    if path.is_file() {
        return Some(path);
    }
    let parent = path.parent().unwrap_or(dir);
    let names: Vec<String> = std::fs::read_dir(parent)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let name = rel.file_name().unwrap_or_default().to_string_lossy();
    let hint = match suggest(&name, names.iter().map(String::as_str)) {
        Some(s) => {
            let folder = value.rsplit_once('/').map_or("", |(f, _)| f);
            let sep = if folder.is_empty() { "" } else { "/" };
            msg!("did-you-mean", word = format!("{folder}{sep}{s}"))
        }
        None => msg!("revision-missing-help", example = HINT_NAME),
    };
    cx.error(file, msg!("revision-missing", file = value), hint);
    None
}
