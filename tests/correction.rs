//! Corrections (更正, issue 12): `tests/fixtures/correction` declares two earlier
//! versions of its bulletin. The change tables the build computes are checked here cell
//! by cell, in results.json and on the page; the earlier versions never reach the output;
//! the feed shows the correction as an update of the same entry; the WeChat cover is
//! 900 × 383 and the same bytes on every build, and the summary at most 120 characters.

mod common;

use common::{bulletin, read_tree};
use std::path::Path;

fn build(out: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/correction");
    let (code, stderr) = bulletin(
        &root,
        &[
            "build",
            "--today",
            "2025-04-05",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    read_tree(out)
}

/// The `content/` of the fixture site `name`, copied into `root`.
fn copy_content(name: &str, root: &Path) {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .join("content");
    for f in walkdir::WalkDir::new(&fixture)
        .into_iter()
        .map(Result::unwrap)
    {
        let to = root
            .join("content")
            .join(f.path().strip_prefix(&fixture).unwrap());
        if f.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(f.path(), &to).unwrap();
        }
    }
}

fn text(tree: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree[path].clone()).unwrap()
}

/// (id, kind, total, place, tier) of a change, each value as `before → after`.
fn row(c: &serde_json::Value) -> [String; 5] {
    let pair = |field: &str| {
        let v = &c[field];
        format!(
            "{} → {}",
            v["before"].as_str().unwrap(),
            v["after"].as_str().unwrap()
        )
    };
    [
        c["id"].as_str().unwrap().to_string(),
        c["kind"].as_str().unwrap().to_string(),
        pair("total"),
        pair("place"),
        pair("tier"),
    ]
}

/// A correction of results.json: its number, day and restart, and every row of its table.
fn assert_correction(c: &serde_json::Value, head: (u64, &str, bool), rows: &[[&str; 5]]) {
    assert_eq!(c["number"], head.0);
    assert_eq!(c["date"], head.1);
    assert_eq!(c["restarts_notice"], head.2);
    let got: Vec<[String; 5]> = c["changes"].as_array().unwrap().iter().map(row).collect();
    let expected: Vec<[String; 5]> = rows.iter().map(|r| r.map(String::from)).collect();
    assert_eq!(got, expected);
}

#[test]
fn the_change_tables_are_computed_cell_by_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let tree = build(&tmp.path().join("public"));
    let json: serde_json::Value =
        serde_json::from_str(&text(&tree, "2025/03/results.json")).unwrap();
    assert_eq!(json["bulletin"]["revision"], 2);
    assert_eq!(json["bulletin"]["published"], "2025-04-01");
    assert_eq!(json["bulletin"]["updated"], "2025-04-03");
    let corrections = json["corrections"].as_array().unwrap();
    assert_eq!(corrections.len(), 2);

    // Newest first: the second correction restored 己街道 and took 庚街道 out.
    let second = &corrections[0];
    assert_correction(
        second,
        (2, "2025-04-03", true),
        &[
            ["ji", "changed", "— → 86.00", "缓评 → 4", "— → 达标"],
            ["ding", "changed", "84.80 → 84.80", "4 → 5", "达标 → 达标"],
            ["wu", "changed", "80.00 → 80.00", "5 → 6", "达标 → 落后"],
            [
                "geng",
                "removed",
                "72.00 → 未列入",
                "6 → 未列入",
                "落后 → 未列入",
            ],
        ],
    );
    // A units bulletin has no exemplars: the column is left out.
    assert!(second["changes"][0]["exemplar"].is_null());
    // The first corrected a mistyped score: 丙街道 climbs two places past 丁 and 戊.
    assert_correction(
        &corrections[1],
        (1, "2025-04-02", false),
        &[
            ["bing", "changed", "72.80 → 87.80", "5 → 3", "达标 → 达标"],
            ["ding", "changed", "84.80 → 84.80", "3 → 4", "达标 → 达标"],
            ["wu", "changed", "80.00 → 80.00", "4 → 5", "达标 → 达标"],
        ],
    );

    // The page shows the same cells, changed ones marked, at the top of the article.
    let page = text(&tree, "2025/03/index.html");
    let notice = page.find("更正说明").expect("a 更正说明");
    assert!(notice < page.find("class=\"category\"").unwrap());
    for cell in [
        "<td class=\"num changed\">72.80 → 87.80</td><td class=\"num changed\">5 → 3</td><td>达标</td>",
        "<td class=\"num changed\">— → 86.00</td><td class=\"num changed\">缓评 → 4</td><td class=\"changed\">— → 达标</td>",
        "<td class=\"num\">80.00</td><td class=\"num changed\">5 → 6</td><td class=\"changed\">达标 → 落后</td>",
        "庚街道（不再列入）",
        // Built on 2025-04-05, within the restarted notice period.
        "因本次更正，公示期重新计算：2025年4月3日至4月9日。",
    ] {
        assert!(page.contains(cell), "the page lacks {cell}");
    }
    for channel in ["print.html", "wechat.html", "screen.html"] {
        let html = text(&tree, &format!("2025/03/{channel}"));
        assert!(html.contains("更正说明"), "{channel}");
        assert!(
            html.contains("72.80 → 87.80") || channel == "screen.html",
            "{channel}"
        );
        assert!(html.contains("缓评 → 4"), "{channel}");
    }

    // Earlier versions are inputs, never files of the site.
    assert!(
        tree.keys()
            .all(|k| !k.contains("revisions") && !k.ends_with(".yaml")),
        "{:?}",
        tree.keys().collect::<Vec<_>>()
    );
    assert!(!String::from_utf8_lossy(&tree["2025/03/index.html"]).contains("revisions/"));

    // The feed: the same entry, updated on the day of the last correction.
    let feed = text(&tree, "feed.xml");
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(feed.contains("<id>https://kaohe.example.org/2025/03/</id>"));
    assert!(feed.contains("<published>2025-04-01T00:00:00+08:00</published>"));
    assert!(feed.contains("<updated>2025-04-03T00:00:00+08:00</updated>"));
    assert!(feed.contains("已更正（2025年4月3日）"));
}

#[test]
fn the_cover_is_900_by_383_and_the_same_on_every_build() {
    let tmp = tempfile::tempdir().unwrap();
    let one = build(&tmp.path().join("one"));
    let two = build(&tmp.path().join("two"));
    let cover = &one["2025/03/wechat-cover.png"];
    let info = png::Decoder::new(std::io::Cursor::new(cover))
        .read_info()
        .unwrap()
        .info()
        .clone();
    assert_eq!((info.width, info.height), (900, 383));
    assert_eq!(cover, &two["2025/03/wechat-cover.png"]);
    let summary = text(&one, "2025/03/wechat-summary.txt");
    let summary = summary.trim_end();
    assert!(summary.chars().count() <= 120, "{summary}");
    assert!(
        summary.starts_with("【更正】关于更正测试区2025年3月"),
        "{summary}"
    );
    assert!(summary.contains("2025年4月3日更正"), "{summary}");
    let page = text(&one, "2025/03/wechat.html");
    assert!(page.contains("href=\"wechat-cover.png\" download"));
    assert!(page.contains(summary));
}

/// The earlier versions are inputs of the bulletin's page-cache key: an edit of one is
/// drawn again, never served from the cache. They go through the same reading path as
/// scores.yaml: a mobile number planted in one is masked and warned about, where it is.
#[test]
fn an_edited_revision_is_rendered_again_and_masked() {
    let tmp = tempfile::tempdir().unwrap();
    copy_content("correction", tmp.path());
    let run = |out: &str| {
        let (code, stderr) = bulletin(
            tmp.path(),
            &["build", "--today", "2025-04-05", "--output", out],
        );
        assert_eq!(code, 0, "{stderr}");
        (read_tree(&tmp.path().join(out)), stderr)
    };
    let (before, _) = run("a");
    assert!(text(&before, "2025/03/index.html").contains("72.80 → 87.80"));
    let first = "content/2025/03/revisions/2025-04-01.scores.yaml";
    let old = std::fs::read_to_string(tmp.path().join(first)).unwrap();
    let edited = old.replace(
        "business: 60, party: 92 } }",
        "business: 65, party: 92 }, note: 联系人13812345678 }",
    );
    assert_ne!(old, edited);
    common::write(tmp.path(), first, &edited);
    let (after, stderr) = run("b");
    let page = text(&after, "2025/03/index.html");
    assert!(page.contains("75.80 → 87.80"), "the cached page was served");
    assert!(!page.contains("72.80 → 87.80"));
    assert!(
        stderr.contains("warning:") && stderr.contains(first) && stderr.contains("masked"),
        "{stderr}"
    );
    for (path, bytes) in &after {
        assert!(
            !String::from_utf8_lossy(bytes).contains("13812345678"),
            "{path}"
        );
    }
}

/// A people bulletin's earlier version is ranked with the exemplar rules too: a corrected
/// score that brings 刘芳 into the top share's tie makes her an exemplar, and the table
/// says so (按排名), with the shared place of the person she now ties with.
#[test]
fn a_correction_that_makes_an_exemplar_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    copy_content("people", tmp.path());
    let h1 = tmp.path().join("content/2025/h1");
    let scores = std::fs::read_to_string(h1.join("scores.yaml")).unwrap();
    let line =
        "  - { id: p04, name: 刘芳, unit: u40, post: 科员, category: staff, scores: { duty: 97 } }";
    assert!(scores.contains(line));
    let earlier = scores.replace(line, &line.replace("duty: 97", "duty: 96.5"));
    common::write(
        tmp.path(),
        "content/2025/h1/revisions/2025-07-10.scores.yaml",
        &earlier,
    );
    let index = std::fs::read_to_string(h1.join("index.md")).unwrap();
    let index = index.replacen(
        "---\n**总体情况",
        "revisions:\n  - file: revisions/2025-07-10.scores.yaml\n    corrected: 2025-07-12\n    reason: 刘芳“履职”得分复核为97分。\n    restarts_notice: false\n---\n**总体情况",
        1,
    );
    common::write(tmp.path(), "content/2025/h1/index.md", &index);
    let (code, stderr) = bulletin(
        tmp.path(),
        &["build", "--today", "2025-07-13", "--output", "out"],
    );
    assert_eq!(code, 0, "{stderr}");
    let tree = read_tree(&tmp.path().join("out"));
    let json: serde_json::Value =
        serde_json::from_str(&text(&tree, "2025/h1/results.json")).unwrap();
    let changes = &json["corrections"][0]["changes"];
    let cell = |i: usize, f: &str| {
        let v = &changes[i][f];
        format!(
            "{} → {}",
            v["before"].as_str().unwrap(),
            v["after"].as_str().unwrap()
        )
    };
    assert_eq!(changes.as_array().unwrap().len(), 2, "{changes}");
    assert_eq!(changes[0]["id"], "p03");
    assert_eq!(cell(0, "place"), "3 → 并列3");
    assert_eq!(cell(0, "exemplar"), "是（按排名） → 是（按排名）");
    assert_eq!(changes[1]["id"], "p04");
    assert_eq!(cell(1, "total"), "96.50 → 97.00");
    assert_eq!(cell(1, "place"), "4 → 并列3");
    assert_eq!(cell(1, "exemplar"), "否 → 是（按排名）");
    assert!(text(&tree, "2025/h1/index.html").contains("否 → 是（按排名）"));
}
