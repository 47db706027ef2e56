//! The synthetic-site generator of the benchmark (examples/synth.rs) makes valid sites:
//! a small one passes `check`, builds, and comes out the same twice for one seed.

#[allow(dead_code)]
#[path = "../examples/synth.rs"]
mod synth;

use std::path::Path;
use std::process::Command;

fn generate(out: &Path, hugo: Option<&Path>) {
    let said = synth::generate(&synth::Options {
        bulletins: 20,
        units: 12,
        seed: 7,
        hugo: hugo.map(Path::to_path_buf),
        out: out.to_path_buf(),
    })
    .expect("the generator runs");
    assert!(said.starts_with("20 bulletins"), "{said}");
}

fn bulletin(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        // Messages in English whatever the machine's locale (the Chinese ones are
        // tested with LANG=zh_CN.UTF-8 where they are meant).
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        .args(args)
        .current_dir(root)
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_small_synthetic_site_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    generate(&site, Some(&tmp.path().join("hugo")));
    let (code, stderr) = bulletin(&site, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stderr) = bulletin(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("built 20 bulletins"), "{stderr}");
    assert!(tmp.path().join("hugo/content").is_dir());
}

#[test]
fn the_generator_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generate(&a, None);
    generate(&b, None);
    let tree = |root: &Path| {
        walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(e.path()).unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(tree(&a), tree(&b));
}
