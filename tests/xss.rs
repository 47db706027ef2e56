//! The XSS corpus in headless Chromium: every vector of `tests/browser/xss-vectors.txt`
//! is placed in every free-text field of generated fixture sites (site.yaml and its
//! series' names, the home page, front matter (a correction's reason too), the narrative,
//! category, indicator, entry, unit and person names, posts, notes, bonus, deduction and
//! nomination reasons, model pages' title and story), the sites are built, and
//! `tests/browser/run.mjs`'s `xss` check loads every HTML page of the output: no dialog,
//! no `window.__xss`, no page error, no request outside the site, no event-handler
//! attribute or script link in the DOM.
//!
//! A second site holds each vector as a unit, series and category name of a bulletin of
//! its own, and `run.mjs`'s `copied-code` check copies every unit page's embed code (the
//! `<iframe>` to paste into the unit's own site): one iframe with exactly its attributes,
//! and nothing runs where it is pasted.
//!
//! ```sh
//! npm ci --prefix tests/browser
//! cargo test --test xss -- --nocapture
//! ```
//!
//! A vector the build refuses with a located error (file and line) is fine: it is taken
//! out of that field, the site is generated again, and the test lists what was refused.
//! An error without a location fails the test. `tests/browser/xss-known.txt` lists the
//! placements that fail on this branch for a reason being fixed elsewhere; they are left
//! out and listed, and the file should shrink to nothing.
//!
//! Skipped with a message without node, the Node packages or Chromium, unless `CI` is set.
//! `BULLETIN_XSS_KEEP=dir` keeps the generated sources and the built sites in `dir`.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use bulletin::diag::{Diagnostics, Severity};
use bulletin::settings::Settings;
use bulletin::site;

const LIMIT: Duration = Duration::from_secs(300);
/// The most text of vectors a site's single-valued fields carry: the site's issuer and a
/// bulletin's fields all end up in one WeChat fragment, which must stay under its limit.
const SITE_BUDGET: usize = 1700;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn chromium() -> PathBuf {
    std::env::var_os("BULLETIN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// The vectors, one a line; `{U+XXXX}` stands for a character that cannot be typed
/// (a newline, a zero-width space, a bidi override).
fn vectors() -> Vec<String> {
    let text = fs::read_to_string(root().join("tests/browser/xss-vectors.txt")).unwrap();
    text.lines().filter(|l| !l.is_empty()).map(decode).collect()
}

fn decode(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(i) = rest.find("{U+") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 3..];
        let end = after.find('}').expect("`{U+` closed by `}`");
        let code = u32::from_str_radix(&after[..end], 16).expect("hex after {U+");
        out.push(char::from_u32(code).expect("a Unicode scalar"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A YAML double-quoted scalar: every character that is not plainly printable escaped.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{85}')
                || ('\u{200B}'..='\u{200F}').contains(&c)
                || ('\u{202A}'..='\u{202E}').contains(&c) =>
            {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Placements: (field, vector index) pairs.
type Placements = BTreeSet<(String, usize)>;

/// A placement of vectors: which field, which vectors (indices into the corpus).
#[derive(Debug, Clone)]
struct Mark {
    file: String,
    first: usize,
    last: usize,
    field: &'static str,
    vectors: Vec<usize>,
}

/// One generated file, line by line, remembering which line holds which vectors.
struct Doc<'a> {
    path: String,
    lines: Vec<String>,
    marks: &'a mut Vec<Mark>,
}

impl Doc<'_> {
    fn line(&mut self, l: impl Into<String>) {
        self.lines.push(l.into());
    }

    /// `prefix` followed by the quoted vectors, on one line.
    fn field(&mut self, prefix: &str, field: &'static str, vs: &[usize], all: &[String]) {
        let text: Vec<&str> = vs.iter().map(|&i| all[i].as_str()).collect();
        self.mark(field, vs.to_vec(), 1);
        self.line(format!("{prefix}{}", quote(&text.join(" "))));
    }

    /// Markdown: one paragraph per vector.
    fn paragraphs(&mut self, field: &'static str, vs: &[usize], all: &[String]) {
        for &i in vs {
            let n = all[i].lines().count().max(1);
            self.mark(field, vec![i], n);
            self.lines.extend(all[i].split('\n').map(str::to_string));
            self.line("");
        }
    }

    fn mark(&mut self, field: &'static str, vectors: Vec<usize>, n: usize) {
        let first = self.lines.len() + 1;
        self.marks.push(Mark {
            file: self.path.clone(),
            first,
            last: first + n - 1,
            field,
            vectors,
        });
    }

    fn write(self, site: &Path) {
        let target = site.join(&self.path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, self.lines.join("\n") + "\n").unwrap();
    }
}

/// Round-robin: slot `j` of `n` gets every vector `i` with `i % n == j`.
fn slots(chunk: &[usize], n: usize) -> Vec<Vec<usize>> {
    (0..n)
        .map(|j| chunk.iter().copied().skip(j).step_by(n).collect())
        .collect()
}

/// Write a site holding the vectors of `chunk` in every field, less the `left_out`
/// (field, vector) pairs. Returns its marks.
fn generate(
    site: &Path,
    chunk: &[usize],
    all: &[String],
    left_out: &BTreeSet<(String, usize)>,
) -> Vec<Mark> {
    let _ = fs::remove_dir_all(site);
    let mut marks = Vec::new();
    let keep = |field: &str, vs: Vec<usize>| -> Vec<usize> {
        vs.into_iter()
            .filter(|&i| !left_out.contains(&(field.to_string(), i)))
            .collect()
    };
    macro_rules! doc {
        ($path:expr) => {
            Doc {
                path: $path.to_string(),
                lines: Vec::new(),
                marks: &mut marks,
            }
        };
    }
    // A field left with no vector still needs a value: `$fallback`.
    macro_rules! put {
        ($d:expr, $prefix:expr, $field:expr, $vs:expr, $fallback:expr) => {{
            let vs = keep($field, $vs);
            if vs.is_empty() {
                $d.line(format!("{}{}", $prefix, $fallback));
            } else {
                $d.field($prefix, $field, &vs, all);
            }
        }};
    }
    let every = || chunk.to_vec();

    let mut d = doc!("content/site.yaml");
    put!(d, "title: ", "site.yaml title", every(), "站点");
    put!(d, "issuer: ", "site.yaml issuer", every(), "考核办");
    d.line("base_url: https://kaohe.example.org/");
    // The series' display names: the archive, unit histories, charts and cards show them.
    d.line("series:");
    let series = slots(chunk, 2);
    put!(
        d,
        "  units-monthly: ",
        "series name",
        series[0].clone(),
        "部门月度考核"
    );
    put!(
        d,
        "  people-half: ",
        "series name",
        series[1].clone(),
        "人员半年考核"
    );
    put!(d, "description: ", "site.yaml description", every(), "说明");
    d.line("contact:");
    put!(
        d,
        "  phone: ",
        "site.yaml contact.phone",
        every(),
        "0000-12345678"
    );
    put!(
        d,
        "  address: ",
        "site.yaml contact.address",
        every(),
        "行政中心"
    );
    put!(
        d,
        "  email: ",
        "site.yaml contact.email",
        every(),
        "a@example.org"
    );
    d.write(site);

    let mut d = doc!("content/index.md");
    let vs = keep("home index.md", every());
    d.paragraphs("home index.md", &vs, all);
    d.line("首页说明。");
    d.write(site);

    // A units bulletin: a notice with its own contact, two categories of three.
    let dir = "content/2025/01-units";
    let mut d = doc!(format!("{dir}/index.md"));
    d.line("---");
    put!(d, "title: ", "front matter title", every(), "通报");
    d.line("period: 2025-01");
    d.line("series: units-monthly");
    d.line("published: 2025-02-01");
    put!(d, "basis: ", "front matter basis", every(), "办法");
    d.line("notice:");
    d.line("  from: 2025-02-01");
    d.line("  to: 2025-02-07");
    d.line("  contact:");
    put!(
        d,
        "    phone: ",
        "notice contact.phone",
        every(),
        "0000-12345678"
    );
    put!(
        d,
        "    address: ",
        "notice contact.address",
        every(),
        "行政中心"
    );
    put!(
        d,
        "    email: ",
        "notice contact.email",
        every(),
        "a@example.org"
    );
    // A correction: its reason is free text, and the change table shows entry names.
    d.line("revisions:");
    d.line("  - file: revisions/2025-02-01.scores.yaml");
    d.line("    corrected: 2025-02-03");
    put!(d, "    reason: ", "correction reason", every(), "更正");
    d.line("    restarts_notice: false");
    // The 公文 fields: print.html in the GB/T 9704 layout, and notice.docx.
    d.line("document:");
    d.line("  number: 考办〔2025〕1号");
    put!(d, "  to: ", "document.to", every(), "各部门");
    put!(d, "  signer: ", "document.signer", every(), "考核办");
    put!(
        d,
        "  printed_by: ",
        "document.printed_by",
        every(),
        "考核办"
    );
    d.line("  red_header: true");
    put!(d, "  header: ", "document.header", every(), "考核办文件");
    d.line("  cc:");
    put!(d, "    - ", "document.cc", every(), "区委办公室");
    d.line("  attachments:");
    put!(d, "    - ", "document.attachments", every(), "得分明细表");
    d.line("---");
    let vs = keep("narrative", every());
    d.paragraphs("narrative", &vs, all);
    d.line("正文。");
    d.write(site);

    let mut d = doc!(format!("{dir}/scores.yaml"));
    d.line("subject: units");
    d.line("decimals: 2");
    d.line("categories:");
    let cats = slots(chunk, 2);
    let inds = slots(chunk, 4);
    for c in 0..2 {
        d.line(format!("  - id: c{c}"));
        put!(
            d,
            "    name: ",
            "category name",
            cats[c].clone(),
            format!("类别{c}")
        );
        d.line("    bonus_cap: 3");
        d.line("    indicators:");
        for k in 0..2 {
            d.line(format!("      - id: i{k}"));
            put!(
                d,
                "        name: ",
                "indicator name",
                inds[c * 2 + k].clone(),
                format!("指标{k}")
            );
            d.line("        weight: 50");
        }
    }
    d.line("tiers:");
    d.line("  rounding: floor");
    d.line("  top: { name: 先进, share: 30% }");
    d.line("  otherwise: 达标");
    d.line("entries:");
    let names = slots(chunk, 6);
    let notes = slots(chunk, 6);
    let bonus = slots(chunk, 6);
    let deductions = slots(chunk, 6);
    for e in 0..6 {
        d.line(format!("  - id: e{e}"));
        put!(
            d,
            "    name: ",
            "entry name",
            names[e].clone(),
            format!("单位{e}")
        );
        d.line(format!("    category: c{}", e % 2));
        d.line(format!("    scores: {{ i0: {}, i1: 80 }}", 90 - e));
        put!(d, "    note: ", "entry note", notes[e].clone(), "备注");
        d.line("    bonus:");
        d.line("      - points: 1");
        put!(
            d,
            "        reason: ",
            "bonus reason",
            bonus[e].clone(),
            "加分"
        );
        d.line("    deductions:");
        d.line("      - date: 2025-01-10");
        d.line("        points: 0.5");
        put!(
            d,
            "        reason: ",
            "deduction reason",
            deductions[e].clone(),
            "扣分"
        );
    }
    d.write(site);
    // The version published before the correction: e0 had 30 points less in i0.
    let scores = fs::read_to_string(site.join(format!("{dir}/scores.yaml"))).unwrap();
    let earlier = scores.replacen(
        "scores: { i0: 90, i1: 80 }",
        "scores: { i0: 60, i1: 80 }",
        1,
    );
    assert_ne!(scores, earlier);
    let revisions = site.join(format!("{dir}/revisions"));
    fs::create_dir_all(&revisions).unwrap();
    fs::write(revisions.join("2025-02-01.scores.yaml"), earlier).unwrap();
    // Its lines are scores.yaml's: an error in either points at the same vectors.
    let copies: Vec<Mark> = marks
        .iter()
        .filter(|m| m.file == format!("{dir}/scores.yaml"))
        .map(|m| Mark {
            file: format!("{dir}/revisions/2025-02-01.scores.yaml"),
            vectors: m.vectors.clone(),
            ..*m
        })
        .collect();
    marks.extend(copies);

    // A people bulletin: one class of ten, two units, one exemplar by rank, two
    // nominations, three model pages.
    let dir = "content/2025/h1-people";
    let mut d = doc!(format!("{dir}/index.md"));
    d.line("---");
    put!(d, "title: ", "front matter title", every(), "公示");
    d.line("period: 2025-H1");
    d.line("series: people-half");
    d.line("published: 2025-07-10");
    d.line("---");
    d.line("人员考核。");
    d.write(site);

    let mut d = doc!(format!("{dir}/scores.yaml"));
    d.line("subject: people");
    d.line("decimals: 2");
    d.line("categories:");
    d.line("  - id: staff");
    put!(d, "    name: ", "category name", every(), "一般工作人员");
    d.line("    indicators:");
    let inds = slots(chunk, 2);
    for (k, vs) in inds.into_iter().enumerate() {
        d.line(format!("      - id: i{k}"));
        put!(
            d,
            "        name: ",
            "indicator name",
            vs,
            format!("指标{k}")
        );
        d.line("        weight: 50");
    }
    d.line("units:");
    for (u, vs) in slots(chunk, 2).into_iter().enumerate() {
        d.line(format!("  - id: u{u}"));
        put!(d, "    name: ", "unit name", vs, format!("科室{u}"));
        d.line("    headcount: 100");
    }
    d.line("models:");
    d.line("  top: 10%");
    d.line("  nominations:");
    d.line("    cap: 2%");
    d.line("    people:");
    for (n, vs) in slots(chunk, 2).into_iter().enumerate() {
        d.line(format!("      - id: p{:02}", n + 2));
        put!(d, "        reason: ", "nomination reason", vs, "提名");
    }
    d.line("entries:");
    let names = slots(chunk, 10);
    let posts = slots(chunk, 10);
    let notes = slots(chunk, 10);
    for p in 0..10 {
        d.line(format!("  - id: p{:02}", p + 1));
        put!(
            d,
            "    name: ",
            "person name",
            names[p].clone(),
            format!("人员{p}")
        );
        // p01 and p02 in u0 and p03 in u1: one nomination for each unit.
        d.line(format!(
            "    unit: u{}",
            usize::from(p == 2 || p % 2 == 1 && p > 2)
        ));
        put!(d, "    post: ", "post", posts[p].clone(), "科员");
        d.line("    category: staff");
        d.line(format!("    scores: {{ i0: {}, i1: 90 }}", 99 - p));
        put!(d, "    note: ", "entry note", notes[p].clone(), "备注");
    }
    d.write(site);

    let titles = slots(chunk, 3);
    let stories = slots(chunk, 3);
    for m in 0..3 {
        let mut d = doc!(format!("{dir}/models/m{m}.md"));
        d.line("---");
        d.line(format!("person: p{:02}", m + 1));
        put!(d, "title: ", "model title", titles[m].clone(), "标兵");
        d.line("---");
        let vs = keep("model story", stories[m].clone());
        d.paragraphs("model story", &vs, all);
        d.line("事迹。");
        d.write(site);
    }
    marks
}

/// Split the corpus over as few sites as SITE_BUDGET allows, round-robin so that the
/// sites are of a size.
fn chunks(all: &[String]) -> Vec<Vec<usize>> {
    let size: usize = all.iter().map(|v| v.len() + 1).sum();
    let sites = size.div_ceil(SITE_BUDGET).max(1);
    (0..sites)
        .map(|k| (k..all.len()).step_by(sites).collect())
        .collect()
}

/// `tests/browser/xss-known.txt`: `field<TAB>vector line number`, one a line.
fn known() -> BTreeSet<(String, usize)> {
    let path = root().join("tests/browser/xss-known.txt");
    let Ok(text) = fs::read_to_string(path) else {
        return BTreeSet::new();
    };
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (field, n) = l.rsplit_once('\t').expect("field<TAB>line");
            (field.to_string(), n.trim().parse::<usize>().unwrap() - 1)
        })
        .collect()
}

/// Build every site; take out of a field what the build refuses with a location there.
/// Returns the refused (field, vector) pairs, or the diagnostics that have no location.
fn build_all(
    src: &Path,
    out: &Path,
    all: &[String],
    known: &BTreeSet<(String, usize)>,
) -> Result<BTreeSet<(String, usize)>, String> {
    let mut refused = BTreeSet::new();
    for (k, chunk) in chunks(all).iter().enumerate() {
        let site_dir = src.join(format!("site-{k}"));
        refused.extend(build_taking_out(
            &site_dir,
            &out.join(format!("site-{k}")),
            known,
            &|left_out| generate(&site_dir, chunk, all, left_out),
        )?);
    }
    Ok(refused)
}

/// Build the site `generate` writes into `site_dir` (given the placements to leave out)
/// into `out`; take out of a field what the build refuses with a location there, and
/// generate it again. Returns the placements refused, or the errors that point at no
/// vector.
fn build_taking_out(
    site_dir: &Path,
    out: &Path,
    known: &Placements,
    generate: &dyn Fn(&Placements) -> Vec<Mark>,
) -> Result<Placements, String> {
    let mut refused = BTreeSet::new();
    let mut left_out: BTreeSet<_> = known.clone();
    for _round in 0..64 {
        let marks = generate(&left_out);
        let result = site::build(&{
            let mut s = Settings::new(site_dir.to_path_buf());
            s.output = out.to_path_buf();
            s.cache = false;
            s.future = true;
            s.today = jiff::civil::date(2025, 2, 3);
            s
        });
        let errors: Diagnostics = match result {
            Ok(_) => break,
            Err(e) => e,
        };
        let mut progress = false;
        for d in errors.0.iter().filter(|d| d.severity == Severity::Error) {
            let hit = d.span.as_ref().and_then(|s| {
                marks
                    .iter()
                    .find(|m| m.file == s.path && (m.first..=m.last).contains(&s.line))
            });
            match hit {
                Some(m) => {
                    for &v in &m.vectors {
                        if left_out.insert((m.field.to_string(), v)) {
                            refused.insert((m.field.to_string(), v));
                            progress = true;
                        }
                    }
                }
                None => {
                    return Err(format!(
                        "{} failed to build with an error that points at no vector's line:\n{errors}",
                        site_dir.display()
                    ));
                }
            }
        }
        if !progress {
            return Err(format!("{} keeps failing:\n{errors}", site_dir.display()));
        }
    }
    if !out.join("index.html").is_file() {
        return Err(format!(
            "{} did not build after taking refused vectors out",
            site_dir.display()
        ));
    }
    Ok(refused)
}

/// `run.mjs`'s xss check on the sites in `out`: its exit status (`None` when stopped at
/// LIMIT), stdout and stderr.
fn run_check(out: &Path) -> (Option<std::process::ExitStatus>, String, String) {
    run_checks(out, "xss")
}

/// `run.mjs`'s `checks` (as `BULLETIN_CHECKS` names them) on the site or sites in `out`.
fn run_checks(out: &Path, checks: &str) -> (Option<std::process::ExitStatus>, String, String) {
    let mut child = Command::new("node")
        .arg(root().join("tests/browser/run.mjs"))
        .arg(out)
        .current_dir(root())
        .env("BULLETIN_CHROMIUM", chromium())
        .env("BULLETIN_CHECKS", checks)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node starts");
    let stdout = drain(child.stdout.take().unwrap());
    let stderr = drain(child.stderr.take().unwrap());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(100));
    };
    (status, stdout.join().unwrap(), stderr.join().unwrap())
}

/// What the checks need and this machine lacks.
fn missing() -> Vec<String> {
    let mut missing = Vec::new();
    if !Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        missing.push("node (20 or later) on PATH".into());
    }
    let pw = root().join("tests/browser/node_modules/playwright-core/package.json");
    if !pw.is_file() {
        missing.push(format!(
            "{} (run `npm ci --prefix tests/browser`)",
            pw.display()
        ));
    }
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
    }
    missing
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

#[test]
fn no_vector_of_the_corpus_runs_or_loads_anything_in_any_field() {
    let all = vectors();
    assert!(
        all.len() >= 100,
        "the corpus has {} vectors, fewer than 100",
        all.len()
    );
    if !browser_ready("the XSS check") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let base = match std::env::var_os("BULLETIN_XSS_KEEP") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            let _ = fs::remove_dir_all(&dir);
            dir
        }
        None => tmp.path().to_path_buf(),
    };
    let (src, out) = (base.join("src"), base.join("out"));
    fs::create_dir_all(&out).unwrap();
    let known = known();
    let refused = build_all(&src, &out, &all, &known).unwrap_or_else(|e| panic!("{e}"));
    let sites = chunks(&all).len();
    let mut index = String::from("<!doctype html><meta charset=utf-8><title>XSS sites</title>");
    for k in 0..sites {
        let _ = write!(index, "<a href=\"site-{k}/index.html\">site-{k}</a>");
    }
    fs::write(out.join("index.html"), index).unwrap();

    report(
        &all,
        &format!("{} vectors over {sites} sites", all.len()),
        &refused,
        &known,
    );
    passed("the XSS check", run_check(&out));
}

/// Whether node, the Node packages and Chromium are there for `what`; without them the
/// test is skipped with a message, or fails under `CI`.
fn browser_ready(what: &str) -> bool {
    let missing = missing();
    if missing.is_empty() {
        return true;
    }
    let why = format!("{what} needs:\n  {}", missing.join("\n  "));
    if std::env::var_os("CI").is_some() {
        panic!("{why}\n(CI is set, so this fails rather than skips)");
    }
    eprintln!("skipped: {why}");
    false
}

/// Say which placements the build refused and which were left out as known failures.
fn report(all: &[String], corpus: &str, refused: &Placements, known: &Placements) {
    let list = |set: &Placements| {
        set.iter()
            .map(|(f, v)| format!("  {f}\tline {}: {}", v + 1, all[*v].escape_debug()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    println!(
        "{corpus}; {} placement(s) refused at load with a location:\n{}",
        refused.len(),
        list(refused)
    );
    if !known.is_empty() {
        println!(
            "{} placement(s) left out as known failures (tests/browser/xss-known.txt):\n{}",
            known.len(),
            list(known)
        );
    }
}

/// Show what `run.mjs` said, and fail unless `check` passed.
fn passed(
    check: &str,
    (status, stdout, stderr): (Option<std::process::ExitStatus>, String, String),
) {
    println!("{stdout}");
    if !stderr.trim().is_empty() {
        println!("── stderr of run.mjs:\n{stderr}");
    }
    match status {
        None => panic!("{check} took longer than {LIMIT:?} and was stopped"),
        Some(status) => assert!(
            status.success(),
            "{check} failed ({status}): see the output above"
        ),
    }
}

/// After a fix elsewhere: which placements of `tests/browser/xss-known.txt` still fail.
/// Each is put back alone into its site, which is built and (if it builds) checked in
/// Chromium; the test lists each with what happened and fails if any now passes, so
/// that it can be taken off the list.
///
/// ```sh
/// cargo test --test xss known -- --ignored --nocapture
/// ```
#[test]
#[ignore = "run by hand after fixing what xss-known.txt lists"]
fn known_failures_still_fail() {
    let all = vectors();
    let known = known();
    assert!(missing().is_empty(), "needs: {:?}", missing());
    let tmp = tempfile::tempdir().unwrap();
    let mut passing = Vec::new();
    for (n, entry) in known.iter().enumerate() {
        let (k, chunk) = chunks(&all)
            .into_iter()
            .enumerate()
            .find(|(_, c)| c.contains(&entry.1))
            .unwrap();
        let mut left_out = known.clone();
        left_out.remove(entry);
        let site_dir = tmp.path().join(format!("src-{n}"));
        let out = tmp.path().join(format!("out-{n}"));
        generate(&site_dir, &chunk, &all, &left_out);
        let built = site::build(&{
            let mut s = Settings::new(site_dir);
            s.output = out.join(format!("site-{k}"));
            s.cache = false;
            s.future = true;
            s.today = jiff::civil::date(2025, 2, 3);
            s
        });
        let what = match built {
            Err(e) => {
                let first = e.to_string().lines().next().unwrap_or("").to_string();
                let located = e.0.iter().all(|d| d.span.is_some());
                if located {
                    passing.push(entry);
                    format!("refused with a location (fine now): {first}")
                } else {
                    format!("still fails to build: {first}")
                }
            }
            Ok(_) => {
                fs::write(out.join("index.html"), "<!doctype html><title>x</title>").unwrap();
                let (status, stdout, _) = run_check(&out);
                if status.is_some_and(|s| s.success()) {
                    passing.push(entry);
                    "passes the browser check now".to_string()
                } else {
                    let why = stdout
                        .lines()
                        .skip_while(|l| !l.contains("──"))
                        .take(3)
                        .collect::<Vec<_>>()
                        .join(" ");
                    format!("still fails in the browser: {}", why.trim())
                }
            }
        };
        println!("{}\tline {}: {what}", entry.0, entry.1 + 1);
    }
    assert!(
        passing.is_empty(),
        "{} placement(s) of xss-known.txt no longer fail; take them off the list: {passing:?}",
        passing.len()
    );
}

/// Where the embed site says it is published: the embed code points there.
const EMBED_BASE: &str = "https://kaohe.example.org/";

/// A site for the embed code: for each vector `i`, a bulletin of its own series `s{i}`
/// whose display name is the vector, with one category and one unit (`u{i}`) named by
/// it, so that the unit's card headline (the iframe's title) holds it three times.
fn generate_embed(site: &Path, all: &[String], left_out: &Placements) -> Vec<Mark> {
    let _ = fs::remove_dir_all(site);
    let mut marks = Vec::new();
    // Vector `i` in `field` after `prefix`, or `fallback` when it is left out.
    let named = |d: &mut Doc, prefix: &str, field: &'static str, i: usize, fallback: &str| {
        if left_out.contains(&(field.to_string(), i)) {
            d.line(format!("{prefix}{fallback}{i}"));
        } else {
            d.field(prefix, field, &[i], all);
        }
    };
    let mut d = Doc {
        path: "content/site.yaml".into(),
        lines: Vec::new(),
        marks: &mut marks,
    };
    d.line("title: 嵌入代码");
    d.line("issuer: 考核办");
    d.line(format!("base_url: {EMBED_BASE}"));
    d.line("series:");
    for i in 0..all.len() {
        named(&mut d, &format!("  s{i}: "), "series name", i, "系列");
    }
    d.write(site);
    for i in 0..all.len() {
        let dir = format!("content/2025/b{i}");
        let mut d = Doc {
            path: format!("{dir}/index.md"),
            lines: Vec::new(),
            marks: &mut marks,
        };
        for l in [
            "---",
            &format!("title: 通报{i}"),
            "period: 2025-01",
            &format!("series: s{i}"),
            "published: 2025-02-01",
            "---",
            "正文。",
        ] {
            d.line(l);
        }
        d.write(site);
        let mut d = Doc {
            path: format!("{dir}/scores.yaml"),
            lines: Vec::new(),
            marks: &mut marks,
        };
        d.line("subject: units");
        d.line("categories:");
        d.line("  - id: c0");
        named(&mut d, "    name: ", "category name", i, "类别");
        d.line("    indicators: [{ id: i0, name: 指标, weight: 100 }]");
        d.line("entries:");
        d.line(format!("  - id: u{i}"));
        named(&mut d, "    name: ", "entry name", i, "单位");
        d.line("    category: c0");
        d.line("    scores: { i0: 90 }");
        d.write(site);
    }
    marks
}

/// What each unit page's embed code must be, for `run.mjs`'s `copied-code` check:
/// `embed-expected.json` in the built site. The title is the card's headline, made of
/// the names as published (results.json) and the series' display name as written.
fn embed_expectations(out: &Path, all: &[String], refused: &BTreeSet<(String, usize)>) {
    let mut pages = Vec::new();
    for (i, vector) in all.iter().enumerate() {
        let results: serde_json::Value =
            serde_json::from_slice(&fs::read(out.join(format!("2025/b{i}/results.json"))).unwrap())
                .unwrap();
        let category = &results["categories"][0];
        let unit = category["rows"][0]["name"].as_str().unwrap();
        let series = if refused.contains(&("series name".to_string(), i)) {
            format!("系列{i}")
        } else {
            vector.trim().to_string()
        };
        let title = format!(
            "{unit}在{}{series}中位列{}第1名（共1个单位）",
            results["bulletin"]["period_label"].as_str().unwrap(),
            category["name"].as_str().unwrap()
        );
        pages.push(serde_json::json!({
            "page": format!("units/u{i}/publish/index.html"),
            "iframes": [{
                "src": format!("{EMBED_BASE}units/u{i}/results/s{i}/embed.html"),
                "title": title,
                "width": "100%",
                "style": "max-width:677px;border:0",
                "loading": "lazy",
            }],
        }));
    }
    let expected = serde_json::json!({ "base_url": EMBED_BASE, "pages": pages });
    fs::write(
        out.join("embed-expected.json"),
        serde_json::to_vec_pretty(&expected).unwrap(),
    )
    .unwrap();
}

/// Stored XSS through the embed code: a unit page shows the `<iframe>` code to copy into
/// the unit's own site. With every vector as a unit, series and category name, the code
/// shown and the code the copy button puts on the clipboard, parsed as HTML, are exactly
/// one iframe with exactly its attributes, and pasted into a page of another origin they
/// run nothing there and load nothing but the card (`copied-code` in xss.mjs).
#[test]
fn the_embed_code_is_one_iframe_with_its_attributes_whatever_the_names() {
    let all = vectors();
    if !browser_ready("the copied-code check") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let base = match std::env::var_os("BULLETIN_XSS_KEEP") {
        Some(dir) => PathBuf::from(dir).join("embed"),
        None => tmp.path().to_path_buf(),
    };
    let _ = fs::remove_dir_all(&base);
    let (src, out) = (base.join("src"), base.join("out"));
    let known: BTreeSet<_> = known()
        .into_iter()
        .filter(|(f, _)| f == "series name")
        .collect();
    let refused = build_taking_out(&src, &out, &known, &|left_out| {
        generate_embed(&src, &all, left_out)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    report(
        &all,
        &format!("{} vectors as unit, series and category names", all.len()),
        &refused,
        &known,
    );
    let left_out: BTreeSet<_> = refused.union(&known).cloned().collect();
    embed_expectations(&out, &all, &left_out);
    passed("the copied-code check", run_checks(&out, "copied-code"));
}
