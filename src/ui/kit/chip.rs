//! Small labels: a conversation's status, how long a customer has waited, and plain chips.

use crate::domain::waiting::{wait_level, WaitLevel};
use crate::domain::{Handler, Lang, Millis, Status};
use crate::i18n::{t, waiting, Key};
use crate::ui::page::{use_clock, use_lang};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ChipTone {
    #[default]
    Neutral,
    Muted,
    Amber,
    Indigo,
}

fn chip_class(tone: ChipTone) -> &'static str {
    match tone {
        ChipTone::Neutral => "bg-slate-100 text-slate-700",
        ChipTone::Muted => "bg-slate-100 text-slate-500",
        ChipTone::Amber => "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
        ChipTone::Indigo => "bg-indigo-50 text-indigo-700 ring-1 ring-indigo-200",
    }
}

const CHIP: &str =
    "inline-flex shrink-0 items-center whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium";

/// A small label ("1:1", "已退訂").
#[component]
pub fn Chip(#[prop(optional)] tone: ChipTone, children: Children) -> impl IntoView {
    view! { <span class=format!("{CHIP} {}", chip_class(tone))>{children()}</span> }
}

/// The label and tone of a status.
fn status_label(lang: Lang, status: Status, handler: Option<Handler>) -> (&'static str, ChipTone) {
    match (status, handler) {
        (Status::Pending, Some(Handler::Bot)) => (t(lang, Key::Bot), ChipTone::Neutral),
        (Status::Pending, _) => (t(lang, Key::Human), ChipTone::Amber),
        (Status::InProgress, _) => (t(lang, Key::InProgress), ChipTone::Indigo),
        (Status::Closed, _) => (t(lang, Key::Closed), ChipTone::Muted),
    }
}

/// A conversation's status in words ("處理中", "Bot").
pub fn status_word(lang: Lang, status: Status, handler: Option<Handler>) -> &'static str {
    status_label(lang, status, handler).0
}

/// A conversation's status ("處理中"). `named` makes it a status named "Conversation status"
/// (the pane header, where it changes as the member acts).
#[component]
pub fn StatusChip(
    status: Status,
    handler: Option<Handler>,
    #[prop(optional)] named: bool,
) -> impl IntoView {
    let lang = use_lang();
    let class = move || {
        format!(
            "{CHIP} {}",
            chip_class(status_label(lang.get(), status, handler).1)
        )
    };
    let label = move || status_label(lang.get(), status, handler).0;
    let name = move || named.then(|| t(lang.get(), Key::ConversationStatus));
    view! { <span role=named.then_some("status") aria-label=name class=class>{label}</span> }
}

/// How long the customer has waited, as text coloured like the avatar's ring ("等候 5 小時 38 分"
/// / "waiting 5 h 38 min"); nothing when nobody waits. Rows and the pane header show it.
#[component]
pub fn WaitingText(since: Option<Millis>) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    since.map(|since| {
        let class = match wait_level(Some(since), clock.now) {
            None => "text-slate-500",
            Some(WaitLevel::Half) => "text-amber-700",
            Some(WaitLevel::Hour) => "text-orange-700",
            Some(WaitLevel::TwoHours) => "font-semibold text-red-700",
        };
        view! {
            <span class=format!("min-w-0 truncate text-[11px] tabular-nums {class}") data-waiting="">
                {move || waiting(lang.get(), clock.now - since)}
            </span>
        }
    })
}

/// A tag's chip look for each palette colour (written out so Tailwind finds them).
pub fn tag_look(color: &str) -> &'static str {
    match color {
        "red" => "bg-red-100 text-red-800 ring-red-200",
        "orange" => "bg-orange-100 text-orange-800 ring-orange-200",
        "amber" => "bg-amber-100 text-amber-900 ring-amber-200",
        "green" => "bg-green-100 text-green-800 ring-green-200",
        "teal" => "bg-teal-100 text-teal-800 ring-teal-200",
        "sky" => "bg-sky-100 text-sky-800 ring-sky-200",
        "indigo" => "bg-indigo-100 text-indigo-800 ring-indigo-200",
        "purple" => "bg-purple-100 text-purple-800 ring-purple-200",
        "pink" => "bg-pink-100 text-pink-800 ring-pink-200",
        _ => "bg-slate-100 text-slate-700 ring-slate-200",
    }
}
