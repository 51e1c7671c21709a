//! The list of keyboard shortcuts, opened by `?` or the sidebar's keyboard button: each
//! shortcut's keys and what it does, and how the composer sends.

use crate::domain::shortcuts::Shortcut;
use crate::i18n::{t, Key};
use crate::ui::kit::{Dialog, DialogBody};
use crate::ui::page::{use_lang, use_send_on_enter};
use leptos::prelude::*;

fn name(s: Shortcut) -> Key {
    match s {
        Shortcut::Next => Key::ShortcutNext,
        Shortcut::Previous => Key::ShortcutPrevious,
        Shortcut::Reply => Key::ShortcutReply,
        Shortcut::FollowUp => Key::ShortcutFollowUp,
        Shortcut::Close => Key::ShortcutClose,
        Shortcut::CloseNext => Key::ShortcutCloseNext,
        Shortcut::Transfer => Key::ShortcutTransfer,
        Shortcut::ToggleNote => Key::ShortcutToggleNote,
        Shortcut::Search => Key::ShortcutSearch,
        Shortcut::Select => Key::ShortcutSelect,
        Shortcut::Help => Key::ShortcutHelp,
    }
}

/// `Alt+J` as keys: `<kbd>Alt</kbd>+<kbd>J</kbd>`.
fn keys(keys: &'static str) -> impl IntoView {
    let kbd = "rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs text-slate-800 shadow-[0_1px_0_theme(colors.slate.300)]";
    let mut parts = Vec::new();
    for (i, k) in keys.split('+').enumerate() {
        if i > 0 {
            parts.push(view! { <span class="px-0.5 text-xs text-slate-600">"+"</span> }.into_any());
        }
        parts.push(view! { <kbd class=kbd>{k}</kbd> }.into_any());
    }
    view! { <span class="flex shrink-0 items-center">{parts}</span> }
}

/// Whether the list is open: the inbox provides it, `?` and the sidebar's button open it.
#[derive(Clone, Copy)]
pub struct HelpOpen(pub RwSignal<bool>);

#[component]
pub fn ShortcutsHelp(open: RwSignal<bool>) -> impl IntoView {
    let lang = use_lang();
    let send_on_enter = use_send_on_enter();
    let tr = move |k| t(lang.get(), k);
    let row = move |label: Key, shown: &'static str| {
        view! {
            <li class="flex items-center justify-between gap-4 py-2">
                <span class="text-slate-800">{move || tr(label)}</span>
                {keys(shown)}
            </li>
        }
    };
    view! {
        <Show when=move || open.get()>
            <Dialog title_id="shortcuts-title" title=Signal::derive(move || tr(Key::Shortcuts))
                hint=Signal::derive(move || Some(tr(Key::ShortcutsHint).to_owned()))
                on_close=Callback::new(move |_| open.set(false)) closable=true>
                <DialogBody>
                    <ul role="list" aria-labelledby="shortcuts-title" class="divide-y divide-slate-100">
                        {Shortcut::ALL.iter().map(|&s| row(name(s), s.keys())).collect_view()}
                        {move || row(Key::ShortcutSend, if send_on_enter.get() { "Enter" } else { "Ctrl+Enter" })}
                        {move || row(Key::ShortcutNewLine, if send_on_enter.get() { "Shift+Enter" } else { "Enter" })}
                    </ul>
                </DialogBody>
            </Dialog>
        </Show>
    }
}
