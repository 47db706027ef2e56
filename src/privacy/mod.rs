//! What must never reach a public page. Private fields are refused at load whatever
//! their spelling; ID, mobile and bank numbers inside free text are masked as a reader
//! would see them ([`numbers`], [`reader`]), and the build warns where it masked them.

pub mod numbers;
pub mod quick;
pub mod reader;

pub use numbers::digit;
pub use reader::Syntax;

/// Is `key` the name of a field that must never be published?
pub fn is_private_key(key: &str) -> Option<&'static str> {
    let k: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '　'))
        .flat_map(char::to_lowercase)
        .collect();
    const RULES: &[(&[&str], &str)] = &[
        (
            &[
                "身份证",
                "证件号",
                "idnumber",
                "idno",
                "idcard",
                "identity",
                "citizenid",
                "ssn",
            ],
            "an ID number",
        ),
        (
            &[
                "手机",
                "电话",
                "联系方式",
                "phone",
                "mobile",
                "cell",
                "tel",
                "telephone",
            ],
            "a personal phone number",
        ),
        (
            &[
                "住址",
                "家庭地址",
                "地址",
                "居住地",
                "address",
                "homeaddress",
                "residence",
            ],
            "a home address",
        ),
        (
            &[
                "出生",
                "生日",
                "年龄",
                "birth",
                "birthday",
                "birthdate",
                "dob",
                "age",
            ],
            "a birth date",
        ),
        (
            &[
                "缓评原因",
                "缓评理由",
                "deferralreason",
                "deferreason",
                "reasonfordeferral",
                "deferredreason",
            ],
            "a reason for deferral",
        ),
        (
            &["负面清单", "negativelist", "blacklist"],
            "a negative list",
        ),
        (
            &[
                "健康",
                "病假",
                "请假",
                "health",
                "illness",
                "medical",
                "sickleave",
                "leavereason",
            ],
            "health or leave information",
        ),
        (
            &[
                "处分",
                "违纪",
                "discipline",
                "disciplinary",
                "sanction",
                "punishment",
            ],
            "disciplinary status",
        ),
    ];
    // Short latin words must match whole (`age` is not in `average`); longer ones and
    // Chinese words anywhere in the key (`home_address`, `家庭住址`).
    let hits = |w: &&str| {
        if w.is_ascii() && w.len() < 5 {
            k == *w
        } else {
            k.contains(*w)
        }
    };
    RULES
        .iter()
        .find(|(words, _)| words.iter().any(hits))
        .map(|(_, what)| *what)
}

/// The hint every refused private field gets.
/// The kind of private detail named by [`is_private_key`], [`personal_detail`] and the
/// masking, as a phrase of the catalogues.
pub fn kind_message(kind: &str) -> crate::i18n::Message {
    use crate::msg;
    match kind {
        "an ID number" => msg!("private-id-number"),
        "a personal phone number" => msg!("private-phone"),
        "a mobile number" => msg!("private-mobile"),
        "a bank card or account number" => msg!("private-bank"),
        "image metadata" => msg!("private-image-metadata"),
        "a home address" => msg!("private-address"),
        "a birth date" => msg!("private-birth-date"),
        "a reason for deferral" => msg!("private-deferral"),
        "a negative list" => msg!("private-negative-list"),
        "health or leave information" => msg!("private-health"),
        "disciplinary status" => msg!("private-discipline"),
        other => crate::i18n::Message::verbatim(other),
    }
}

pub const PRIVATE_HINT: &str = "remove it from the data: ID numbers, personal phones, home addresses, birth dates, reasons for deferral, health, discipline and negative lists never go on a public page";

/// Something masked in a text: where the masked form stands in the *output* text, and
/// what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    /// Byte offset of the masked form in the masked text.
    pub offset: usize,
    /// Length in characters of the masked form.
    pub len: usize,
    pub what: &'static str,
    /// A code span's backtick stands between its digits: it cannot be masked where it
    /// stands (a code span shows a backslash as it is), so it is refused.
    pub refused: bool,
}

/// Mask ID numbers (18 characters ending in a digit or X, or 15 digits around a date) as
/// 110101********1234, mobile numbers (11 digits from 13–19, with or without +86 or 0086)
/// as 138****1234, and bank card and account numbers (16–19 digits passing the Luhn check
/// or with a card issuer's prefix) as 6222 **** **** 1234, in a text shown as written:
/// in one piece or in groups with spaces or hyphens, in ASCII, full-width or other digits,
/// directly after or before letters (`Tel138…`), with invisible characters or emphasis
/// marks among the digits. Landlines (a leading 0 and an area code), dates, scores and
/// other numbers are left alone.
pub fn mask(text: &str) -> (String, Vec<Masked>) {
    mask_as(text, Syntax::Plain)
}

/// [`mask`] for a content file: a markdown file's front matter as YAML and its body as
/// markdown (emphasis and links among the digits kept where they stand, the stars
/// escaped so that they show as stars); any other file as written.
pub fn mask_file(text: &str, markdown: bool) -> (String, Vec<Masked>) {
    if !markdown {
        return mask(text);
    }
    let body = body_start(text);
    let (mut out, mut found) = mask(&text[..body]);
    let (rest, more) = mask_as(&text[body..], Syntax::Markdown);
    let shift = out.len();
    out.push_str(&rest);
    found.extend(more.into_iter().map(|m| Masked {
        offset: m.offset + shift,
        ..m
    }));
    (out, found)
}

/// Where a markdown file's body starts: after its front matter's closing `---`, or at 0.
fn body_start(text: &str) -> usize {
    let fence = |line: &str| line.trim_end() == "---";
    let mut lines = text.split_inclusive('\n');
    if !lines.next().is_some_and(fence) {
        return 0;
    }
    let mut offset = text.split_inclusive('\n').next().map_or(0, str::len);
    for line in lines {
        offset += line.len();
        if fence(line) {
            return offset;
        }
    }
    0
}

/// [`mask`] for a text in `syntax`.
///
/// A number with markup among its digits (`138**1234**5678`, `[139](tel:…)23456789`) is
/// masked whole, the markup inside it left out, when that leaves the markup around it
/// whole: the marks inside pair up, or do once the marks right before or after the number
/// are taken in. Otherwise masking would cut through the markup (or through a code span,
/// which shows stars and backslashes as they are), and the number is refused instead.
pub fn mask_as(text: &str, syntax: Syntax) -> (String, Vec<Masked>) {
    let hits = numbers::find(reader::tokens(text, syntax));
    if hits.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let code = if syntax == Syntax::Markdown {
        code_regions(text)
    } else {
        Vec::new()
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut found = Vec::with_capacity(hits.len());
    let mut copied = 0;
    for h in hits {
        let (start, end, whole) = match syntax {
            Syntax::Markdown if h.split => markup_whole(text, h.start, h.end),
            _ => (h.start, h.end, true),
        };
        let start = start.max(copied);
        out.push_str(&text[copied..start]);
        let offset = out.len();
        // A backslash escapes a star in markdown, but shows as it is in code.
        let star = if syntax == Syntax::Markdown && !code.iter().any(|r| r.contains(&h.start)) {
            "\\*"
        } else {
            "*"
        };
        for c in h.masked.chars() {
            if c == '*' {
                out.push_str(star);
            } else {
                out.push(c);
            }
        }
        found.push(Masked {
            offset,
            len: out[offset..].chars().count(),
            what: h.what,
            refused: h.code || !whole,
        });
        copied = end;
    }
    out.push_str(&text[copied..]);
    (out, found)
}

/// The range of a number with markdown marks among its digits, widened over the marks
/// right before and after it, so that the marks inside it pair up: (start, end, whether
/// they do).
fn markup_whole(text: &str, start: usize, end: usize) -> (usize, usize, bool) {
    // Marks pair up by runs: `**` opens, the next `**` closes.
    let paired = |s: &str| {
        let runs = |c: char| {
            s.char_indices()
                .filter(|&(i, x)| x == c && !s[..i].ends_with(c))
                .count()
        };
        let n = |c: char| s.chars().filter(|&x| x == c).count();
        runs('*') % 2 == 0 && runs('_') % 2 == 0 && runs('~') % 2 == 0 && n('[') == n(']')
    };
    if paired(&text[start..end]) {
        return (start, end, true);
    }
    let marks = |c: char| matches!(c, '*' | '_' | '~');
    let before = text[..start].trim_end_matches(|c| marks(c) || c == '[');
    let mut after = end + text[end..].len() - text[end..].trim_start_matches(marks).len();
    if text[after..].starts_with(']') {
        let target = text[after + 1..]
            .find(')')
            .filter(|_| text[after + 1..].starts_with('('))
            .map_or(0, |i| i + 1);
        after += 1 + target;
    }
    let start = before.len();
    (start, after, paired(&text[start..after]))
}

/// The byte ranges of a markdown text that are code (fenced blocks and code spans), where
/// a backslash shows as it is.
fn code_regions(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut regions = Vec::new();
    let mut fence: Option<(usize, &str)> = None;
    let mut offset = 0;
    let mut paragraph = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start_matches(' ');
        let marker = ["```", "~~~"].into_iter().find(|m| t.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some((offset, m)),
            (Some((start, m)), Some(n)) if m == n => {
                regions.push(start..offset + line.len());
                fence = None;
            }
            _ => {}
        }
        if fence.is_none() && line.trim().is_empty() {
            spans(&text[paragraph..offset], paragraph, &mut regions);
            paragraph = offset + line.len();
        }
        offset += line.len();
    }
    match fence {
        Some((start, _)) => regions.push(start..text.len()),
        None => spans(&text[paragraph..], paragraph, &mut regions),
    }
    regions
}

/// The code spans of a paragraph: a run of backticks to the next run of the same length.
fn spans(p: &str, base: usize, regions: &mut Vec<std::ops::Range<usize>>) {
    let b = p.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'`' {
            i += 1;
            continue;
        }
        let n = b[i..].iter().take_while(|&&c| c == b'`').count();
        let mut j = i + n;
        let mut close = None;
        while j < b.len() {
            if b[j] == b'`' {
                let m = b[j..].iter().take_while(|&&c| c == b'`').count();
                if m == n {
                    close = Some(j + m);
                    break;
                }
                j += m;
            } else {
                j += 1;
            }
        }
        match close {
            Some(end) => {
                regions.push(base + i..base + end);
                i = end;
            }
            None => i += n,
        }
    }
}

/// Does a person's field hold what looks like a birth date or a home address? The
/// reason, for the error, if so.
pub fn personal_detail(text: &str) -> Option<&'static str> {
    const BIRTH: &[&str] = &["出生", "生于", "生日", "出生年月", "born", "birth"];
    const HOME: &[&str] = &["家住", "住址", "居住", "住在", "家庭地址", "现住"];
    let lower = text.to_lowercase();
    if BIRTH.iter().any(|w| lower.contains(w)) {
        return Some("a birth date");
    }
    if HOME.iter().any(|w| text.contains(w)) {
        return Some("a home address");
    }
    // A street address: 路/街/巷/道 followed by a house number, or a flat in an estate.
    let chars: Vec<char> = text.chars().collect();
    for (k, c) in chars.iter().enumerate() {
        if matches!(c, '路' | '街' | '巷' | '弄' | '道') {
            let rest: String = chars[k + 1..].iter().take(8).collect();
            let digits = rest.chars().take_while(|c| digit(*c).is_some()).count();
            if digits > 0 && rest.chars().nth(digits) == Some('号') {
                return Some("a home address");
            }
        }
    }
    let estate = ["小区", "花园", "公寓", "新村", "家园"]
        .iter()
        .any(|w| text.contains(w));
    let flat = ["栋", "幢", "单元", "号楼", "室"]
        .iter()
        .any(|w| text.contains(w));
    if estate && flat {
        return Some("a home address");
    }
    // A full date of a year long past: 1985年3月12日, 1985-03-12, 1985.03.12.
    if let Some(year) = full_date_year(&chars)
        && (1930..=2007).contains(&year)
    {
        return Some("a birth date");
    }
    None
}

/// The year of the first full date (year, month and day) written in `chars`.
fn full_date_year(chars: &[char]) -> Option<u32> {
    let s: String = chars
        .iter()
        .map(|&c| match digit(c) {
            Some(d) => char::from(b'0' + d),
            None => c,
        })
        .collect();
    let b: Vec<char> = s.chars().collect();
    let mut k = 0;
    while k + 4 <= b.len() {
        let year: String = b[k..k + 4].iter().collect();
        let boundary = k == 0 || !b[k - 1].is_ascii_digit();
        if boundary && year.chars().all(|c| c.is_ascii_digit()) {
            let tail: String = b[k + 4..].iter().take(7).collect();
            let mut t = tail.chars().peekable();
            let sep = t.next();
            let month: String = t.by_ref().take_while(char::is_ascii_digit).collect();
            let ok_sep = matches!(sep, Some('年' | '-' | '.' | '/'));
            if ok_sep && (1..=2).contains(&month.len()) {
                let rest: String = tail.chars().skip(1 + month.len() + 1).collect();
                let day = rest.chars().take_while(char::is_ascii_digit).count();
                if (1..=2).contains(&day) {
                    return year.parse().ok();
                }
            }
        }
        k += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_keys_in_any_spelling() {
        for k in [
            "身份证号",
            "id_number",
            "ID-Card",
            "手机",
            "phone",
            "Mobile",
            "家庭住址",
            "birth_date",
            "出生日期",
            "deferral_reason",
            "缓评原因",
            "负面清单",
            "negative_list",
            "病假原因",
        ] {
            assert!(is_private_key(k).is_some(), "{k}");
        }
        for k in [
            "name",
            "post",
            "unit",
            "scores",
            "reason",
            "note",
            "category",
            "title",
            "average",
            "excellent",
            "stage",
        ] {
            assert_eq!(is_private_key(k), None, "{k}");
        }
    }

    /// Every form of issue 8: (written, masked).
    pub(crate) const FORMS: &[(&str, &str)] = &[
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("110105194912310021", "110105********0021"),
        ("110105491231002", "110105*****1002"),
        ("110105 19491231 002X", "110105********002X"),
        ("110105-1949-1231-002X", "110105********002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "110105********002X"),
        ("13812345678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("+8613812345678", "+86 138****5678"),
        ("+86 138 1234 5678", "+86 138****5678"),
        ("0086-13812345678", "0086 138****5678"),
        ("１３８１２３４５６７８", "138****5678"),
        ("１３８－１２３４－５６７８", "138****5678"),
        ("138\u{3000}1234\u{3000}5678", "138****5678"),
    ];

    #[test]
    fn masks_every_form_in_every_surrounding() {
        for (written, masked) in FORMS {
            for (before, after) in [
                ("", ""),
                ("电话", "。"),
                ("No", ""),
                ("Tel", "x"),
                ("（", "）"),
            ] {
                let (t, m) = mask(&format!("{before}{written}{after}"));
                assert_eq!(t, format!("{before}{masked}{after}"), "{written}");
                assert_eq!(m.len(), 1, "{written}");
                assert_eq!(&t[m[0].offset..m[0].offset + m[0].len], *masked);
            }
        }
    }

    /// Issue 25: forms the first corpus never planted. (written, masked)
    const MORE_FORMS: &[(&str, &str)] = &[
        ("138\u{200b}1234\u{200b}5678", "138****5678"),
        ("138\u{200d}1234\u{ad}5678", "138****5678"),
        ("\u{feff}13812345678", "\u{feff}138****5678"),
        ("110105\u{2060}19491231\u{200c}002X", "110105********002X"),
        ("138\u{200b} 1234 \u{200b}5678", "138****5678"),
        ("一三八一二三四五六七八", "138****5678"),
        ("幺三八 幺二三四 五六七八", "138****5678"),
        ("\u{1d7cf}\u{1d7d1}\u{1d7d6}12345678", "138****5678"),
        ("138 - 1234 - 5678", "138****5678"),
        ("138\n1234\n5678", "138****5678"),
        ("6222021234567890123", "6222 **** **** *** 0123"),
        ("6222 0212 3456 7890 123", "6222 **** **** *** 0123"),
        ("6222-0212-3456-7890", "6222 **** **** 7890"),
        ("６２２２０２１２３４５６７８９０", "6222 **** **** 7890"),
        ("4111111111111111", "4111 **** **** 1111"),
        ("4111 1111 1111 1111", "4111 **** **** 1111"),
        ("622202 1234567890123", "6222 **** **** *** 0123"),
    ];

    #[test]
    fn masks_invisible_splits_numerals_and_bank_numbers() {
        for (written, masked) in MORE_FORMS {
            for (before, after) in [("", ""), ("卡号", "。"), ("账户：", "（工行）")] {
                let (t, m) = mask(&format!("{before}{written}{after}"));
                assert_eq!(t, format!("{before}{masked}{after}"), "{written:?}");
                assert_eq!(m.len(), 1, "{written:?}");
            }
        }
    }

    #[test]
    fn leaves_scores_ranks_dates_and_document_numbers() {
        for text in [
            "总分 92.50 88.75 95.00 90.25",
            "第1名 第2名 第3名 并列第4名",
            "2025年1月6日至1月10日",
            "2025-04-03 2025-04-09",
            "望川考办〔2025〕21号",
            "订单1234567812345671",
            "1234 5678 9012 3456",
            "一二三四五六七八九十",
            "6222 0212 3456",
            "人数 13 81 23 45 67 8",
        ] {
            let (t, m) = mask(text);
            assert_eq!((t.as_str(), m.len()), (text, 0), "{text}");
        }
    }

    #[test]
    fn markdown_masks_with_stars_that_stay_stars() {
        for (written, masked) in [
            // Two masked numbers in a paragraph must not become emphasis.
            (
                "手机13812345678、13987654321",
                "手机138\\*\\*\\*\\*5678、139\\*\\*\\*\\*4321",
            ),
            // Split by emphasis or a link: masked whole, the marks inside left out.
            ("电话138**1234**5678", "电话138\\*\\*\\*\\*5678"),
            ("[138](tel:x)12345678", "138\\*\\*\\*\\*5678"),
            ("138_1234_5678", "138\\*\\*\\*\\*5678"),
            (
                "卡号**6222 0298** 7654 3210 123",
                "卡号6222 \\*\\*\\*\\* \\*\\*\\*\\* \\*\\*\\* 0123",
            ),
            // Emphasis around the whole number stays.
            ("**13812345678**", "**138\\*\\*\\*\\*5678**"),
            // References are read as the page shows them.
            ("138&#8203;1234&shy;5678", "138\\*\\*\\*\\*5678"),
            ("&#49;3812345678", "138\\*\\*\\*\\*5678"),
            // In code, a backslash shows: plain stars.
            ("`13812345678`", "`138****5678`"),
            ("```\n13812345678\n```\n", "```\n138****5678\n```\n"),
        ] {
            let (t, m) = mask_as(written, Syntax::Markdown);
            assert_eq!(t, masked, "{written}");
            assert!(!m.is_empty() && m.iter().all(|m| !m.refused), "{written}");
            let html = crate::render::markdown::to_html(&t);
            assert!(!html.contains("<strong><strong>"), "{html}");
            assert!(html.contains("****"), "{html}");
        }
        // What masking would cut through is refused.
        for cut in ["138`1234`5678", "**电话138**12345678"] {
            let (_, m) = mask_as(cut, Syntax::Markdown);
            assert!(m[0].refused, "{cut}");
        }
        // The front matter of a markdown file is YAML: its stars are stars.
        let (t, _) = mask_file("---\ntitle: 13812345678\n---\n正文13812345678\n", true);
        assert_eq!(t, "---\ntitle: 138****5678\n---\n正文138\\*\\*\\*\\*5678\n");
    }

    /// Random texts of the characters the readers treat specially: no panic, and every
    /// masked range lands on character boundaries, in every syntax.
    #[test]
    fn any_text_is_read_without_panic() {
        const ALPHABET: &[&str] = &[
            "1",
            "3",
            "8",
            "6",
            "0",
            "X",
            "+",
            " ",
            "-",
            "\n",
            "*",
            "**",
            "_",
            "~",
            "`",
            "[",
            "]",
            "(",
            ")",
            "](",
            "&",
            "&#",
            ";",
            "&#49;",
            "&shy;",
            "<",
            ">",
            "</",
            "<!--",
            "-->",
            "\"",
            "'",
            "=",
            "\\",
            "\\u200b",
            "\u{200b}",
            "一",
            "三",
            "八",
            "幺",
            "１",
            "电话",
            "<a title=\"",
            "<script>",
            "</script>",
            "<![CDATA[",
            "]]>",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let n = (next() % 60) as usize;
            let text: String = (0..n)
                .map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize])
                .collect();
            for syntax in [
                Syntax::Plain,
                Syntax::Markdown,
                Syntax::Markup,
                Syntax::Json,
            ] {
                let (out, found) = mask_as(&text, syntax);
                for m in found {
                    assert!(out.is_char_boundary(m.offset), "{text:?}");
                }
                let _ = numbers::find(reader::tokens(&text, syntax));
            }
            let _ = mask_file(&text, true);
        }
    }

    #[test]
    fn leaves_landlines_dates_and_other_numbers() {
        for text in [
            "办公室0000-12345678",
            "（0571）8888 6666",
            "010-12345678",
            "+86 571 8888 6666",
            "2025-04-03",
            "望川考办〔2025〕7号",
            "138123456789",
            "1381234567",
            "12345678901",
            "得分 92 88 95 90",
            "编号123456789012345",
        ] {
            let (t, m) = mask(text);
            assert_eq!((t.as_str(), m.len()), (text, 0), "{text}");
        }
    }

    #[test]
    fn finds_a_number_among_other_groups() {
        let (t, _) = mask("2025 13812345678");
        assert_eq!(t, "2025 138****5678");
        let (t, _) = mask("138 1234 5678 9");
        assert_eq!(t, "138****5678 9");
        let (t, m) = mask("手机13812345678、13987654321");
        assert_eq!(t, "手机138****5678、139****4321");
        assert_eq!(m.len(), 2);
    }

    #[test]
    fn personal_details_in_a_persons_field() {
        for text in [
            "1985年3月12日出生",
            "家住幸福小区3栋201室",
            "望川路88号",
            "生于1979年",
            "1979-05-06",
        ] {
            assert!(personal_detail(text).is_some(), "{text}");
        }
        for text in ["科员", "区财政局预算科", "2025年3月获评", "扎根基层二十年"]
        {
            assert_eq!(personal_detail(text), None, "{text}");
        }
    }
}
