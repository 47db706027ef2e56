//! Browser checks of the built example site, in headless Chromium: layout at 375 and
//! 1280 px, reading without JavaScript, axe-core accessibility, internal links.
//!
//! The checks live in `tests/browser/run.mjs` (Node with playwright-core and axe-core,
//! driving Debian's Chromium; nothing is downloaded). This test builds the example site
//! with the binary and runs them on it:
//!
//! ```sh
//! npm ci --prefix tests/browser
//! cargo test --test browser -- --nocapture
//! ```
//!
//! Without node, `tests/browser/node_modules` or Chromium the test is skipped with a
//! message, except when the environment variable `CI` is set: then it fails.
//! `BULLETIN_SCREENSHOTS` names the folder for the screenshots (default: a new temporary
//! folder, printed), `BULLETIN_CHROMIUM` another browser than /usr/bin/chromium.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The whole run of the checks; run.mjs gives up by itself a little earlier.
const LIMIT: Duration = Duration::from_secs(480);

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("BULLETIN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// What the checks need and this machine lacks, each with how to get it.
fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    match Command::new("node").arg("--version").output() {
        Ok(out) if out.status.success() => {
            let version = String::from_utf8_lossy(&out.stdout).trim().to_owned();
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 20 {
                missing.push(format!("node 20 or later (found {version})"));
            }
        }
        _ => missing.push("node (20 or later) on PATH".into()),
    }
    let modules = root().join("tests/browser/node_modules");
    for file in ["playwright-core/package.json", "axe-core/axe.min.js"] {
        if !modules.join(file).is_file() {
            missing.push(format!(
                "{} (run `npm ci --prefix tests/browser`)",
                modules.join(file).display()
            ));
        }
    }
    if !Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing.push("pdftotext (apt-get install poppler-utils), for the printed notices".into());
    }
    if !Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing.push(
            "soffice (apt-get install libreoffice-writer-nogui), for notice.docx as printed".into(),
        );
    }
    let browser = chromium();
    if !browser.is_file() {
        missing.push(format!(
            "Chromium at {} (apt-get install chromium, or set BULLETIN_CHROMIUM)",
            browser.display()
        ));
    }
    missing
}

/// Whether what the checks need is here; if not, say so and skip, except under `CI`,
/// where the test fails.
fn ready(what: &str) -> bool {
    let missing = missing();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "{what} need what this machine lacks:\n  {}",
        missing.join("\n  ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{why}\n(CI is set, so this fails rather than skips; .ci/run installs them)");
    }
    eprintln!("skipped: {why}");
    false
}

/// Read a child's pipe to the end on a thread of its own.
fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[test]
fn the_example_site_passes_the_browser_checks() {
    if !ready("the browser checks") {
        return;
    }

    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        // Messages in English whatever the machine's locale (the Chinese ones are
        // tested with LANG=zh_CN.UTF-8 where they are meant).
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        // The day the Q2 notice of the example is current: the notice check relies on it.
        .args(["build", "--today", "2025-07-10", "--future", "--output"])
        .arg(&site)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert!(
        out.status.success(),
        "building the example site failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // run.mjs serves the folder itself on 127.0.0.1, on a free port.
    run_checks(site.to_str().unwrap(), &[]);
}

/// The browser checks of the workspace (工作台): `bulletin serve` on a copy of the import
/// fixture site, driven as a person would (tests/browser/workspace.mjs). Its own run of
/// run.mjs, which starts its own server (the target address is not used).
#[test]
fn the_workspace_passes_its_browser_checks() {
    if !ready("the workspace's browser checks") {
        return;
    }
    run_checks("http://127.0.0.1:9/", &[("BULLETIN_CHECKS", "workspace")]);
}

/// Run tests/browser/run.mjs on `target` with the extra environment `env`; fail the test
/// when a check fails or the run takes longer than [`LIMIT`].
fn run_checks(target: &str, env: &[(&str, &str)]) {
    // One run at a time: two Chromiums on a small machine make both late.
    static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let mut child = Command::new("node")
        .arg(root().join("tests/browser/run.mjs"))
        .arg(target)
        .current_dir(root())
        .env("BULLETIN_CHROMIUM", chromium())
        // The serve check spawns the binary: its overlay is compared in English.
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        .env("BULLETIN_BIN", env!("CARGO_BIN_EXE_bulletin"))
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    let (stdout, stderr) = (stdout.join().unwrap(), stderr.join().unwrap());
    println!("{stdout}");
    if !stderr.trim().is_empty() {
        println!("── stderr of run.mjs:\n{stderr}");
    }
    match status {
        None => panic!("the browser checks took longer than {LIMIT:?} and were stopped"),
        Some(status) => assert!(
            status.success(),
            "the browser checks failed ({status}): see the output above"
        ),
    }
}
