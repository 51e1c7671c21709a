//! The composer's saved-reply picker: `/` at the start of a word opens a list of the saved
//! replies the member can use (the team's and their own, loaded on first use), narrowed as
//! they type (`domain::saved_reply::pick`). ↑/↓ choose, Enter or Tab inserts the reply with
//! its placeholders filled in, in place of the `/word`, and hands its file (if it keeps one)
//! to the composer, which sends it after the text; Escape closes. The textarea stays focused
//! throughout (the option chosen is its `aria-activedescendant`).

use crate::api::saved_replies::{saved_replies, used_saved_reply};
use crate::domain::saved_reply::{fill, pick, slash_word, Choice, SavedFile, Scope, Values};
use crate::i18n::{t, Key};
use crate::ui::kit::browser::{caret, replace_text};
use crate::ui::page::use_lang;
use leptos::prelude::*;

/// The listbox's id (the textarea controls it).
pub const LIST_ID: &str = "saved-replies";

fn option_id(id: i64) -> String {
    format!("saved-reply-{id}")
}

/// Where the `/word` being typed lies (byte offsets into the text) and the word.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Typed {
    start: usize,
    caret: usize,
    word: String,
}

/// What fills the placeholders where this composer writes.
#[derive(Clone, Debug, Default)]
pub struct Names {
    pub customer: String,
    pub member: String,
    pub workspace: String,
}

/// The picker of one composer.
#[derive(Clone, Copy)]
pub struct Picker {
    typed: RwSignal<Option<Typed>>,
    active: RwSignal<usize>,
    replies: RwSignal<Option<Vec<Choice>>>,
    fetching: RwSignal<bool>,
    names: StoredValue<Names>,
    area: NodeRef<leptos::html::Textarea>,
    /// Takes the composer's new text (kept as its draft).
    apply: Callback<String>,
    /// Takes the file of the reply put in (its id and the file).
    attach: Callback<(i64, SavedFile)>,
}

impl Picker {
    pub fn new(
        area: NodeRef<leptos::html::Textarea>,
        names: Names,
        apply: Callback<String>,
        attach: Callback<(i64, SavedFile)>,
    ) -> Picker {
        Picker {
            typed: RwSignal::new(None),
            active: RwSignal::new(0),
            replies: RwSignal::new(None),
            fetching: RwSignal::new(false),
            names: StoredValue::new(names),
            area,
            apply,
            attach,
        }
    }

    pub fn is_open(self) -> bool {
        self.typed.with(Option::is_some)
    }

    /// The choices for what is typed now, best first.
    fn choices(self) -> Vec<Choice> {
        let word = self.typed.with(|t| t.as_ref().map(|t| t.word.clone()));
        self.replies.with(|all| match (all, word) {
            (Some(all), Some(word)) => pick(all, &word).into_iter().cloned().collect(),
            _ => Vec::new(),
        })
    }

    /// After an input: opens, narrows or closes the list by what is before the caret.
    pub fn typed(self, text: &str) {
        let caret = self
            .area
            .get_untracked()
            .map_or(text.len(), |a| caret(&a, text));
        let now = slash_word(text, caret).map(|(start, word)| Typed {
            start,
            caret,
            word: word.to_owned(),
        });
        if now.is_some() && self.replies.with_untracked(Option::is_none) {
            self.load();
        }
        let was = self
            .typed
            .with_untracked(|t| t.as_ref().map(|t| t.word.clone()));
        if now.as_ref().map(|t| t.word.as_str()) != was.as_deref() {
            self.active.set(0);
        }
        self.typed.set(now);
    }

    /// Loads the replies once (tried again the next time the list opens if it failed).
    fn load(self) {
        if self.fetching.get_untracked() {
            return;
        }
        self.fetching.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(all) = saved_replies().await {
                self.replies.try_set(Some(all));
            }
            self.fetching.try_set(false);
        });
    }

    pub fn close(self) {
        self.typed.set(None);
    }

    /// A key pressed in the textarea while the list is open: whether the picker took it.
    pub fn key(self, ev: &leptos::ev::KeyboardEvent) -> bool {
        if !self.is_open() || ev.is_composing() {
            return false;
        }
        let count = self.choices().len();
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => self.active.update(|a| *a = (*a + 1) % count),
            "ArrowUp" if count > 0 => self.active.update(|a| *a = (*a + count - 1) % count),
            "Enter" | "Tab" if count > 0 && !ev.shift_key() => {
                let chosen = self.choices().get(self.active.get_untracked()).cloned();
                if let Some(c) = chosen {
                    self.insert(&c);
                }
            }
            "Escape" => {
                ev.stop_propagation();
                self.close();
            }
            _ => return false,
        }
        true
    }

    /// `text` with the placeholders filled in, as it goes into the reply.
    fn filled(self, text: &str) -> String {
        self.names.with_value(|n| {
            let values = Values {
                customer: &n.customer,
                member: &n.member,
                workspace: &n.workspace,
            };
            fill(text, &values)
        })
    }

    /// Puts `c` in place of the `/word`, its placeholders filled in, the caret after it.
    fn insert(self, c: &Choice) {
        let Some(at) = self.typed.get_untracked() else {
            return;
        };
        let Some(area) = self.area.get_untracked() else {
            return;
        };
        let now = area.value();
        if at.caret > now.len()
            || !now.is_char_boundary(at.start)
            || !now.is_char_boundary(at.caret)
        {
            return self.close();
        }
        let text = replace_text(&area, at.start..at.caret, &self.filled(&c.text));
        self.apply.run(text);
        if let Some(file) = c.file.clone() {
            self.attach.run((c.id, file));
        }
        self.close();
        let id = c.id;
        self.replies.update(|all| {
            if let Some(c) = all.iter_mut().flatten().find(|c| c.id == id) {
                c.uses += 1;
            }
        });
        leptos::task::spawn_local(async move {
            let _ = used_saved_reply(id).await;
        });
    }

    /// The textarea's `aria-activedescendant`: the chosen option while the list is open.
    pub fn active_id(self) -> Option<String> {
        if !self.is_open() {
            return None;
        }
        self.choices()
            .get(self.active.get())
            .map(|c| option_id(c.id))
    }

    /// The list over the composer, while open.
    pub fn view(self) -> impl IntoView {
        let lang = use_lang();
        let tr = move |k| t(lang.get(), k);
        move || {
            self.is_open().then(|| {
                let loading = self.replies.with(Option::is_none);
                let choices = self.choices();
                let empty = choices.is_empty();
                let active = self.active.get();
                let rows = choices
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let chosen = i == active;
                        let first_line = self.filled(c.text.lines().next().unwrap_or_default());
                        let scope = match c.scope {
                            Scope::Team => Key::SavedReplyTeam,
                            Scope::Personal => Key::SavedReplyPersonal,
                        };
                        view! {
                            <li id=option_id(c.id) role="option" aria-selected=chosen.to_string()
                                class="cursor-pointer rounded-md px-2.5 py-1.5 aria-selected:bg-indigo-50 aria-selected:ring-1 aria-selected:ring-indigo-200"
                                // Chosen by the pointer without taking the focus from the textarea.
                                on:mousedown=move |ev| { ev.prevent_default(); self.insert(&c); }
                                on:mousemove=move |_| if self.active.get_untracked() != i { self.active.set(i) }>
                                <div class="flex items-baseline gap-2">
                                    <span class="font-mono text-xs font-semibold text-indigo-700">{format!("/{}", c.shortcut)}</span>
                                    <span class="min-w-0 flex-1 truncate text-sm font-medium text-slate-800">{c.title.clone()}</span>
                                    <span class="shrink-0 text-xs text-slate-500">{move || tr(scope)}</span>
                                </div>
                                <p class="truncate text-xs text-slate-600">{first_line}</p>
                                {c.file.as_ref().map(|f| view! {
                                    <p class="flex items-center gap-1 truncate text-xs text-slate-600" data-saved-file="">
                                        {crate::ui::kit::icons::paperclip("h-3.5 w-3.5 shrink-0")}
                                        <span class="sr-only">{move || tr(Key::ComposerFile)}</span>
                                        {f.name.clone()}
                                    </p>
                                })}
                            </li>
                        }
                    })
                    .collect_view();
                view! {
                    <div class="absolute inset-x-3 bottom-full z-20 mb-1 rounded-lg bg-white p-1 shadow-lg ring-1 ring-slate-200">
                        <ul id=LIST_ID role="listbox" aria-label=move || tr(Key::SavedReplies) class="max-h-64 overflow-y-auto">
                            {rows}
                        </ul>
                        {empty.then(|| view! {
                            <p class="px-2.5 py-1.5 text-sm text-slate-600">
                                {move || tr(if loading { Key::Loading } else { Key::SavedReplyNone })}
                            </p>
                        })}
                        <p class="border-t border-slate-100 px-2.5 pt-1 text-xs text-slate-500">{move || tr(Key::SavedReplyKeys)}</p>
                    </div>
                }
            })
        }
    }
}
