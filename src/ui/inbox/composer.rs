//! The composer: reply to the customer, or write an internal note (visibly different; never
//! sent). What is being written is a draft per member and conversation, kept in this browser:
//! it survives the conversation reloading (Follow up, a transfer), opening another
//! conversation and coming back, and reloading the page.

use crate::api::conversation::send_message;
use crate::domain::actions::ReplyRefused;
use crate::domain::{ConversationId, MemberId};
use crate::i18n::{t, Key};
use crate::ui::kit::{Button, ErrorNotice, Tone};
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::ui::storage;
use crate::wire::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A draft as stored: the text and whether it is a note.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Draft {
    text: String,
    note: bool,
}

fn draft_key(member: MemberId, conversation: ConversationId) -> String {
    format!("omni-inbox.draft.{member}.{conversation}")
}

fn load(key: &str) -> Option<Draft> {
    storage::get(key).and_then(|s| serde_json::from_str(&s).ok())
}

/// Keeps the draft, or forgets it once there is nothing in it.
fn keep(key: &str, draft: &Draft) {
    if draft.text.is_empty() {
        storage::remove(key);
    } else if let Ok(json) = serde_json::to_string(draft) {
        storage::set(key, &json);
    }
}

#[component]
pub fn Composer(
    id: ConversationId,
    /// Why the member may not reply now (then only notes are possible).
    #[prop(into)]
    refused: Signal<Option<ReplyRefused>>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let refresh = use_refresh();
    let key = StoredValue::new(use_me().map(|m| draft_key(m.member_id, id)));
    let note_mode = RwSignal::new(false);
    let note = Signal::derive(move || note_mode.get() || refused.get().is_some());
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let sending = RwSignal::new(false);
    let empty = move || text.with(|t| t.trim().is_empty());
    // The draft comes back once the page is interactive: the server render and hydration both
    // start empty, so they agree.
    Effect::new(move |_| {
        if let Some(draft) = key.with_value(|k| k.as_deref().and_then(load)) {
            text.set(draft.text);
            note_mode.set(draft.note);
        }
    });
    let save = move || {
        key.with_value(|k| {
            if let Some(k) = k {
                let draft = Draft {
                    text: text.get_untracked(),
                    note: note_mode.get_untracked(),
                };
                keep(k, &draft);
            }
        });
    };
    let send = move || {
        if sending.get_untracked() || text.with_untracked(|t| t.trim().is_empty()) {
            return;
        }
        let kind = if note.get_untracked() {
            "note"
        } else {
            "reply"
        };
        let body = text.get_untracked();
        sending.set(true);
        leptos::task::spawn_local(async move {
            match send_message(id, kind.to_owned(), body).await {
                Ok(_) => {
                    text.set(String::new());
                    save();
                    error.set(None);
                    refresh.bump();
                }
                Err(e) => {
                    // Someone changed the conversation: show it as it is now.
                    let stale = matches!(e, AppError::Conflict(_) | AppError::Forbidden(_));
                    error.set(Some(e));
                    if stale {
                        refresh.bump();
                    }
                }
            }
            sending.set(false);
        });
    };
    let tab = move |is_note: bool, key: Key| {
        let disabled = move || !is_note && refused.get().is_some();
        view! {
            <button type="button" aria-pressed=move || (note.get() == is_note).to_string() disabled=disabled
                title=move || if disabled() { refused.get().map(|r| r.reason(lang.get()).to_owned()) } else { None }
                on:click=move |_| { note_mode.set(is_note); save(); }
                class="rounded-md px-2.5 py-1 text-sm text-slate-500 hover:text-slate-900 disabled:opacity-40 aria-pressed:bg-slate-100 aria-pressed:font-medium aria-pressed:text-slate-900">
                {move || tr(key)}
            </button>
        }
    };
    let textarea_id = format!("composer-{id}");
    view! {
        <form class="border-t border-slate-200 bg-white p-3" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <div class="mb-2 flex flex-wrap items-center gap-1">
                {tab(false, Key::Reply)}
                {tab(true, Key::Note)}
                {move || refused.get().map(|r| view! { <p class="ml-2 text-xs text-slate-500">{move || r.reason(lang.get())}</p> })}
            </div>
            <label for=textarea_id.clone() class="sr-only">{move || tr(Key::MessageText)}</label>
            <textarea id=textarea_id rows="3" prop:value=move || text.get()
                on:input=move |ev| { text.set(event_target_value(&ev)); save(); }
                on:keydown=move |ev| if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) { ev.prevent_default(); send(); }
                placeholder=move || tr(if note.get() { Key::NotePlaceholder } else { Key::ReplyPlaceholder })
                class="block w-full resize-none rounded-lg border px-3 py-2 text-sm focus:outline-none focus:ring-2"
                class:border-slate-300=move || !note.get() class:focus:ring-indigo-500=move || !note.get()
                class:bg-amber-50=move || note.get() class:border-amber-300=move || note.get() class:focus:ring-amber-400=move || note.get()></textarea>
            {move || error.get().map(|e| view! { <ErrorNotice error=e plain=true class="mt-2" /> })}
            <div class="mt-2 flex justify-end">
                // Nothing to send while the composer is empty.
                <Button submit=true tone=Signal::derive(move || if note.get() { Tone::Note } else { Tone::Primary })
                    disabled=Signal::derive(move || sending.get() || empty())>
                    {move || tr(if note.get() { Key::AddNote } else { Key::Send })}
                </Button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_per_member_and_conversation() {
        assert_eq!(draft_key(3, 42), "omni-inbox.draft.3.42");
        assert_ne!(draft_key(3, 42), draft_key(4, 42));
        let d = Draft {
            text: "您好".into(),
            note: true,
        };
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<Draft>(&json).unwrap(), d);
    }
}
