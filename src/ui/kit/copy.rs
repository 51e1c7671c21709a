//! A text to paste elsewhere (a webhook URL, a widget's snippet or secret) with a button that
//! copies it.

use super::button::{Button, Size, Tone};
use crate::i18n::{t, Key};
use crate::ui::page::use_lang;
use leptos::prelude::*;

/// Puts `text` on the clipboard (in the browser; the server has none).
fn copy(text: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// A text to paste elsewhere (a webhook URL, a widget's snippet or secret), selectable, with a
/// button that copies it; `what` names the button ("Copy Snippet") where there are several.
#[component]
pub fn Copyable(
    text: String,
    copied: RwSignal<Option<String>>,
    #[prop(optional)] what: Option<Key>,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let (shown, mine) = (text.clone(), StoredValue::new(text.clone()));
    let done = move || copied.with(|c| mine.with_value(|m| c.as_ref() == Some(m)));
    let word = move || t(lang, if done() { Key::Copied } else { Key::Copy });
    let label = Signal::derive(move || match what {
        Some(w) => format!("{} {}", word(), t(lang, w)),
        None => word().to_owned(),
    });
    view! {
        <span class="flex min-w-0 items-start gap-2">
            <code class="min-w-0 select-all break-all rounded bg-slate-50 px-1.5 py-0.5 font-mono text-xs ring-1 ring-slate-200">{shown}</code>
            <Button size=Size::Xs tone=Tone::Accent label=label on_click=move |_| { copy(&text); copied.set(Some(text.clone())); }>
                {word}
            </Button>
        </span>
    }
}
