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
pub const PRIVATE_HINT: &str = "remove it from the data: ID numbers, personal phones, home addresses, birth dates, reasons for deferral, health, discipline and negative lists never go on a public page";

/// Something masked in a text: its byte offset in the original and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Masked {
    pub offset: usize,
    /// Length in bytes (the numbers are ASCII, so also in characters).
    pub len: usize,
    pub what: &'static str,
}

/// Mask 18-digit ID numbers with a valid check digit (110101********1234) and 11-digit
/// mobile numbers (138****1234) in free text. Landlines and other numbers are left alone.
pub fn mask(text: &str) -> (String, Vec<Masked>) {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut found = Vec::new();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        // An ID number may end in X.
        let end = if j - i == 17 && j < bytes.len() && matches!(bytes[j], b'X' | b'x') {
            j + 1
        } else {
            j
        };
        let followed = end < bytes.len() && bytes[end].is_ascii_alphanumeric();
        let run = &text[i..end];
        let replacement = if followed {
            None
        } else if run.len() == 18 && id_check_ok(run) {
            Some((
                format!("{}********{}", &run[..6], &run[14..]),
                "an ID number",
            ))
        } else if run.len() == 11 && run.starts_with('1') && (b'3'..=b'9').contains(&bytes[i + 1]) {
            Some((format!("{}****{}", &run[..3], &run[7..]), "a mobile number"))
        } else {
            None
        };
        if let Some((masked, what)) = replacement {
            out.push_str(&text[copied..i]);
            out.push_str(&masked);
            copied = end;
            found.push(Masked {
                offset: i,
                len: end - i,
                what,
            });
        }
        i = end;
    }
    out.push_str(&text[copied..]);
    (out, found)
}

/// GB 11643 check digit (ISO 7064 MOD 11-2).
fn id_check_ok(id: &str) -> bool {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const C: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    C[(sum % 11) as usize] == b[17].to_ascii_uppercase()
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

    #[test]
    fn masks_valid_ids_and_mobiles_only() {
        let (t, m) = mask("身份证11010519491231002X，手机13812345678，办公室0000-12345678。");
        assert_eq!(
            t,
            "身份证110105********002X，手机138****5678，办公室0000-12345678。"
        );
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].what, "an ID number");
        // A wrong check digit is not an ID number; 12 digits are not a mobile.
        let (t, m) = mask("编号110105194912310021与138123456789");
        assert_eq!(
            (t.as_str(), m.len()),
            ("编号110105194912310021与138123456789", 0)
        );
        // Part of a longer code is left alone.
        let (_, m) = mask("AB13812345678");
        assert!(m.is_empty());
    }
}
