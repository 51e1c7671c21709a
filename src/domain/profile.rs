//! The customer profile edit (PRODUCT.md, "Conversation pane"): what a member may write into a
//! customer's name, phone, email, note and tags, normalised the one way the database keeps
//! them, and who may edit it. Pure: the server decides with [`validate`] and [`may_edit`]; the
//! UI runs the same [`validate`] to show every field's message before sending.

use serde::{Deserialize, Serialize};

use super::model::{Actor, Role};
use super::permission::{authorize, Action, ConvFacts, Denied};

/// Longest customer name, in characters.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// Longest email address (RFC 5321 path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// Longest local part of an email address (before the @).
pub const MAX_EMAIL_LOCAL_CHARS: usize = 64;
/// Fewest and most digits in a phone number (E.164 allows 15).
pub const MIN_PHONE_DIGITS: usize = 7;
pub const MAX_PHONE_DIGITS: usize = 15;
/// Longest tag name, in characters.
pub const MAX_TAG_CHARS: usize = 30;
/// Most tags on one customer.
pub const MAX_TAGS: usize = 20;

/// A profile edit as typed: every field raw, as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub name: String,
    pub phone: String,
    pub email: String,
    pub note: String,
    pub tags: Vec<String>,
}

/// A valid profile edit, normalised: trimmed, phone as `+886912345678` or `0912345678`,
/// email with a lower-case domain, empty optional fields as `None`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileEdit {
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: String,
    /// In the order given, without duplicates.
    pub tags: Vec<String>,
}

/// A field of the profile form; `as_str` is the name the server uses in
/// `AppError::Invalid { field }` and the form uses for its inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    Name,
    Phone,
    Email,
    Note,
    Tags,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::Name,
        Field::Phone,
        Field::Email,
        Field::Note,
        Field::Tags,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Note => "note",
            Field::Tags => "tags",
        }
    }

    pub fn parse(text: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.as_str() == text)
    }
}

/// Why a profile edit is refused. One variant per message shown to members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProfileError {
    NameMissing,
    NameTooLong,
    /// Something other than digits, spaces, dashes, parentheses and a leading +.
    PhoneCharacters,
    /// Fewer than 7 or more than 15 digits.
    PhoneLength,
    EmailTooLong,
    /// Not `local@domain.tld`: no or several @, spaces, an empty part, a domain without a dot.
    EmailSyntax,
    NoteTooLong,
    /// A tag with nothing in it.
    TagEmpty,
    TagTooLong,
    /// The same tag twice (letter case aside).
    TagDuplicate,
    TooManyTags,
}

impl ProfileError {
    /// Every variant, for tests and translation checks.
    pub const ALL: &'static [ProfileError] = &[
        ProfileError::NameMissing,
        ProfileError::NameTooLong,
        ProfileError::PhoneCharacters,
        ProfileError::PhoneLength,
        ProfileError::EmailTooLong,
        ProfileError::EmailSyntax,
        ProfileError::NoteTooLong,
        ProfileError::TagEmpty,
        ProfileError::TagTooLong,
        ProfileError::TagDuplicate,
        ProfileError::TooManyTags,
    ];

    /// The form field the message belongs next to.
    pub fn field(self) -> Field {
        match self {
            ProfileError::NameMissing | ProfileError::NameTooLong => Field::Name,
            ProfileError::PhoneCharacters | ProfileError::PhoneLength => Field::Phone,
            ProfileError::EmailTooLong | ProfileError::EmailSyntax => Field::Email,
            ProfileError::NoteTooLong => Field::Note,
            ProfileError::TagEmpty
            | ProfileError::TagTooLong
            | ProfileError::TagDuplicate
            | ProfileError::TooManyTags => Field::Tags,
        }
    }
}

/// Checks and normalises a whole edit. Every problem is reported (at most one per field, the
/// first found), in field order, so the form can show each next to its field.
pub fn validate(input: &ProfileInput) -> Result<ProfileEdit, Vec<ProfileError>> {
    let name = name(&input.name);
    let phone = phone(&input.phone);
    let email = email(&input.email);
    let note = note(&input.note);
    let tags = tags(&input.tags);
    match (name, phone, email, note, tags) {
        (Ok(name), Ok(phone), Ok(email), Ok(note), Ok(tags)) => Ok(ProfileEdit {
            name,
            phone,
            email,
            note,
            tags,
        }),
        (name, phone, email, note, tags) => {
            Err(
                [name.err(), phone.err(), email.err(), note.err(), tags.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )
        }
    }
}

/// Bytes of surrounding spaces a raw field may carry beyond its characters.
const SLACK_BYTES: usize = 64;

/// The edge check of an edit, before any other work: how many tags and how many bytes each
/// field has, so a huge request is refused at the cost of reading a few lengths. Whatever
/// passes is then small enough for [`validate`] to look at closely.
pub fn within_bounds(input: &ProfileInput) -> Result<(), ProfileError> {
    let fits = |text: &str, chars: usize| text.len() <= chars * 4 + SLACK_BYTES;
    if input.tags.len() > MAX_TAGS {
        return Err(ProfileError::TooManyTags);
    }
    if !fits(&input.name, MAX_NAME_CHARS) {
        return Err(ProfileError::NameTooLong);
    }
    if !fits(&input.phone, MAX_PHONE_DIGITS * 2) {
        return Err(ProfileError::PhoneLength);
    }
    if !fits(&input.email, MAX_EMAIL_CHARS) {
        return Err(ProfileError::EmailTooLong);
    }
    if !fits(&input.note, MAX_NOTE_CHARS) {
        return Err(ProfileError::NoteTooLong);
    }
    if input.tags.iter().any(|t| !fits(t, MAX_TAG_CHARS)) {
        return Err(ProfileError::TagTooLong);
    }
    Ok(())
}

/// The name, trimmed; required.
pub fn name(raw: &str) -> Result<String, ProfileError> {
    let name = raw.trim();
    if name.is_empty() {
        Err(ProfileError::NameMissing)
    } else if name.chars().count() > MAX_NAME_CHARS {
        Err(ProfileError::NameTooLong)
    } else {
        Ok(name.to_owned())
    }
}

/// Full-width forms typed with a CJK input method, as their ASCII selves.
fn half_width(c: char) -> char {
    match c {
        '０'..='９' | '＋' | '－' | '（' | '）' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// The phone number as digits, with a leading + kept when given; empty means none.
/// Digits, spaces, dashes and parentheses are accepted around the digits (full-width ones too).
pub fn phone(raw: &str) -> Result<Option<String>, ProfileError> {
    let text: String = raw.chars().map(half_width).collect();
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let (plus, rest) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    if !rest
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
    {
        return Err(ProfileError::PhoneCharacters);
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if !(MIN_PHONE_DIGITS..=MAX_PHONE_DIGITS).contains(&digits.len()) {
        return Err(ProfileError::PhoneLength);
    }
    Ok(Some(if plus { format!("+{digits}") } else { digits }))
}

/// The email address with its domain in lower case; empty means none.
pub fn email(raw: &str) -> Result<Option<String>, ProfileError> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if text.chars().count() > MAX_EMAIL_CHARS {
        return Err(ProfileError::EmailTooLong);
    }
    let Some((local, domain)) = text.split_once('@') else {
        return Err(ProfileError::EmailSyntax);
    };
    let local_ok = !local.is_empty()
        && local.chars().count() <= MAX_EMAIL_LOCAL_CHARS
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@()<>[]\\,;:\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| tld.chars().count() >= 2);
    if !(local_ok && domain_ok) {
        return Err(ProfileError::EmailSyntax);
    }
    Ok(Some(format!("{local}@{}", domain.to_lowercase())))
}

/// The note, trimmed; may be empty.
pub fn note(raw: &str) -> Result<String, ProfileError> {
    let note = raw.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        Err(ProfileError::NoteTooLong)
    } else {
        Ok(note.to_owned())
    }
}

/// One tag name, trimmed.
pub fn tag(raw: &str) -> Result<String, ProfileError> {
    let tag = raw.trim();
    if tag.is_empty() {
        Err(ProfileError::TagEmpty)
    } else if tag.chars().count() > MAX_TAG_CHARS {
        Err(ProfileError::TagTooLong)
    } else {
        Ok(tag.to_owned())
    }
}

/// Whether two tag names are the same tag (letter case, width and spaces aside).
pub fn same_tag(a: &str, b: &str) -> bool {
    super::team::name_key(a) == super::team::name_key(b)
}

/// The tag set: every name valid, none twice, at most [`MAX_TAGS`].
pub fn tags(raw: &[String]) -> Result<Vec<String>, ProfileError> {
    if raw.len() > MAX_TAGS {
        return Err(ProfileError::TooManyTags);
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    for r in raw {
        let t = tag(r)?;
        if out.iter().any(|seen| same_tag(seen, &t)) {
            return Err(ProfileError::TagDuplicate);
        }
        out.push(t);
    }
    if out.len() > MAX_TAGS {
        return Err(ProfileError::TooManyTags);
    }
    Ok(out)
}

/// Adding `raw` to the tags already chosen: the tag to add, spelled as the workspace already
/// spells it when it exists there (so "vip" picks the workspace's "VIP").
pub fn add_tag(chosen: &[String], raw: &str, workspace: &[String]) -> Result<String, ProfileError> {
    let t = tag(raw)?;
    if chosen.iter().any(|c| same_tag(c, &t)) {
        return Err(ProfileError::TagDuplicate);
    }
    if chosen.len() >= MAX_TAGS {
        return Err(ProfileError::TooManyTags);
    }
    Ok(existing_spelling(&t, workspace))
}

/// `tag` as the workspace spells it, when the workspace has it in another letter case.
pub fn existing_spelling(tag: &str, workspace: &[String]) -> String {
    workspace
        .iter()
        .find(|w| w.as_str() == tag)
        .or_else(|| workspace.iter().find(|w| same_tag(w, tag)))
        .map_or_else(|| tag.to_owned(), Clone::clone)
}

/// Whether `actor` may edit the profile of the customer of the conversation described by
/// `facts`. Today every role that may see the conversation may (support teams expect to fix a
/// phone number without asking); the match keeps that a decision per role.
pub fn may_edit(actor: &Actor, facts: &ConvFacts) -> Result<(), Denied> {
    authorize(actor, Action::View, facts)?;
    match actor.role {
        Role::Admin
        | Role::Supervisor
        | Role::CsManager
        | Role::Agent
        | Role::SalesManager
        | Role::SalesRep => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Lang;
    use crate::domain::{BranchId, ConvState, Handler, MemberId};
    use ProfileError as E;

    #[test]
    fn huge_edits_are_refused_by_their_sizes_alone() {
        let many = ProfileInput {
            name: "Amy".into(),
            tags: (0..32_000).map(|i| format!("t{i}")).collect(),
            ..ProfileInput::default()
        };
        assert_eq!(within_bounds(&many), Err(ProfileError::TooManyTags));
        assert_eq!(tags(&many.tags), Err(ProfileError::TooManyTags));
        let long_note = ProfileInput {
            name: "Amy".into(),
            note: "x".repeat(1_000_000),
            ..ProfileInput::default()
        };
        assert_eq!(within_bounds(&long_note), Err(ProfileError::NoteTooLong));
        let fine = ProfileInput {
            name: "  林雅婷  ".into(),
            phone: "０９１２-３４５-６７８".into(),
            tags: vec!["VIP".into(); MAX_TAGS],
            ..ProfileInput::default()
        };
        assert_eq!(within_bounds(&fine), Ok(()));
    }

    #[test]
    fn names_are_trimmed_required_and_bounded() {
        let (longest, too_long) = ("字".repeat(100), "字".repeat(101));
        let rows: &[(&str, Result<&str, E>)] = &[
            ("  林美玲 ", Ok("林美玲")),
            ("Emily Chen", Ok("Emily Chen")),
            ("", Err(E::NameMissing)),
            ("   ", Err(E::NameMissing)),
            (&longest, Ok(&longest)),
            (&too_long, Err(E::NameTooLong)),
        ];
        for (raw, expected) in rows {
            let expected = expected.map(str::to_owned);
            assert_eq!(name(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn phones_are_normalised_or_refused() {
        let rows: &[(&str, Result<Option<&str>, E>)] = &[
            ("", Ok(None)),
            ("   ", Ok(None)),
            ("+886 912-345-678", Ok(Some("+886912345678"))),
            ("+886 (9) 1234 5678", Ok(Some("+886912345678"))),
            ("0912-345-678", Ok(Some("0912345678"))),
            (" (02) 2345 6789 ", Ok(Some("0223456789"))),
            ("１２３４５６７", Ok(Some("1234567"))),
            ("＋８８６　９１２３４５６７８", Ok(Some("+886912345678"))),
            ("1234567", Ok(Some("1234567"))),
            ("123456", Err(E::PhoneLength)),
            ("1234567890123456", Err(E::PhoneLength)),
            ("+", Err(E::PhoneLength)),
            ("--", Err(E::PhoneLength)),
            ("0912abc678", Err(E::PhoneCharacters)),
            ("0912.345.678", Err(E::PhoneCharacters)),
            ("886+912345678", Err(E::PhoneCharacters)),
            ("++886912345678", Err(E::PhoneCharacters)),
            ("0912345678 ext 12", Err(E::PhoneCharacters)),
        ];
        for (raw, expected) in rows {
            let expected = expected.map(|p| p.map(str::to_owned));
            assert_eq!(phone(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn emails_get_a_sensible_syntax_check() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let too_long = format!("{}@{}.com", "a".repeat(60), "b".repeat(200));
        let rows: &[(&str, Result<Option<&str>, E>)] = &[
            ("", Ok(None)),
            ("  ", Ok(None)),
            ("Mei.Lin@Gmail.COM", Ok(Some("Mei.Lin@gmail.com"))),
            (
                " amy+orders@shop.example.tw ",
                Ok(Some("amy+orders@shop.example.tw")),
            ),
            ("王小明@例子.台灣", Ok(Some("王小明@例子.台灣"))),
            ("a@b.co", Ok(Some("a@b.co"))),
            ("plainaddress", Err(E::EmailSyntax)),
            ("@example.com", Err(E::EmailSyntax)),
            ("amy@", Err(E::EmailSyntax)),
            ("amy@localhost", Err(E::EmailSyntax)),
            ("amy@@example.com", Err(E::EmailSyntax)),
            ("amy@ex@ample.com", Err(E::EmailSyntax)),
            ("amy chen@example.com", Err(E::EmailSyntax)),
            ("amy@exa mple.com", Err(E::EmailSyntax)),
            ("amy@example..com", Err(E::EmailSyntax)),
            ("amy@.example.com", Err(E::EmailSyntax)),
            ("amy@example.com.", Err(E::EmailSyntax)),
            ("amy@-example.com", Err(E::EmailSyntax)),
            ("amy@example.c", Err(E::EmailSyntax)),
            (".amy@example.com", Err(E::EmailSyntax)),
            ("amy..chen@example.com", Err(E::EmailSyntax)),
            ("amy,chen@example.com", Err(E::EmailSyntax)),
            (&long_local, Err(E::EmailSyntax)),
            (&too_long, Err(E::EmailTooLong)),
        ];
        for (raw, expected) in rows {
            let expected = expected.map(|e| e.map(str::to_owned));
            assert_eq!(email(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn notes_are_trimmed_and_bounded() {
        assert_eq!(note("  偏好下午聯絡\n"), Ok("偏好下午聯絡".to_owned()));
        assert_eq!(note(""), Ok(String::new()));
        assert_eq!(
            note(&"字".repeat(2000)).map(|n| n.chars().count()),
            Ok(2000)
        );
        assert_eq!(note(&"字".repeat(2001)), Err(E::NoteTooLong));
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn tag_sets_are_trimmed_unique_and_bounded() {
        let twenty: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        let twenty_one: Vec<String> = (0..21).map(|i| format!("t{i}")).collect();
        type Row = (Vec<String>, Result<Vec<String>, E>);
        let rows: Vec<Row> = vec![
            (vec![], Ok(vec![])),
            (
                strings(&[" VIP ", "回購客"]),
                Ok(strings(&["VIP", "回購客"])),
            ),
            (strings(&["VIP", "vip"]), Err(E::TagDuplicate)),
            (strings(&["VIP", " VIP"]), Err(E::TagDuplicate)),
            (strings(&["VIP", "  "]), Err(E::TagEmpty)),
            (vec!["字".repeat(30)], Ok(vec!["字".repeat(30)])),
            (vec!["字".repeat(31)], Err(E::TagTooLong)),
            (twenty.clone(), Ok(twenty)),
            (twenty_one, Err(E::TooManyTags)),
        ];
        for (raw, expected) in rows {
            assert_eq!(tags(&raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn adding_a_tag_reuses_the_workspace_spelling() {
        let workspace = strings(&["VIP", "回購客 Returning"]);
        let chosen = strings(&["回購客 Returning"]);
        let rows: &[(&str, Result<&str, E>)] = &[
            ("vip", Ok("VIP")),
            (" VIP ", Ok("VIP")),
            ("新標籤", Ok("新標籤")),
            ("回購客 returning", Err(E::TagDuplicate)),
            ("", Err(E::TagEmpty)),
        ];
        for (raw, expected) in rows {
            let expected = expected.map(str::to_owned);
            assert_eq!(add_tag(&chosen, raw, &workspace), expected, "{raw:?}");
        }
        let full: Vec<String> = (0..20).map(|i| format!("t{i}")).collect();
        assert_eq!(add_tag(&full, "one more", &workspace), Err(E::TooManyTags));
        // An exact match wins over a case-insensitive one.
        let both = strings(&["vip", "VIP"]);
        assert_eq!(existing_spelling("VIP", &both), "VIP");
    }

    #[test]
    fn a_whole_edit_reports_every_bad_field_in_order() {
        let input = ProfileInput {
            name: "  ".into(),
            phone: "call me".into(),
            email: "amy@localhost".into(),
            note: "fine".into(),
            tags: strings(&["VIP", "vip"]),
        };
        assert_eq!(
            validate(&input),
            Err(vec![
                E::NameMissing,
                E::PhoneCharacters,
                E::EmailSyntax,
                E::TagDuplicate
            ])
        );
        let errors = validate(&input).unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field()).collect();
        assert_eq!(
            fields,
            [Field::Name, Field::Phone, Field::Email, Field::Tags]
        );
        let good = ProfileInput {
            name: " 林美玲 ".into(),
            phone: "+886 912 345 678".into(),
            email: "Mei@Example.com".into(),
            note: " 偏好下午聯絡 ".into(),
            tags: strings(&[" VIP", "新客"]),
        };
        assert_eq!(
            validate(&good),
            Ok(ProfileEdit {
                name: "林美玲".into(),
                phone: Some("+886912345678".into()),
                email: Some("Mei@example.com".into()),
                note: "偏好下午聯絡".into(),
                tags: strings(&["VIP", "新客"]),
            })
        );
    }

    #[test]
    fn every_error_has_a_field_and_reasons_in_both_languages() {
        // Adding a variant breaks this match: list it in `ALL` as well.
        let arms = |e: ProfileError| match e {
            E::NameMissing
            | E::NameTooLong
            | E::PhoneCharacters
            | E::PhoneLength
            | E::EmailTooLong
            | E::EmailSyntax
            | E::NoteTooLong
            | E::TagEmpty
            | E::TagTooLong
            | E::TagDuplicate
            | E::TooManyTags => 11,
        };
        assert_eq!(ProfileError::ALL.len(), arms(E::NameMissing));
        for e in ProfileError::ALL {
            assert!(!e.reason_en().trim().is_empty(), "{e:?} en");
            assert!(!e.reason_zh().trim().is_empty(), "{e:?} zh");
            assert_eq!(e.reason(Lang::En), e.reason_en());
            assert_eq!(e.reason(Lang::ZhTw), e.reason_zh());
            assert_eq!(e.to_string(), e.reason_en());
            assert_eq!(Field::parse(e.field().as_str()), Some(e.field()));
        }
        for lang in [Lang::ZhTw, Lang::En] {
            let mut texts: Vec<_> = ProfileError::ALL.iter().map(|e| e.reason(lang)).collect();
            texts.sort_unstable();
            texts.dedup();
            assert_eq!(
                texts.len(),
                ProfileError::ALL.len(),
                "two reasons read the same"
            );
        }
        assert_eq!(Field::parse("avatar"), None);
    }

    #[test]
    fn everyone_who_sees_the_conversation_may_edit_its_customer() {
        let facts = |state| ConvFacts {
            state,
            branch_id: Some(BranchId(10)),
            owner_branch_id: Some(BranchId(20)),
            is_collaborator: false,
        };
        let mine = ConvState::InProgress { owner: MemberId(1) };
        let theirs = ConvState::InProgress { owner: MemberId(2) };
        let pending = ConvState::Pending(Handler::Human);
        for role in Role::ALL {
            let actor = Actor {
                member_id: MemberId(1),
                role: *role,
                branch_id: Some(BranchId(10)),
            };
            for state in [mine, theirs, pending] {
                let f = facts(state);
                let sees = authorize(&actor, Action::View, &f).is_ok();
                assert_eq!(may_edit(&actor, &f).is_ok(), sees, "{role:?} {state:?}");
            }
            assert_eq!(may_edit(&actor, &facts(mine)), Ok(()), "{role:?} owner");
        }
        // A sales rep does not see (so may not edit) someone else's conversation.
        let rep = Actor {
            member_id: MemberId(1),
            role: Role::SalesRep,
            branch_id: Some(BranchId(10)),
        };
        assert_eq!(may_edit(&rep, &facts(theirs)), Err(Denied::NotVisible));
    }
}
