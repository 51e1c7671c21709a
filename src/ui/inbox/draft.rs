//! Drafts: what a member is writing in a conversation's composer, kept in the browser's
//! `localStorage` per member and conversation, so Follow up (which reloads the pane), switching
//! to another conversation and back, and a reload never lose it. Signing out forgets them all,
//! so the next person at a shared computer does not see them. The server render has none.
//! A saved reply's file waiting to go with the text is kept beside it (its reply's id, name
//! and size).

use crate::domain::saved_reply::SavedFile;
use crate::domain::{ConversationId, MemberId};

const PREFIX: &str = "omni-inbox.draft.";

fn key(member: MemberId, conversation: ConversationId) -> String {
    format!("{PREFIX}{member}.{conversation}")
}

/// The kept draft, if any.
pub fn load(member: MemberId, conversation: ConversationId) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        storage()?
            .get_item(&key(member, conversation))
            .ok()
            .flatten()
            .filter(|text| !text.is_empty())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = key(member, conversation);
        None
    }
}

/// Keeps `text` as the draft (an empty or blank text removes it).
pub fn save(member: MemberId, conversation: ConversationId, text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let key = key(member, conversation);
        // A full or refused storage only loses the draft, never the typing.
        let _ = if text.trim().is_empty() {
            storage.remove_item(&key)
        } else {
            storage.set_item(&key, text)
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key(member, conversation), text);
}

fn file_key(member: MemberId, conversation: ConversationId) -> String {
    format!("{PREFIX}file.{member}.{conversation}")
}

/// The saved reply's file kept with the draft, if any.
pub fn load_file(member: MemberId, conversation: ConversationId) -> Option<(i64, SavedFile)> {
    #[cfg(feature = "hydrate")]
    {
        let kept = storage()?
            .get_item(&file_key(member, conversation))
            .ok()
            .flatten()?;
        serde_json::from_str(&kept).ok()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = file_key(member, conversation);
        None
    }
}

/// Keeps the saved reply's file that goes with the draft (none removes it).
pub fn save_file(member: MemberId, conversation: ConversationId, file: Option<&(i64, SavedFile)>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let key = file_key(member, conversation);
        let _ = match file.and_then(|f| serde_json::to_string(f).ok()) {
            Some(kept) => storage.set_item(&key, &kept),
            None => storage.remove_item(&key),
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (file_key(member, conversation), file);
}

/// Forgets every draft kept in this browser (on sign-out).
pub fn forget_all() {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = storage() {
        let count = storage.length().unwrap_or(0);
        let keys: Vec<String> = (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in keys {
            let _ = storage.remove_item(&k);
        }
    }
}

#[cfg(feature = "hydrate")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
