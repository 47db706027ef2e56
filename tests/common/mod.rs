//! What the integration tests share: running the binary, writing and reading site trees.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Run the binary in `dir`; (exit code, stderr).
pub fn bulletin(dir: &Path, args: &[&str]) -> (i32, String) {
    // Messages in English whatever the machine's locale (the Chinese ones are tested
    // with LANG=zh_CN.UTF-8 where they are meant).
    bulletin_in("C", dir, args)
}

/// Run the binary in `dir` under `LANG=lang`; (exit code, stderr).
pub fn bulletin_in(lang: &str, dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Write `text` to `root/path`, making its folders.
pub fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, text).unwrap();
}

/// Every file below `dir`, by relative `/`-separated path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Copy the tree `from` to `to`, folders and files.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
