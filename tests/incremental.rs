//! Incremental builds (issue 9): random sequences of edits on a small generated site, each
//! followed by a build that reuses `.bulletin-cache/`, always give the same bytes as a
//! clean build with `--no-cache`.

mod common;

use common::{bulletin, read_tree};
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// xorshift64*: a fixed sequence for a fixed seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

/// One bulletin as the test keeps it.
#[derive(Clone)]
struct B {
    folder: String,
    month: u32,
    series: String,
    title: String,
    narrative: String,
    /// (id, name, score)
    entries: Vec<(String, String, u32)>,
}

fn write_bulletin(root: &Path, b: &B) {
    let dir = root.join("content").join(&b.folder);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("index.md"),
        format!(
            "---\ntitle: {}\nperiod: 2025-{:02}\nseries: {}\npublished: 2025-{:02}-05\n---\n{}\n",
            b.title,
            b.month,
            b.series,
            (b.month % 12) + 1,
            b.narrative
        ),
    )
    .unwrap();
    let mut scores = String::from(
        "subject: units\ncategories:\n  - id: econ\n    name: 经济类\n    indicators:\n      - { id: all, name: 综合, weight: 100 }\ntiers:\n  rounding: floor\n  top: { name: 先进, share: 30% }\n  otherwise: 达标\nentries:\n",
    );
    for (id, name, score) in &b.entries {
        scores.push_str(&format!(
            "  - {{ id: {id}, name: {name}, category: econ, scores: {{ all: {score} }} }}\n"
        ));
    }
    fs::write(dir.join("scores.yaml"), scores).unwrap();
}

fn initial() -> Vec<B> {
    (1..=4)
        .map(|m| B {
            folder: format!("2025/{m:02}"),
            month: m,
            series: "units-monthly".into(),
            title: format!("2025年{m}月通报"),
            narrative: format!("第{m}月正文。"),
            entries: ["fgw", "czj", "tjj", "sjj"]
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    (
                        id.to_string(),
                        format!("单位{id}"),
                        80 + ((m as usize * 7 + i * 3) % 19) as u32,
                    )
                })
                .collect(),
        })
        .collect()
}

#[test]
fn random_edits_then_an_incremental_build_give_a_clean_builds_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    fs::create_dir_all(root.join("content")).unwrap();
    fs::write(
        root.join("content/site.yaml"),
        "title: 测试区\nissuer: 测试区考核办\nbase_url: https://kaohe.example.org/\nseries: { units-monthly: 部门月度考核, units-special: 专项考核 }\n",
    )
    .unwrap();
    let mut bulletins = initial();
    for b in &bulletins {
        write_bulletin(root, b);
    }
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut next_month = 5;
    let mut done = BTreeMap::<&str, usize>::new();
    let mut template_mark: Option<String> = None;
    let mut reusable = 0;
    for step in 0..12 {
        let what = match step {
            // Every kind of edit at least once, then at random.
            0..=6 => step,
            _ => rng.below(7),
        };
        let i = rng.below(bulletins.len());
        let kind = match what {
            0 => {
                let e = rng.below(bulletins[i].entries.len());
                bulletins[i].entries[e].2 = 60 + rng.below(40) as u32;
                write_bulletin(root, &bulletins[i]);
                "score"
            }
            1 => {
                let e = rng.below(bulletins[i].entries.len());
                bulletins[i].entries[e].1 = format!("新名{step}");
                write_bulletin(root, &bulletins[i]);
                "name"
            }
            2 => {
                let mut b = bulletins[0].clone();
                b.month = next_month;
                b.folder = format!("2025/{next_month:02}");
                b.title = format!("2025年{next_month}月通报");
                next_month += 1;
                write_bulletin(root, &b);
                bulletins.push(b);
                "added"
            }
            3 if bulletins.len() > 2 => {
                let b = bulletins.remove(i);
                fs::remove_dir_all(root.join("content").join(&b.folder)).unwrap();
                "removed"
            }
            4 => {
                let old = root.join("content").join(&bulletins[i].folder);
                bulletins[i].folder = format!("{}-r{step}", bulletins[i].folder);
                fs::rename(&old, root.join("content").join(&bulletins[i].folder)).unwrap();
                "renamed"
            }
            5 => {
                bulletins[i].series = if bulletins[i].series == "units-monthly" {
                    "units-special".into()
                } else {
                    "units-monthly".into()
                };
                write_bulletin(root, &bulletins[i]);
                "moved to another series"
            }
            6 => {
                // A bulletin's template or a site-wide page's (the unit pages are reused
                // by their inputs too).
                let name = ["bulletin.html", "unit.html"][step % 2];
                let base = bulletin::render::THEME
                    .iter()
                    .find(|(n, _)| *n == name)
                    .unwrap()
                    .1;
                fs::create_dir_all(root.join("templates")).unwrap();
                // Inside the page's last block: text outside a block of a child template
                // is never shown.
                let at = base.rfind("{% endblock %}").expect("a child template");
                let edited = format!("{}<p>模板改动{step}</p>{}", &base[..at], &base[at..]);
                fs::write(root.join("templates").join(name), edited).unwrap();
                template_mark = Some(format!("<p>模板改动{step}</p>"));
                "template"
            }
            _ => {
                bulletins[i].narrative = format!("改写的正文{step}。");
                write_bulletin(root, &bulletins[i]);
                "narrative"
            }
        };
        *done.entry(kind).or_default() += 1;
        let (code, stderr) = bulletin(root, &["build", "--today", "2026-01-01", "--output", "inc"]);
        assert_eq!(code, 0, "step {step} ({kind}): {stderr}");
        let (code, stderr) = bulletin(
            root,
            &[
                "build",
                "--today",
                "2026-01-01",
                "--no-cache",
                "--output",
                "clean",
            ],
        );
        assert_eq!(code, 0, "step {step} ({kind}): {stderr}");
        let (inc, clean) = (read_tree(&root.join("inc")), read_tree(&root.join("clean")));
        // A template edit shows (the test would pass on an edit that changes nothing).
        if let Some(mark) = template_mark.take() {
            let shown = clean
                .values()
                .any(|bytes| String::from_utf8_lossy(bytes).contains(&mark));
            assert!(
                shown,
                "step {step}: the edited template is not in the output"
            );
        }
        // Entries the cache may hold: a bulletin's, a unit page's, a result card's and an
        // honour roll's.
        reusable = bulletins.len()
            + clean
                .keys()
                .filter(|p| p.starts_with("units/") && p.ends_with("/index.html"))
                .count();
        assert_eq!(
            inc.keys().collect::<Vec<_>>(),
            clean.keys().collect::<Vec<_>>(),
            "step {step} ({kind}): the files differ"
        );
        for (path, bytes) in &clean {
            assert!(inc[path] == *bytes, "step {step} ({kind}): {path} differs");
        }
    }
    for kind in [
        "score",
        "name",
        "added",
        "removed",
        "renamed",
        "moved to another series",
        "template",
    ] {
        assert!(done.contains_key(kind), "{kind} never tried: {done:?}");
    }
    // The cache was used: it holds entries, and no more than the bulletins of the last build.
    let entries = fs::read_dir(root.join(".bulletin-cache/pages"))
        .unwrap()
        .count();
    assert!(
        entries >= 1 && entries <= reusable,
        "{entries} > {reusable}"
    );
}
