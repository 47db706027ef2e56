//! The front matter of a bulletin's `index.md` as a form: the fields a person fills in
//! each month (title, period, series, published, basis, draft, the notice period and its
//! contact, the `document:` fields), read from the YAML and written back into it.
//!
//! Writing changes only the top-level keys whose value the form changed, each written
//! again whole in the shape `bulletin import` and the docs use; every other line (other
//! keys such as `revisions:`, comments, the order) stays as it was, so that a save
//! changes what the person changed and nothing else.

use serde::{Deserialize, Serialize};

use crate::import::write::scalar;

/// The form, every field as text (empty: not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub title: String,
    pub period: String,
    pub series: String,
    pub published: String,
    pub basis: String,
    pub draft: bool,
    pub notice_from: String,
    pub notice_to: String,
    pub phone: String,
    pub address: String,
    pub email: String,
    pub number: String,
    pub to: String,
    /// 抄送, one a line.
    pub cc: String,
    pub signer: String,
    pub date: String,
    /// 附件说明, one a line.
    pub attachments: String,
    pub red_header: bool,
    pub header: String,
}

/// The keys the form writes, in the order they are written when new.
const KEYS: &[&str] = &[
    "title",
    "period",
    "series",
    "published",
    "basis",
    "draft",
    "notice",
    "document",
];

/// A YAML value read loosely: text, a flag, a list or a map, whatever the key.
#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum Loose {
    Flag(bool),
    Text(String),
    List(Vec<Loose>),
    Map(std::collections::BTreeMap<String, Loose>),
    #[default]
    None,
}

impl Loose {
    fn text(&self) -> String {
        match self {
            Loose::Text(t) => t.clone(),
            Loose::Flag(b) => b.to_string(),
            _ => String::new(),
        }
    }
    fn get(&self, key: &str) -> &Loose {
        static NONE: Loose = Loose::None;
        match self {
            Loose::Map(m) => m.get(key).unwrap_or(&NONE),
            _ => &NONE,
        }
    }
    fn lines(&self) -> String {
        match self {
            Loose::List(items) => items.iter().map(Loose::text).collect::<Vec<_>>().join("\n"),
            other => other.text(),
        }
    }
}

/// An `index.md` split: the front matter's text (without its `---` lines) and the body.
/// `None` when the file does not open with a front matter.
pub fn split(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("\u{feff}")
        .unwrap_or(text)
        .strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..at], &rest[at + line.len()..]));
        }
        at += line.len();
    }
    None
}

/// The form of a front matter's text (fields it cannot read are left empty: `check` says
/// what is wrong with them).
pub fn read(front: &str) -> Form {
    let map: std::collections::BTreeMap<String, Loose> =
        serde_saphyr::from_str(front).unwrap_or_default();
    let get = |k: &str| map.get(k).unwrap_or(&Loose::None);
    let (notice, document) = (get("notice"), get("document"));
    let contact = notice.get("contact");
    Form {
        title: get("title").text(),
        period: get("period").text(),
        series: get("series").text(),
        published: get("published").text(),
        basis: get("basis").text(),
        draft: matches!(get("draft"), Loose::Flag(true)),
        notice_from: notice.get("from").text(),
        notice_to: notice.get("to").text(),
        phone: contact.get("phone").text(),
        address: contact.get("address").text(),
        email: contact.get("email").text(),
        number: document.get("number").text(),
        to: document.get("to").text(),
        cc: document.get("cc").lines(),
        signer: document.get("signer").text(),
        date: document.get("date").text(),
        attachments: document.get("attachments").lines(),
        red_header: matches!(document.get("red_header"), Loose::Flag(true)),
        header: document.get("header").text(),
    }
}

/// A date as YAML reads it back as the same text: plain when it is one.
fn value(text: &str) -> String {
    let t = text.trim();
    let date = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if date || Period::is(t) {
        t.to_string()
    } else {
        scalar(t)
    }
}

struct Period;
impl Period {
    /// `2025-03`, `2025-Q1`, `2025-H1`, `2025`: plain, as every example writes them.
    fn is(t: &str) -> bool {
        crate::model::Period::parse(t).is_some() && t.is_ascii()
    }
}

fn list(items: &str) -> Vec<String> {
    items
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(value)
        .collect()
}

/// The block of one top-level key as the form says it, or `None` to leave the key out.
fn block(key: &str, f: &Form) -> Option<String> {
    let simple = |v: &str| (!v.trim().is_empty()).then(|| format!("{key}: {}\n", value(v)));
    match key {
        "title" | "period" | "series" | "published" => {
            let v = match key {
                "title" => &f.title,
                "period" => &f.period,
                "series" => &f.series,
                _ => &f.published,
            };
            Some(simple(v).unwrap_or_else(|| format!("{key}: \"\"\n")))
        }
        "basis" => simple(&f.basis),
        "draft" => f.draft.then(|| "draft: true\n".to_string()),
        "notice" => {
            let contact = [
                ("phone", &f.phone),
                ("address", &f.address),
                ("email", &f.email),
            ];
            let any_contact = contact.iter().any(|(_, v)| !v.trim().is_empty());
            if f.notice_from.trim().is_empty() && f.notice_to.trim().is_empty() && !any_contact {
                return None;
            }
            let mut s = format!(
                "notice:\n  from: {}\n  to: {}\n",
                value(&f.notice_from),
                value(&f.notice_to)
            );
            if any_contact {
                s.push_str("  contact:\n");
                for (k, v) in contact.iter().filter(|(_, v)| !v.trim().is_empty()) {
                    s.push_str(&format!("    {k}: {}\n", value(v)));
                }
            }
            Some(s)
        }
        "document" => {
            let mut s = String::new();
            for (k, v) in [("number", &f.number), ("to", &f.to)] {
                if !v.trim().is_empty() {
                    s.push_str(&format!("  {k}: {}\n", value(v)));
                }
            }
            let cc = list(&f.cc);
            if !cc.is_empty() {
                s.push_str(&format!("  cc: [{}]\n", cc.join(", ")));
            }
            for (k, v) in [("signer", &f.signer), ("date", &f.date)] {
                if !v.trim().is_empty() {
                    s.push_str(&format!("  {k}: {}\n", value(v)));
                }
            }
            let attachments = list(&f.attachments);
            if !attachments.is_empty() {
                s.push_str(&format!("  attachments: [{}]\n", attachments.join(", ")));
            }
            if f.red_header {
                s.push_str("  red_header: true\n");
            }
            if !f.header.trim().is_empty() {
                s.push_str(&format!("  header: {}\n", value(&f.header)));
            }
            (!s.is_empty()).then(|| format!("document:\n{s}"))
        }
        _ => None,
    }
}

/// The top-level key a line opens, if it opens one.
fn key_of(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    (!key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'))
    .then_some(key)
}

/// The front matter `front` with the form's changes: the keys whose value changed are
/// written again, the others kept as they are, line for line.
pub fn write(front: &str, form: &Form) -> String {
    let before = read(front);
    // Lines grouped by the top-level key they belong to (`None`: comments and blank
    // lines between keys, kept where they are).
    let mut blocks: Vec<(Option<String>, String)> = Vec::new();
    for line in front.split_inclusive('\n') {
        let indented = line.starts_with([' ', '\t']);
        match key_of(line) {
            Some(k) if !indented => blocks.push((Some(k.to_string()), line.to_string())),
            _ if indented && blocks.last().is_some_and(|b| b.0.is_some()) => {
                blocks.last_mut().expect("checked").1.push_str(line);
            }
            _ => blocks.push((None, line.to_string())),
        }
    }
    if let Some(last) = blocks.last_mut()
        && !last.1.ends_with('\n')
    {
        last.1.push('\n');
    }
    for key in KEYS {
        let old = block(key, &before);
        let new = block(key, form);
        if old == new {
            continue;
        }
        let at = blocks.iter().position(|b| b.0.as_deref() == Some(key));
        match (at, new) {
            (Some(i), Some(text)) => blocks[i].1 = text,
            (Some(i), None) => {
                blocks.remove(i);
            }
            (None, Some(text)) => {
                // After the last key written before it in KEYS, else at the end.
                let order = KEYS.iter().position(|k| k == key).unwrap_or(0);
                let after = blocks.iter().rposition(|b| {
                    b.0.as_deref()
                        .and_then(|k| KEYS.iter().position(|x| *x == k))
                        .is_some_and(|p| p < order)
                });
                let i = after.map_or(blocks.len(), |i| i + 1);
                blocks.insert(i, (Some(key.to_string()), text));
            }
            (None, None) => {}
        }
    }
    blocks.into_iter().map(|b| b.1).collect()
}

/// A whole `index.md` again: the front matter with the form's changes, then `body`.
pub fn compose(index: &str, form: &Form, body: &str) -> Option<String> {
    let (front, _) = split(index)?;
    Some(format!("---\n{}---\n{body}", write(front, form)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRONT: &str = "title: 关于2025年3月考核结果的公示\nperiod: 2025-03\nseries: units-monthly\npublished: 2025-04-03\n# 公示期\nnotice:\n  from: 2025-04-03\n  to: 2025-04-09\n  contact: { phone: 0000-12345678, address: 行政中心301室 }\nrevisions:\n  - file: revisions/2025-04-03.scores.yaml\n    corrected: 2025-04-05\n    reason: 复核\n";

    #[test]
    fn an_unchanged_form_changes_nothing() {
        let form = read(FRONT);
        assert_eq!(form.phone, "0000-12345678");
        assert_eq!(form.notice_to, "2025-04-09");
        assert_eq!(write(FRONT, &form), FRONT);
    }

    #[test]
    fn only_the_changed_keys_are_written_again() {
        let mut form = read(FRONT);
        form.title = "关于2025年3月考核结果的公示（修订）".into();
        form.number = "望川考办〔2025〕9号".into();
        form.cc = "区委办公室\n区政府办公室".into();
        form.red_header = true;
        let out = write(FRONT, &form);
        assert!(out.starts_with("title: 关于2025年3月考核结果的公示（修订）\nperiod: 2025-03\n"));
        assert!(out.contains("  contact: { phone: 0000-12345678, address: 行政中心301室 }\n"));
        assert!(out.contains("revisions:\n  - file: revisions/2025-04-03.scores.yaml\n"));
        // A new key goes after those the form writes before it (here `notice:`).
        assert!(out.contains(
            "行政中心301室 }\ndocument:\n  number: 望川考办〔2025〕9号\n  cc: [区委办公室, 区政府办公室]\n  red_header: true\nrevisions:\n"
        ), "{out}");
        assert_eq!(read(&out), form);
    }

    #[test]
    fn a_notice_can_be_added_and_taken_out() {
        let front = "title: 通报\nperiod: 2025-07\nseries: s\npublished: \"待填写：发布日期（YYYY-MM-DD）\"\nbasis: 办法\n";
        let mut form = read(front);
        form.published = "2025-08-05".into();
        form.notice_from = "2025-08-05".into();
        form.notice_to = "2025-08-11".into();
        form.phone = "0000-1234".into();
        let out = write(front, &form);
        assert_eq!(
            out,
            "title: 通报\nperiod: 2025-07\nseries: s\npublished: 2025-08-05\nbasis: 办法\nnotice:\n  from: 2025-08-05\n  to: 2025-08-11\n  contact:\n    phone: \"0000-1234\"\n"
        );
        let mut none = read(&out);
        none.notice_from.clear();
        none.notice_to.clear();
        none.phone.clear();
        assert!(!write(&out, &none).contains("notice"));
    }

    #[test]
    fn index_md_splits_at_its_front_matter() {
        let (front, body) = split("---\ntitle: x\n---\n正文\n").unwrap();
        assert_eq!((front, body), ("title: x\n", "正文\n"));
        assert!(split("no front matter").is_none());
    }
}
