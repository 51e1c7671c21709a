//! A conversation list: one `<li>` per conversation, each holding a link to it; pages load with
//! keyset cursors, so rows are never skipped or repeated.

use crate::api::inbox::list_view;
use crate::domain::waiting::{wait_level, WaitLevel};
use crate::domain::{ConversationId, Handler, Lang, Millis, Status};
use crate::i18n::{duration, select_label, short_time, t, waiting, Key};
use crate::ui::avatar::{BotAvatar, CustomerAvatar, MemberAvatar};
use crate::ui::batch::{BatchBar, Selected, Selection};
use crate::ui::nav::{view_href, view_title, ListParams};
use crate::ui::pane::Refresh;
use crate::ui::use_lang;
use crate::wire::AppError;
use crate::wire::{ConversationPage, ConversationRow, Cursor, Sort, View};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashSet;

/// The clock rows are printed with: the page's `now` and the workspace's UTC offset.
#[derive(Clone, Copy)]
pub struct Clock {
    pub now: Millis,
    pub utc_offset_minutes: i64,
}

#[component]
pub fn ConversationList(
    view: View,
    params: ListParams,
    clock: Clock,
    selected: Memo<Option<ConversationId>>,
    /// The first page of this view, loaded by the inbox page (see `crate::ui::inbox`).
    first: Resource<Result<ConversationPage, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_context::<Refresh>().unwrap_or(Refresh(RwSignal::new(0)));
    let sort = params.sort;
    // Rows of the pages after the first, and where the next page starts (`None`: not loaded
    // any yet, so the first page's cursor applies).
    let more = RwSignal::new(Vec::<ConversationRow>::new());
    let next = RwSignal::new(None::<Option<Cursor>>);
    let shown = StoredValue::new(HashSet::<ConversationId>::new());
    // The round selectors' selection survives loading more pages; the first page's rows are
    // kept for Select all.
    let selection = Selection::new();
    let first_rows = StoredValue::new(Vec::<Selected>::new());
    let loaded = move || {
        let mut rows = first_rows.get_value();
        rows.extend(more.with(|m| m.iter().map(selected_of).collect::<Vec<_>>()));
        rows
    };
    let loaded_count = move || first_rows.with_value(Vec::len) + more.with(Vec::len);
    let first_cursor = StoredValue::new(None::<Cursor>);
    let cursor = move || next.get().unwrap_or_else(|| first_cursor.get_value());
    // A reload starts again from the first page.
    Effect::new(move |_| {
        refresh.get();
        more.set(Vec::new());
        next.set(None);
    });
    let loading = RwSignal::new(false);
    let load_more = move |cursor: Cursor| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            let page = list_view(view, params.channel, Some(sort), Some(cursor.encode())).await;
            if let Ok(page) = page {
                // A conversation that moved while scrolling may come round again: show it once.
                let fresh: Vec<_> = page
                    .rows
                    .into_iter()
                    .filter(|r| shown.try_update_value(|s| s.insert(r.id)).unwrap_or(true))
                    .collect();
                more.update(|rows| rows.extend(fresh));
                next.set(Some(page.next));
            }
            loading.set(false);
        });
    };
    let title = move || view_title(lang.get(), view);
    let navigate = use_navigate();
    let on_sort = move |ev: leptos::ev::Event| {
        let picked = ListParams {
            sort: Sort::from_slug(&event_target_value(&ev)).unwrap_or_default(),
            ..params
        };
        navigate(&view_href(view, picked), Default::default());
    };
    let query = params.query();
    view! {
        <section aria-labelledby="list-title" class="flex w-full max-w-[22rem] shrink-0 flex-col border-r border-slate-200 bg-white 2xl:max-w-md">
            <header class="flex h-14 items-center justify-between gap-3 border-b border-slate-200 px-4">
                <div class="flex min-w-0 items-center gap-2.5">
                    <input type="checkbox" class=SELECTOR aria-label=move || t(lang.get(), Key::SelectAll) title=move || t(lang.get(), Key::SelectAll)
                        prop:checked=move || { let n = selection.count(); n > 0 && n == loaded_count() }
                        prop:indeterminate=move || { let n = selection.count(); n > 0 && n != loaded_count() }
                        on:change=move |_| selection.toggle_all(loaded()) />
                    <h1 id="list-title" class="min-w-0 shrink-0 truncate text-base font-semibold">{title}</h1>
                </div>
                <label class="flex min-w-0 flex-1 items-center justify-end gap-1 text-xs text-slate-500" title=move || t(lang.get(), Key::SortBy)>
                    <span class="sr-only">{move || t(lang.get(), Key::SortBy)}</span>
                    <svg viewBox="0 0 20 20" class="h-4 w-4 shrink-0 text-slate-400" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><path d="M6 4v12M3 13l3 3 3-3M14 16V4M11 7l3-3 3 3" stroke-linecap="round" stroke-linejoin="round" /></svg>
                    <select on:change=on_sort class="w-full min-w-0 max-w-[13rem] truncate rounded-md border border-slate-200 bg-white py-1 pl-2 pr-7 text-xs text-slate-700 focus:outline-none focus:ring-2 focus:ring-indigo-400">
                        {Sort::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected=s == sort>{move || t(lang.get(), sort_label(s))}</option>
                        }).collect_view()}
                    </select>
                </label>
            </header>
            <BatchBar view selection />
            <div class="flex-1 overflow-y-auto" on:scroll=move |ev| {
                // Scrolling near the end loads the next page.
                let el = event_target::<leptos::web_sys::Element>(&ev);
                if el.scroll_top() + el.client_height() + 400 >= el.scroll_height() {
                    if let Some(c) = next.get_untracked().unwrap_or_else(|| first_cursor.get_value()) { load_more(c) }
                }
            }>
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || t(lang.get(), Key::Loading)}</p> }>
                    {move || {
                        let query = query.clone();
                        Suspend::new(async move {
                        let page: Result<ConversationPage, AppError> = first.await;
                        match page {
                            Err(e) => view! { <p role="alert" class="m-4 rounded-lg bg-red-50 p-3 text-sm text-red-700">{e.message().to_owned()}</p> }.into_any(),
                            Ok(page) if page.rows.is_empty() => view! { <Empty /> }.into_any(),
                            Ok(page) => {
                                first_cursor.set_value(page.next);
                                shown.set_value(page.rows.iter().map(|r| r.id).collect());
                                first_rows.set_value(page.rows.iter().map(selected_of).collect());
                                let q2 = query.clone();
                                view! {
                                    <ul role="list" aria-label=move || t(lang.get(), Key::Conversations) class="divide-y divide-slate-100">
                                        {page.rows.into_iter().map(|row| view! { <Row row view query=query.clone() clock selected selection /> }).collect_view()}
                                        <For each=move || more.get() key=|r| r.id let:row>
                                            <Row row view query=q2.clone() clock selected selection />
                                        </For>
                                    </ul>
                                    <Show when=move || cursor().is_some()>
                                        <div class="p-4 text-center">
                                            <button type="button" disabled=loading on:click=move |_| { if let Some(c) = cursor() { load_more(c) } }
                                                class="rounded-lg px-4 py-2 text-sm font-medium text-indigo-600 hover:bg-indigo-50 disabled:opacity-50">
                                                {move || if loading.get() { t(lang.get(), Key::Loading) } else { t(lang.get(), Key::LoadMore) }}
                                            </button>
                                        </div>
                                    </Show>
                                }.into_any()
                            }
                        }
                    })}}
                </Transition>
            </div>
        </section>
    }
}

/// The round selector of a row (and of Select all).
const SELECTOR: &str = "h-4 w-4 shrink-0 cursor-pointer appearance-none rounded-full border border-slate-300 bg-white checked:border-indigo-600 checked:bg-indigo-600 checked:shadow-[inset_0_0_0_3px_white] indeterminate:border-indigo-600 indeterminate:bg-indigo-300 indeterminate:shadow-[inset_0_0_0_3px_white] focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400";

fn selected_of(row: &ConversationRow) -> Selected {
    Selected {
        id: row.id,
        version: row.version,
        name: row.customer_name.clone(),
    }
}

fn sort_label(sort: Sort) -> Key {
    match sort {
        Sort::Priority => Key::SortPriority,
        Sort::Newest => Key::SortNewest,
        Sort::Oldest => Key::SortOldest,
        Sort::Waiting => Key::SortWaiting,
        Sort::Unread => Key::SortUnread,
    }
}

#[component]
fn Empty() -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="grid place-items-center px-6 py-20 text-center">
            <div>
                <p class="font-medium text-slate-700">{move || t(lang.get(), Key::NoConversations)}</p>
                <p class="mt-1 text-sm text-slate-500">{move || t(lang.get(), Key::NoConversationsHint)}</p>
            </div>
        </div>
    }
}

/// How long the customer has waited, as text coloured like the avatar's ring ("等候 5 小時 38 分"
/// / "waiting 5 h 38 min"); nothing when nobody waits. Rows and the pane header show it.
#[component]
pub fn WaitingText(since: Option<Millis>, clock: Clock) -> impl IntoView {
    let lang = use_lang();
    since.map(|since| {
        let class = match wait_level(Some(since), clock.now) {
            None => "text-slate-500",
            Some(WaitLevel::Half) => "text-amber-700",
            Some(WaitLevel::Hour) => "text-orange-700",
            Some(WaitLevel::TwoHours) => "font-semibold text-red-700",
        };
        view! {
            <span class=format!("shrink-0 whitespace-nowrap text-[11px] tabular-nums {class}") data-waiting="">
                {move || waiting(lang.get(), clock.now - since)}
            </span>
        }
    })
}

/// The label and style of a status chip.
pub fn status_chip(
    lang: Lang,
    status: Status,
    handler: Option<Handler>,
) -> (&'static str, &'static str) {
    match (status, handler) {
        (Status::Pending, Some(Handler::Bot)) => (t(lang, Key::Bot), "bg-slate-100 text-slate-700"),
        (Status::Pending, _) => (
            t(lang, Key::Human),
            "bg-amber-50 text-amber-800 ring-1 ring-amber-200",
        ),
        (Status::InProgress, _) => (
            t(lang, Key::InProgress),
            "bg-indigo-50 text-indigo-700 ring-1 ring-indigo-200",
        ),
        (Status::Closed, _) => (t(lang, Key::Closed), "bg-slate-100 text-slate-500"),
    }
}

#[component]
fn Row(
    row: ConversationRow,
    view: View,
    /// The list's URL query (channel, sort), kept when the conversation opens.
    query: String,
    clock: Clock,
    selected: Memo<Option<ConversationId>>,
    selection: Selection,
) -> impl IntoView {
    let id = row.id;
    let pick = selected_of(&row);
    let pick_label = row.customer_name.clone();
    let lang = use_lang();
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
        ..
    } = row;
    let avatar_name = customer_name.clone();
    view! {
        <li class="flex items-center" class:bg-indigo-50=move || selection.has(id)>
            <input type="checkbox" class=format!("{SELECTOR} ml-4") aria-label=move || select_label(lang.get(), &pick_label)
                prop:checked=move || selection.has(id) on:change=move |_| selection.toggle(pick.clone()) />
            <a href=href on:click=move |_| opened.set(true) aria-current=move || (selected.get() == Some(id)).then_some("page") class="flex min-w-0 flex-1 gap-3 py-3 pl-3 pr-4 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none aria-[current=page]:bg-indigo-50/70">
                {move || {
                    let l = lang.get();
                    let title = waited.filter(|_| level.is_some()).map(|w| format!("{} {}", t(l, Key::WaitingFor), duration(l, w)));
                    view! { <CustomerAvatar id=customer_id name=avatar_name.clone() kind=channel_kind lang=l wait=level wait_title=title.unwrap_or_default() /> }
                }}
                <div class="min-w-0 flex-1">
                    <div class="flex items-baseline justify-between gap-2">
                        <span class="truncate font-medium" class:font-semibold=has_unread>{customer_name}</span>
                        <time class="shrink-0 text-xs tabular-nums text-slate-500">{move || short_time(lang.get(), last_message_at, clock.now, clock.utc_offset_minutes)}</time>
                    </div>
                    <div class="mt-0.5 flex items-center justify-between gap-2">
                        <p class="truncate text-sm text-slate-500" class:text-slate-800=has_unread>{last_message_preview}</p>
                        <Show when=has_unread>
                            <span class="shrink-0 rounded-full bg-red-500 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums"
                                aria-label=move || format!("{unread} {}", t(lang.get(), Key::Unread))>{unread}</span>
                        </Show>
                    </div>
                    <div class="mt-1.5 flex items-center justify-between gap-2">
                        <span class="flex min-w-0 items-center gap-2">
                            {move || {
                                let (label, class) = status_chip(lang.get(), status, handler);
                                view! { <span class=format!("shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium {class}")>{label}</span> }
                            }}
                            <WaitingText since=waiting_since clock />
                        </span>
                        <span class="flex -space-x-1.5">
                            {if bot {
                                view! { <BotAvatar label=t(lang.get_untracked(), Key::Bot) /> }.into_any()
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
