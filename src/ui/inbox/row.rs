//! One row of a conversation list: the round selector for batch actions, and a link holding
//! the customer's avatar (with the waiting ring), name, last message, status, wait and members.
//! A search result is the same row without the selector, with what matched under it.

use crate::domain::waiting::wait_level;
use crate::domain::{ConversationId, Handler};
use crate::i18n::{duration, select_label, t, Key};
use crate::ui::inbox::batch::{Selected, Selection};
use crate::ui::kit::phone::touch_box;
use crate::ui::kit::{BotAvatar, CustomerAvatar, MemberAvatar, StatusChip, WaitingText};
use crate::ui::page::{use_clock, use_lang};
use crate::wire::{ConversationRow, View};
use leptos::prelude::*;

/// The round selector of a row (and of Select all), larger on a phone, inside a `TOUCH_BOX`.
pub const SELECTOR: &str = "h-4 w-4 max-lg:h-5 max-lg:w-5 shrink-0 cursor-pointer appearance-none rounded-full border border-slate-300 bg-white checked:border-indigo-600 checked:bg-indigo-600 checked:shadow-[inset_0_0_0_3px_white] indeterminate:border-indigo-600 indeterminate:bg-indigo-300 indeterminate:shadow-[inset_0_0_0_3px_white] focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400";

pub fn selected_of(row: &ConversationRow) -> Selected {
    Selected {
        id: row.id,
        version: row.version,
        name: row.customer_name.clone(),
    }
}

#[component]
pub fn Row(
    row: ConversationRow,
    view: View,
    /// The list's URL query (channel, sort), kept when the conversation opens.
    query: String,
    selected: Memo<Option<ConversationId>>,
    /// The list's selection for batch actions; without it the row has no selector.
    #[prop(optional)]
    selection: Option<Selection>,
    /// More lines under the row's own, inside its link (a search result's view and excerpt).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let id = row.id;
    let pick = selected_of(&row);
    let pick_label = row.customer_name.clone();
    let lang = use_lang();
    let clock = use_clock();
    let level = wait_level(row.waiting_since, clock.now);
    let waiting_since = row.waiting_since;
    let waited = waiting_since.map(|w| clock.now - w);
    let href = format!("/inbox/{}/{}{query}", view.slug(), row.id);
    let bot = row.handler == Some(Handler::Bot);
    let unread = row.unread;
    // Opening a conversation reads it: its badge goes at once, without waiting for the list to
    // reload (a reload brings the server's count, which is then zero).
    let opened = RwSignal::new(false);
    let has_unread = move || unread > 0 && !opened.get() && selected.get() != Some(id);
    let ConversationRow {
        id: _,
        customer_id,
        customer_name,
        channel_kind,
        status,
        handler,
        last_message_at,
        last_message_preview,
        members,
        why,
        ..
    } = row;
    // Why a pending conversation is where it is, on hover.
    let why_title = move || why.as_ref().map(|w| crate::i18n::bot::why(lang.get(), w));
    let avatar_name = customer_name.clone();
    let picked = move || selection.is_some_and(|s| s.has(id));
    let inset = if selection.is_some() {
        "pl-3 max-lg:pl-1"
    } else {
        "pl-4"
    };
    view! {
        <li class="flex items-center" class:bg-indigo-50=picked>
            {selection.map(|selection| view! {
                // A 44 px square to tap on a phone; on the desktop just the selector.
                <label class=concat!(touch_box!(), " ml-4 max-lg:ml-1")>
                    <input type="checkbox" class=SELECTOR aria-label=move || select_label(lang.get(), &pick_label)
                        prop:checked=move || selection.has(id) on:change=move |_| selection.toggle(pick.clone()) />
                </label>
            })}
            <a href=href title=why_title data-row-link="" on:click=move |_| opened.set(true) aria-current=move || (selected.get() == Some(id)).then_some("page") class=format!("flex min-w-0 flex-1 gap-3 py-3 {inset} pr-4 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-600 aria-[current=page]:bg-indigo-50/70")>
                {move || {
                    let l = lang.get();
                    let title = waited.filter(|_| level.is_some()).map(|w| format!("{} {}", t(l, Key::WaitingFor), duration(l, w)));
                    view! { <CustomerAvatar id=customer_id name=avatar_name.clone() kind=channel_kind lang=l wait=level wait_title=title.unwrap_or_default() /> }
                }}
                <div class="min-w-0 flex-1">
                    <div class="flex items-baseline justify-between gap-2">
                        <span class="truncate font-medium" class:font-semibold=has_unread>{customer_name}</span>
                        <time class="shrink-0 text-xs tabular-nums text-slate-500">{move || clock.short(lang.get(), last_message_at)}</time>
                    </div>
                    <div class="mt-0.5 flex items-center justify-between gap-2">
                        <p class="truncate text-sm text-slate-500" class:text-slate-800=has_unread>{move || crate::i18n::preview_text(lang.get(), &last_message_preview).into_owned()}</p>
                        <Show when=has_unread>
                            <span class="shrink-0 rounded-full bg-red-500 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums"
                                aria-label=move || format!("{unread} {}", t(lang.get(), Key::Unread))>{unread}</span>
                        </Show>
                    </div>
                    <div class="mt-1.5 flex items-center justify-between gap-2">
                        <span class="flex min-w-0 items-center gap-2">
                            <StatusChip status handler />
                            <WaitingText since=waiting_since />
                        </span>
                        <span class="flex shrink-0 -space-x-1.5">
                            {if bot {
                                view! { <BotAvatar label=t(lang.get_untracked(), Key::Bot) /> }.into_any()
                            } else {
                                members.into_iter().take(3).map(|m| view! { <MemberAvatar id=m.id name=m.name /> }).collect_view().into_any()
                            }}
                        </span>
                    </div>
                    {children.map(|c| c())}
                </div>
            </a>
        </li>
    }
}
