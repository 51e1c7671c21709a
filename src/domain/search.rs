//! Search (issue 13), the pure part: what a member types in the search box (free text and
//! field chips such as `name:王` or `phone:0912-345-678`), and the index terms a text is found
//! by. Chinese needs no spaces: a run of CJK characters is indexed by each character and each
//! pair of neighbours, so one- and two-character queries (`王`, `退貨`) are one term each and a
//! longer one is the pairs it contains. Latin text is folded to lower case without accents and
//! full-width forms; phone numbers are kept as digits in their national and international
//! spellings; emails whole, in lower case.

use super::Millis;
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
        let mut last_phonish = false;
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
            let quoted = after.starts_with('"');
            let phonish = |t: &str| {
                !t.is_empty()
                    && normalize(t)
                        .chars()
                        .all(|c| c.is_ascii_digit() || "+-().".contains(c))
            };
            if !value.is_empty() {
                match field {
                    Some(f) => q.fields.push((f, value.to_owned())),
                    // `+886 912 345 678` typed without quotes is one number.
                    None if !quoted && phonish(value) && last_phonish => {
                        if let Some(last) = q.free.last_mut() {
                            last.push(' ');
                            last.push_str(value);
                        }
                    }
                    None => q.free.push(value.to_owned()),
                }
            }
            last_phonish = field.is_none() && !quoted && phonish(value);
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

/// The most distinct words one conversation's index entry holds: writing a message rewrites
/// its conversation's entry, so its size bounds the work of every write (a conversation past it
/// is still found by the words it had, and by its customer).
pub const MAX_DOC_LEXEMES: usize = 8_000;

/// Where a word was found, as the index spells it: the prefix of its lexeme.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// A message or an internal note of the conversation.
    Message,
    Name,
    Phone,
    Email,
    /// The customer's note.
    Note,
    /// A tag's name (free text finds it).
    TagName,
    /// A tag, by id (the tag filter).
    Tag,
}

impl Source {
    fn prefix(self) -> &'static str {
        match self {
            Source::Message => "m_",
            Source::Name => "n_",
            Source::Phone => "p_",
            Source::Email => "e_",
            Source::Note => "o_",
            Source::TagName => "t_",
            Source::Tag => "k_",
        }
    }

    /// The sources free text is looked for in (phones and whole emails have their own spelling).
    const TEXT: [Source; 5] = [
        Source::Message,
        Source::Name,
        Source::Note,
        Source::TagName,
        Source::Email,
    ];
}

/// A term as the index stores it: its source's prefix, then the term with every character
/// other than a letter or digit written as `_` and its hex code, so a lexeme is one word to
/// both engines' indexes (FTS5's tokenizer and a PostgreSQL `tsvector`).
pub fn lexeme(source: Source, term: &str) -> String {
    let mut out = String::with_capacity(term.len() + 2);
    out.push_str(source.prefix());
    for c in term.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push_str(&format!("_{:x}", c as u32));
        }
    }
    out
}

/// Whether a lexeme came from the conversation's messages (the rest from its customer).
pub fn is_message_lexeme(lexeme: &str) -> bool {
    lexeme.starts_with(Source::Message.prefix())
}

/// The lexemes of one message or note.
pub fn message_lexemes(body: &str) -> BTreeSet<String> {
    text_terms(body)
        .iter()
        .map(|t| lexeme(Source::Message, t))
        .collect()
}

/// What a customer is found by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: String,
    /// The customer's tags: id and name.
    pub tags: Vec<(i64, String)>,
}

/// The lexemes of a customer's profile, shared by each of their conversations' entries.
pub fn profile_lexemes(p: &Profile) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut add = |source: Source, terms: BTreeSet<String>| {
        out.extend(terms.iter().map(|t| lexeme(source, t)));
    };
    add(Source::Name, text_terms(&p.name));
    if let Some(phone) = &p.phone {
        add(Source::Phone, phone_terms(phone));
    }
    if let Some(email) = &p.email {
        add(Source::Email, email_terms(email));
        add(Source::Email, text_terms(email));
    }
    add(Source::Note, text_terms(&p.note));
    for (id, name) in &p.tags {
        add(Source::Tag, BTreeSet::from([id.to_string()]));
        add(Source::TagName, text_terms(name));
    }
    out
}

/// A compiled search: every part must hold; a part holds when any of its alternatives does;
/// an alternative when the conversation's entry has every one of its lexemes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Expr {
    pub parts: Vec<Vec<Vec<String>>>,
}

impl Expr {
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether an entry holding `lexemes` matches (the reference the engines are tested against).
    pub fn matches(&self, lexemes: &BTreeSet<String>) -> bool {
        self.parts.iter().all(|alts| {
            alts.iter()
                .any(|alt| alt.iter().all(|l| lexemes.contains(l)))
        })
    }

    /// The expression in an index's query syntax: each lexeme between `quote`s (lexemes are
    /// letters, digits and `_`, so quoting is enough), lexemes and parts joined by `and`,
    /// alternatives by `or`, each group in parentheses.
    pub fn spell(&self, quote: char, and: &str, or: &str) -> String {
        let alt = |alt: &Vec<String>| {
            let ls: Vec<String> = alt.iter().map(|l| format!("{quote}{l}{quote}")).collect();
            format!("({})", ls.join(and))
        };
        let part = |alts: &Vec<Vec<String>>| {
            format!("({})", alts.iter().map(alt).collect::<Vec<_>>().join(or))
        };
        self.parts.iter().map(part).collect::<Vec<_>>().join(and)
    }

    /// Every lexeme the expression names.
    pub fn lexemes(&self) -> BTreeSet<&str> {
        self.parts
            .iter()
            .flatten()
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// Whether free text looks like a phone number: digits with the usual punctuation only.
fn phone_like(text: &str) -> bool {
    let folded = normalize(text);
    folded
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c))
        && !phone_terms(text).is_empty()
}

fn alternative(source: Source, terms: BTreeSet<String>) -> Option<Vec<String>> {
    (!terms.is_empty()).then(|| terms.iter().map(|t| lexeme(source, t)).collect())
}

impl Query {
    /// The expression this query and the picked tags need (parts that name no word, such as
    /// punctuation alone, are left out).
    pub fn compile(&self, tags: &[i64]) -> Expr {
        let mut parts = Vec::new();
        for text in &self.free {
            let mut alts: Vec<Vec<String>> = Source::TEXT
                .into_iter()
                .filter_map(|s| alternative(s, needed_terms(None, text)))
                .collect();
            if phone_like(text) {
                alts.extend(alternative(
                    Source::Phone,
                    needed_terms(Some(Field::Phone), text),
                ));
            }
            alts.extend(alternative(Source::Email, email_terms(text)));
            if !alts.is_empty() {
                parts.push(alts);
            }
        }
        for (field, text) in &self.fields {
            let alt = match field {
                Field::Name => alternative(Source::Name, needed_terms(None, text)),
                Field::Note => alternative(Source::Note, needed_terms(None, text)),
                Field::Message => alternative(Source::Message, needed_terms(None, text)),
                Field::Phone => alternative(Source::Phone, needed_terms(Some(Field::Phone), text)),
                Field::Email if text.contains('@') => alternative(Source::Email, email_terms(text)),
                Field::Email => alternative(Source::Email, needed_terms(None, text)),
            };
            parts.extend(alt.map(|a| vec![a]));
        }
        for id in tags {
            parts.push(vec![vec![lexeme(Source::Tag, &id.to_string())]]);
        }
        Expr { parts }
    }

    /// The texts to mark where a result shows what it matched: each part as typed, folded.
    pub fn needles(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .free
            .iter()
            .chain(self.fields.iter().map(|(_, t)| t))
            .map(|t| normalize(t.trim()))
            .filter(|t| !t.is_empty())
            .collect();
        out.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
        out.dedup();
        out
    }
}

/// A stretch of text shown with a result, and the character ranges to mark in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    pub text: String,
    pub marks: Vec<(usize, usize)>,
}

/// How many characters an excerpt shows before its first mark, and at most.
const EXCERPT_BEFORE: usize = 16;
const EXCERPT_CHARS: usize = 80;

/// Where `needles` (folded) occur in `text`, in characters of `text`, without overlaps.
pub fn find_marks(text: &str, needles: &[String]) -> Vec<(usize, usize)> {
    // The folded text, and for each folded character the original character it came from.
    let mut folded: Vec<char> = Vec::new();
    let mut origin: Vec<usize> = Vec::new();
    for (i, c) in text.chars().enumerate() {
        for f in fold(c) {
            folded.push(f);
            origin.push(i);
        }
    }
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for needle in needles {
        let n: Vec<char> = needle.chars().collect();
        if n.is_empty() || n.len() > folded.len() {
            continue;
        }
        let mut i = 0;
        while i + n.len() <= folded.len() {
            if folded[i..i + n.len()] == n[..] {
                let (from, to) = (origin[i], origin[i + n.len() - 1] + 1);
                if !marks.iter().any(|&(a, b)| from < b && a < to) {
                    marks.push((from, to));
                }
                i += n.len();
            } else {
                i += 1;
            }
        }
    }
    marks.sort_unstable();
    marks
}

/// An excerpt of `text` around the first place a needle occurs, or `None` when none does.
pub fn excerpt(text: &str, needles: &[String]) -> Option<Excerpt> {
    let marks = find_marks(text, needles);
    let first = marks.first()?.0;
    let chars: Vec<char> = text.chars().collect();
    let start = first.saturating_sub(EXCERPT_BEFORE);
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut shift = 0;
    if start > 0 {
        shown.insert(0, '…');
        shift = 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    let marks = marks
        .into_iter()
        .filter(|&(a, _)| a >= start && a < end)
        .map(|(a, b)| (a - start + shift, b.min(end) - start + shift))
        .collect();
    Some(Excerpt {
        text: shown.replace(['\n', '\r'], " "),
        marks,
    })
}

/// The first millisecond of a calendar day (`YYYY-MM-DD`) in a clock `utc_offset_minutes` ahead
/// of UTC, or `None` when it is not a date (years 1970–9999).
pub fn day_start(date: &str, utc_offset_minutes: i64) -> Option<Millis> {
    let mut it = date.trim().splitn(3, '-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1970..=9999).contains(&y)
        || !(1..=12).contains(&m)
        || d < 1
        || d > days_in[(m - 1) as usize]
    {
        return None;
    }
    // Days from 1970-01-01 to the date (the civil-from-days inverse, Howard Hinnant's).
    let (y2, m2) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y2.div_euclid(400);
    let yoe = y2 - era * 400;
    let doy = (153 * m2 + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400_000 - utc_offset_minutes * 60_000)
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
        // A phone number typed with spaces is one part; words around it are not.
        assert_eq!(
            Query::parse("退貨 +886 912 345 678 2 cups").unwrap().free,
            ["退貨", "+886 912 345 678 2", "cups"]
        );
        assert_eq!(Query::parse("name:").unwrap(), Query::default());
        assert_eq!(Query::parse(&"字".repeat(201)), Err(QueryError::TooLong));
        assert_eq!(Query::parse(&"a ".repeat(17)), Err(QueryError::TooMany));
        assert_eq!(
            Query::parse(r#"note:"unterminated"#).unwrap().fields,
            [(Field::Note, "unterminated".to_owned())]
        );
    }

    #[test]
    fn lexemes_are_single_words_with_their_source() {
        assert_eq!(lexeme(Source::Message, "退貨"), "m_退貨");
        assert_eq!(lexeme(Source::Email, "a.b@x.tw"), "e_a_2eb_40x_2etw");
        assert!(message_lexemes("我要退貨").contains("m_退貨"));
        let p = Profile {
            name: "王小明".into(),
            phone: Some("0912-345-678".into()),
            email: Some("Ming@Example.com".into()),
            note: "VIP 常客".into(),
            tags: vec![(7, "回購客".into())],
        };
        let l = profile_lexemes(&p);
        for want in [
            "n_王",
            "n_小明",
            "p_0912345678",
            "p_886912345678",
            "e_ming",
            "o_vip",
            "o_常客",
            "k_7",
            "t_回購",
        ] {
            assert!(l.contains(want), "{want}");
        }
        assert!(l.contains(&lexeme(Source::Email, "ming@example.com")));
        assert!(l.iter().all(|x| !is_message_lexeme(x)));
    }

    #[test]
    fn a_query_compiles_to_parts_of_alternatives() {
        let mut doc = message_lexemes("請問可以退貨嗎");
        doc.extend(profile_lexemes(&Profile {
            name: "王小明".into(),
            phone: Some("+886 912 345 678".into()),
            email: Some("ming@example.com".into()),
            note: String::new(),
            tags: vec![(3, "VIP".into())],
        }));
        let hit = |q: &str, tags: &[i64]| Query::parse(q).unwrap().compile(tags).matches(&doc);
        // Free text in any field, chips in theirs.
        assert!(hit("退貨", &[]));
        assert!(hit("王", &[]));
        assert!(hit("vip", &[]));
        assert!(hit("name:小明 退貨", &[]));
        assert!(!hit("name:退貨", &[]));
        assert!(hit("message:退貨", &[]));
        assert!(!hit("message:王", &[]));
        assert!(!hit("note:退貨", &[]));
        // Phones in any spelling, as free text or a chip; emails whole or by their words.
        for q in [
            "0912-345-678",
            "886912345678",
            "phone:0912345678",
            "phone:\"+886 912 345 678\"",
        ] {
            assert!(hit(q, &[]), "{q}");
        }
        assert!(!hit("phone:0912-345-679", &[]));
        assert!(hit("MING@example.com", &[]));
        assert!(hit("email:ming@example.com", &[]));
        assert!(hit("email:example", &[]));
        assert!(!hit("email:other@example.com", &[]));
        // Tags by id, all of them.
        assert!(hit("", &[3]));
        assert!(!hit("", &[3, 4]));
        // Every part must hold.
        assert!(!hit("退貨 發票", &[]));
        assert!(Query::parse("!!!").unwrap().compile(&[]).is_empty());
        // As an index's query: parts and, alternatives or.
        assert_eq!(
            Expr {
                parts: vec![
                    vec![vec!["a".into(), "b".into()], vec!["c".into()]],
                    vec![vec!["d".into()]]
                ]
            }
            .spell('\'', " & ", " | "),
            "(('a' & 'b') | ('c')) & (('d'))"
        );
    }

    #[test]
    fn excerpts_mark_what_matched_in_the_original_text() {
        let e = excerpt(
            "您好，我想辦理退貨，謝謝",
            &Query::parse("退貨").unwrap().needles(),
        )
        .unwrap();
        assert_eq!(e.text, "您好，我想辦理退貨，謝謝");
        assert_eq!(e.marks, vec![(7, 9)]);
        let e = excerpt("Crème BRÛLÉE please", &["brulee".to_string()]).unwrap();
        assert_eq!(e.marks, vec![(6, 12)]);
        let long = format!("{}退貨{}", "字".repeat(100), "尾".repeat(100));
        let e = excerpt(&long, &["退貨".to_string()]).unwrap();
        assert!(e.text.starts_with('…') && e.text.ends_with('…'));
        let (a, b) = e.marks[0];
        assert_eq!(
            e.text.chars().skip(a).take(b - a).collect::<String>(),
            "退貨"
        );
        assert!(excerpt("nothing here", &["退貨".to_string()]).is_none());
    }

    #[test]
    fn days_start_in_the_workspace_clock() {
        assert_eq!(day_start("1970-01-01", 0), Some(0));
        // Taipei is 8 hours ahead: its day starts at 16:00 UTC the day before.
        assert_eq!(
            day_start("2026-12-03", 480),
            Some(1_796_256_000_000 - 8 * 3_600_000)
        );
        assert_eq!(day_start("2024-02-29", 0), Some(1_709_164_800_000));
        for bad in ["2023-02-29", "2026-13-01", "x", "", "2026-1", "1969-12-31"] {
            assert_eq!(day_start(bad, 0), None, "{bad}");
        }
    }
}
