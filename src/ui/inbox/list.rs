//! A conversation list: one `<li>` per conversation (`row`), pages loaded with keyset cursors
//! so rows are never skipped or repeated, Select all and the batch bar, the sort, and the
//! scroll position kept while the member opens conversations and moves between views.

use crate::api::inbox::list_view;
use crate::i18n::{t, Key};
use crate::ui::inbox::batch::{BatchBar, Selected, Selection};
use crate::ui::inbox::nav::MenuButton;
use crate::ui::inbox::row::{selected_of, Row, SELECTOR};
use crate::ui::inbox::state::{
    remember_sort, sort_label, use_inbox, view_href, view_title, ListParams,
};
use crate::ui::kit::{Button, ErrorNotice, Size, Tone};
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::wire::{AppError, ConversationPage, ConversationRow, Cursor, Sort, View};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::collections::HashSet;

#[component]
pub fn ConversationList(
    view: View,
    params: ListParams,
    selected: Memo<Option<i64>>,
    /// The first page of this view, loaded by the inbox page (see `crate::ui::inbox::page`).
    first: Resource<Result<ConversationPage, AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_refresh();
    let state = use_inbox();
    let member = use_me().map(|m| m.member_id).unwrap_or_default();
    let sort = params.sort;
    // Rows of the pages after the first, and where the next page starts (`None`: not loaded
    // any yet, so the first page's cursor applies).
    let more = RwSignal::new(Vec::<ConversationRow>::new());
    let next = RwSignal::new(None::<Option<Cursor>>);
    let shown = StoredValue::new(HashSet::<i64>::new());
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
            let page = list_view(
                view.slug().to_owned(),
                params.channel,
                Some(sort.slug().to_owned()),
                Some(cursor.encode()),
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
    let title = move || view_title(lang.get(), view);
    let navigate = use_navigate();
    let on_sort = move |ev: leptos::ev::Event| {
        let picked = Sort::from_slug(&event_target_value(&ev)).unwrap_or_default();
        remember_sort(member, picked);
        navigate(
            &view_href(
                view,
                ListParams {
                    sort: picked,
                    ..params
                },
            ),
            Default::default(),
        );
    };
    let query = params.query();

    // The scroll position, kept per view and query: opening a conversation keeps it, and
    // coming back to a view (or to the list on a phone) puts it back.
    let scroll_key = format!("{}{query}", view.slug());
    let scroller = NodeRef::<leptos::html::Div>::new();
    let restore = {
        let scroll_key = scroll_key.clone();
        move || {
            if let (Some(top), Some(el)) =
                (state.saved_scroll(&scroll_key), scroller.get_untracked())
            {
                if el.scroll_top() != top {
                    el.set_scroll_top(top);
                }
            }
        }
    };
    Effect::new({
        let restore = restore.clone();
        move |_| {
            if selected.get().is_none() {
                let restore = restore.clone();
                request_animation_frame(restore);
            }
        }
    });

    view! {
        // On narrow screens the list gives way to the open conversation.
        <section aria-labelledby="list-title"
            class=move || format!(
                "{} w-full shrink-0 flex-col border-r border-slate-200 bg-white lg:w-80 xl:w-88",
                if selected.get().is_some() { "hidden lg:flex" } else { "flex" },
            )>
            <header class="flex h-14 items-center justify-between gap-2 border-b border-slate-200 px-3 sm:px-4">
                <div class="flex min-w-0 items-center gap-2.5">
                    <MenuButton />
                    <input type="checkbox" class=SELECTOR aria-label=move || t(lang.get(), Key::SelectAll) title=move || t(lang.get(), Key::SelectAll)
                        prop:checked=move || { let n = selection.count(); n > 0 && n == loaded_count() }
                        prop:indeterminate=move || { let n = selection.count(); n > 0 && n != loaded_count() }
                        on:change=move |_| selection.toggle_all(loaded()) />
                    <h1 id="list-title" class="min-w-0 truncate text-base font-semibold">{title}</h1>
                </div>
                <label class="flex min-w-0 shrink items-center gap-1 text-xs text-slate-500" title=move || t(lang.get(), Key::SortBy)>
                    <span class="sr-only">{move || t(lang.get(), Key::SortBy)}</span>
                    <svg viewBox="0 0 20 20" class="h-4 w-4 shrink-0 text-slate-400" fill="none" stroke="currentColor" stroke-width="1.6" aria-hidden="true"><path d="M6 4v12M3 13l3 3 3-3M14 16V4M11 7l3-3 3 3" stroke-linecap="round" stroke-linejoin="round" /></svg>
                    <select on:change=on_sort class="w-36 min-w-0 truncate rounded-md border border-slate-200 bg-white py-1 pl-2 pr-7 text-xs text-slate-700 focus:outline-none focus:ring-2 focus:ring-indigo-400 sm:w-44">
                        {Sort::ALL.into_iter().map(|s| view! {
                            <option value=s.slug() selected=s == sort>{move || t(lang.get(), sort_label(s))}</option>
                        }).collect_view()}
                    </select>
                </label>
            </header>
            <BatchBar view selection />
            <div node_ref=scroller class="flex-1 overflow-y-auto" on:scroll={
                let scroll_key = scroll_key.clone();
                move |ev| {
                    let el = event_target::<leptos::web_sys::Element>(&ev);
                    state.save_scroll(&scroll_key, el.scroll_top());
                    // Scrolling near the end loads the next page.
                    if el.scroll_top() + el.client_height() + 400 >= el.scroll_height() {
                        if let Some(c) = next.get_untracked().unwrap_or_else(|| first_cursor.get_value()) { load_more(c) }
                    }
                }
            }>
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || t(lang.get(), Key::Loading)}</p> }>
                    {move || {
                        let query = query.clone();
                        let restore = restore.clone();
                        Suspend::new(async move {
                        let page: Result<ConversationPage, AppError> = first.await;
                        match page {
                            Err(e) => view! { <div class="m-4"><ErrorNotice error=e /></div> }.into_any(),
                            Ok(page) if page.rows.is_empty() => view! { <Empty /> }.into_any(),
                            Ok(page) => {
                                first_cursor.set_value(page.next);
                                shown.set_value(page.rows.iter().map(|r| r.id).collect());
                                first_rows.set_value(page.rows.iter().map(selected_of).collect());
                                // Back to where the member was in this list, once it is drawn.
                                #[cfg(feature = "hydrate")]
                                request_animation_frame(restore);
                                #[cfg(not(feature = "hydrate"))]
                                let _ = restore;
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
                                            <Button tone=Tone::Quiet size=Size::Sm disabled=loading on:click=move |_| { if let Some(c) = cursor() { load_more(c) } }>
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
