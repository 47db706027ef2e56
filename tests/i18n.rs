//! The message catalogues: both languages hold the same ids with the same arguments,
//! every id the code uses exists with the arguments it is given, and the Chinese output
//! of the invalid fixtures holds no English word outside ids, paths and field names.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use fluent_syntax::ast;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Arguments a language may leave out: a foreign library's or the system's English
/// words (`detail`), and the catalogue's own words for the system's (`os_kind`).
const OPTIONAL_ARGS: &[&str] = &["detail", "os_kind"];

/// id → the `$arguments` its pattern uses, over every .ftl file of `locales/LANG/`.
fn catalogue(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out = BTreeMap::new();
    let dir = root().join("locales").join(lang);
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
        .collect();
    files.sort();
    for path in files {
        let text = fs::read_to_string(&path).unwrap();
        let resource = fluent_syntax::parser::parse(text.as_str())
            .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
        for entry in resource.body {
            if let ast::Entry::Message(m) = entry {
                let mut args = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_args(p, &mut args);
                }
                let id = m.id.name.to_string();
                assert!(
                    out.insert(id.clone(), args).is_none(),
                    "{}: `{id}` is defined twice",
                    path.display()
                );
            }
        }
    }
    out
}

fn pattern_args(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expression_args(expression, out);
        }
    }
}

fn expression_args(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_args(selector, out);
            for v in variants {
                pattern_args(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => inline_args(i, out),
    }
}

fn inline_args(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => expression_args(expression, out),
        _ => {}
    }
}

#[test]
fn both_catalogues_hold_the_same_ids_with_the_same_arguments() {
    let (en, zh) = (catalogue("en-US"), catalogue("zh-CN"));
    assert!(en.len() > 100, "only {} English messages", en.len());
    let mut problems = Vec::new();
    for id in en.keys().filter(|k| !zh.contains_key(*k)) {
        problems.push(format!("`{id}` is missing from zh-CN"));
    }
    for id in zh.keys().filter(|k| !en.contains_key(*k)) {
        problems.push(format!("`{id}` is missing from en-US"));
    }
    for (id, args) in &en {
        if let Some(z) = zh.get(id) {
            let strip = |s: &BTreeSet<String>| -> BTreeSet<String> {
                s.iter()
                    .filter(|a| !OPTIONAL_ARGS.contains(&a.as_str()))
                    .cloned()
                    .collect()
            };
            if strip(args) != strip(z) {
                problems.push(format!("`{id}`: en-US uses {args:?}, zh-CN {z:?}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `.rs` file under src/.
fn sources() -> Vec<(String, String)> {
    walkdir::WalkDir::new(root().join("src"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| {
            let rel = e.path().strip_prefix(root()).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The text of a macro call from just after its `(` to its matching `)`.
fn call_body(text: &str) -> &str {
    let mut depth = 1;
    let mut in_str = false;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' | '[' | '{' if !in_str => depth += 1,
            ')' | ']' | '}' if !in_str => {
                depth -= 1;
                if depth == 0 {
                    return &text[..i];
                }
            }
            _ => {}
        }
        prev = if prev == '\\' && c == '\\' { ' ' } else { c };
    }
    text
}

/// The top-level `name = …` argument names of a `msg!` body.
fn arg_names(body: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut depth = 0;
    let mut in_str = false;
    let mut start = 0;
    let mut parts = Vec::new();
    let mut prev = ' ';
    for (i, c) in body.char_indices() {
        match c {
            '"' if prev != '\\' => in_str = !in_str,
            '(' | '[' | '{' if !in_str => depth += 1,
            ')' | ']' | '}' if !in_str => depth -= 1,
            ',' if !in_str && depth == 0 => {
                parts.push(&body[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        prev = c;
    }
    parts.push(&body[start..]);
    for p in parts.iter().skip(1) {
        if let Some((name, _)) = p.split_once('=') {
            let name = name.trim();
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                names.insert(name.to_string());
            }
        }
    }
    names
}

#[test]
fn every_message_the_code_uses_exists_with_its_arguments() {
    let (en, zh) = (catalogue("en-US"), catalogue("zh-CN"));
    let mut problems = Vec::new();
    let mut uses = 0;
    for (path, text) in sources() {
        for mac in ["msg!(", "tr!("] {
            for (at, _) in text.match_indices(mac) {
                let before = text[..at].chars().next_back().unwrap_or(' ');
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let comment = text[line_start..at].trim_start().starts_with("//");
                if before.is_alphanumeric() || before == '_' || comment {
                    continue;
                }
                // `msg!(` inside `macro_rules!` bodies and docs is not a use.
                let body = call_body(&text[at + mac.len()..]);
                let Some(id) = body
                    .trim_start()
                    .strip_prefix('"')
                    .and_then(|r| r.split('"').next())
                else {
                    continue;
                };
                uses += 1;
                let line = text[..at].matches('\n').count() + 1;
                match en.get(id) {
                    None => problems.push(format!("{path}:{line}: no message `{id}`")),
                    Some(want) => {
                        let got = arg_names(body);
                        let want: BTreeSet<String> = want.union(&zh[id]).cloned().collect();
                        if got != want {
                            problems.push(format!(
                                "{path}:{line}: `{id}` is given {got:?}, the catalogue uses {want:?}"
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(uses > 100, "only {uses} uses of msg!/tr! found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Sources whose diagnostics are still English literals (converted file by file; the
/// list shrinks to nothing): `path<TAB>count`.
fn known_literals() -> BTreeMap<String, usize> {
    fs::read_to_string(root().join("tests/i18n-known.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (p, n) = l.split_once('\t').expect("path<TAB>count");
            (p.to_string(), n.trim().parse().expect("a count"))
        })
        .collect()
}

#[test]
fn no_diagnostic_is_built_from_an_english_literal() {
    let patterns = [
        "Diagnostic::error(format!",
        "Diagnostic::error(\"",
        "Diagnostic::warning(format!",
        "Diagnostic::warning(\"",
        "Diagnostic::note(format!",
        "Diagnostic::note(\"",
        ".hint(format!",
        ".hint(\"",
    ];
    let known = known_literals();
    let mut problems = Vec::new();
    let mut found = BTreeMap::new();
    for (path, text) in sources() {
        // Unit tests build diagnostics of their own.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let squeezed: String = code.split_whitespace().collect::<Vec<_>>().join("");
        let n: usize = patterns
            .iter()
            .map(|p| squeezed.matches(&p.replace(' ', "")).count())
            .sum();
        if n > 0 {
            found.insert(path.clone(), n);
        }
        let allowed = known.get(&path).copied().unwrap_or(0);
        if n > allowed {
            problems.push(format!(
                "{path}: {n} diagnostics built from a literal or format! (known: {allowed}); give them ids (locales/README.md)"
            ));
        }
    }
    for (path, n) in &known {
        if found.get(path).copied().unwrap_or(0) < *n {
            problems.push(format!(
                "{path}: fewer literals than tests/i18n-known.txt says ({n}): lower the count"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Words that may stand in Chinese output: field names, values and commands of the
/// format, and the names of encodings and tools.
const ALLOWED: &[&str] = &[
    // Names of systems and standards, written as they are in Chinese too.
    "windows",
    // Picture formats and their metadata (issue 25), and the phone whose settings say how.
    "jpeg",
    "gif",
    "webp",
    "avif",
    "heic",
    "heif",
    "tiff",
    "exif",
    "xmp",
    "iptc",
    "iphone",
    "series",
    "slug",
    "published",
    "scale",
    "decimals",
    "period",
    "weight",
    "weights",
    "total",
    "bonus",
    "cap",
    "grades",
    "tiers",
    "audience",
    "paper",
    "title",
    "issuer",
    "yaml",
    "md",
    "utf",
    "gbk",
    "gb",
    "le",
    "be",
    "iconv",
    "mv",
    "converted",
    "bulletin",
    "build",
    "check",
    "new",
    "dir",
    "root",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "id",
    "ids",
    "url",
    "https",
    "http",
    "www",
    "example",
    "org",
    "kaohe",
    "png",
    "pdf",
    "docs",
    "format",
    "floor",
    "half",
    "up",
    "ceil",
    "units",
    "people",
    "internet",
    "intranet",
    "notice",
    "board",
    "tab",
    "key",
    "value",
    "of",
    "scores",
    "html",
    "bom",
];

/// The English words of a line of Chinese output: runs of latin letters outside backticks,
/// “quotes”, paths and the quoted source line.
fn english_words(line: &str) -> Vec<String> {
    if line.trim_start().starts_with("-->") || line.contains(" | ") || line.trim() == "|" {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = line.to_string();
    for (open, close) in [('`', '`'), ('“', '”')] {
        let mut kept = String::new();
        let mut inside = false;
        for c in rest.chars() {
            if (!inside && c == open) || (inside && c == close) {
                inside = !inside;
                kept.push(' ');
            } else if !inside {
                kept.push(c);
            }
        }
        rest = kept;
    }
    // An id beside the name it stands for (区财政局（czj）) is code.
    let mut kept = String::new();
    let mut tail = rest.as_str();
    while let Some(open) = tail.find('（') {
        let inner = &tail[open + '（'.len_utf8()..];
        let close = inner.find('）');
        let id = close.map(|c| &inner[..c]).filter(|id| {
            !id.is_empty()
                && id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b))
        });
        match (id, close) {
            (Some(_), Some(c)) => {
                kept.push_str(&tail[..open]);
                kept.push(' ');
                tail = &inner[c + '）'.len_utf8()..];
            }
            _ => {
                kept.push_str(&tail[..open + '（'.len_utf8()]);
                tail = inner;
            }
        }
    }
    kept.push_str(tail);
    let rest = kept;
    let mut after_comma = false;
    for token in rest.split(|c: char| c.is_whitespace() || "，。：；（）、！？".contains(c))
    {
        // A list of ids or field names (`id, name, category`) is code.
        let in_list = after_comma || token.ends_with(',');
        if !token.is_empty() {
            after_comma = token.ends_with(',');
        }
        // A path, a field, a file name or a flag is code.
        if in_list
            || token.contains(['/', '.', '_', '-', ':', '=', '{', '[', '$'])
            || token.chars().any(|c| c.is_ascii_digit())
        {
            continue;
        }
        for word in token.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= 2 && !ALLOWED.contains(&word.to_ascii_lowercase().as_str()) {
                out.push(word.to_string());
            }
        }
    }
    out
}

#[test]
fn the_chinese_errors_of_the_invalid_fixtures_hold_no_english() {
    let dir = root().join("tests/fixtures/invalid");
    let known: BTreeSet<String> = fs::read_to_string(root().join("tests/i18n-english-known.txt"))
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut cases = 0;
    let mut problems = Vec::new();
    let mut passing_known = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let Ok(text) = fs::read_to_string(case.join("expected.zh.txt")) else {
            continue;
        };
        cases += 1;
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let words: Vec<String> = text.lines().flat_map(english_words).collect();
        match (words.is_empty(), known.contains(&name)) {
            (false, false) => problems.push(format!("{name}: {words:?}")),
            (true, true) => passing_known.push(name),
            _ => {}
        }
    }
    // import's Chinese terminal text, pinned beside the English (tests/import.rs).
    for entry in walkdir::WalkDir::new(root().join("tests/fixtures/import/expected")) {
        let path = entry.unwrap().into_path();
        if !path.to_string_lossy().ends_with(".zh.txt") {
            continue;
        }
        cases += 1;
        let text = fs::read_to_string(&path).unwrap();
        let words: Vec<String> = text.lines().flat_map(english_words).collect();
        if !words.is_empty() {
            problems.push(format!("{}: {words:?}", path.display()));
        }
    }
    assert!(cases >= 15, "only {cases} expected.zh.txt files");
    assert!(
        problems.is_empty(),
        "English words in the Chinese errors:\n{}",
        problems.join("\n")
    );
    assert!(
        passing_known.is_empty(),
        "now free of English, take them off tests/i18n-english-known.txt: {passing_known:?}"
    );
}

#[test]
fn the_heuristic_finds_english_and_passes_code() {
    assert_eq!(
        english_words("错误：类别“econ”的指标权重合计为95，应为100"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_words("提示：请添加“weight:”（见 docs/FORMAT.md）"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_words("提示：可用的字段有：id, name, status"),
        Vec::<String>::new()
    );
    assert_eq!(
        english_words("错误：the weights of category `econ` add up"),
        ["the", "category", "add"]
    );
}

/// Run the binary under the locale `lang`; (exit code, stdout + stderr).
fn bulletin_in(lang: &str, args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("BULLETIN_LANG")
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// English words of help text: placeholders in capitals (`<DIR>`, `YYYY-MM-DD`) and
/// command names are code.
fn help_words(text: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "import",
        "serve",
        "workspace",
        "help",
        "javascript",
        "excel",
        "wps",
        "ctrl",
        "zh",
        "en",
    ];
    text.lines()
        .flat_map(english_words)
        .filter(|w| w.chars().any(|c| c.is_ascii_lowercase()))
        .filter(|w| !NAMES.contains(&w.to_ascii_lowercase().as_str()))
        .collect()
}

#[test]
fn the_help_of_every_command_and_usage_errors_are_chinese_under_a_chinese_locale() {
    let commands: &[&[&str]] = &[
        &["--help"],
        &["new", "--help"],
        &["build", "--help"],
        &["check", "--help"],
        &["import", "--help"],
        &["serve", "--help"],
        &["workspace", "--help"],
        &["help"],
        &["buidl"],
        &["build", "--no-such-flag"],
        &["serve", "--port", "x"],
        &["build", "--today", "2025-13-01"],
        &["import"],
    ];
    let mut problems = Vec::new();
    for args in commands {
        let (code, text) = bulletin_in("zh_CN.UTF-8", args);
        let words = help_words(&text);
        if !words.is_empty() {
            problems.push(format!("bulletin {}: {words:?}\n{text}", args.join(" ")));
        }
        let (en_code, en) = bulletin_in("C", args);
        assert_eq!(
            code,
            en_code,
            "bulletin {}: exit codes differ",
            args.join(" ")
        );
        assert!(
            (en.contains("Usage:") || en.contains("error:"))
                && !en.contains("用法")
                && !en.contains("错误"),
            "bulletin {} under LANG=C:\n{en}",
            args.join(" ")
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // `--lang` wins over the locale, both ways.
    let (_, text) = bulletin_in("C", &["--lang", "zh", "--help"]);
    assert!(text.contains("用法："), "{text}");
    let (_, text) = bulletin_in("zh_CN.UTF-8", &["check", "--help", "--lang=en"]);
    assert!(text.contains("Usage:"), "{text}");
}
