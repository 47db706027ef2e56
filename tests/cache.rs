//! The cache a site keeps (`.bulletin-cache/`) is the program's as much as the site's: a
//! different build of the tool (a fix released under the same version, a developer's
//! change) must make every page, folder and chart again, never hand back what another
//! program made.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

use common::{copy_tree, read_tree};

/// Every entry of the site's cache, as `table/name`.
fn entries(root: &Path) -> BTreeSet<String> {
    let cache = root.join(".bulletin-cache");
    let mut out = BTreeSet::new();
    for table in fs::read_dir(&cache).unwrap() {
        let table = table.unwrap();
        for e in fs::read_dir(table.path()).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            out.insert(format!("{}/{name}", table.file_name().to_string_lossy()));
        }
    }
    out
}

/// Build the site at `root` into `out` with the program `exe`.
fn build(exe: &Path, root: &Path, out: &str) {
    let run = Command::new(exe)
        .args(["build", "--today", "2025-04-05", "--output", out])
        .current_dir(root)
        .env("LANG", "C")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{}: {stderr}", exe.display());
}

#[test]
fn another_program_reuses_nothing_the_first_one_cached() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        &site,
    );
    let _ = fs::remove_dir_all(site.join("expected"));
    let _ = fs::remove_dir_all(site.join(".bulletin-cache"));
    let first = Path::new(env!("CARGO_BIN_EXE_bulletin"));
    build(first, &site, "a");
    let cached = entries(&site);
    for table in ["load/", "pages/", "png/"] {
        assert!(
            cached.iter().any(|e| e.starts_with(table)),
            "the first build keeps entries in {table}: {cached:#?}"
        );
    }
    build(first, &site, "b");
    // Pages, folders and charts are reused as they are: the charts of a page entry reused
    // whole stay in the chart table (a rebuild with nothing changed used to empty it, and
    // the next template change drew every chart again).
    assert_eq!(
        entries(&site),
        cached,
        "the same program reuses every entry, charts included"
    );

    // The same program's bytes and one more: the same version, another program.
    let other = tmp.path().join("other-bulletin");
    let mut bytes = fs::read(first).unwrap();
    bytes.extend_from_slice(b"\0another build of the same version");
    fs::write(&other, bytes).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&other, fs::Permissions::from_mode(0o755)).unwrap();
    }
    build(&other, &site, "c");
    let _ = fs::remove_file(&other);
    let after = entries(&site);
    // A build keeps what it used and prunes the rest: an entry of the first program's
    // still there would be one the other program reused.
    let reused: Vec<&String> = cached.intersection(&after).collect();
    assert!(reused.is_empty(), "reused by another program: {reused:#?}");
    assert_eq!(after.len(), cached.len(), "as many entries, made again");
    assert_eq!(read_tree(&site.join("c")), read_tree(&site.join("a")));
}
