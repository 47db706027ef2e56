//! Nothing goes out before its day (issue 16): bulletins published after the build day and
//! drafts are checked but leave no trace in the output, and a published bulletin after one
//! of them says that its previous period is not published rather than comparing with it.

mod common;

use common::{bulletin, write};
use std::fs;
use std::path::Path;

fn month(root: &Path, folder: &str, front: &str, name_b: &str, total_b: &str) {
    write(
        root,
        &format!("content/{folder}/index.md"),
        &format!("---\n{front}series: units-monthly\n---\n正文\n"),
    );
    write(
        root,
        &format!("content/{folder}/scores.yaml"),
        &format!(
            "subject: units\ncategories:\n  - id: econ\n    name: 经济类\n    indicators:\n      - {{ id: all, name: 综合, weight: 100 }}\nentries:\n  - {{ id: a, name: 发改委, category: econ, total: 90 }}\n  - {{ id: b, name: {name_b}, category: econ, total: {total_b} }}\n"
        ),
    );
}

/// February (published), April (published 2025-05-03), a May draft, and June published
/// early, on 2025-04-01.
fn site(root: &Path) {
    write(
        root,
        "content/site.yaml",
        // A 公示 says how to object: the site's contact serves every notice.
        "title: 测试区\nissuer: 测试区考核办\nbase_url: https://kaohe.example.org/\ncontact: { phone: 0000-12345678 }\n",
    );
    month(
        root,
        "2025/02",
        "title: 二月通报\nperiod: 2025-02\npublished: 2025-03-05\n",
        "财政局",
        "95",
    );
    month(
        root,
        "2025/04",
        "title: 四月未来通报\nperiod: 2025-04\npublished: 2025-05-03\nnotice: { from: 2025-05-03, to: 2025-05-09 }\n",
        "未来单位甲",
        "77.77",
    );
    month(
        root,
        "2025/05",
        "title: 五月草稿通报\nperiod: 2025-05\npublished: 2025-04-01\ndraft: true\n",
        "草稿单位乙",
        "66.66",
    );
    month(
        root,
        "2025/06",
        "title: 六月通报\nperiod: 2025-06\npublished: 2025-04-01\n",
        "财政局",
        "85",
    );
}

fn all_text(dir: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                String::from_utf8_lossy(&fs::read(e.path()).unwrap()).into_owned(),
            )
        })
        .collect()
}

#[test]
fn a_future_bulletin_and_a_draft_leave_no_byte_in_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    site(root);
    let (code, stderr) = bulletin(root, &["build", "--today", "2025-04-02"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr
            .contains("note: /2025/04/ is held back: to be published on 2025-05-03 (2025年5月3日)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: /2025/05/ is held back: a draft (draft: true)"),
        "{stderr}"
    );
    let public = root.join("public");
    assert!(!public.join("2025/04").exists() && !public.join("2025/05").exists());
    for (path, text) in all_text(&public) {
        for secret in [
            "四月未来通报",
            "未来单位甲",
            "77.77",
            "五月草稿通报",
            "草稿单位乙",
            "66.66",
            "2025/04",
            "2025/05",
        ] {
            assert!(!text.contains(secret), "{secret} in {path}");
        }
    }
    // June's previous period is held back: its change column says so, and compares with
    // nothing (not February, not April).
    let june = fs::read_to_string(public.join("2025/06/results.json")).unwrap();
    assert!(
        june.contains("\"kind\":\"held\",\"text\":\"上期未发布\""),
        "{june}"
    );
    // The unit's history has February and June only.
    let unit = fs::read_to_string(public.join("units/a/index.html")).unwrap();
    assert!(unit.contains("2025年2月") && unit.contains("2025年6月"));
}

#[test]
fn on_its_day_or_with_future_the_bulletin_is_published() {
    for args in [
        &["build", "--today", "2025-05-03"][..],
        &["build", "--today", "2025-04-02", "--future"][..],
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        site(root);
        let (code, stderr) = bulletin(root, args);
        assert_eq!(code, 0, "{stderr}");
        let page = fs::read_to_string(root.join("public/2025/04/index.html")).unwrap();
        assert!(page.contains("四月未来通报") && page.contains("未来单位甲"));
        assert!(!root.join("public/2025/05").exists(), "the draft stays out");
        // April compares with February; June still follows the unpublished May draft.
        let april = fs::read_to_string(root.join("public/2025/04/results.json")).unwrap();
        assert!(april.contains("\"text\":\"上升1位\""), "{april}");
        let june = fs::read_to_string(root.join("public/2025/06/results.json")).unwrap();
        assert!(june.contains("上期未发布"), "{june}");
    }
}

#[test]
fn held_back_bulletins_are_still_checked() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    site(root);
    let scores = root.join("content/2025/05/scores.yaml");
    let text = fs::read_to_string(&scores).unwrap();
    fs::write(&scores, text.replace("total: 66.66", "total: 166")).unwrap();
    let (code, stderr) = bulletin(root, &["check", "--today", "2025-04-02"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/2025/05/scores.yaml"), "{stderr}");
}

/// What `serve` shows: the bulletins a build holds back, each under a banner.
#[test]
fn a_preview_shows_held_back_bulletins_under_a_banner() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    site(root);
    let mut settings = bulletin::settings::Settings::new(root);
    settings.today = jiff::civil::date(2025, 4, 2);
    settings.cache = false;
    settings.preview = true;
    let keep = bulletin::output::Keep::default();
    bulletin::site::generate(&settings, &bulletin::incr::Db::transient(), &keep).unwrap();
    let pages = keep.into_pages();
    let page = |path: &str| match &pages.iter().find(|p| p.path == path).unwrap().body {
        bulletin::output::Body::Text(t) => t.clone(),
        _ => unreachable!(),
    };
    assert!(page("2025/04/index.html").contains("未发布：将于2025年5月3日发布"));
    assert!(page("2025/05/index.html").contains("未发布：草稿"));
    assert!(!page("2025/02/index.html").contains("preview-banner"));
}
