//! Each unit's own channels (units/<id>/models/, units/<id>/results/<series>/): built
//! from the fixture sites, they hold the unit's own people and results, and nobody else's.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{bulletin, read_tree};

fn build(fixture: &str) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(fixture);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let (code, stderr) = bulletin(
        &case,
        &[
            "build",
            "--today",
            "2025-04-05",
            "--future",
            "--output",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{fixture}: {stderr}");
    let tree = read_tree(&out);
    (tmp, tree)
}

fn text(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(tree[path].clone()).unwrap()
}

/// The text between `from` and `to` in `s`.
fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let start = s.find(from).expect(from) + from.len();
    &s[start..start + s[start..].find(to).expect(to)]
}

#[test]
fn a_units_honour_roll_holds_only_its_own_people() {
    let (_tmp, tree) = build("people");
    // Everyone of every bulletin, by unit name: (name, is an exemplar).
    let mut people: BTreeMap<String, Vec<(String, bool)>> = BTreeMap::new();
    for bulletin in ["2025/h1", "2025/annual"] {
        let json: serde_json::Value =
            serde_json::from_slice(&tree[&format!("{bulletin}/results.json")]).unwrap();
        for c in json["categories"].as_array().unwrap() {
            for r in c["rows"].as_array().unwrap() {
                people
                    .entry(r["unit"].as_str().unwrap().to_string())
                    .or_default()
                    .push((
                        r["name"].as_str().unwrap().to_string(),
                        !r["exemplar"].is_null(),
                    ));
            }
        }
    }
    let rolls: Vec<&String> = tree
        .keys()
        .filter(|k| k.starts_with("units/") && k.ends_with("/models/index.html"))
        .collect();
    assert!(rolls.len() >= 2, "{rolls:?}");
    let mut units_with_rolls = BTreeSet::new();
    for roll in rolls {
        let dir = roll.strip_suffix("index.html").unwrap();
        let html = text(&tree, roll);
        let unit = between(&html, "<h1>", "绩效标兵光荣榜</h1>").to_string();
        units_with_rolls.insert(unit.clone());
        let own: BTreeSet<&str> = people[&unit].iter().map(|(n, _)| n.as_str()).collect();
        // Everyone of another unit whose name nobody of this unit shares.
        let others: BTreeSet<&str> = people
            .iter()
            .filter(|(u, _)| **u != unit)
            .flat_map(|(_, list)| list.iter().map(|(n, _)| n.as_str()))
            .filter(|n| !own.contains(n))
            .collect();
        for name in ["index.html", "wechat.html", "print.html", "screen.html"] {
            let page = text(&tree, &format!("{dir}{name}"));
            for other in &others {
                assert!(
                    !page.contains(other),
                    "{dir}{name} ({unit}) names {other} of another unit"
                );
            }
            for (exemplar, _) in people[&unit].iter().filter(|(_, x)| *x) {
                assert!(
                    page.contains(exemplar.as_str()),
                    "{dir}{name} lacks {exemplar}"
                );
            }
        }
    }
    // A unit with exemplars has a roll; a unit without has none, and is not listed for one.
    let index = text(&tree, "units/index.html");
    for (unit, list) in &people {
        let has = list.iter().any(|(_, x)| *x);
        assert_eq!(units_with_rolls.contains(unit), has, "{unit}");
    }
    assert_eq!(
        index.matches("绩效标兵光荣榜</a>").count(),
        units_with_rolls.len(),
        "{index}"
    );
}

#[test]
fn a_units_result_card_holds_only_its_own_points() {
    let (_tmp, tree) = build("basic");
    let cards: Vec<&String> = tree
        .keys()
        .filter(|k| k.starts_with("units/") && k.ends_with("/embed.html"))
        .collect();
    assert!(!cards.is_empty());
    // Each unit's bonus and deduction reasons in the latest bulletin of the series.
    let scores = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/basic/content/2025/03/scores.yaml"),
    )
    .unwrap();
    let scores: serde_json::Value = serde_saphyr::from_str(&scores).unwrap();
    let mut reasons: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in scores["entries"].as_array().unwrap() {
        for key in ["bonus", "deductions"] {
            for p in e[key].as_array().into_iter().flatten() {
                reasons
                    .entry(e["id"].as_str().unwrap().to_string())
                    .or_default()
                    .push(p["reason"].as_str().unwrap().to_string());
            }
        }
    }
    assert!(reasons.len() >= 2, "{reasons:?}");
    for card in cards {
        let id = card.split('/').nth(1).unwrap();
        let dir = card.strip_suffix("embed.html").unwrap();
        let embed = text(&tree, card);
        // Nothing is fetched: no script, stylesheet, image or frame from anywhere.
        for banned in [
            "<script",
            "<link rel=\"stylesheet\"",
            "<img",
            "<iframe",
            "@import",
            "url(",
        ] {
            assert!(!embed.contains(banned), "{card} has {banned}");
        }
        for (unit, list) in &reasons {
            for reason in list {
                let shown = embed.contains(reason.as_str())
                    || text(&tree, &format!("{dir}wechat.html")).contains(reason.as_str());
                assert_eq!(shown, unit == id, "{card}: {reason} of {unit}");
            }
        }
        let png = &tree[&format!("{dir}card.png")];
        assert!(
            png.starts_with(b"\x89PNG") && png.len() < 1024 * 1024,
            "{dir}card.png"
        );
    }
}

/// A 公示 whose `notice:` names no contact says how to object on every channel all the
/// same: with site.yaml's contact (tests/fixtures/correction has it only there).
#[test]
fn a_notice_without_a_contact_of_its_own_gives_the_sites_on_every_channel() {
    let (_tmp, tree) = build("correction");
    let phone = "0000-12345678";
    for page in ["index.html", "print.html", "wechat.html", "screen.html"] {
        let html = text(&tree, &format!("2025/03/{page}"));
        assert!(
            html.contains(phone),
            "2025/03/{page} does not say how to object (no {phone})"
        );
    }
    let print = text(&tree, "2025/03/print.html");
    // A CSS string there: `-` is written `\2D `.
    let foot = between(&print, "@bottom-center", "}").replace("\\2D ", "-");
    assert!(
        foot.contains("异议电话") && foot.contains(phone),
        "the foot of every printed page lacks the phone for objections: {foot}"
    );
    let docx = &tree["2025/03/notice.docx"];
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(
        xml.contains(phone),
        "notice.docx lacks the phone for objections"
    );
}

/// The example site (content/), built once for the tests below, as of a day in the
/// notice period of its Q2 bulletin.
fn example() -> &'static BTreeMap<String, Vec<u8>> {
    static TREE: std::sync::OnceLock<BTreeMap<String, Vec<u8>>> = std::sync::OnceLock::new();
    TREE.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let (code, stderr) = bulletin(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            &[
                "build",
                "--no-cache",
                "--today",
                "2025-07-10",
                "--output",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "the example: {stderr}");
        read_tree(&out)
    })
}

/// The text a reader sees of an HTML page or an XML part: tags taken out, the few
/// references the pages use decoded.
fn seen(markup: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"")
}

/// The text of notice.docx (its document part), as Word shows it.
fn docx_seen(tree: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&tree[path])).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    seen(&xml)
}

/// A unit with weights of its own (临港物流园 in the 2025 unit bulletins): every channel
/// marks its row and gives the weights it was scored with beside the table, so that its
/// total can be rebuilt from what is printed (the table's header has the category's).
#[test]
fn a_unit_with_its_own_weights_has_them_beside_its_row_on_every_channel() {
    let tree = example();
    let weights = "经济发展40分、招商引资30分、重点任务15分、党的建设15分";
    for b in ["2025/q2-units", "2025/06-units"] {
        for page in ["index.html", "print.html", "wechat.html", "screen.html"] {
            let t = seen(&text(tree, &format!("{b}/{page}")));
            assert!(
                t.contains("临港物流园※"),
                "{b}/{page}: 临港物流园's row is not marked ※"
            );
            let note = &t[t
                .find("※ 临港物流园")
                .unwrap_or_else(|| panic!("{b}/{page}: no footnote for 临港物流园"))..];
            assert!(
                note.chars().take(60).collect::<String>().contains(weights),
                "{b}/{page} does not give 临港物流园's own weights"
            );
        }
        let docx = docx_seen(tree, &format!("{b}/notice.docx"));
        assert!(
            docx.contains("临港物流园※") && docx.contains(weights),
            "{b}/notice.docx"
        );
        let csv = text(tree, &format!("{b}/results.csv"));
        let row = csv.lines().find(|l| l.contains("临港物流园")).unwrap();
        assert!(row.contains(weights), "{b}/results.csv: {row}");
        let json: serde_json::Value =
            serde_json::from_slice(&tree[&format!("{b}/results.json")]).unwrap();
        let row = json["categories"][0]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "临港物流园")
            .unwrap();
        assert_eq!(row["weights"], serde_json::json!(["40", "30", "15", "15"]));
    }
    for page in [
        "units/lingang-park/index.html",
        "units/lingang-park/results/units-quarterly/index.html",
        "units/lingang-park/results/units-quarterly/wechat.html",
        "units/lingang-park/results/units-quarterly/embed.html",
    ] {
        assert!(
            seen(&text(tree, page)).contains(weights),
            "{page} does not give 临港物流园's own weights"
        );
    }
}

/// A people bulletin's totals hold deductions (郑博文 −0.5, 陈雨婷 −0.3): the printed
/// notice and the Word file show the points in a column of their own (the reasons are not
/// published), and the WeChat article promises nothing the web page does not have.
#[test]
fn a_persons_deductions_are_on_the_printed_notice_and_in_word() {
    let tree = example();
    let b = "2025/h1-people";
    let print = seen(&text(tree, &format!("{b}/print.html")));
    let docx = docx_seen(tree, &format!("{b}/notice.docx"));
    for (what, t) in [("print.html", &print), ("notice.docx", &docx)] {
        assert!(
            t.contains("加扣分"),
            "{b}/{what} has no column of bonus and deductions"
        );
        for (name, points) in [("郑博文", "−0.5"), ("陈雨婷", "−0.3")] {
            let at = t
                .find(name)
                .unwrap_or_else(|| panic!("{b}/{what} lacks {name}"));
            let row: String = t[at..].chars().take(40).collect();
            assert!(
                row.contains(points),
                "{b}/{what}: {name}'s row lacks {points}: {row}"
            );
        }
        assert!(
            !t.contains("工作台账更新不及时"),
            "{b}/{what} publishes a person's deduction reason"
        );
    }
    let wechat = seen(&text(tree, &format!("{b}/wechat.html")));
    assert!(
        !wechat.contains("扣分明细") && !wechat.contains("历史排名"),
        "{b}/wechat.html promises details the web page does not have"
    );
    let web = text(tree, &format!("{b}/index.html"));
    assert!(!web.contains("id=\"deductions\""));
}

/// The example's 区民政局 in the Q2 bulletin: May was 缓评, so its quarter averages two
/// months, and the notice says so beside its row on every channel (a 备注 on the web page,
/// a footnote where a table has no 备注 column).
#[test]
fn the_example_says_why_a_quarter_averages_two_months() {
    let tree = example();
    let b = "2025/q2-units";
    for page in ["index.html", "print.html", "wechat.html", "screen.html"] {
        let t = seen(&text(tree, &format!("{b}/{page}")));
        assert!(
            t.contains("5月缓评，本季度得分按4月、6月两个月考核结果取平均值"),
            "{b}/{page}"
        );
    }
    assert!(docx_seen(tree, &format!("{b}/notice.docx")).contains("区民政局：5月缓评"));
}

/// A corrected 公示 (2025/q1-units): the Word file carries the 更正说明 where print.html
/// has it, after the opening sentence and before the narrative: the day, the reason and
/// the changed rows.
#[test]
fn the_word_file_of_a_corrected_notice_carries_its_correction_where_the_print_does() {
    let tree = example();
    let b = "2025/q1-units";
    let order = |t: &str, what: &str| {
        let at = |s: &str| t.find(s).unwrap_or_else(|| panic!("{b}/{what} lacks {s}"));
        let (lead, correction, narrative) = (at("经考核，现将"), at("更正说明"), at("总体情况"));
        assert!(
            lead < correction && correction < narrative,
            "{b}/{what}: 更正说明 out of place"
        );
        for s in [
            "2025年4月11日",
            "原误录为81分",
            "85.71 → 86.71",
            "10 → 9",
            "落后 → 达标",
        ] {
            assert!(
                t[correction..narrative].contains(s),
                "{b}/{what}: the 更正说明 lacks {s}"
            );
        }
    };
    order(&seen(&text(tree, &format!("{b}/print.html"))), "print.html");
    order(&docx_seen(tree, &format!("{b}/notice.docx")), "notice.docx");
}

/// The example's 公文 names one issuing body: the red header is the 落款's body with 文件,
/// and the 版记 prints under the same name; its 附件 line, if any, names a published file.
#[test]
fn the_example_notice_names_one_issuing_body_and_no_missing_attachment() {
    let tree = example();
    let print = text(tree, "2025/q2-units/print.html");
    let organ = between(&print, "class=\"organ\"", "</p>");
    let organ = &organ[organ.find('>').unwrap() + 1..];
    let signer = between(&print, "<span class=\"signer\">", "</span>");
    let printed = between(&print, "<p class=\"printed\"><span>", "</span>");
    assert_eq!(organ, format!("{signer}文件"));
    assert_eq!(printed, signer);
    assert!(!print.contains("附件："), "a 附件 line without its file");
    assert!(!docx_seen(tree, "2025/q2-units/notice.docx").contains("附件："));
}

/// A people bulletin with exemplars (绩效标兵) lists them by name on the printed notice and
/// in the Word file, with how each was named (按排名, or 党委推荐 with its reason).
#[test]
fn the_printed_notice_and_word_list_the_exemplars_with_how_they_were_named() {
    let tree = example();
    let b = "2025/h1-people";
    let json: serde_json::Value =
        serde_json::from_slice(&tree[&format!("{b}/results.json")]).unwrap();
    let exemplars: Vec<String> = json["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["rows"].as_array().unwrap().iter())
        .filter(|r| !r["exemplar"].is_null())
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(exemplars.len(), 18);
    for (what, t) in [
        ("print.html", seen(&text(tree, &format!("{b}/print.html")))),
        ("notice.docx", docx_seen(tree, &format!("{b}/notice.docx"))),
    ] {
        let at = t
            .find("绩效标兵名单（18人）")
            .unwrap_or_else(|| panic!("{b}/{what} has no list of its exemplars"));
        let list = &t[at..];
        for name in &exemplars {
            assert!(
                list.contains(name.as_str()),
                "{b}/{what}: {name} is not in the list"
            );
        }
        for reason in ["协助转移被困群众", "违法建设专项整治攻坚任务"] {
            assert!(
                list.contains(reason),
                "{b}/{what}: a nomination without its reason"
            );
        }
        assert!(list.contains("按排名"), "{b}/{what}");
    }
}

/// What a printed notice says it publishes, it prints: a narrative that lists 各项指标得分
/// among what the notice publishes stands on a print and a Word file whose tables have
/// the indicators (here the example's people bulletin, whose printed tables do not).
#[test]
fn the_printed_narrative_promises_no_scores_it_does_not_print() {
    let tree = example();
    for b in ["2025/h1-people", "2024/annual-units", "2025/q2-units"] {
        let results: serde_json::Value =
            serde_json::from_slice(&tree[&format!("{b}/results.json")]).unwrap();
        let indicators: Vec<String> = results["categories"][0]["indicators"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|i| i["name"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        let docx = format!("{b}/notice.docx");
        let mut printed_forms = vec![("print.html", seen(&text(tree, &format!("{b}/print.html"))))];
        if tree.contains_key(&docx) {
            printed_forms.push(("notice.docx", docx_seen(tree, &docx)));
        }
        for (what, text) in printed_forms {
            let promises = text
                .split(['。', '；'])
                .any(|s| s.contains("公布") && s.contains("指标得分") && !s.contains("网页"));
            let printed =
                !indicators.is_empty() && indicators.iter().all(|i| text.contains(i.as_str()));
            assert!(
                !promises || printed,
                "{b}/{what}: the narrative says the notice publishes each indicator's score, which it does not print ({indicators:?})"
            );
        }
    }
}
