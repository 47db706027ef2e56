//! What an office PC does to a site: a folder named in Chinese with spaces, content files
//! saved with Windows line endings (CRLF), the output in another folder tree than the
//! content, and `serve --open` handing the address to the system's browser.
//!
//! CRLF must change no output byte (YAML, front matter, markdown and the pages made from
//! them), and an error in a CRLF file is reported at the same line and column with the
//! same snippet as in the LF file, without a stray `\r`.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bulletin, copy_tree, read_tree};

const TODAY: &str = "2025-07-10";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Rewrites every text file below `dir` (valid UTF-8, with a line feed) with CRLF line
/// endings, as Notepad saves it; returns how many it rewrote. Binary and non-UTF-8 files
/// (an image, a GBK file of an encoding fixture) are left as they are.
fn to_crlf(dir: &Path) -> usize {
    let mut n = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = fs::read_to_string(entry.path()) else {
            continue;
        };
        if !text.contains('\n') || text.contains('\r') {
            continue;
        }
        fs::write(entry.path(), text.replace('\n', "\r\n")).unwrap();
        n += 1;
    }
    n
}

/// The example site built from LF files at a plain path, and from CRLF files in
/// `绩效 公示/站点` into `输出 目录/网站` (named relative to the working folder, as a
/// user types them): every output file is byte-identical.
#[test]
fn crlf_content_in_a_chinese_path_with_spaces_builds_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let lf = tmp.path().join("lf");
    copy_tree(&repo().join("content"), &lf.join("content"));
    let site = tmp.path().join("绩效 公示").join("站点");
    copy_tree(&repo().join("content"), &site.join("content"));
    let rewritten = to_crlf(&site.join("content"));
    assert!(rewritten >= 20, "only {rewritten} content files rewritten");

    let (code, stderr) = bulletin(&lf, &["build", "--today", TODAY]);
    assert_eq!(code, 0, "{stderr}");
    let args = [
        "build",
        "--today",
        TODAY,
        "--root",
        "绩效 公示/站点",
        "--output",
        "输出 目录/网站",
    ];
    let (code, crlf_log) = bulletin(tmp.path(), &args);
    assert_eq!(code, 0, "{crlf_log}");
    assert!(!crlf_log.contains('\r'), "{crlf_log:?}");

    let want = read_tree(&lf.join("public"));
    let got = read_tree(&tmp.path().join("输出 目录").join("网站"));
    assert!(want.len() > 50, "only {} files", want.len());
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = want
        .iter()
        .filter(|(k, v)| got[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(differ.is_empty(), "CRLF changed {differ:?}");
    assert!(
        !site.join("public").exists(),
        "the output went where --output says"
    );
    // A rebuild from the page cache, over the old site in the Chinese-named folder.
    let (code, stderr) = bulletin(tmp.path(), &args);
    assert_eq!(code, 0, "{stderr}");
    assert!(read_tree(&tmp.path().join("输出 目录").join("网站")) == want);
}

/// Every invalid fixture, its files saved with CRLF, in a Chinese-named folder: `check`
/// prints exactly its `expected.txt` (same line:col, same snippet, no `\r`).
#[test]
fn errors_in_crlf_files_show_the_same_place_and_snippet() {
    let dir = repo().join("tests/fixtures/invalid");
    let mut cases: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "only {} invalid fixtures", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("绩效 公示").join("站点");
        copy_tree(&dir.join("_base"), &root);
        if let Ok(list) = fs::read_to_string(case.join("remove")) {
            for f in list.lines().filter(|l| !l.trim().is_empty()) {
                fs::remove_file(root.join(f.trim())).unwrap();
            }
        }
        for sub in ["content", "templates"] {
            if case.join(sub).is_dir() {
                copy_tree(&case.join(sub), &root.join(sub));
            }
        }
        to_crlf(&root);
        let (code, stderr) = bulletin(&root, &["check"]);
        let expected = fs::read_to_string(case.join("expected.txt")).unwrap();
        if code != 1 || stderr != expected {
            failures.push(format!(
                "── {} (exit {code})\n── got:\n{stderr}── expected:\n{expected}",
                case.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `serve --open` hands the address to the system's browser: here through `BROWSER`,
/// which the webbrowser crate asks first on Linux and the BSDs (Windows asks the
/// registry's handler of http, macOS `open`).
#[cfg(unix)]
#[test]
fn serve_open_hands_the_address_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, Instant};

    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("绩效 公示");
    copy_tree(
        &repo().join("tests/fixtures/basic/content"),
        &root.join("content"),
    );
    let opened = tmp.path().join("opened.txt");
    let browser = tmp.path().join("browser.sh");
    fs::write(
        &browser,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$1\" > '{}'\n",
            opened.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&browser, fs::Permissions::from_mode(0o755)).unwrap();

    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["serve", "--port", "0", "--open", "--root"])
        .arg(&root)
        .env("NO_COLOR", "1")
        .env("BROWSER", &browser)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    let url = loop {
        if let Ok(text) = fs::read_to_string(&opened)
            && text.ends_with('\n')
        {
            break text.trim().to_string();
        }
        if Instant::now() > deadline || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "no browser was opened; stderr:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with('/'),
        "{url}"
    );
    assert!(log.contains(&format!("serving {url} ")), "{log}");
    assert!(!log.contains("cannot open a browser"), "{log}");
}
