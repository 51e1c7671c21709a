//! Small labels: a conversation's status, how long a customer has waited, and plain chips.

use crate::domain::waiting::{wait_level, WaitLevel};
use crate::domain::{Handler, Lang, Millis, Status};
use crate::i18n::{t, wait_text, Key};
use crate::ui::page::{use_clock, use_lang};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChipTone {
    #[default]
    Neutral,
    Muted,
    Amber,
    Orange,
    Red,
    Indigo,
}

fn chip_class(tone: ChipTone) -> &'static str {
    match tone {
        ChipTone::Neutral => "bg-slate-100 text-slate-700",
        ChipTone::Muted => "bg-slate-100 text-slate-500",
        ChipTone::Amber => "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
        ChipTone::Orange => "bg-orange-50 text-orange-800 ring-1 ring-orange-200",
        ChipTone::Red => "bg-red-50 text-red-700 ring-1 ring-red-200",
        ChipTone::Indigo => "bg-indigo-50 text-indigo-700 ring-1 ring-indigo-200",
    }
}

const CHIP: &str =
    "inline-flex shrink-0 items-center whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium";

#[component]
pub fn Chip(#[prop(optional, into)] tone: Signal<ChipTone>, children: Children) -> impl IntoView {
    view! { <span class=move || format!("{CHIP} {}", chip_class(tone.get()))>{children()}</span> }
}

/// The label and tone of a status.
pub fn status_label(
    lang: Lang,
    status: Status,
    handler: Option<Handler>,
) -> (&'static str, ChipTone) {
    match (status, handler) {
        (Status::Pending, Some(Handler::Bot)) => (t(lang, Key::Bot), ChipTone::Neutral),
        (Status::Pending, _) => (t(lang, Key::Human), ChipTone::Amber),
        (Status::InProgress, _) => (t(lang, Key::InProgress), ChipTone::Indigo),
        (Status::Closed, _) => (t(lang, Key::Closed), ChipTone::Muted),
    }
}

/// A conversation's status ("處理中"). `named` gives it the accessible name "Conversation
/// status" (the pane header, where it changes as the member acts).
#[component]
pub fn StatusChip(
    status: Status,
    handler: Option<Handler>,
    #[prop(optional)] named: bool,
) -> impl IntoView {
    let lang = use_lang();
    let tone = Signal::derive(move || status_label(lang.get(), status, handler).1);
    let label = move || status_label(lang.get(), status, handler).0;
    if named {
        view! {
            <span role="status" aria-label=move || t(lang.get(), Key::ConversationStatus)
                class=move || format!("{CHIP} {}", chip_class(tone.get()))>{label}</span>
        }
        .into_any()
    } else {
        view! { <Chip tone>{label}</Chip> }.into_any()
    }
}

/// The tone of a wait: calm under 30 minutes, then amber, orange, red like the avatar rings.
pub fn wait_tone(level: Option<WaitLevel>) -> ChipTone {
    match level {
        None => ChipTone::Muted,
        Some(WaitLevel::Half) => ChipTone::Amber,
        Some(WaitLevel::Hour) => ChipTone::Orange,
        Some(WaitLevel::TwoHours) => ChipTone::Red,
    }
}

/// How long the customer has waited ("等候 5 小時 38 分"), when they have for a minute or more;
/// it follows the page's clock.
#[component]
pub fn WaitChip(#[prop(into)] since: Signal<Option<Millis>>) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let waited = move || {
        since
            .get()
            .map(|s| clock.now() - s)
            .filter(|w| *w >= 60_000)
    };
    let tone = Signal::derive(move || wait_tone(wait_level(since.get(), clock.now())));
    move || {
        waited().map(|w| {
            view! { <span class=move || format!("{CHIP} {}", chip_class(tone.get()))>{move || wait_text(lang.get(), w)}</span> }
        })
    }
}
