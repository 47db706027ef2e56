//! Links (symlinks) in `content/`, made by the test (git fixtures do not keep them
//! portably): a link out of `content/` is a located error whether it names a file or a
//! folder, in English and in Chinese; a folder linked from outside used to vanish from
//! the site without a word. A link that stays inside `content/` is read as before.
#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;

use common::{bulletin, copy_tree, read_tree};

/// A copy of the invalid fixtures' valid base site in `root`.
fn base_site(root: &Path) {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid/_base");
    copy_tree(&base, root);
}

/// `bulletin check` in `root` under `lang`: (exit code, stderr with `root` as `ROOT`).
fn check_in(lang: &str, root: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        .env("NO_COLOR", "1")
        .arg("check")
        .current_dir(root)
        .output()
        .expect("the binary runs");
    let real = root.canonicalize().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).replace(&*real.to_string_lossy(), "ROOT");
    (out.status.code().unwrap_or(-1), stderr)
}

/// `check` fails with exactly `en` and `zh`, and `build` fails without writing public/.
fn refused(root: &Path, en: &str, zh: &str) {
    assert_eq!(check_in("C", root), (1, en.to_string()));
    assert_eq!(check_in("zh_CN.UTF-8", root), (1, zh.to_string()));
    let (code, stderr) = bulletin(root, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!root.join("public").exists(), "build wrote public/");
}

#[test]
fn a_folder_linked_from_outside_content_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    base_site(root);
    fs::create_dir_all(root.join("outside")).unwrap();
    fs::rename(root.join("content/2025/03"), root.join("outside/03")).unwrap();
    symlink(root.join("outside/03"), root.join("content/2025/03")).unwrap();
    refused(
        root,
        "error: content/2025/03 is a link to ROOT/outside/03, outside content/
 --> content/2025/03
 = help: a folder linked from outside content/ is not read, and its bulletins would not be published: move the folder into content/, or remove the link

check failed: 1 error
",
        "错误：content/2025/03 是指向 content/ 之外的链接（ROOT/outside/03）
 --> content/2025/03
 = 提示：从 content/ 之外链接进来的文件夹不会被读取，其中的通报也不会发布：请把文件夹移到 content/ 中，或删去链接

检查未通过：1个错误
",
    );
}

#[test]
fn a_file_linked_from_outside_content_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    base_site(root);
    fs::rename(
        root.join("content/2025/03/index.md"),
        root.join("elsewhere.md"),
    )
    .unwrap();
    symlink(
        root.join("elsewhere.md"),
        root.join("content/2025/03/index.md"),
    )
    .unwrap();
    refused(
        root,
        "error: content/2025/03/index.md is a link to ROOT/elsewhere.md, outside content/
 --> content/2025/03/index.md
 = help: a link out of content/ could publish any file of this computer: copy the file into the bulletin's folder instead, or remove the link

check failed: 1 error
",
        "错误：content/2025/03/index.md 是指向 content/ 之外的链接（ROOT/elsewhere.md）
 --> content/2025/03/index.md
 = 提示：指向 content/ 之外的链接可能把本机的任何文件发布出去：请把文件复制到通报的文件夹中，或删去链接

检查未通过：1个错误
",
    );
}

/// A link out anywhere else in content/ (a folder of folders, a bulletin's subfolder, a
/// link that leads nowhere) is said once, where it is.
#[test]
fn every_link_out_is_said_once_where_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    base_site(root);
    fs::create_dir_all(root.join("outside/extra")).unwrap();
    symlink(
        root.join("outside/extra"),
        root.join("content/2025/03/extra"),
    )
    .unwrap();
    symlink(
        root.join("outside/extra"),
        root.join("content/2025/archive"),
    )
    .unwrap();
    symlink(root.join("nowhere"), root.join("content/2024")).unwrap();
    let (code, stderr) = check_in("C", root);
    assert_eq!(code, 1, "{stderr}");
    for (what, n) in [
        ("error: content/2024 is a link that leads nowhere", 1),
        (
            "error: content/2025/archive is a link to ROOT/outside/extra",
            1,
        ),
        (
            "error: content/2025/03/extra is a link to ROOT/outside/extra",
            1,
        ),
    ] {
        assert_eq!(stderr.matches(what).count(), n, "{what}:\n{stderr}");
    }
    assert!(stderr.ends_with("check failed: 3 errors\n"), "{stderr}");
}

#[test]
fn a_link_that_stays_inside_content_still_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    base_site(root);
    let (code, stderr) = bulletin(root, &["build", "--output", "plain"]);
    assert_eq!(code, 0, "{stderr}");
    // A folder and a file linked from inside content/: read as what they lead to.
    symlink(root.join("content/2025"), root.join("content/latest")).unwrap();
    fs::create_dir_all(root.join("content/notes")).unwrap();
    symlink(
        root.join("content/2025/03/index.md"),
        root.join("content/notes/same.md"),
    )
    .unwrap();
    let (code, stderr) = bulletin(root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = bulletin(root, &["build", "--output", "linked"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read_tree(&root.join("linked")),
        read_tree(&root.join("plain"))
    );
}
