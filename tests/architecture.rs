//! The shape of `src/` (issue 28, docs/ARCHITECTURE.md): dependencies between the
//! top-level modules run one way, and the stages (load, rank, render) are pure functions
//! that know nothing of the query layer, the orchestration, the settings or the server.
//!
//! Every `crate::…` path of a file's production code counts, doc links included (a doc
//! link to a module above is a sign the seam is in the wrong place); test modules
//! (`#[cfg(test)] mod tests`, `tests.rs`) do not. `python3 ../shared/tools/modcycles.py src`
//! reads the same edges.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The stages, and what none of them may import.
const STAGES: &[&str] = &["load", "rank", "render"];
const ABOVE_THE_STAGES: &[&str] = &["incr", "site", "settings", "serve"];

/// One import: the file and line where module `from` names module `to`.
#[derive(Debug, Clone)]
struct Edge {
    from: String,
    to: String,
    at: String,
}

/// Every `.rs` file below `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules of `src`: `src/m.rs` and `src/m/`, the crate roots excepted.
fn modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|m| m != "main" && m != "lib")
        .collect()
}

/// The names of the modules a line's `crate::` paths start with: `crate::a::b` gives `a`,
/// `crate::{a::X, b}` gives `a` and `b`.
fn named(line: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        let before = line[..i].chars().last();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue; // `$crate::`, `my_crate::`
        }
        let rest = &line[i + "crate::".len()..];
        match rest.strip_prefix('{') {
            None => out.push(ident(rest)),
            Some(group) => {
                // The first name of each item at the top level of the braces.
                let mut depth = 0;
                let mut item_start = true;
                for (j, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => item_start = true,
                        c if item_start && !c.is_whitespace() => {
                            out.push(ident(&group[j..]));
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    out
}

/// Every edge between the top-level modules of `src`.
fn edges(src: &Path) -> Vec<Edge> {
    let modules = modules(src);
    let mut all = Vec::new();
    files(src, &mut all);
    let mut edges = Vec::new();
    for path in all {
        let rel = path.strip_prefix(src).unwrap();
        let from = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_string();
        if !modules.contains(&from) || path.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("#[cfg(test)]")
                && text
                    .lines()
                    .nth(n + 1)
                    .is_some_and(|l| l.trim_start().starts_with("mod tests"))
            {
                break; // the tests at the end of the file
            }
            for to in named(line) {
                if to != from && modules.contains(&to) {
                    let at = format!("src/{}:{}", rel.display(), n + 1);
                    edges.push(Edge {
                        from: from.clone(),
                        to,
                        at,
                    });
                }
            }
        }
    }
    edges
}

/// The groups of more than one module that reach each other (strongly connected).
fn circles(edges: &[Edge]) -> Vec<BTreeSet<String>> {
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        next.entry(&e.from).or_default().insert(&e.to);
    }
    let reach = |from: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(m) = todo.pop() {
            for &n in next.get(m).into_iter().flatten() {
                if seen.insert(n) {
                    todo.push(n);
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|&m| (m, reach(m))).collect();
    let mut groups: Vec<BTreeSet<String>> = Vec::new();
    for (&m, r) in &reached {
        let group: BTreeSet<String> = r
            .iter()
            .filter(|&&n| reached.get(n).is_some_and(|back| back.contains(m)))
            .map(|n| n.to_string())
            .chain([m.to_string()])
            .collect();
        if group.len() > 1 && !groups.contains(&group) {
            groups.push(group);
        }
    }
    groups
}

/// What is wrong with the shape of `src`, one line each.
fn problems(src: &Path) -> Vec<String> {
    let edges = edges(src);
    let mut out = Vec::new();
    for group in circles(&edges) {
        let inside: Vec<String> = edges
            .iter()
            .filter(|e| group.contains(&e.from) && group.contains(&e.to))
            .map(|e| format!("{} -> {} ({})", e.from, e.to, e.at))
            .collect();
        let names: Vec<&str> = group.iter().map(String::as_str).collect();
        out.push(format!(
            "a circle among {}: {}",
            names.join(", "),
            inside.join("; ")
        ));
    }
    for e in &edges {
        if STAGES.contains(&e.from.as_str()) && ABOVE_THE_STAGES.contains(&e.to.as_str()) {
            out.push(format!(
                "the stage {} imports {} ({}): pass what it needs as an argument",
                e.from, e.to, e.at
            ));
        }
    }
    out
}

/// Circles known and not yet broken, one a line (`a, b, c`), to shrink to nothing:
/// tests/architecture-known.txt.
fn known() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/architecture-known.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines = text.lines().map(str::trim);
    lines
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| format!("a circle among {l}: "))
        .collect()
}

#[test]
fn no_circle_among_the_top_level_modules_and_no_stage_imports_what_is_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = problems(&src);
    let known = known();
    let new: Vec<&String> = problems
        .iter()
        .filter(|p| !known.iter().any(|k| p.starts_with(k.as_str())))
        .collect();
    let gone: Vec<&String> = known
        .iter()
        .filter(|k| !problems.iter().any(|p| p.starts_with(k.as_str())))
        .collect();
    assert!(
        new.is_empty(),
        "\n{}",
        new.iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        gone.is_empty(),
        "broken, take out of tests/architecture-known.txt: {gone:?}"
    );
}

#[test]
fn the_reader_finds_a_circle_and_a_stage_that_imports_the_query_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "lib.rs",
        "pub mod a; pub mod b; pub mod render; pub mod incr;",
    );
    write("a.rs", "use crate::{b::X, model};\n");
    write("b/mod.rs", "//! See [`crate::a::Y`].\n");
    write("render/mod.rs", "use crate::incr::Db;\n");
    write(
        "incr.rs",
        "use crate::render;\n#[cfg(test)]\nmod tests {\n use crate::a;\n}\n",
    );
    let problems = problems(tmp.path());
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("a circle among a, b: a -> b (src/a.rs:1)"));
    assert!(problems[1].starts_with("a circle among incr, render:"));
    assert!(problems[2].starts_with("the stage render imports incr (src/render/mod.rs:1)"));
    assert_eq!(
        named("use crate::{x::{Y, Z}, w}; crate::msg!(a)"),
        ["x", "w", "msg"]
    );
}
