//! The language switch: 繁體中文 and English, the current one pressed.

use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::page::use_lang;
use leptos::prelude::*;

#[component]
pub fn LangSwitch(
    on_pick: impl Fn(Lang) + Copy + Send + Sync + 'static,
    /// For the dark navigation.
    #[prop(optional)]
    dark: bool,
) -> impl IntoView {
    let lang = use_lang();
    let base = if dark {
        "rounded-md px-2 py-1 text-xs text-slate-400 hover:text-white aria-pressed:bg-white/10 aria-pressed:text-white max-lg:min-h-11"
    } else {
        "rounded-md px-2.5 py-1 text-sm text-slate-500 hover:text-slate-900 aria-pressed:bg-slate-100 aria-pressed:font-medium aria-pressed:text-slate-900 max-lg:min-h-11"
    };
    let button = move |l: Lang, label: &'static str| {
        view! {
            <button type="button" class=base aria-pressed=move || (lang.get() == l).to_string() lang=l.as_str() on:click=move |_| on_pick(l)>
                {label}
            </button>
        }
    };
    view! {
        <div role="group" aria-label=move || t(lang.get(), Key::Language) class="flex gap-1">
            {button(Lang::ZhTw, lang_name(Lang::ZhTw))}
            {button(Lang::En, lang_name(Lang::En))}
        </div>
    }
}

/// A language's name in itself, as the switch writes it.
pub fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::ZhTw => "繁體中文",
        Lang::En => "English",
    }
}
