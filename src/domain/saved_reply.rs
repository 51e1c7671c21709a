//! Saved replies (預存回覆): texts a member keeps for themselves or the team keeps for
//! everyone, each with a title, a `/shortcut` and placeholders filled in as it is inserted.
//! What a draft may be, how the composer's picker finds and orders them, and how the
//! placeholders are filled; pure, for the server (which decides) and the browser (which
//! shows).

use crate::domain::search::normalize;
use serde::{Deserialize, Serialize};

pub const MAX_TITLE_CHARS: usize = 80;
pub const MAX_SHORTCUT_CHARS: usize = 32;
pub const MAX_TEXT_CHARS: usize = 4000;
/// Saved replies a member keeps for themselves, and the team keeps, at most.
pub const MAX_PERSONAL: usize = 200;
pub const MAX_TEAM: usize = 1000;
/// Shown in the picker at most.
pub const PICKER_ROWS: usize = 8;

/// Whose a saved reply is: the member's own, or the team's (every member may use it; admins,
/// supervisors and CS managers keep them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Personal,
    Team,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Personal => "personal",
            Scope::Team => "team",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        match s {
            "personal" => Some(Scope::Personal),
            "team" => Some(Scope::Team),
            _ => None,
        }
    }
}

/// A saved reply as a member writes it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub title: String,
    /// Without the leading `/`.
    pub shortcut: String,
    pub text: String,
}

/// Why a draft is refused; each names its field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    TitleEmpty,
    TitleTooLong,
    ShortcutEmpty,
    ShortcutTooLong,
    /// Letters, digits, `-` and `_` only (no spaces, no `/`).
    ShortcutChars,
    /// Another saved reply the member can use has it.
    ShortcutTaken,
    TextEmpty,
    TextTooLong,
    /// A `{…}` that is not one of [`PLACEHOLDERS`].
    UnknownPlaceholder,
    /// The member keeps [`MAX_PERSONAL`] or the team [`MAX_TEAM`] already.
    TooMany,
}

impl Problem {
    /// The field it is about.
    pub fn field(self) -> &'static str {
        match self {
            Problem::TitleEmpty | Problem::TitleTooLong => "title",
            Problem::ShortcutEmpty
            | Problem::ShortcutTooLong
            | Problem::ShortcutChars
            | Problem::ShortcutTaken => "shortcut",
            Problem::TextEmpty | Problem::TextTooLong | Problem::UnknownPlaceholder => "text",
            Problem::TooMany => "",
        }
    }
}

/// The placeholders a text may hold.
pub const PLACEHOLDERS: &[&str] = &["{customer.name}", "{member.name}", "{workspace.name}"];

/// What the placeholders stand for where the reply is inserted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values<'a> {
    pub customer: &'a str,
    pub member: &'a str,
    pub workspace: &'a str,
}

/// The shortcut as it is compared and stored: without a leading `/`, letter case and width
/// aside (`／ＨＯＵＲＳ` = `hours`).
pub fn shortcut_key(raw: &str) -> String {
    let folded = normalize(raw.trim());
    folded.trim_start_matches('/').to_owned()
}

/// A draft, trimmed and checked.
pub fn check(draft: &Draft) -> Result<Draft, Problem> {
    // Huge inputs are refused on their byte length before anything is counted.
    if draft.title.len() > MAX_TITLE_CHARS * 4 + 64 {
        return Err(Problem::TitleTooLong);
    }
    if draft.shortcut.len() > MAX_SHORTCUT_CHARS * 4 + 64 {
        return Err(Problem::ShortcutTooLong);
    }
    if draft.text.len() > MAX_TEXT_CHARS * 4 + 64 {
        return Err(Problem::TextTooLong);
    }
    let title = draft.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(Problem::TitleEmpty);
    }
    if title.chars().count() > MAX_TITLE_CHARS {
        return Err(Problem::TitleTooLong);
    }
    let shortcut = shortcut_key(&draft.shortcut);
    if shortcut.is_empty() {
        return Err(Problem::ShortcutEmpty);
    }
    if shortcut.chars().count() > MAX_SHORTCUT_CHARS {
        return Err(Problem::ShortcutTooLong);
    }
    if !shortcut
        .chars()
        .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    {
        return Err(Problem::ShortcutChars);
    }
    let text = draft.text.trim().to_owned();
    if text.is_empty() {
        return Err(Problem::TextEmpty);
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Problem::TextTooLong);
    }
    if placeholders_in(&text).any(|p| !PLACEHOLDERS.contains(&p)) {
        return Err(Problem::UnknownPlaceholder);
    }
    Ok(Draft {
        title,
        shortcut,
        text,
    })
}

/// The `{name.part}` placeholders in `text` (a `{` with letters, digits, `.` and `_` up to
/// the next `}`); other braces are text.
fn placeholders_in(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices('{').filter_map(move |(i, _)| {
        let rest = &text[i + 1..];
        let end = rest.find('}')?;
        let inner = &rest[..end];
        let shaped = !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
        shaped.then(|| &text[i..i + end + 2])
    })
}

/// The text with its placeholders filled in; an empty value leaves a neutral word out rather
/// than a gap (`您好，！` would read oddly): the placeholder and one space after it go.
pub fn fill(text: &str, v: &Values<'_>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let hit = PLACEHOLDERS.iter().find(|p| after.starts_with(**p));
        match hit {
            Some(p) => {
                let value = match *p {
                    "{customer.name}" => v.customer,
                    "{member.name}" => v.member,
                    _ => v.workspace,
                };
                out.push_str(value);
                rest = &after[p.len()..];
                if value.is_empty() {
                    rest = rest.strip_prefix(' ').unwrap_or(rest);
                }
            }
            None => {
                out.push('{');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A saved reply as the picker sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: i64,
    pub scope: Scope,
    pub title: String,
    pub shortcut: String,
    pub text: String,
    /// How many times it was inserted.
    pub uses: i64,
    /// The file sent after the text, if it has one.
    #[serde(default)]
    pub file: Option<SavedFile>,
}

/// A saved reply's attachment as members see it (the bytes stay in the server's file store).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedFile {
    pub name: String,
    pub size: i64,
}

/// How well a choice answers what was typed after `/`: a shortcut starting with it first,
/// then a shortcut or title containing it, then the text containing it; none when it does
/// not match at all.
fn rank(c: &Choice, typed: &str) -> Option<u8> {
    if typed.is_empty() {
        return Some(3);
    }
    let shortcut = normalize(&c.shortcut);
    if shortcut.starts_with(typed) {
        Some(0)
    } else if shortcut.contains(typed) || normalize(&c.title).contains(typed) {
        Some(1)
    } else if normalize(&c.text).contains(typed) {
        Some(2)
    } else {
        None
    }
}

/// The choices matching what was typed after `/` (letter case and width aside, Chinese as
/// written), best first: by how they match, then the most used, then by shortcut; at most
/// [`PICKER_ROWS`].
pub fn pick<'a>(choices: &'a [Choice], typed: &str) -> Vec<&'a Choice> {
    let typed = normalize(typed.trim().trim_start_matches('/'));
    let mut found: Vec<(u8, &Choice)> = choices
        .iter()
        .filter_map(|c| rank(c, &typed).map(|r| (r, c)))
        .collect();
    found.sort_by(|(ra, a), (rb, b)| {
        ra.cmp(rb)
            .then(b.uses.cmp(&a.uses))
            .then_with(|| a.shortcut.cmp(&b.shortcut))
    });
    found
        .into_iter()
        .take(PICKER_ROWS)
        .map(|(_, c)| c)
        .collect()
}

/// What the composer holds when the picker opens: `/` (or a full-width `／`, as a Chinese
/// keyboard types it) at the start of the text or after a space or line break, then the typed
/// word up to the caret. Answers the byte offset of the slash and the word.
pub fn slash_word(text: &str, caret: usize) -> Option<(usize, &str)> {
    let before = text.get(..caret)?;
    let start = before.rfind(['/', '／'])?;
    let slash = before[start..].chars().next()?.len_utf8();
    let word = &before[start + slash..];
    let at_word_start = before[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    (at_word_start && !word.chars().any(char::is_whitespace)).then_some((start, word))
}

#[cfg(test)]
mod tests;
