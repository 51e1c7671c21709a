//! The customer's history beside the thread: their other conversations the member may see
//! (one per channel they wrote from), newest first, each with its channel, status, owner, date
//! and the first line of its last message, and each a link that opens it in the pane.

use crate::i18n::{channel_name, fill, preview_text, t, Key};
use crate::ui::kit::{status_word, ChannelIcon, StatusChip};
use crate::ui::page::{use_clock, use_lang};
use crate::wire::ConversationRow;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn History(rows: Vec<ConversationRow>) -> impl IntoView {
    let lang = use_lang();
    let empty = rows.is_empty();
    view! {
        <h3 id="history-title" class="mt-6 text-xs font-semibold uppercase tracking-wider text-slate-600">{move || t(lang.get(), Key::HistoryTitle)}</h3>
        {if empty {
            view! { <p class="mt-2 text-sm text-slate-600">{move || t(lang.get(), Key::HistoryNone)}</p> }.into_any()
        } else {
            view! {
                <ul role="list" aria-labelledby="history-title" class="mt-2 space-y-2">
                    {rows.into_iter().map(|row| view! { <Item row /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

/// One earlier conversation, opening in the pane in the view the page is on (the page then
/// moves to the view that lists it, as after any change).
#[component]
fn Item(row: ConversationRow) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let params = use_params_map();
    let location = use_location();
    let id = row.id;
    let href = move || {
        let view = params
            .read()
            .get("view")
            .unwrap_or_else(|| "pending".into());
        format!("/inbox/{view}/{id}{}", location.search.get())
    };
    let ConversationRow {
        channel_kind: kind,
        status,
        handler,
        last_message_at,
        last_message_preview,
        members,
        ..
    } = row;
    let owner = members.into_iter().next().map(|m| m.name);
    let label = move || {
        let l = lang.get();
        fill(
            l,
            Key::HistoryOpen,
            channel_name(l, kind),
            status_word(l, status, handler),
        )
    };
    let first_line = move || {
        let text = preview_text(lang.get(), &last_message_preview).into_owned();
        text.lines().next().unwrap_or_default().to_owned()
    };
    view! {
        <li>
            <a href=href aria-label=label data-history=id.to_string()
                class="block rounded-lg bg-slate-50 px-2.5 py-2 text-sm ring-1 ring-transparent hover:bg-indigo-50 hover:ring-indigo-200 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-600">
                <span class="flex items-center justify-between gap-2">
                    <span class="flex min-w-0 items-center gap-1.5">
                        {move || view! { <ChannelIcon kind lang=lang.get() /> }}
                        <span class="truncate text-xs font-medium text-slate-700">{move || channel_name(lang.get(), kind)}</span>
                    </span>
                    <time class="shrink-0 text-xs tabular-nums text-slate-600">{move || clock.short(lang.get(), last_message_at)}</time>
                </span>
                <span class="mt-1 block truncate text-slate-900">{first_line}</span>
                <span class="mt-1.5 flex items-center justify-between gap-2">
                    <StatusChip status handler />
                    <span class="truncate text-xs text-slate-600">{move || owner.clone().unwrap_or_else(|| t(lang.get(), Key::HistoryUnassigned).to_owned())}</span>
                </span>
            </a>
        </li>
    }
}
