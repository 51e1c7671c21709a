//! A conversation list: one `<li>` per conversation, each holding a link to it; pages load with
//! keyset cursors, so rows are never skipped or repeated.

use crate::api::inbox::{list_view, set_list_sort};
use crate::domain::{ConversationId, MemberId};
use crate::i18n::{t, Key};
use crate::ui::inbox::availability::OwnerFilter;
use crate::ui::inbox::batch::{BatchBar, Selection};
use crate::ui::inbox::nav::{view_href, view_title, ListParams};
use crate::ui::inbox::row::{selected_of, Row, SELECTOR};
use crate::ui::kit::phone::{touch, TOUCH_BOX};
use crate::ui::kit::{Button, ErrorNotice, Notice, NoticeTone, Tone};
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::wire::AppError;
use crate::wire::{ConversationPage, ConversationRow, Cursor, Sort, View};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashSet;

#[component]
pub fn ConversationList(
    /// The view shown; the list stays while it changes (see `crate::ui::inbox`).
    view: Signal<View>,
    params: Memo<ListParams>,
    selected: Memo<Option<ConversationId>>,
    /// The first page of this view, loaded by the inbox page (see `crate::ui::inbox`).
    first: Resource<Result<ConversationPage, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_refresh();
    // The order shown: the URL's, else the member's own.
    let own_sort = use_me().map(|me| me.list_sort).unwrap_or_default();
    let sort = move || params.get().sort.unwrap_or(own_sort);
    let first_sort = params.get_untracked().sort.unwrap_or(own_sort);
    // Rows of the pages after the first, and where the next page starts (`None`: not loaded
    // any yet, so the first page's cursor applies).
    let more = RwSignal::new(Vec::<ConversationRow>::new());
    let next = RwSignal::new(None::<Option<Cursor>>);
    let shown = StoredValue::new(HashSet::<ConversationId>::new());
    // The round selectors' selection survives loading more pages; the first page's rows are
    // kept for Select all.
    let selection = Selection::new();
    let first_rows = StoredValue::new(Vec::new());
    let loaded = move || {
        let mut rows = first_rows.get_value();
        rows.extend(more.with(|m| m.iter().map(selected_of).collect::<Vec<_>>()));
        rows
    };
    let loaded_count = move || first_rows.with_value(Vec::len) + more.with(Vec::len);
    let first_cursor = StoredValue::new(None::<Cursor>);
    let cursor = move || next.get().unwrap_or_else(|| first_cursor.get_value());
    // A reload, another view or another order starts again from the first page, at the top,
    // with nothing selected.
    let scroller = NodeRef::<leptos::html::Div>::new();
    // The Team views' owner filter lists the members with their status and load, read fresh
    // in the browser whenever a Team view opens (no resource: one the server never resolves
    // would leave its render incomplete).
    let by_member = Memo::new(move |_| view.get().by_member());
    let members = RwSignal::new(Vec::<crate::wire::TeamMember>::new());
    Effect::new(move |_| {
        if by_member.get() {
            leptos::task::spawn_local(async move {
                if let Ok(all) = crate::api::team::team_members().await {
                    members.try_set(all);
                }
            });
        }
    });
    let navigate_owner = use_navigate();
    let pick_owner = Callback::new(move |member: Option<MemberId>| {
        let picked = ListParams {
            owner: member,
            ..params.get_untracked()
        };
        navigate_owner(&view_href(view.get_untracked(), picked), Default::default());
    });
    Effect::new(move |last: Option<(View, ListParams)>| {
        refresh.get();
        let now = (view.get(), params.get());
        more.set(Vec::new());
        next.set(None);
        if last.is_some_and(|last| last != now) {
            selection.clear();
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(0);
            }
        }
        now
    });
    // A conversation of the later pages that moved (or went) leaves them; the first page,
    // loaded again by the inbox, shows it where it belongs now.
    if let Some(live) = crate::ui::live::use_live() {
        Effect::new(move |_| {
            let items = live.items();
            let moved: HashSet<_> = items
                .iter()
                .filter(|i| i.left || i.kind == crate::wire::LiveKind::Conversation)
                .filter_map(|i| i.conversation)
                .collect();
            if !moved.is_empty() && more.with_untracked(|m| m.iter().any(|r| moved.contains(&r.id)))
            {
                more.update(|m| m.retain(|r| !moved.contains(&r.id)));
                shown.update_value(|s| s.retain(|id| !moved.contains(id)));
            }
        });
    }
    let loading = RwSignal::new(false);
    let load_more = move |cursor: Cursor| {
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            let (view, params) = (view.get_untracked(), params.get_untracked());
            let sort = params.sort.unwrap_or(own_sort);
            let page = list_view(
                view,
                params.channel,
                Some(sort),
                Some(cursor.encode()),
                params.owner,
            )
            .await;
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
    let title = move || view_title(lang.get(), view.get());
    let navigate = use_navigate();
    let on_sort = move |ev: leptos::ev::Event| {
        let Some(sort) = Sort::from_slug(&event_target_value(&ev)) else {
            return;
        };
        // Remembered for the member: their lists open in it from now on, on any device.
        leptos::task::spawn_local(async move {
            let _ = set_list_sort(sort).await;
        });
        let picked = ListParams {
            sort: Some(sort),
            ..params.get_untracked()
        };
        navigate(&view_href(view.get_untracked(), picked), Default::default());
    };
    view! {
        <section aria-labelledby="list-title" class="flex min-h-0 flex-1 flex-col">
            <header class="flex h-14 items-center justify-between gap-3 border-b border-slate-200 px-4 max-lg:px-1 max-lg:pr-3">
                <div class="flex min-w-0 items-center gap-2.5 max-lg:gap-1">
                    <label class=TOUCH_BOX>
                        <input type="checkbox" class=SELECTOR aria-label=move || t(lang.get(), Key::SelectAll) title=move || t(lang.get(), Key::SelectAll)
                            prop:checked=move || { let n = selection.count(); n > 0 && n == loaded_count() }
                            prop:indeterminate=move || { let n = selection.count(); n > 0 && n != loaded_count() }
                            on:change=move |_| selection.toggle_all(loaded()) />
                    </label>
                    <h1 id="list-title" class="min-w-0 shrink-0 truncate text-base font-semibold">{title}</h1>
                </div>
                <label class="flex min-w-0 flex-1 items-center justify-end gap-1 text-xs text-slate-500" title=move || t(lang.get(), Key::SortBy)>
                    <span class="sr-only">{move || t(lang.get(), Key::SortBy)}</span>
                    <svg viewBox="0 0 20 20" class="h-4 w-4 shrink-0 text-slate-400" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><path d="M6 4v12M3 13l3 3 3-3M14 16V4M11 7l3-3 3 3" stroke-linecap="round" stroke-linejoin="round" /></svg>
                    <select on:change=on_sort class=concat!("w-full min-w-0 max-w-[13rem] truncate rounded-md border border-slate-200 bg-white py-1 pl-2 pr-7 text-xs text-slate-700 focus:outline-none focus:ring-2 focus:ring-indigo-400 ", touch!())>
                        {Sort::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected=s == first_sort prop:selected=move || s == sort()>{move || t(lang.get(), sort_label(s))}</option>
                        }).collect_view()}
                    </select>
                </label>
            </header>
            <Show when=move || by_member.get()>
                <OwnerFilter picked=Signal::derive(move || params.get().owner) members on_pick=pick_owner />
            </Show>
            {move || view! { <BatchBar view=view.get() selection /> }}
            <div node_ref=scroller class="flex-1 overflow-y-auto" on:scroll=move |ev| {
                // Scrolling near the end loads the next page.
                let el = event_target::<leptos::web_sys::Element>(&ev);
                if el.scroll_top() + el.client_height() + 400 >= el.scroll_height() {
                    if let Some(c) = next.get_untracked().unwrap_or_else(|| first_cursor.get_value()) { load_more(c) }
                }
            }>
                <Transition fallback=move || view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{move || t(lang.get(), Key::Loading)}</Notice> }>
                    {move || {
                        Suspend::new(async move {
                        let page: Result<ConversationPage, AppError> = first.await;
                        // The view and order this page is of (the URL changes first).
                        let (view, query) = (view.get_untracked(), params.get_untracked().query());
                        match page {
                            Err(error) => view! { <ErrorNotice error class="m-4" /> }.into_any(),
                            Ok(page) if page.rows.is_empty() => view! { <Empty /> }.into_any(),
                            Ok(page) => {
                                first_cursor.set_value(page.next);
                                // Reloaded while later pages are shown (a live change): a row
                                // that moved up is shown once, where the first page has it.
                                let firsts: HashSet<_> = page.rows.iter().map(|r| r.id).collect();
                                more.update(|m| m.retain(|r| !firsts.contains(&r.id)));
                                let mut ids = firsts;
                                more.with_untracked(|m| ids.extend(m.iter().map(|r| r.id)));
                                shown.set_value(ids);
                                first_rows.set_value(page.rows.iter().map(selected_of).collect());
                                let q2 = query.clone();
                                view! {
                                    <ul role="list" aria-label=move || t(lang.get(), Key::Conversations) class="divide-y divide-slate-100">
                                        {page.rows.into_iter().map(|row| view! { <Row row view query=query.clone() selected selection /> }).collect_view()}
                                        <For each=move || more.get() key=|r| r.id let:row>
                                            <Row row view query=q2.clone() selected selection />
                                        </For>
                                    </ul>
                                    <Show when=move || cursor().is_some()>
                                        <div class="p-4 text-center">
                                            <Button tone=Tone::Quiet disabled=loading on_click=move |_| { if let Some(c) = cursor() { load_more(c) } }>
                                                {move || if loading.get() { t(lang.get(), Key::Loading) } else { t(lang.get(), Key::LoadMore) }}
                                            </Button>
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
