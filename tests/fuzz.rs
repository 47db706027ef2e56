//! A fuzz target that runs on the stable toolchain: a mutation loop over the example site
//! (`content/`) and the fixture sites, each mutated site run through the pipeline
//! in-process: load and rank, then for the small fixture sites `site::generate` (load,
//! rank, render into nothing, charts included). It asserts that nothing
//! panics and that every error names the file it is about.
//!
//! Mutations (one in half the cases, two to four in the rest) on one file of the site:
//! a flipped bit, inserted YAML punctuation, a truncation, a duplicated, swapped or
//! deleted line, an inserted odd character (NUL, BOM, bidi override, U+2028, full-width
//! digits, emoji, combining mark, CR), a free-text value replaced by a quoted string with
//! a control-character escape, a number replaced by a huge, tiny or odd one.
//!
//! ```sh
//! BULLETIN_FUZZ_SECS=600 BULLETIN_FUZZ_SEED=12345 cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! `BULLETIN_FUZZ_SECS` bounds the run (default 10 s, and at least 20 cases),
//! `BULLETIN_FUZZ_SEED` picks another sequence (default fixed, so CI runs the same cases
//! each time). A failing case is kept in a folder named in the failure, with the
//! mutations that made it.
//! `tests/fuzz-known.txt` lists message beginnings of errors known to come without a
//! location on this branch (being fixed elsewhere): they are counted and listed, not
//! failed; the file should shrink to nothing.

use std::collections::BTreeMap;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use bulletin::diag::Severity;
use bulletin::output::Discard;
use bulletin::{load, rank, site};

const EXAMPLE: &str = "the example site";
const MIN_CASES: usize = 20;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// xorshift64*: small, fast, the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// A site as files in memory: relative path → bytes.
type Files = BTreeMap<String, Vec<u8>>;

fn read_site(root: &Path) -> Files {
    walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

const PUNCTUATION: &[&str] = &[
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "|",
    ">",
    "# ",
    "'",
    "\"",
    "? ",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "<<: *a\n",
    "\t",
    "  ",
    "\n",
    ":",
    "@",
    "`",
    "!",
    "%",
    "~",
    "null",
    "[[[[[[[[",
    "{{{{{{{{",
];

const ODD: &[&str] = &[
    "\0",
    "\u{FEFF}",
    "\u{202E}",
    "\u{2028}",
    "\u{200B}",
    "８５．５",
    "９９９９９９",
    "😀",
    "\u{301}",
    "\r",
    "\r\n",
    "\u{3000}",
    "分",
    "\u{85}",
    "\u{1b}[31m",
    "\u{7f}",
    "𠀀",
];

const NUMBERS: &[&str] = &[
    "1e309",
    "-1e309",
    "1e-400",
    "99999999999999999999999999999999999",
    "-0",
    "0x10",
    "NaN",
    ".inf",
    "-.nan",
    "1_000",
    "0.0000000000000000000000000001",
    "79228162514264337593543950336",
    "-79228162514264337593543950336",
    "1.",
    ".5",
    "+5",
    "0o17",
    "1,5",
    "５０％",
    "100%%",
    "1/0",
    "0/0",
    "-3",
    "18446744073709551616",
];

/// One mutation of `bytes`; returns what it did, for the record.
fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) -> String {
    let at = |rng: &mut Rng, b: &Vec<u8>| rng.below(b.len() + 1);
    match rng.below(8) {
        0 if !bytes.is_empty() => {
            let i = rng.below(bytes.len());
            let bit = 1u8 << rng.below(8);
            bytes[i] ^= bit;
            format!("flip bit {bit:#04x} of byte {i}")
        }
        1 => {
            let p = *rng.pick(PUNCTUATION);
            let i = at(rng, bytes);
            bytes.splice(i..i, p.bytes());
            format!("insert {p:?} at byte {i}")
        }
        2 => {
            let i = at(rng, bytes);
            bytes.truncate(i);
            format!("truncate at byte {i}")
        }
        3 | 4 => {
            let mut lines: Vec<Vec<u8>> =
                bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            let i = rng.below(lines.len());
            let what = match rng.below(3) {
                0 => {
                    let times = 1 + rng.below(3);
                    for _ in 0..times {
                        lines.insert(i, lines[i].clone());
                    }
                    format!("duplicate line {} {times} time(s)", i + 1)
                }
                1 => {
                    let j = rng.below(lines.len());
                    lines.swap(i, j);
                    format!("swap lines {} and {}", i + 1, j + 1)
                }
                _ => {
                    lines.remove(i);
                    format!("delete line {}", i + 1)
                }
            };
            *bytes = lines.join(&b'\n');
            what
        }
        5 => {
            let c = *rng.pick(ODD);
            // Half the time inside a value that reaches the pages: after a key of free
            // text, where an odd character survives the YAML and meets the renderer.
            let values: Vec<usize> = (0..bytes.len())
                .filter(|&i| {
                    [
                        &b"name: "[..],
                        b"title: ",
                        b"reason: ",
                        b"post: ",
                        b"note: ",
                    ]
                    .iter()
                    .any(|k| bytes[i..].starts_with(k))
                })
                .map(|i| i + bytes[i..].iter().position(|&b| b == b' ').unwrap() + 1)
                .collect();
            // Or a whole value as a double-quoted YAML string with an escape that the
            // YAML accepts and the pages must not (`\0`, ESC, a bidi override, …).
            if !values.is_empty() && rng.below(3) == 0 {
                let s = *rng.pick(&values);
                let e = s + bytes[s..]
                    .iter()
                    .position(|&b| b == b'\n' || b == b',' || b == b'}')
                    .unwrap_or(bytes.len() - s);
                let esc = *rng.pick(&[
                    "\\0", "\\x1b", "\\u202e", "\\u2028", "\\x0c", "\\a", "\\x7f",
                ]);
                let value = format!("\"甲{esc}乙\"");
                bytes.splice(s..e, value.bytes());
                return format!("replace the value at byte {s} by {value}");
            }
            let i = if !values.is_empty() && rng.below(2) == 0 {
                *rng.pick(&values) + rng.below(3)
            } else {
                at(rng, bytes)
            };
            let i = char_boundary(bytes, i.min(bytes.len()));
            bytes.splice(i..i, c.bytes());
            format!("insert {c:?} at byte {i}")
        }
        _ => {
            // Replace a run of digits (a number) by an odd number.
            let starts: Vec<usize> = (0..bytes.len())
                .filter(|&i| {
                    bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit())
                })
                .collect();
            let n = *rng.pick(NUMBERS);
            if starts.is_empty() {
                let i = at(rng, bytes);
                bytes.splice(i..i, n.bytes());
                return format!("insert number {n} at byte {i}");
            }
            let s = *rng.pick(&starts);
            let mut e = s;
            while e < bytes.len() && (bytes[e].is_ascii_digit() || bytes[e] == b'.') {
                e += 1;
            }
            bytes.splice(s..e, n.bytes());
            format!("replace the number at byte {s} by {n}")
        }
    }
}

fn char_boundary(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

fn known() -> Vec<String> {
    fs::read_to_string(repo().join("tests/fuzz-known.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn write_site(root: &Path, files: &Files) {
    let _ = fs::remove_dir_all(root.join("content"));
    for (path, bytes) in files {
        let target = root.join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
}

#[test]
fn mutated_sites_never_panic_and_every_error_names_its_file() {
    let secs: u64 = std::env::var("BULLETIN_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let seed: u64 = std::env::var("BULLETIN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_B011_E714);
    let fixtures = repo().join("tests/fixtures");
    let bases: Vec<(String, Files)> = [
        ("tests/fixtures/basic", fixtures.join("basic")),
        ("tests/fixtures/people", fixtures.join("people")),
        (
            "tests/fixtures/invalid/_base",
            fixtures.join("invalid/_base"),
        ),
        (EXAMPLE, repo().to_path_buf()),
    ]
    .into_iter()
    .map(|(name, dir)| (name.to_string(), read_site(&dir)))
    .collect();
    let known = known();
    let today = jiff::civil::date(2025, 7, 10);

    // Panics are caught and reported as findings, without the default hook's noise.
    let hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed | 1);
    let scratch = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let (mut cases, mut ok, mut located, mut slowest) = (0usize, 0usize, 0usize, Duration::ZERO);
    let mut known_hits: BTreeMap<String, usize> = BTreeMap::new();
    let mut findings = Vec::new();
    let mut last: Option<(String, String)> = None;
    let mut rendered = 0usize;
    // At least MIN_CASES, however slow the machine, so that a run always covers something.
    while (started.elapsed() < Duration::from_secs(secs) || cases < MIN_CASES) && findings.len() < 5
    {
        cases += 1;
        let (base, files) = rng.pick(&bases);
        let example = base == EXAMPLE;
        let mut files = files.clone();
        // Mutate the text files: the data and the words.
        let texts: Vec<String> = files
            .keys()
            .filter(|k| k.ends_with(".yaml") || k.ends_with(".md"))
            .cloned()
            .collect();
        let target = rng.pick(&texts).clone();
        let mut log = Vec::new();
        let bytes = files.get_mut(&target).unwrap();
        // Half the cases one mutation (more of them load, and reach rank and render),
        // half two to four.
        let n = if rng.below(2) == 0 {
            1
        } else {
            2 + rng.below(3)
        };
        for _ in 0..n {
            log.push(mutate(&mut rng, bytes));
        }
        // Each base site keeps its own root (and chart cache); only the file mutated
        // last time there and the one mutated now are written.
        let root = scratch.path().join(base.replace(['/', ' '], "_"));
        if !root.exists() {
            write_site(&root, &bases.iter().find(|b| &b.0 == base).unwrap().1);
        }
        if let Some((r, path)) = last.take() {
            let original = &bases.iter().find(|b| b.0 == r).unwrap().1[&path];
            fs::write(
                scratch.path().join(r.replace(['/', ' '], "_")).join(&path),
                original,
            )
            .unwrap();
        }
        fs::write(root.join(&target), &files[&target]).unwrap();
        last = Some((base.clone(), target.clone()));
        let t = Instant::now();
        // Load and rank first (cheap); render only what loads and ranks.
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            let (site_, _) = load::load_site(&root)?;
            rank::rank_site(&site_.bulletins, &Default::default())?;
            rendered += 1;
            // The example's dozen bulletins take seconds to draw when a mutation changes
            // their charts: it is loaded and ranked only; the small sites are rendered too.
            if example {
                return Ok(());
            }
            let mut settings = bulletin::settings::Settings::new(&root);
            settings.today = today;
            settings.future = true;
            settings.purpose = bulletin::settings::Purpose::Check;
            site::generate(&settings, &bulletin::incr::Db::transient(), &Discard).map(|_| ())
        }));
        slowest = slowest.max(t.elapsed());
        let problem = match result {
            Err(payload) => {
                let msg = payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "(no message)".into());
                Some(format!("panicked: {msg}"))
            }
            Ok(Ok(())) => {
                ok += 1;
                None
            }
            Ok(Err(diags)) => {
                located += 1;
                let unlocated: Vec<_> = diags
                    .0
                    .iter()
                    .filter(|d| d.severity == Severity::Error)
                    .filter(|d| d.span.as_ref().is_none_or(|s| s.path.is_empty()))
                    .collect();
                let mut bad = Vec::new();
                for d in unlocated {
                    match known
                        .iter()
                        .find(|k| d.message.render().starts_with(k.as_str()))
                    {
                        Some(k) => *known_hits.entry(k.clone()).or_default() += 1,
                        None => bad.push(d.to_string()),
                    }
                }
                (!bad.is_empty()).then(|| format!("errors without a file:\n{}", bad.join("\n")))
            }
        };
        if let Some(problem) = problem {
            let keep = std::env::temp_dir().join(format!("bulletin-fuzz-{seed}-{cases}"));
            let _ = fs::remove_dir_all(&keep);
            write_site(&keep, &files);
            findings.push(format!(
                "case {cases} ({base}, {target}: {}):\n  {}\n  the mutated site is in {}",
                log.join("; "),
                problem.replace('\n', "\n  "),
                keep.display()
            ));
        }
    }
    panic::set_hook(hook);
    println!(
        "{cases} cases in {:.1} s (seed {seed}): {rendered} loaded and ranked, {ok} passed \
         (the small sites rendered too), {located} refused, {} finding(s); slowest case {} ms",
        started.elapsed().as_secs_f64(),
        findings.len(),
        slowest.as_millis()
    );
    for (k, n) in &known_hits {
        println!("  known on this branch (tests/fuzz-known.txt), {n} time(s): {k}");
    }
    assert!(findings.is_empty(), "{}", findings.join("\n\n"));
}

/// The fixed seed's cases are the same on every run: the generator is deterministic.
#[test]
fn the_mutation_sequence_is_deterministic() {
    let run = || {
        let mut rng = Rng(42);
        let mut bytes = b"a: 1\nb: [2, 3]\n".to_vec();
        let log: Vec<String> = (0..50).map(|_| mutate(&mut rng, &mut bytes)).collect();
        (log, bytes)
    };
    assert_eq!(run(), run());
}
