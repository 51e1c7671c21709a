//! What the inbox's parts share: the list parameters kept in the URL, the URLs built from
//! them, and the page's client state (`InboxState`).

use crate::domain::{ChannelId, ConversationId, Lang, MemberId, Millis};
use crate::i18n::{t, Key};
use crate::ui::storage;
use crate::wire::{Sort, View};
use leptos::prelude::*;
use std::collections::HashMap;

/// How the member narrowed and ordered the lists; kept in the URL query so a view can be
/// bookmarked and reloaded.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListParams {
    pub channel: Option<ChannelId>,
    pub sort: Sort,
}

impl ListParams {
    /// `?channel=…&sort=…`, leaving out defaults (empty when both are).
    pub fn query(self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.channel {
            parts.push(format!("channel={c}"));
        }
        if self.sort != Sort::default() {
            parts.push(format!("sort={}", self.sort.slug()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The URL of a view, keeping the channel filter and the sort.
pub fn view_href(view: View, params: ListParams) -> String {
    format!("/inbox/{}{}", view.slug(), params.query())
}

/// The URL of a conversation open beside view `view`'s list.
pub fn conversation_href(view: View, id: Option<ConversationId>, params: ListParams) -> String {
    match id {
        Some(id) => format!("/inbox/{}/{id}{}", view.slug(), params.query()),
        None => view_href(view, params),
    }
}

/// A view's name in the navigation, e.g. "真人客服".
pub fn view_label(view: View) -> Key {
    match view {
        View::PendingHuman => Key::Human,
        View::PendingBot => Key::Bot,
        View::MineOpen | View::TeamOpen => Key::InProgress,
        View::MineClosed | View::TeamClosed => Key::Closed,
        View::Closed => Key::ClosedAll,
    }
}

/// The heading of a view, e.g. "待處理 · 真人客服".
pub fn view_title(lang: Lang, view: View) -> String {
    let group = match view {
        View::PendingHuman | View::PendingBot => Some(Key::Pending),
        View::MineOpen | View::MineClosed => Some(Key::Mine),
        View::TeamOpen | View::TeamClosed => Some(Key::Team),
        View::Closed => None,
    };
    match group {
        Some(g) => format!("{} · {}", t(lang, g), t(lang, view_label(view))),
        None => t(lang, view_label(view)).to_owned(),
    }
}

pub fn sort_label(sort: Sort) -> Key {
    match sort {
        Sort::Priority => Key::SortPriority,
        Sort::Newest => Key::SortNewest,
        Sort::Oldest => Key::SortOldest,
        Sort::Waiting => Key::SortWaiting,
        Sort::Unread => Key::SortUnread,
    }
}

/// The sort member `member` last chose in this browser.
pub fn remembered_sort(member: MemberId) -> Option<Sort> {
    storage::get(&sort_key(member)).and_then(|s| Sort::from_slug(&s))
}

/// Remembers the sort member `member` chose, for views opened without `?sort=`.
pub fn remember_sort(member: MemberId, sort: Sort) {
    storage::set(&sort_key(member), sort.slug());
}

fn sort_key(member: MemberId) -> String {
    format!("omni-inbox.sort.{member}")
}

/// The inbox page's client state, provided by the page.
#[derive(Clone, Copy)]
pub struct InboxState {
    /// Conversations opened on this page, with the time of the newest message they showed:
    /// their rows show no unread badge until something newer arrives.
    opened: RwSignal<HashMap<ConversationId, Millis>>,
    /// How far each list was scrolled, by view and query.
    scroll: StoredValue<HashMap<String, i32>>,
    /// The conversation the member just changed and the version they changed it at: when the
    /// open conversation comes back at another version, the page moves to the view that now
    /// lists it.
    pub follow: RwSignal<Option<(ConversationId, i64)>>,
    /// The navigation drawer on narrow screens.
    pub nav_open: RwSignal<bool>,
}

impl InboxState {
    pub fn new() -> Self {
        InboxState {
            opened: RwSignal::new(HashMap::new()),
            scroll: StoredValue::new(HashMap::new()),
            follow: RwSignal::new(None),
            nav_open: RwSignal::new(false),
        }
    }

    /// Notes that conversation `id` was shown up to its message of `newest`.
    pub fn mark_opened(self, id: ConversationId, newest: Millis) {
        let known = self.opened.with_untracked(|o| o.get(&id).copied());
        if known.is_none_or(|k| k < newest) {
            self.opened.update(|o| {
                o.insert(id, newest);
            });
        }
    }

    /// Whether a row whose last message is at `last_message_at` was already read here (tracked).
    pub fn read_here(self, id: ConversationId, last_message_at: Millis) -> bool {
        self.opened
            .with(|o| o.get(&id).is_some_and(|seen| last_message_at <= *seen))
    }

    pub fn save_scroll(self, list: &str, top: i32) {
        self.scroll.update_value(|s| {
            s.insert(list.to_owned(), top);
        });
    }

    pub fn saved_scroll(self, list: &str) -> Option<i32> {
        self.scroll.with_value(|s| s.get(list).copied())
    }
}

impl Default for InboxState {
    fn default() -> Self {
        InboxState::new()
    }
}

/// The inbox state of the page (a fresh one outside it).
pub fn use_inbox() -> InboxState {
    use_context::<InboxState>().unwrap_or_default()
}
