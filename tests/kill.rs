//! The kill test: a build killed with SIGKILL at any point leaves the output folder
//! holding the old site or the new one, byte for byte, never a mix; and the next build
//! succeeds and removes the staging folders the killed ones left.
//!
//! Two versions of a small site (`tests/fixtures/basic`, and the same with another title
//! and score) are built once each into reference trees. Then builds alternate between
//! them into one output folder, and each is killed at a point of its progress: when its
//! staging folder holds k files, for k spread from 0 (the folder just made) past the
//! site's file count (the swap and the removal of the old site), with a few milliseconds
//! of jitter from a fixed seed. Watching progress rather than the clock keeps the kill
//! points the same on a slow or busy machine; the clock (the same share of a build's
//! measured time) is only the fallback, for a build that stages elsewhere.
#![cfg(unix)]

mod common;
use common::copy_tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

const KILLS: usize = 20;
const TODAY: &str = "2025-04-05";

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic")
}

/// Every file below `dir` by relative path (folders too, as empty entries), or `None`
/// when `dir` does not exist.
fn read_tree(dir: &Path) -> Option<BTreeMap<String, Vec<u8>>> {
    if !dir.is_dir() {
        return None;
    }
    let mut tree = BTreeMap::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = e.unwrap();
        let rel = e
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if e.file_type().is_dir() {
            tree.insert(format!("{rel}/"), Vec::new());
        } else {
            tree.insert(rel, fs::read(e.path()).unwrap());
        }
    }
    Some(tree)
}

/// Files below `dir`; 0 when it does not exist (yet, or any more).
fn count_files(dir: &Path) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count()
}

fn build_cmd(root: &Path, out: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bulletin"));
    cmd.args(["build", "--today", TODAY, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

fn build(root: &Path, out: &Path) {
    let o = build_cmd(root, out).output().unwrap();
    assert!(
        o.status.success(),
        "building {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Staging folders beside `out`.
fn staging_folders(out: &Path) -> Vec<String> {
    let prefix = format!(".{}.staging-", out.file_name().unwrap().to_string_lossy());
    fs::read_dir(out.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&prefix))
        .collect()
}

/// xorshift64: the jitter, the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_never_a_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let (root_a, root_b) = (tmp.path().join("a"), tmp.path().join("b"));
    copy_tree(&fixture().join("content"), &root_a.join("content"));
    copy_tree(&fixture().join("content"), &root_b.join("content"));
    let page = root_b.join("content/2025/03/index.md");
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replacen("title: 关于", "title: 再次关于", 1)).unwrap();
    assert_ne!(fs::read_to_string(&page).unwrap(), text);

    let (ref_a, ref_b) = (tmp.path().join("ref-a"), tmp.path().join("ref-b"));
    build(&root_a, &ref_a);
    build(&root_b, &ref_b);
    let trees = [read_tree(&ref_a).unwrap(), read_tree(&ref_b).unwrap()];
    assert_ne!(trees[0], trees[1], "the two versions must differ");
    let files = trees[1].keys().filter(|k| !k.ends_with('/')).count();

    let out = tmp.path().join("site/public");
    let started = Instant::now();
    build(&root_a, &out);
    // How long a build with its charts cached takes here: the kill falls at the same share
    // of it as of the staged files, whichever comes first, so that a build whose staging
    // is not where this test looks is still killed partway.
    let took = started.elapsed();
    let mut current = 0; // which version `out` holds
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (mut killed_running, mut outcomes) = (0, [0usize; 2]);
    for i in 0..KILLS {
        let next = 1 - current;
        let root = if next == 0 { &root_a } else { &root_b };
        // From 0 (kill as soon as the staging folder exists) to past the file count.
        let target = i * (files + 4) / (KILLS - 1);
        let mut child = build_cmd(root, &out).spawn().unwrap();
        let staging = out
            .parent()
            .unwrap()
            .join(format!(".public.staging-{}", child.id()));
        let started = Instant::now();
        let mut exited = false;
        loop {
            if child.try_wait().unwrap().is_some() {
                exited = true;
                break;
            }
            if staging.is_dir() && count_files(&staging) >= target {
                break;
            }
            if started.elapsed() >= took.mul_f64(2.0 * target as f64 / (files + 4) as f64) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "build {i} neither progressed nor finished in 60 s"
            );
            thread::sleep(Duration::from_micros(200));
        }
        if !exited {
            thread::sleep(Duration::from_micros(rng.next() % 3000));
            // `Child::kill` sends SIGKILL on Unix: no destructor, no cleanup runs.
            let _ = child.kill();
            if child.try_wait().unwrap().is_none() {
                killed_running += 1;
            }
        }
        let _ = child.wait();
        let got = read_tree(&out);
        current = match got {
            Some(t) if t == trees[0] => 0,
            Some(t) if t == trees[1] => 1,
            Some(t) => {
                let differ: Vec<_> = t
                    .keys()
                    .chain(trees[next].keys())
                    .filter(|k| t.get(*k) != trees[next].get(*k))
                    .take(10)
                    .collect();
                panic!(
                    "kill {i} (at {target} staged files) left a mix of the two sites in {}; \
                     first paths that differ from the new one: {differ:?}",
                    out.display()
                )
            }
            None => panic!(
                "kill {i} (at {target} staged files) left no output folder at {}",
                out.display()
            ),
        };
        outcomes[usize::from(current == next)] += 1;
    }
    println!(
        "{KILLS} builds, {killed_running} killed while running: {} left the old site, {} the new",
        outcomes[0], outcomes[1]
    );
    assert!(
        killed_running >= KILLS / 2,
        "only {killed_running} of {KILLS} builds were killed while running: the test does not \
         exercise interrupted builds"
    );

    // One more build killed once its staging folder exists, so that a stale one is there.
    let next = 1 - current;
    let root = if next == 0 { &root_a } else { &root_b };
    let mut child = build_cmd(root, &out).spawn().unwrap();
    let staging = out
        .parent()
        .unwrap()
        .join(format!(".public.staging-{}", child.id()));
    while !staging.is_dir() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build finished before its kill"
        );
        thread::sleep(Duration::from_micros(200));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(read_tree(&out).as_ref() == Some(&trees[current]));
    assert!(
        !staging_folders(&out).is_empty(),
        "the killed build left no staging folder"
    );

    // The next build succeeds, is whole, and removes what the killed ones left.
    build(if next == 0 { &root_a } else { &root_b }, &out);
    assert!(
        read_tree(&out).as_ref() == Some(&trees[next]),
        "the build after the kills is not the new site"
    );
    let left = staging_folders(&out);
    assert!(
        left.is_empty(),
        "staging folders left after a successful build: {left:?}"
    );
}
