//! Integration tests: fixture sites built through the binary, compared with golden
//! trees and exact error texts. See tests/README.md for how to refresh the goldens.

mod common;
use common::copy_tree;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn bless() -> bool {
    std::env::var_os("BULLETIN_BLESS").is_some()
}

/// Run the binary in `dir` under `LANG=C`; (exit code, stderr).
fn bulletin(dir: &Path, args: &[&str]) -> (i32, String) {
    bulletin_in("C", dir, args)
}

/// Run the binary in `dir` under the locale `lang`; (exit code, stderr).
fn bulletin_in(lang: &str, dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        // Messages in English whatever the machine's locale (the Chinese ones are
        // tested with LANG=zh_CN.UTF-8 where they are meant).
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

/// Every file below `dir`, by relative path.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
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

/// Compare a built tree with its golden copy: missing, extra and changed files all fail.
fn assert_tree(actual: &Path, expected: &Path) {
    if bless() {
        let _ = fs::remove_dir_all(expected);
        copy_tree(actual, expected);
        return;
    }
    let (a, e) = (read_tree(actual), read_tree(expected));
    let missing: Vec<_> = e.keys().filter(|k| !a.contains_key(*k)).collect();
    let extra: Vec<_> = a.keys().filter(|k| !e.contains_key(*k)).collect();
    assert!(
        missing.is_empty(),
        "files missing from the output: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "files the golden tree lacks: {extra:?} (BULLETIN_BLESS=1 to refresh)"
    );
    for (path, bytes) in &e {
        // Chart images depend on the installed font's version: compare their size (the
        // PNG header), not their pixels. Their drawing is tested in src/render/png.rs.
        let drawn = path.contains("/wechat/") || path.starts_with("units/");
        if path.ends_with(".png") && drawn {
            assert_eq!(
                a[path].get(..24),
                bytes.get(..24),
                "{path}: PNG header differs"
            );
            continue;
        }
        if a[path] != *bytes {
            let (x, y) = (
                String::from_utf8_lossy(&a[path]),
                String::from_utf8_lossy(bytes),
            );
            let line = x
                .lines()
                .zip(y.lines())
                .position(|(p, q)| p != q)
                .unwrap_or(0);
            panic!(
                "{path} differs from its golden copy at line {}:\n  got:      {}\n  expected: {}\n(BULLETIN_BLESS=1 to refresh)",
                line + 1,
                x.lines().nth(line).unwrap_or(""),
                y.lines().nth(line).unwrap_or("")
            );
        }
    }
}

#[test]
fn fixture_sites_match_their_golden_trees() {
    let mut cases = 0;
    for entry in fs::read_dir(fixtures()).unwrap() {
        let case = entry.unwrap().path();
        if !case.join("content").is_dir() {
            continue;
        }
        cases += 1;
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let (code, stderr) = bulletin(
            &case,
            &[
                "build",
                "--today",
                "2025-04-05",
                // The fixtures hold bulletins of later days: publish them all here (what
                // a build holds back is tested in tests/future.rs).
                "--future",
                // Render everything, and write no cache into the fixture's folder
                // (reuse is tested in tests/incremental.rs and tests/cache.rs).
                "--no-cache",
                "--output",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{}: {stderr}", case.display());
        assert_tree(&out, &case.join("expected"));
    }
    assert!(cases >= 1, "no fixture sites found");
}

#[test]
fn invalid_inputs_fail_with_their_exact_errors() {
    let dir = fixtures().join("invalid");
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
        copy_tree(&dir.join("_base"), tmp.path());
        // A case holds only what differs from _base; `remove` lists files to delete.
        if let Ok(list) = fs::read_to_string(case.join("remove")) {
            for f in list.lines().filter(|l| !l.trim().is_empty()) {
                fs::remove_file(tmp.path().join(f.trim())).unwrap();
            }
        }
        if case.join("content").is_dir() {
            copy_tree(&case.join("content"), &tmp.path().join("content"));
        }
        if case.join("templates").is_dir() {
            copy_tree(&case.join("templates"), &tmp.path().join("templates"));
        }
        // English under LANG=C, Chinese under a Chinese locale: both pinned.
        for (lang, golden) in [("C", "expected.txt"), ("zh_CN.UTF-8", "expected.zh.txt")] {
            let (code, stderr) = bulletin_in(lang, tmp.path(), &["check"]);
            let expected_path = case.join(golden);
            if bless() {
                fs::write(&expected_path, &stderr).unwrap();
                continue;
            }
            let expected = fs::read_to_string(&expected_path).unwrap_or_default();
            if code != 1 || stderr != expected {
                failures.push(format!(
                    "── {} {golden} (exit {code})\n── got:\n{stderr}── expected:\n{expected}",
                    case.file_name().unwrap().to_string_lossy()
                ));
            }
        }
        if bless() {
            continue;
        }
        // `build` fails as well, and writes nothing.
        let (code, _) = bulletin(tmp.path(), &["build"]);
        assert_eq!(code, 1, "{}: build should fail", case.display());
        assert!(
            !tmp.path().join("public").exists(),
            "{}: build wrote public/",
            case.display()
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_base_of_the_invalid_fixtures_is_valid() {
    let (code, stderr) = bulletin(&fixtures().join("invalid/_base"), &["check"]);
    assert_eq!((code, stderr.as_str()), (0, "check passed\n"));
}

#[test]
fn the_example_site_checks_and_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (code, stderr) = bulletin(root, &["check"]);
    assert_eq!(code, 0, "{stderr}");
    // A newcomer's first build is clean: planted private values live in test fixtures.
    assert_eq!(stderr, "check passed\n");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (code, stderr) = bulletin(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let tree = read_tree(&out);
    // results.csv: each indicator score in a column of its own, named 类别·指标.
    let csv = String::from_utf8_lossy(&tree["2025/03-units/results.csv"]).into_owned();
    let header = csv.lines().next().unwrap();
    assert!(header.contains(",园区类·经济发展,"), "{header}");
    assert!(
        !header.contains("指标得分") && !csv.contains("经济发展="),
        "{header}"
    );
    let columns = header.split(',').count();
    for line in csv.lines() {
        assert_eq!(line.split(',').count(), columns, "{line}");
    }
    // People are counted as 人, not as units; series are named, not shown by their ids.
    let people = String::from_utf8_lossy(&tree["2025/h1-people/index.html"]).into_owned();
    assert!(people.contains("人参与排名") && !people.contains("个单位参与排名"));
    let home = String::from_utf8_lossy(&tree["index.html"]).into_owned();
    assert!(
        !home.contains("160个单位"),
        "people counted as units on the home page"
    );
    let archive = String::from_utf8_lossy(&tree["archive/index.html"]).into_owned();
    assert!(archive.contains("<h3>部门月度考核</h3>"), "{archive}");
    for page in [
        &archive,
        &String::from_utf8_lossy(&tree["units/czj/index.html"]).into_owned(),
    ] {
        for id in [
            "units-monthly",
            "units-quarterly",
            "people-annual",
            "people-half",
        ] {
            assert!(
                !page.contains(&format!(">{id}<")) && !page.contains(&format!("（{id}）")),
                "{id} shown by its id"
            );
        }
    }
    for page in [
        "index.html",
        "archive/index.html",
        "units/index.html",
        "404.html",
        "2025/03-units/index.html",
    ] {
        assert!(tree.contains_key(page), "{page} missing");
    }
    let bulletins = tree
        .keys()
        .filter(|k| k.starts_with("202") && k.ends_with("/index.html"))
        .count();
    assert!(bulletins >= 9, "{bulletins} bulletin pages");
    let units = tree
        .keys()
        .filter(|k| k.starts_with("units/") && k.matches('/').count() == 2)
        .count();
    assert!(units >= 23, "{units} unit pages");
    // Every bulletin page has a ranking table and a chart per category.
    for (path, bytes) in tree
        .iter()
        .filter(|(k, _)| k.starts_with("202") && k.contains("-units/") && k.ends_with("index.html"))
    {
        let html = String::from_utf8_lossy(bytes);
        let sections = html.matches("<section class=\"category\"").count();
        assert!(sections >= 5, "{path}: {sections} categories");
        assert_eq!(
            html.matches("<table class=\"ranking\">").count(),
            sections,
            "{path}"
        );
        assert_eq!(
            html.matches("<figure class=\"chart\">").count(),
            sections,
            "{path}"
        );
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        let (code, stderr) = bulletin(root, &["build", "--output", out.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
    }
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (k, v) in &ta {
        assert!(tb[k] == *v, "{k} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_old_site_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("invalid/_base"), tmp.path());
    let (code, stderr) = bulletin(tmp.path(), &["build"]);
    assert_eq!(code, 0, "{stderr}");
    let before = read_tree(&tmp.path().join("public"));
    // Break one file: the next build must fail and leave public/ as it was.
    let scores = tmp.path().join("content/2025/03/scores.yaml");
    let text = fs::read_to_string(&scores)
        .unwrap()
        .replace("weight: 40", "weight: 45");
    fs::write(&scores, text).unwrap();
    let (code, stderr) = bulletin(tmp.path(), &["build"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("add up to 105, not 100"), "{stderr}");
    assert!(stderr.contains("left unchanged"), "{stderr}");
    assert_eq!(read_tree(&tmp.path().join("public")), before);
    let mut names: Vec<_> = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [".bulletin-cache", "content", "public"],
        "no staging folder is left behind"
    );
}

#[test]
fn usage_errors_exit_with_2() {
    let (code, _) = bulletin(Path::new("."), &["frobnicate"]);
    assert_eq!(code, 2);
    let (code, _) = bulletin(Path::new("."), &["build", "--no-such-flag"]);
    assert_eq!(code, 2);
    // A flag is checked like its site.yaml twin, before anything is loaded.
    let tmp = tempfile::tempdir().unwrap();
    let (code, stderr) = bulletin(tmp.path(), &["build", "--base-url", "not a url"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("invalid value 'not a url' for '--base-url <BASE_URL>': `not a url` is not an absolute web address"),
        "{stderr}"
    );
    assert!(!tmp.path().join("public").exists());
}

#[test]
fn check_writes_nothing_and_strict_makes_warnings_errors() {
    // The basic fixture has charts: check draws them, and keeps none.
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("basic"), tmp.path());
    let _ = fs::remove_dir_all(tmp.path().join("expected"));
    let _ = fs::remove_dir_all(tmp.path().join(".bulletin-cache"));
    let before = read_tree(tmp.path());
    let (code, stderr) = bulletin(tmp.path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        read_tree(tmp.path()),
        before,
        "check wrote into the site folder"
    );
    assert!(!tmp.path().join(".bulletin-cache").exists());

    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("people"), tmp.path());
    let (code, stderr) = bulletin(tmp.path(), &["check"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("was masked"), "{stderr}");
    let (code, stderr) = bulletin(tmp.path(), &["check", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("error: an ID number in the text was masked"),
        "{stderr}"
    );
}

#[test]
fn new_creates_a_site_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, stderr) = bulletin(tmp.path(), &["new", "site"]);
    assert_eq!(code, 0, "{stderr}");
    let site = tmp.path().join("site");
    assert!(site.join("templates/bulletin.html").is_file());
    let (code, stderr) = bulletin(&site, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(site.join("public/2025/01/index.html").is_file());
    let (code, stderr) = bulletin(tmp.path(), &["new", "site"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is not empty"), "{stderr}");
}

/// Values planted in tests/fixtures/people: in the narrative, a story, a nomination
/// reason, and in a CSV and a YAML file beside the page. None may reach the output.
#[test]
fn planted_private_values_never_reach_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (code, stderr) = bulletin(
        &fixtures().join("people"),
        &["build", "--output", out.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{stderr}");
    // Each masked value is reported with its place.
    assert_eq!(stderr.matches("was masked").count(), 5, "{stderr}");
    let planted = [
        "13812345678",
        "11010519491231002X",
        "13900001111",
        "440106199001011235",
        "13700002222",
        "13600003333",
    ];
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        for value in planted {
            assert!(!text.contains(value), "{value} is in {path}");
        }
        let source =
            path.ends_with(".yaml") || (path.ends_with(".csv") && !path.ends_with("/results.csv"));
        assert!(!source, "{path} was copied");
    }
    // The office landline for objections is shown as written.
    let page = fs::read_to_string(out.join("2025/h1/index.html")).unwrap();
    assert!(page.contains("0000-12345678"));
    assert!(page.contains("139****1111") && page.contains("440106********1235"));
}

/// Every WeChat fragment of the example obeys the editor's rules, checked here on the
/// output independently of the build's own check.
#[test]
fn every_wechat_fragment_of_the_example_pastes_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let (code, stderr) = bulletin(root, &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    let tree = read_tree(&out);
    let mut fragments = 0;
    for (path, bytes) in tree.iter().filter(|(k, _)| k.ends_with("/wechat.html")) {
        let html = String::from_utf8_lossy(bytes);
        let dir = path.strip_suffix("wechat.html").unwrap();
        // The cover and the summary, beside a bulletin's fragment and linked from its
        // page (a unit's own fragments have neither).
        if !path.starts_with("units/") {
            let cover = &tree[&format!("{dir}wechat-cover.png")];
            assert_eq!(png_size(cover), (900, 383), "{path}: the cover");
            let summary =
                String::from_utf8(tree[&format!("{dir}wechat-summary.txt")].clone()).unwrap();
            let summary = summary.trim_end_matches('\n');
            assert!(
                !summary.is_empty() && summary.chars().count() <= 120,
                "{path}: a summary of {} characters: {summary}",
                summary.chars().count()
            );
            assert!(
                html.contains("src=\"wechat-cover.png\"") && html.contains(summary),
                "{path}"
            );
        }
        for frame in html.split("<div class=\"wechat-frame\" id=\"part-").skip(1) {
            fragments += 1;
            let body = frame.split_once('>').unwrap().1;
            let fragment = &body[..body.find("</div>").expect("a fragment has no div")];
            let lower = fragment.to_lowercase();
            for banned in [
                "<script",
                "<style",
                "<link",
                " class=",
                " id=",
                "position:",
                "animation",
                "<a ",
            ] {
                assert!(!lower.contains(banned), "{path}: the fragment has {banned}");
            }
            for table in lower.split("<table").skip(1) {
                let table = table.split("</table>").next().unwrap();
                for row in table.split("<tr").skip(1) {
                    let cells = row.matches("<td").count() + row.matches("<th").count();
                    assert!(cells <= 5, "{path}: a table row of {cells} columns");
                }
            }
            let text: String = {
                let mut t = String::new();
                let mut tag = false;
                for c in fragment.chars() {
                    match c {
                        '<' => tag = true,
                        '>' => tag = false,
                        '\n' => {}
                        _ if !tag => t.push(c),
                        _ => {}
                    }
                }
                t
            };
            assert!(
                text.chars().count() < 20_000,
                "{path}: {} characters",
                text.chars().count()
            );
            for src in lower
                .split("<img src=\"")
                .skip(1)
                .map(|s| s.split('"').next().unwrap())
            {
                assert!(
                    src.ends_with(".png") || src.ends_with(".jpg"),
                    "{path}: image {src}"
                );
                // A unit's honour roll shows the photos of /models/ (../../../models/…).
                let mut at: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
                for step in src.split('/') {
                    match step {
                        ".." => drop(at.pop()),
                        s => at.push(s),
                    }
                }
                let image = &tree[&at.join("/")];
                assert!(
                    image.starts_with(b"\x89PNG") && image.len() < 1024 * 1024,
                    "{path}: {src}"
                );
            }
        }
    }
    assert!(fragments >= 11, "{fragments} fragments");
    // Every unit's own channels pasted too: its honour roll and its result cards.
    let own = tree
        .keys()
        .filter(|k| k.starts_with("units/") && k.ends_with("/wechat.html"))
        .count();
    assert!(own >= 20, "{own} per-unit WeChat fragments");
}

/// The width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let info = decoder.read_info().expect("a PNG").info().clone();
    (info.width, info.height)
}

#[test]
fn a_rebuild_reuses_drawn_charts_and_gives_the_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixtures().join("basic"), tmp.path());
    let _ = fs::remove_dir_all(tmp.path().join("expected"));
    let _ = fs::remove_dir_all(tmp.path().join(".bulletin-cache"));
    let build = |out: &str, extra: &[&str]| {
        let mut args = vec!["build", "--today", "2025-04-05", "--output", out];
        args.extend(extra);
        let (code, stderr) = bulletin(tmp.path(), &args);
        assert_eq!(code, 0, "{stderr}");
        read_tree(&tmp.path().join(out))
    };
    let cold = build("a", &[]);
    let cached: Vec<_> = fs::read_dir(tmp.path().join(".bulletin-cache/png"))
        .unwrap()
        .collect();
    let charts = cold
        .keys()
        .filter(|k| {
            k.ends_with(".png")
                && (k.contains("/wechat/")
                    || k.starts_with("units/")
                    || k.ends_with("/wechat-cover.png"))
        })
        .count();
    // The bulletins' WeChat charts and covers, and each unit's chart.png and card.png.
    assert_eq!(cached.len(), charts, "one cache entry per drawn PNG");
    // What a build killed while it wrote leaves in the caches: a chart's temporary file,
    // a page entry's temporary folder. The next build removes them.
    let cache = tmp.path().join(".bulletin-cache");
    let chart_tmp = cache.join(format!("png/.{:032x}.4242.ThreadId(3)", 1));
    let pages_tmp = cache.join(format!("pages/{:032x}.tmp-4242-ThreadId(3)", 1));
    fs::write(&chart_tmp, b"\x89PNG half").unwrap();
    fs::create_dir_all(&pages_tmp).unwrap();
    fs::write(pages_tmp.join("0"), b"half").unwrap();
    let past = std::time::SystemTime::now() - std::time::Duration::from_secs(60);
    fs::File::options()
        .append(true)
        .open(&chart_tmp)
        .unwrap()
        .set_modified(past)
        .unwrap();
    assert_eq!(build("b", &[]), cold, "a warm build gives the same bytes");
    assert!(!chart_tmp.exists(), "a chart written halfway is removed");
    assert!(
        !pages_tmp.exists(),
        "a page entry stored halfway is removed"
    );
    for e in fs::read_dir(cache.join("png")).unwrap() {
        let name = e.unwrap().file_name().into_string().unwrap();
        assert!(name.ends_with(".png"), "{name} in the chart cache");
    }
    assert_eq!(
        build("c", &["--no-cache"]),
        cold,
        "so does a build that draws everything"
    );
}
