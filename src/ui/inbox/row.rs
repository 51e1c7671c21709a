//! One row of a conversation list: its round selector and the link that opens it, with the
//! customer, channel, last message and time, unread badge, status, how long the customer has
//! waited (ring and text), and the members handling it.

use crate::domain::waiting::wait_level;
use crate::domain::Handler;
use crate::i18n::{select_label, unread_count, wait_text};
use crate::ui::inbox::batch::{Selected, Selection};
use crate::ui::inbox::state::use_inbox;
use crate::ui::kit::{BotAvatar, CustomerAvatar, MemberAvatar, StatusChip, WaitChip};
use crate::ui::page::{use_clock, use_lang};
use crate::wire::{ConversationRow, View};
use leptos::prelude::*;

/// The round selector of a row (and of Select all).
pub const SELECTOR: &str = "h-4 w-4 shrink-0 cursor-pointer appearance-none rounded-full border border-slate-300 bg-white checked:border-indigo-600 checked:bg-indigo-600 checked:shadow-[inset_0_0_0_3px_white] indeterminate:border-indigo-600 indeterminate:bg-indigo-300 indeterminate:shadow-[inset_0_0_0_3px_white] focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400";

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
    selected: Memo<Option<i64>>,
    selection: Selection,
) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let state = use_inbox();
    let id = row.id;
    let pick = selected_of(&row);
    let pick_label = row.customer_name.clone();
    let href = format!("/inbox/{}/{}{query}", view.slug(), row.id);
    let ConversationRow {
        customer_id,
        customer_name,
        channel_kind,
        status,
        handler,
        last_message_at,
        last_message_preview,
        waiting_since,
        unread,
        members,
        ..
    } = row;
    let bot = handler == Some(Handler::Bot);
    // Opening the conversation here clears its badge at once, until something newer arrives.
    let unread = Memo::new(move |_| {
        if state.read_here(id, last_message_at) {
            0
        } else {
            unread
        }
    });
    let has_unread = move || unread.get() > 0;
    let level = Signal::derive(move || wait_level(waiting_since, clock.now()));
    let ring_title = move || {
        level
            .get()
            .and(waiting_since)
            .map(|w| wait_text(lang.get(), clock.now() - w))
    };
    let avatar_name = customer_name.clone();
    view! {
        <li class="flex items-center" class:bg-indigo-50=move || selection.has(id)>
            <input type="checkbox" class=format!("{SELECTOR} ml-3 sm:ml-4") aria-label=move || select_label(lang.get(), &pick_label)
                prop:checked=move || selection.has(id) on:change=move |_| selection.toggle(pick.clone()) />
            <a href=href aria-current=move || (selected.get() == Some(id)).then_some("page")
                class="flex min-w-0 flex-1 gap-3 py-3 pl-3 pr-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none aria-[current=page]:bg-indigo-50/70 sm:pr-4">
                <CustomerAvatar id=customer_id name=avatar_name kind=channel_kind wait=level wait_title=Signal::derive(ring_title) />
                <div class="min-w-0 flex-1">
                    <div class="flex items-baseline justify-between gap-2">
                        <h3 class="truncate text-sm" class:font-semibold=has_unread class:font-medium=move || !has_unread()>{customer_name}</h3>
                        <time class="shrink-0 text-xs tabular-nums text-slate-500">{move || clock.short(lang.get(), last_message_at)}</time>
                    </div>
                    <div class="mt-0.5 flex items-center justify-between gap-2">
                        <p class="truncate text-sm" class:text-slate-800=has_unread class:text-slate-500=move || !has_unread()>{last_message_preview}</p>
                        <Show when=has_unread>
                            <span class="shrink-0 rounded-full bg-red-500 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums"
                                role="img" aria-label=move || unread_count(lang.get(), unread.get())>{move || unread.get()}</span>
                        </Show>
                    </div>
                    <div class="mt-1.5 flex items-center justify-between gap-2">
                        <span class="flex min-w-0 items-center gap-1.5 overflow-hidden">
                            <StatusChip status handler />
                            <WaitChip since=waiting_since />
                        </span>
                        <span class="flex shrink-0 -space-x-1.5">
                            {if bot {
                                view! { <BotAvatar /> }.into_any()
                            } else {
                                members.into_iter().take(3).map(|m| view! { <MemberAvatar id=m.id name=m.name /> }).collect_view().into_any()
                            }}
                        </span>
                    </div>
                </div>
            </a>
        </li>
    }
}
