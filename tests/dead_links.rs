//! Dead internal links (src/load/links.rs). The check knows the site's pages and files
//! before anything is rendered; here the example site is built and every file it wrote
//! must be a target of the check, and every page the check knows must have been written,
//! so that the two never drift apart. A dead link in an announcement is found at its line
//! in the announcement's file. The pinned messages are invalid fixtures
//! (tests/fixtures/invalid/dead-link-*).

mod common;

use std::fs;
use std::path::Path;

use bulletin::load::links::{Found, Targets};
use common::{bulletin, copy_tree};

#[test]
fn the_targets_are_what_a_build_writes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (code, stderr) = bulletin(
        root,
        &[
            "build",
            "--future",
            "--drafts",
            "--no-cache",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let (site, _) = bulletin::load::load_site(root).unwrap();
    let targets = Targets::new(site.bulletins.values().map(|b| &**b), &[]);
    let mut written = Vec::new();
    for entry in walkdir::WalkDir::new(&out).min_depth(1) {
        let entry = entry.unwrap();
        let rel = entry
            .path()
            .strip_prefix(&out)
            .unwrap()
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_type().is_dir() {
            let kind = targets.find(&format!("{rel}/"));
            let page = entry.path().join("index.html").is_file();
            let expected = if page {
                Found::Yes
            } else {
                Found::FolderWithoutPage
            };
            // Folders inside the theme's own trees (a unit's channels) may be either.
            if !(kind == Found::Yes && rel.starts_with("units/")) {
                assert_eq!(kind, expected, "the folder {rel}/");
            }
        } else {
            assert_eq!(targets.find(&rel), Found::Yes, "the file {rel}");
            written.push(rel);
        }
    }
    assert!(written.len() > 500, "only {} files", written.len());
    for page in targets.pages() {
        assert!(
            out.join(page).join("index.html").is_file(),
            "the link check takes {page} for a page, but no build writes it"
        );
    }
    assert_eq!(targets.find("2025/"), Found::FolderWithoutPage);
    assert_eq!(targets.find("2025/99-units/"), Found::NoPage);
    assert_eq!(targets.find("2025/06-units/missing.pdf"), Found::NoFile);
    assert_eq!(targets.find("2025/06-units"), Found::Yes);
}

/// An announcement's body starts below its front matter: a dead link there is reported at
/// its own line of `models/NAME.md`.
#[test]
fn a_dead_link_in_an_announcement_is_found_at_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/people"),
        tmp.path(),
    );
    let story = tmp.path().join("content/2025/h1/models/wang-wei.md");
    let text = fs::read_to_string(&story).unwrap();
    let line = text.lines().count() + 2;
    fs::write(
        &story,
        format!("{text}\n[全部排名](../../2025/h2/) 与 [公示](../../2025/h1/)\n"),
    )
    .unwrap();
    let (code, stderr) = bulletin(tmp.path(), &["check"]);
    assert_eq!(code, 1, "{stderr}");
    let at = format!("--> content/2025/h1/models/wang-wei.md:{line}:8\n");
    let message = "error: the link `../../2025/h2/` leads to no page of the site\n";
    assert!(stderr.contains(&format!("{message} {at}")), "{stderr}");
    assert!(stderr.contains("`../../2025/h1/`: link to it"), "{stderr}");
    assert!(stderr.ends_with("check failed: 1 error\n"), "{stderr}");
}
