//! What must never reach a public page. Private fields are refused at load whatever
//! their spelling; ID numbers and mobile numbers inside free text are masked, and the
//! build warns where it masked them.

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
    /// Length in characters of the masked form (it is ASCII, so also in bytes).
    pub len: usize,
    pub what: &'static str,
}

/// A digit as people write it: ASCII or full-width (０–９).
fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// A character that may stand between the digit groups of a number written for reading:
/// `138 1234 5678`, `138-1234-5678`, `110101 19900307 1234`.
fn separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{3000}' | '\u{a0}' | '-' | '－' | '‐' | '‑' | '‒' | '–' | '—' | '―'
    )
}

/// A run of digit groups: the characters it covers and the digits it holds, by group.
struct Run {
    /// Byte range in the text.
    start: usize,
    end: usize,
    /// Each group's digits; `X` as 10 (only ever last, for an ID number).
    groups: Vec<Vec<u8>>,
    /// Byte offset where each group ends.
    ends: Vec<usize>,
    /// `+` written before the first digit (`+86`).
    plus: bool,
}

impl Run {
    fn digits(&self) -> Vec<u8> {
        self.groups.concat()
    }

    fn lens(&self) -> Vec<usize> {
        self.groups.iter().map(Vec::len).collect()
    }

    /// The run of its first `k` groups.
    fn first(&self, k: usize) -> Run {
        Run {
            start: self.start,
            end: self.ends[k - 1],
            groups: self.groups[..k].to_vec(),
            ends: self.ends[..k].to_vec(),
            plus: self.plus,
        }
    }
}

/// Read the longest run of digit groups starting at byte `i` (which holds a digit).
fn run_at(text: &str, i: usize, plus: bool) -> Run {
    let mut groups: Vec<Vec<u8>> = vec![Vec::new()];
    let mut ends = vec![i];
    let mut end = i;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        if let Some(d) = digit(c) {
            groups.last_mut().expect("never empty").push(d);
            end = i + off + c.len_utf8();
            *ends.last_mut().expect("never empty") = end;
        } else if matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ')
            && groups.iter().map(Vec::len).sum::<usize>() == 17
        {
            groups.last_mut().expect("never empty").push(10);
            end = i + off + c.len_utf8();
            *ends.last_mut().expect("never empty") = end;
            break;
        } else if separator(c) && chars.peek().is_some_and(|&(_, n)| digit(n).is_some()) {
            groups.push(Vec::new());
            ends.push(end);
        } else {
            break;
        }
    }
    Run {
        start: if plus {
            i - text[..i].chars().next_back().map_or(0, char::len_utf8)
        } else {
            i
        },
        end,
        groups,
        ends,
        plus,
    }
}

fn is_mobile(d: &[u8]) -> bool {
    d.len() == 11 && d[0] == 1 && (3..=9).contains(&d[1])
}

/// A plausible YYMMDD or YYYYMMDD birth date inside an ID number.
fn plausible_date(d: &[u8]) -> bool {
    let n = |s: &[u8]| s.iter().fold(0u32, |a, &x| a * 10 + u32::from(x));
    let (month, day) = match d.len() {
        6 => (n(&d[2..4]), n(&d[4..6])),
        8 => {
            let year = n(&d[..4]);
            if !(1900..=2099).contains(&year) {
                return false;
            }
            (n(&d[4..6]), n(&d[6..8]))
        }
        _ => return false,
    };
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// The ways people group a number for reading; anything else separated is not one number.
fn grouped_as(lens: &[usize], shapes: &[&[usize]]) -> bool {
    lens.len() == 1 || shapes.contains(&lens)
}

/// What a run is, and its masked form, if it is personal.
fn classify(run: &Run) -> Option<(String, &'static str)> {
    let d = run.digits();
    if d.iter().take(d.len().saturating_sub(1)).any(|&x| x == 10) {
        return None;
    }
    let text = |s: &[u8]| -> String {
        s.iter()
            .map(|&x| if x == 10 { 'X' } else { char::from(b'0' + x) })
            .collect()
    };
    let lens = run.lens();
    // 18-character ID numbers, with or without a valid check digit (a wrong one is a typo,
    // not a sign that the number is something else).
    if d.len() == 18 && grouped_as(&lens, &[&[6, 8, 4], &[6, 4, 4, 4], &[6, 12]]) {
        return Some((
            format!("{}********{}", text(&d[..6]), text(&d[14..])),
            "an ID number",
        ));
    }
    // 15-digit IDs of before 1999: area, YYMMDD, sequence.
    if d.len() == 15 && !run.plus && plausible_date(&d[6..12]) && grouped_as(&lens, &[&[6, 6, 3]]) {
        return Some((
            format!("{}*****{}", text(&d[..6]), text(&d[11..])),
            "an ID number",
        ));
    }
    let mobile_shapes: &[&[usize]] = &[&[3, 4, 4], &[3, 8], &[7, 4]];
    if !run.plus && is_mobile(&d) && grouped_as(&lens, mobile_shapes) {
        return Some((
            format!("{}****{}", text(&d[..3]), text(&d[7..])),
            "a mobile number",
        ));
    }
    // With the country code: +86 138…, 0086-138…, 86 138 1234 5678.
    for prefix in [&[8u8, 6][..], &[0, 0, 8, 6][..]] {
        if d.len() == prefix.len() + 11 && d.starts_with(prefix) && is_mobile(&d[prefix.len()..]) {
            let first = lens[0];
            let rest = &lens[1..];
            let shaped = lens.len() == 1
                || (first == prefix.len() && (rest.len() == 1 || mobile_shapes.contains(&rest)));
            if shaped && (run.plus || prefix.len() == 4 || lens.len() > 1) {
                let m = &d[prefix.len()..];
                let lead = if run.plus { "+" } else { "" };
                return Some((
                    format!(
                        "{lead}{} {}****{}",
                        text(prefix),
                        text(&m[..3]),
                        text(&m[7..])
                    ),
                    "a mobile number",
                ));
            }
        }
    }
    None
}

/// Mask ID numbers (18 characters ending in a digit or X, or 15 digits around a date) as
/// 110101********1234, and mobile numbers (11 digits from 13–19, with or without +86 or
/// 0086) as 138****1234: written in one piece or in groups with spaces or hyphens, in
/// ASCII or full-width digits, and also directly after or before letters (`Tel138…`).
/// Landlines (a leading 0 and an area code) and other numbers are left alone.
pub fn mask(text: &str) -> (String, Vec<Masked>) {
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    let mut prev_digit = false;
    while i < text.len() {
        let c = text[i..].chars().next().expect("in bounds");
        if digit(c).is_none() || prev_digit {
            prev_digit = digit(c).is_some();
            i += c.len_utf8();
            continue;
        }
        let plus = text[..i].ends_with(['+', '＋']);
        // The longest leading groups that make a personal number: `2025 138 1234 5678`
        // holds one after its first group, `138 1234 5678 9` before its last.
        let tries: &[bool] = if plus { &[true, false] } else { &[false] };
        let hit = tries.iter().find_map(|&p| {
            let run = run_at(text, i, p);
            (1..=run.groups.len())
                .rev()
                .find_map(|k| classify(&run.first(k)).map(|m| (run.first(k), m)))
        });
        let next = if let Some((run, (masked, what))) = hit {
            out.push_str(&text[copied..run.start]);
            found.push(Masked {
                offset: out.len(),
                len: masked.len(),
                what,
            });
            out.push_str(&masked);
            copied = run.end;
            run.end
        } else {
            // Not a number of its own: go on after its first group.
            run_at(text, i, false).ends[0]
        };
        i = next.max(i + c.len_utf8());
        prev_digit = text[..i]
            .chars()
            .next_back()
            .is_some_and(|c| digit(c).is_some());
    }
    out.push_str(&text[copied..]);
    (out, found)
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
