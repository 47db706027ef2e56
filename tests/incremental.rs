//! Incremental builds (issue 9): random sequences of edits on a small generated site, each
//! followed by a build that reuses `.bulletin-cache/`, always give the same bytes as a
//! clean build with `--no-cache`.

mod common;

use common::{bulletin, copy_tree, read_tree};
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

/// A small site and random edits of it, of every kind.
struct Edits {
    root: std::path::PathBuf,
    bulletins: Vec<B>,
    rng: Rng,
    next_month: u32,
    /// The text an edited template adds, until a test has seen it.
    template_mark: Option<String>,
    /// The paths the last edit changed, as a watcher would say them.
    paths: Vec<std::path::PathBuf>,
    done: BTreeMap<&'static str, usize>,
}

impl Edits {
    fn new(root: &Path) -> Edits {
        fs::create_dir_all(root.join("content")).unwrap();
        fs::write(
            root.join("content/site.yaml"),
            "title: 测试区\nissuer: 测试区考核办\nbase_url: https://kaohe.example.org/\nseries: { units-monthly: 部门月度考核, units-special: 专项考核 }\n",
        )
        .unwrap();
        let bulletins = initial();
        for b in &bulletins {
            write_bulletin(root, b);
        }
        Edits {
            root: root.to_path_buf(),
            bulletins,
            rng: Rng(0x9E37_79B9_7F4A_7C15),
            next_month: 5,
            template_mark: None,
            paths: Vec::new(),
            done: BTreeMap::new(),
        }
    }

    fn write(&mut self, b: &B) {
        let dir = self.root.join("content").join(&b.folder);
        self.paths
            .extend([dir.join("index.md"), dir.join("scores.yaml"), dir.clone()]);
        write_bulletin(&self.root, b);
    }

    /// Edit `step`: every kind of edit once in the first seven steps, then at random.
    fn next(&mut self, step: usize) -> &'static str {
        self.paths.clear();
        let root = self.root.clone();
        let what = match step {
            0..=6 => step,
            _ => self.rng.below(7),
        };
        let i = self.rng.below(self.bulletins.len());
        let kind = match what {
            0 => {
                let e = self.rng.below(self.bulletins[i].entries.len());
                self.bulletins[i].entries[e].2 = 60 + self.rng.below(40) as u32;
                let b = self.bulletins[i].clone();
                self.write(&b);
                "score"
            }
            1 => {
                let e = self.rng.below(self.bulletins[i].entries.len());
                self.bulletins[i].entries[e].1 = format!("新名{step}");
                let b = self.bulletins[i].clone();
                self.write(&b);
                "name"
            }
            2 => {
                let mut b = self.bulletins[0].clone();
                let m = self.next_month;
                b.month = m;
                b.folder = format!("2025/{m:02}");
                b.title = format!("2025年{m}月通报");
                self.next_month += 1;
                self.write(&b);
                self.bulletins.push(b);
                "added"
            }
            3 if self.bulletins.len() > 2 => {
                let b = self.bulletins.remove(i);
                let dir = root.join("content").join(&b.folder);
                fs::remove_dir_all(&dir).unwrap();
                self.paths.push(dir);
                "removed"
            }
            4 => {
                let old = root.join("content").join(&self.bulletins[i].folder);
                self.bulletins[i].folder = format!("{}-r{step}", self.bulletins[i].folder);
                let new = root.join("content").join(&self.bulletins[i].folder);
                fs::rename(&old, &new).unwrap();
                self.paths.extend([old, new]);
                "renamed"
            }
            5 => {
                self.bulletins[i].series = if self.bulletins[i].series == "units-monthly" {
                    "units-special".into()
                } else {
                    "units-monthly".into()
                };
                let b = self.bulletins[i].clone();
                self.write(&b);
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
                self.paths.push(root.join("templates").join(name));
                self.template_mark = Some(format!("<p>模板改动{step}</p>"));
                "template"
            }
            _ => {
                self.bulletins[i].narrative = format!("改写的正文{step}。");
                let b = self.bulletins[i].clone();
                self.write(&b);
                "narrative"
            }
        };
        *self.done.entry(kind).or_default() += 1;
        kind
    }

    /// Every kind of edit was tried.
    fn all_kinds_done(&self) {
        for kind in [
            "score",
            "name",
            "added",
            "removed",
            "renamed",
            "moved to another series",
            "template",
        ] {
            assert!(
                self.done.contains_key(kind),
                "{kind} never tried: {:?}",
                self.done
            );
        }
    }

    /// The edited template shows in `files` (a test would pass on an edit that changes
    /// nothing).
    fn template_shown(&mut self, step: usize, files: &BTreeMap<String, Vec<u8>>) {
        if let Some(mark) = self.template_mark.take() {
            let shown = files
                .values()
                .any(|bytes| String::from_utf8_lossy(bytes).contains(&mark));
            assert!(
                shown,
                "step {step}: the edited template is not in the output"
            );
        }
    }
}

#[test]
fn random_edits_then_an_incremental_build_give_a_clean_builds_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let mut edits = Edits::new(root);
    let mut reusable = 0;
    for step in 0..12 {
        let kind = edits.next(step);
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
        edits.template_shown(step, &clean);
        // Entries the cache may hold: a bulletin's, a unit page's, a result card's, an
        // honour roll's (all of these below units/, with the unit index), and the home
        // page's, the archive's, the search index's, the feed's and the sitemap's.
        reusable = edits.bulletins.len()
            + clean
                .keys()
                .filter(|p| p.starts_with("units/") && p.ends_with("/index.html"))
                .count()
            + 5;
        same_files(&inc, &clean, &format!("step {step} ({kind})"));
    }
    edits.all_kinds_done();
    // The cache was used: it holds entries, and no more than the bulletins of the last build.
    let entries = fs::read_dir(root.join(".bulletin-cache/pages"))
        .unwrap()
        .count();
    assert!(
        entries >= 1 && entries <= reusable,
        "{entries} > {reusable}"
    );
}

/// `inc` holds the files of `clean`, byte for byte, and no other.
fn same_files(inc: &BTreeMap<String, Vec<u8>>, clean: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert_eq!(
        inc.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{what}: the files differ"
    );
    for (path, bytes) in clean {
        assert!(inc[path] == *bytes, "{what}: {path} differs");
    }
}

/// Every file of a site `serve` holds in memory, deferred ones made.
fn served(files: &bulletin::serve::memory::Files) -> BTreeMap<String, Vec<u8>> {
    files
        .paths()
        .map(|p| {
            let bytes = files.get(p).unwrap().bytes();
            (
                p.to_string(),
                bytes.unwrap_or_else(|e| panic!("{p}: {e}")).to_vec(),
            )
        })
        .collect()
}

/// What `serve` does with a site it built: serve it instead of `current`, prune the
/// stores, make what was deferred and keep it in the page store, whose files it then
/// reads.
fn serve(
    current: &mut std::sync::Arc<bulletin::serve::memory::Files>,
    built: bulletin::serve::memory::Built,
    step: &str,
) {
    use bulletin::serve::stored::{make_deferred, prune};
    let previous = std::mem::replace(current, std::sync::Arc::new(built.files));
    prune(built.prune, current, &previous);
    let errors = make_deferred(current, built.store.as_ref(), &|| false);
    assert!(errors.is_none(), "{step}: {errors:?}");
}

/// `serve` keeps each stage's results in memory between its builds (the walk, loaded
/// folders, rankings, digests, the units' rows, the served site itself), and its files in
/// the page store once their entries are kept there: after random edits, what it serves
/// is what a first build of the same files serves, byte for byte.
#[test]
fn serve_after_random_edits_serves_what_a_first_build_serves() {
    use bulletin::serve::memory::{Files, Served, build};
    use std::sync::Arc;
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let mut edits = Edits::new(&root);
    let memory = bulletin::incr::Db::kept();
    let url = "http://127.0.0.1:1111/";
    let none = Default::default();
    let first = build(&root, url, Arc::new(Files::default()), &memory, &none).unwrap();
    let mut current = Arc::default();
    serve(&mut current, first, "first");
    for step in 0..16 {
        let kind = edits.next(step);
        // What serve's watcher does: the memo forgets what the edited paths touched.
        memory.changed(Some(&edits.paths));
        let built = build(&root, url, current.clone(), &memory, &none)
            .unwrap_or_else(|e| panic!("step {step} ({kind}): {e}"));
        serve(&mut current, built, kind);
        let from_store = current
            .paths()
            .filter(|p| matches!(current.get(p), Some(Served::Stored(_))))
            .count();
        assert!(
            from_store * 4 > current.len() * 3,
            "step {step}: {from_store} of {} files read from the page store",
            current.len()
        );
        // The same files, copied where no cache and no memory is.
        let fresh = tmp.path().join(format!("fresh-{step}"));
        for dir in ["content", "templates"] {
            if root.join(dir).is_dir() {
                copy_tree(&root.join(dir), &fresh.join(dir));
            }
        }
        let clean = build(
            &fresh,
            url,
            Arc::new(Files::default()),
            &bulletin::incr::Db::transient(),
            &none,
        )
        .unwrap_or_else(|e| panic!("step {step} ({kind}), clean: {e}"));
        let (inc, clean) = (served(&current), served(&clean.files));
        edits.template_shown(step, &clean);
        same_files(&inc, &clean, &format!("step {step} ({kind})"));
        fs::remove_dir_all(&fresh).unwrap();
    }
    edits.all_kinds_done();
}
