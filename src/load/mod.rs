//! Loading: walk `content/`, read every file once (UTF-8 only, with a clear error for
//! GBK and friends), parse YAML and front matter, and validate into [`crate::model`].
//!
//! Bulletins are loaded in parallel; their diagnostics come back in path order, so the
//! output of `check` is the same on every run.

mod categories;
mod ctx;
pub mod document;
mod entries;
pub mod files;
pub mod links;
mod people;

pub use ctx::PLACEHOLDER;
pub(crate) use people::person_name;
mod contact;
mod raw;
pub mod revisions;
mod series;
mod slips;
mod validate;
pub mod walk;
mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Message, SourceFile, display_path};
use crate::model::Site;
use crate::msg;

/// Output paths the theme uses itself; a bulletin may not take them.
const RESERVED: &[&str] = &["units", "archive", "static", "models", "search", "404.html"];

/// A loaded site and the warnings met on the way, or every error found.
pub type Loaded = Result<(Site, Diagnostics), Diagnostics>;

/// Load and validate the site under `root` (the folder holding `content/`).
pub fn load_site(root: &Path) -> Loaded {
    let content = root.join("content");
    let walk = walk::Walk::new(root, &content);
    load_site_with(root, &walk, |dir| {
        folder(root, &content, dir).map(|f| (f, ()))
    })
    .0
}

/// A bulletin folder as loaded: its bulletin (none for a folder that only reports, or a
/// draft held back by the walk's rules) and its warnings. Cloned, not copied: the
/// bulletin is shared.
pub type Folder = (
    Option<std::sync::Arc<crate::model::Bulletin>>,
    Vec<Diagnostic>,
);

/// Load and validate the bulletin folder `dir` below `content`.
pub fn folder(root: &Path, content: &Path, dir: &Path) -> Result<Folder, Diagnostics> {
    let (b, warnings) = load_bulletin(root, content, dir)?;
    Ok((b.map(std::sync::Arc::new), warnings))
}

/// [`load_site`] with the folders that `walk` found, each loaded by `load` (which may hand
/// back something of its own beside it, in the folders' order): the query layer reuses
/// folders loaded before this way. What `load` handed back for the folders that loaded
/// comes back beside the site, whether the site loads or not.
pub fn load_site_with<T: Send>(
    root: &Path,
    walk: &walk::Walk,
    load: impl Fn(&Path) -> Result<(Folder, T), Diagnostics> + Sync,
) -> (Loaded, Vec<T>) {
    let content = root.join("content");
    if !content.is_dir() {
        let error =
            Diagnostic::error(msg!("no-content", root = root)).hint(msg!("no-content-help"));
        return (Err(error.into()), Vec::new());
    }
    let mut phases = crate::timing::Phases::start();
    let mut errors = Diagnostics::default();
    let config = files::read_content(root, &content, &content.join("site.yaml")).and_then(
        |(file, warnings)| {
            errors.extend(Diagnostics(warnings));
            validate::site_config(&file)
        },
    );
    let config = match config {
        Ok(c) => Some(c),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let home_path = content.join("index.md");
    let home = if home_path.is_file() {
        match files::read_content(root, &content, &home_path) {
            Ok((file, warnings)) => {
                errors.extend(Diagnostics(warnings));
                Some(file.text)
            }
            Err(e) => {
                errors.extend(e);
                None
            }
        }
    } else {
        None
    };

    phases.mark("ld:config");
    errors.extend(walk.errors.clone());
    let folders = &walk.folders;
    let results: Vec<Result<(Folder, T), Diagnostics>> =
        folders.par_iter().map(|dir| load(dir)).collect();
    phases.mark("ld:folders");
    let mut bulletins = Vec::new();
    let mut used = Vec::new();
    // Folders that did not load: links to them are not held against the others.
    let mut unread = Vec::new();
    for (r, dir) in results.into_iter().zip(folders) {
        match r {
            Ok(((b, warnings), found)) => {
                errors.extend(Diagnostics(warnings));
                bulletins.extend(b);
                used.push(found);
            }
            Err(e) => {
                errors.extend(e);
                unread.push(display_path(&content, dir));
            }
        }
    }
    bulletins.sort_by(|a, b| a.path.cmp(&b.path));
    for pair in bulletins.windows(2) {
        if pair[0].path == pair[1].path {
            errors.push(
                Diagnostic::error(msg!(
                    "bulletin-path-twice",
                    path = &pair[1].path,
                    first = &pair[0].source,
                    second = &pair[1].source
                ))
                .at(SourceFile::new(format!("{}/index.md", pair[1].source), "").whole())
                .hint(msg!("bulletin-path-twice-help")),
            );
        }
    }
    // Two bulletins of one series and period would each be the other's 上期 and both be
    // "the" result of that period.
    let mut periods: Vec<(&str, String, &str)> = bulletins
        .iter()
        .map(|b| (b.series.as_str(), b.period.code(), b.source.as_str()))
        .collect();
    periods.sort();
    for pair in periods.windows(2) {
        if (pair[0].0, &pair[0].1) == (pair[1].0, &pair[1].1) {
            errors.push(
                Diagnostic::error(msg!(
                    "bulletin-period-twice",
                    first = pair[0].2,
                    second = pair[1].2,
                    series = pair[0].0,
                    period = &pair[0].1
                ))
                .at(SourceFile::new(format!("{}/index.md", pair[1].2), "").whole())
                .hint(msg!("bulletin-period-twice-help")),
            );
        }
    }
    let mut slugs: Vec<(&str, &str)> = bulletins
        .iter()
        .flat_map(|b| {
            b.stories
                .iter()
                .map(move |s| (s.slug.as_str(), b.source.as_str()))
        })
        .collect();
    slugs.sort();
    let clashes: Vec<Diagnostic> = slugs
        .windows(2)
        .filter(|w| w[0].0 == w[1].0)
        .map(|w| {
            Diagnostic::error(msg!(
                "story-slug-twice",
                slug = w[0].0,
                first = w[0].1,
                second = w[1].1
            ))
            .hint(msg!("story-slug-twice-help"))
        })
        .collect();
    for d in clashes {
        errors.push(d);
    }
    if let Some(config) = &config {
        errors.extend(series::unnamed(root, config, &bulletins));
        let texts = links::texts(home.as_deref(), &bulletins, &|path, _| {
            story_line(&root.join(path))
        });
        let targets = || links::Targets::new(bulletins.iter().map(|b| &**b), &unread);
        errors.extend(Diagnostics(links::check(&texts, targets, &config.base_url)));
        errors.extend(contact::missing(root, config, &bulletins));
    }
    phases.mark("ld:checks");
    phases.print();
    let loaded = match config {
        Some(config) if !errors.has_errors() => Ok((
            Site {
                config,
                home,
                bulletins: bulletins.into_iter().map(|b| (b.path.clone(), b)).collect(),
            },
            errors,
        )),
        _ => Err(errors),
    };
    (loaded, used)
}

/// Load and validate one bulletin folder on its own (for `import --like`): its front
/// matter, data and announcements. `None` for a draft.
pub fn load_folder(
    root: &Path,
    dir: &Path,
) -> Result<(Option<crate::model::Bulletin>, Diagnostics), Diagnostics> {
    load_bulletin(root, &root.join("content"), dir).map(|(b, w)| (b, Diagnostics(w)))
}

fn load_bulletin(
    root: &Path,
    content: &Path,
    dir: &Path,
) -> Result<validate::Validated, Diagnostics> {
    let shown = display_path(root, dir);
    let index_path = dir.join("index.md");
    let scores_path = dir.join("scores.yaml");
    if dir.join("scores.yml").is_file() && !scores_path.is_file() {
        // Reported by the walk, with the fix.
        return Ok((None, Vec::new()));
    }
    for (path, other) in [(&index_path, "scores.yaml"), (&scores_path, "index.md")] {
        if !path.is_file() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let (name, other) = (name.as_ref(), other);
            return Err(Diagnostic::error(msg!(
                "bulletin-half",
                folder = &shown,
                has = other,
                missing = name
            ))
            .at(SourceFile::new(format!("{shown}/{other}"), "").whole())
            .hint(msg!("bulletin-half-help", has = other, missing = name))
            .into());
        }
    }
    let index = files::read_content(root, content, &index_path);
    let scores = files::read_content(root, content, &scores_path);
    let mut masked = Vec::new();
    let (index, scores) = match (index, scores) {
        (Ok((i, wi)), Ok((s, ws))) => {
            masked.extend(wi);
            masked.extend(ws);
            (i, s)
        }
        (i, s) => {
            let mut errors = Diagnostics::default();
            errors.extend(i.err().unwrap_or_default());
            errors.extend(s.err().unwrap_or_default());
            return Err(errors);
        }
    };
    let rel: Vec<String> = dir
        .strip_prefix(content)
        .unwrap_or(dir)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let beside = files::beside(root, content, dir)?;
    let (stories, story_notes) = stories(root, content, dir)?;
    let (mut bulletin, mut warnings, revision_texts) =
        validate::bulletin(&index, &scores, &stories, &shown, rel, beside, root, dir)?;
    if let Some(b) = bulletin.as_mut() {
        // The earlier versions are inputs of the page too (its 更正说明).
        let texts = [index.text.as_str(), scores.text.as_str(), b.path.as_str()]
            .into_iter()
            .chain(stories.iter().map(|s| s.file.text.as_str()))
            .chain(revision_texts.iter().map(String::as_str));
        let files = b
            .assets
            .iter()
            .chain(b.stories.iter().filter_map(|s| s.photo.as_ref()));
        b.fingerprint = fingerprint(texts, files);
    }
    masked.extend(story_notes);
    masked.append(&mut warnings);
    let warnings = masked;
    if let Some(first) = bulletin
        .as_ref()
        .map(|b| b.path.split('/').next().unwrap_or(""))
        && RESERVED.contains(&first)
    {
        return Err(
            Diagnostic::error(msg!("bulletin-reserved", folder = &shown, first = first))
                .at(index.whole())
                .hint(msg!("bulletin-reserved-help"))
                .into(),
        );
    }
    if let Some((path, part)) = bulletin.as_ref().and_then(|b| {
        let part = b.path.split('/').find(|p| ctx::windows_device(p))?;
        Some((b.path.clone(), part.to_string()))
    }) {
        return Err(Diagnostic::error(crate::msg!(
            "bulletin-windows-device",
            bulletin = &shown,
            path = path,
            part = part
        ))
        .at(index.whole())
        .hint(crate::msg!("bulletin-windows-device-help"))
        .into());
    }
    Ok((bulletin, warnings))
}

/// A fingerprint of a bulletin's own files, as loaded: the texts (masked, as the pages see
/// them) and every file published with it, by the hash of its content that loading took
/// when it read the file (rendering publishes those bytes or fails).
fn fingerprint<'a>(
    texts: impl IntoIterator<Item = &'a str>,
    files: impl IntoIterator<Item = &'a crate::model::Asset>,
) -> u128 {
    let mut k = crate::hash::Hasher::new();
    for t in texts {
        k.add_str(t);
    }
    for f in files {
        k.add_str(&f.path.to_string_lossy())
            .add_str(&f.name)
            .add(&f.hash.to_le_bytes());
    }
    k.finish()
}

/// The line an announcement's body starts on: the line after its front matter's closing
/// `---` (the body in the model has lost it).
fn story_line(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.trim_end() == "---")
        .nth(1)
        .map_or(1, |(i, _)| i + 2)
}

/// The announcements in a bulletin's `models/` folder, in name order.
fn stories(
    root: &Path,
    content: &Path,
    dir: &Path,
) -> Result<(Vec<ctx::StoryFile>, Vec<Diagnostic>), Diagnostics> {
    let models = dir.join("models");
    files::inside(root, content, &models)?;
    if !models.is_dir() {
        return Ok((Vec::new(), Vec::new()));
    }
    let mut notes = Vec::new();
    let mut photos = Vec::new();
    for f in files::beside(root, content, &models)? {
        match f.kind {
            files::Kind::Web => photos.push((f.path, f.name)),
            files::Kind::Quiet => {}
            _ if f.name.to_lowercase().ends_with(".md") => {}
            files::Kind::Other | files::Kind::Never(_) => {
                notes.push(left_out(root, &f, msg!("left-out-story-help")));
            }
        }
    }
    let files = photos;
    let mut names: Vec<PathBuf> = std::fs::read_dir(&models)
        .map_err(|e| {
            Diagnostic::error(msg!(
                "cannot-read",
                file = display_path(root, &models),
                reason = crate::i18n::io_reason(&e)
            ))
        })?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    let mut errors = Diagnostics::default();
    for path in names {
        let slug = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        match files::read_content(root, content, &path) {
            Ok((file, masked)) => {
                notes.extend(masked);
                let ok = slug
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
                if !ok || slug.is_empty() || slug == "index" || ctx::windows_device(&slug) {
                    errors.push(
                        Diagnostic::error(msg!("story-name-invalid", slug = &slug))
                            .at(file.whole())
                            .hint(msg!("story-name-invalid-help")),
                    );
                }
                out.push(ctx::StoryFile {
                    slug,
                    file,
                    files: files.clone(),
                });
            }
            Err(e) => errors.extend(e),
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    Ok((out, notes))
}

/// The note for a file beside a page that is not published.
pub(crate) fn left_out(root: &Path, f: &files::Beside, why: Message) -> Diagnostic {
    let shown = display_path(root, &f.path);
    let message = match f.kind {
        files::Kind::Never(what) => msg!(
            "left-out-never",
            file = &shown,
            kind = Message::new(what, Vec::new())
        ),
        _ => msg!("left-out", file = &shown),
    };
    Diagnostic::note(message)
        .at(SourceFile::new(shown, "").whole())
        .hint(why)
}
