//! Search (issue 13), the pure part: what a member types in the search box (free text and
//! field chips such as `name:王` or `phone:0912-345-678`), and the index terms a text is found
//! by. Chinese needs no spaces: a run of CJK characters is indexed by each character and each
//! pair of neighbours, so one- and two-character queries (`王`, `退貨`) are one term each and a
//! longer one is the pairs it contains. Latin text is folded to lower case without accents and
//! full-width forms; phone numbers are kept as digits in their national and international
//! spellings; emails whole, in lower case.

use std::collections::BTreeSet;

/// The longest query, and the most terms one field may contribute.
pub const MAX_QUERY_CHARS: usize = 200;
pub const MAX_QUERY_TERMS: usize = 16;

/// What a text is about, for the field chips.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Phone,
    Email,
    Note,
    Message,
}

impl Field {
    pub const ALL: [Field; 5] = [
        Field::Name,
        Field::Phone,
        Field::Email,
        Field::Note,
        Field::Message,
    ];

    /// The chip's word (`name:`), also the field's code in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Note => "note",
            Field::Message => "message",
        }
    }

    pub fn parse(text: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == text)
    }
}

/// Whether `c` is written without spaces between words (Han, kana, Hangul).
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF | 0x20000..=0x2FA1F)
}

/// One character folded for matching: full-width forms to ASCII, Latin letters without their
/// accents, lower case. (Chinese is kept as written: traditional and simplified differ.)
fn fold(c: char) -> impl Iterator<Item = char> {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    let base = match c {
        'À'..='Å' | 'à'..='å' | 'Ā' | 'ā' | 'Ă' | 'ă' | 'Ą' | 'ą' => 'a',
        'Ç' | 'ç' | 'Ć' | 'ć' | 'Č' | 'č' => 'c',
        'È'..='Ë' | 'è'..='ë' | 'Ē' | 'ē' | 'Ė' | 'ė' | 'Ę' | 'ę' | 'Ě' | 'ě' => 'e',
        'Ì'..='Ï' | 'ì'..='ï' | 'Ī' | 'ī' | 'Į' | 'į' | 'İ' | 'ı' => 'i',
        'Ñ' | 'ñ' | 'Ń' | 'ń' | 'Ň' | 'ň' => 'n',
        'Ò'..='Ö' | 'Ø' | 'ò'..='ö' | 'ø' | 'Ō' | 'ō' | 'Ő' | 'ő' => 'o',
        'Ù'..='Ü' | 'ù'..='ü' | 'Ū' | 'ū' | 'Ů' | 'ů' | 'Ű' | 'ű' => 'u',
        'Ý' | 'ý' | 'ÿ' | 'Ÿ' => 'y',
        'Ś' | 'ś' | 'Š' | 'š' | 'Ş' | 'ş' => 's',
        'Ź' | 'ź' | 'Ż' | 'ż' | 'Ž' | 'ž' => 'z',
        'Ł' | 'ł' => 'l',
        'Ř' | 'ř' => 'r',
        'Ť' | 'ť' => 't',
        'Ď' | 'ď' => 'd',
        'ß' => 's',
        other => other,
    };
    base.to_lowercase()
}

/// `text` folded for matching ([`fold`] on every character).
pub fn normalize(text: &str) -> String {
    text.chars().flat_map(fold).collect()
}

/// The words of a folded text: runs of CJK characters, and runs of other letters and digits.
fn runs(folded: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    for c in folded.chars() {
        let kind = if is_cjk(c) {
            Some(true)
        } else if c.is_alphanumeric() {
            Some(false)
        } else {
            None
        };
        match (kind, out.last_mut()) {
            (Some(k), Some((last, word))) if *last == k && !word.is_empty() => word.push(c),
            (Some(k), _) => out.push((k, c.to_string())),
            (None, Some((_, word))) if !word.is_empty() => out.push((false, String::new())),
            (None, _) => {}
        }
    }
    out.retain(|(_, w)| !w.is_empty());
    out
}

/// The terms a free text (a name, a note, a message) is found by: each CJK character and each
/// pair of neighbours, each other word whole.
pub fn text_terms(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (cjk, word) in runs(&normalize(text)) {
        if cjk {
            let chars: Vec<char> = word.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                out.insert(c.to_string());
                if let Some(next) = chars.get(i + 1) {
                    out.insert(format!("{c}{next}"));
                }
            }
        } else {
            out.insert(word);
        }
    }
    out
}

/// A phone number's digits in its national and international spellings (Taiwan's `0912…` and
/// `886912…` are the same number), or nothing when it has too few digits to be one.
pub fn phone_terms(text: &str) -> BTreeSet<String> {
    let digits: String = normalize(text)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let mut out = BTreeSet::new();
    if digits.len() < 6 || digits.len() > 20 {
        return out;
    }
    let national = if let Some(rest) = digits.strip_prefix("886") {
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        digits.clone()
    };
    if let Some(rest) = national.strip_prefix('0') {
        out.insert(format!("886{rest}"));
    }
    out.insert(national);
    out
}

/// An email as found: whole, folded.
pub fn email_terms(text: &str) -> BTreeSet<String> {
    let e = normalize(text.trim());
    if e.contains('@') {
        BTreeSet::from([e])
    } else {
        BTreeSet::new()
    }
}

/// The terms of `text` in `field`.
pub fn terms(field: Field, text: &str) -> BTreeSet<String> {
    match field {
        Field::Phone => phone_terms(text),
        Field::Email => email_terms(text),
        _ => text_terms(text),
    }
}

/// What a member searches for: free text (any field), and per field chips. Every part must
/// match (a conversation matches free text when any field does).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub free: Vec<String>,
    pub fields: Vec<(Field, String)>,
}

/// Why a query was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QueryError {
    TooLong,
    /// Too many words at once.
    TooMany,
}

impl Query {
    /// Reads what was typed: `word`, `"two words"`, `field:word`, `field:"two words"`. An
    /// unknown `x:` is text. Empty parts are dropped.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong);
        }
        let mut q = Query::default();
        let mut rest = text.trim();
        while !rest.is_empty() {
            let (field, after) = match rest.split_once(':') {
                Some((name, after))
                    if !name.contains(char::is_whitespace)
                        && Field::parse(&name.to_lowercase()).is_some() =>
                {
                    (Field::parse(&name.to_lowercase()), after)
                }
                _ => (None, rest),
            };
            let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
                match quoted.split_once('"') {
                    Some((v, n)) => (v, n),
                    None => (quoted, ""),
                }
            } else {
                match after.find(char::is_whitespace) {
                    Some(i) => (&after[..i], &after[i..]),
                    None => (after, ""),
                }
            };
            let value = value.trim();
            if !value.is_empty() {
                match field {
                    Some(f) => q.fields.push((f, value.to_owned())),
                    None => q.free.push(value.to_owned()),
                }
            }
            rest = next.trim_start();
        }
        if q.free.len() + q.fields.len() > MAX_QUERY_TERMS {
            return Err(QueryError::TooMany);
        }
        Ok(q)
    }

    pub fn is_empty(&self) -> bool {
        self.free.is_empty() && self.fields.is_empty()
    }
}

/// The terms a searched-for text needs, all of them (a conversation holding every one is then
/// checked for the text itself): one CJK character is its own term; longer CJK runs their
/// pairs; other words whole.
pub fn needed_terms(field: Option<Field>, text: &str) -> BTreeSet<String> {
    match field {
        Some(Field::Phone) => {
            // Either spelling finds the number: the national one is enough to look up.
            let all = phone_terms(text);
            let national = all.iter().find(|t| t.starts_with('0')).cloned();
            national
                .or_else(|| all.into_iter().next())
                .into_iter()
                .collect()
        }
        Some(Field::Email) => email_terms(text),
        _ => {
            let mut out = BTreeSet::new();
            for (cjk, word) in runs(&normalize(text)) {
                let chars: Vec<char> = word.chars().collect();
                if cjk && chars.len() > 1 {
                    for pair in chars.windows(2) {
                        out.insert(pair.iter().collect());
                    }
                } else {
                    out.insert(word);
                }
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn chinese_is_found_by_characters_and_pairs_without_spaces() {
        assert_eq!(
            text_terms("我要退貨"),
            set(&["我", "我要", "要", "要退", "退", "退貨", "貨"])
        );
        // A query of one or two characters is one term; a longer one its pairs.
        assert_eq!(needed_terms(None, "王"), set(&["王"]));
        assert_eq!(needed_terms(None, "退貨"), set(&["退貨"]));
        assert_eq!(needed_terms(None, "退貨單"), set(&["退貨", "貨單"]));
        // Each needed term of a text is among the terms of a text that contains it.
        let indexed = text_terms("您好，我想辦理退貨單號 A123");
        for q in ["退貨", "退貨單號", "貨", "a123", "您好"] {
            assert!(needed_terms(None, q).is_subset(&indexed), "{q}");
        }
        assert!(!needed_terms(None, "發票").is_subset(&indexed));
    }

    #[test]
    fn latin_text_is_folded_for_case_accents_and_width() {
        assert_eq!(normalize("Crème BRÛLÉE"), "creme brulee");
        assert_eq!(normalize("ＡＢＣ１２３"), "abc123");
        assert_eq!(
            text_terms("José's Café, 2 cups"),
            set(&["jose", "s", "cafe", "2", "cups"])
        );
        assert!(needed_terms(None, "CAFÉ").is_subset(&text_terms("cafe latte")));
        // Mixed text splits where the script changes.
        assert_eq!(text_terms("iPhone15殼"), set(&["iphone15", "殼"]));
    }

    #[test]
    fn phones_match_in_every_common_spelling() {
        let stored = phone_terms("0912-345-678");
        assert_eq!(stored, set(&["0912345678", "886912345678"]));
        for typed in [
            "0912-345-678",
            "+886 912 345 678",
            "886912345678",
            "0912345678",
            "(09)12 345 678",
            "＋８８６９１２３４５６７８",
        ] {
            assert!(
                needed_terms(Some(Field::Phone), typed).is_subset(&stored),
                "{typed}"
            );
        }
        assert!(phone_terms("12345").is_empty());
        assert!(!needed_terms(Some(Field::Phone), "0912-345-679").is_subset(&stored));
    }

    #[test]
    fn emails_match_whole_and_case_insensitively() {
        assert_eq!(
            email_terms(" Ming@Example.COM "),
            set(&["ming@example.com"])
        );
        assert!(email_terms("not an email").is_empty());
    }

    #[test]
    fn queries_read_chips_quotes_and_free_text() {
        let q = Query::parse(r#"退貨 name:王 phone:"0912 345 678" Email:A@B.tw x:y "two words""#)
            .unwrap();
        assert_eq!(q.free, ["退貨", "x:y", "two words"]);
        assert_eq!(
            q.fields,
            [
                (Field::Name, "王".to_owned()),
                (Field::Phone, "0912 345 678".to_owned()),
                (Field::Email, "A@B.tw".to_owned())
            ]
        );
        assert!(Query::parse("   ").unwrap().is_empty());
        assert_eq!(Query::parse("name:").unwrap(), Query::default());
        assert_eq!(Query::parse(&"字".repeat(201)), Err(QueryError::TooLong));
        assert_eq!(Query::parse(&"a ".repeat(17)), Err(QueryError::TooMany));
        assert_eq!(
            Query::parse(r#"note:"unterminated"#).unwrap().fields,
            [(Field::Note, "unterminated".to_owned())]
        );
    }
}
