//! A conversation list: one `<li>` per conversation, each holding a link to it; pages load with
//! keyset cursors, so rows are never skipped or repeated.

use crate::api::inbox::list_view;
use crate::api::types::{ConversationPage, ConversationRow, Cursor, View};
use crate::api::AppError;
use crate::domain::waiting::wait_level;
use crate::domain::{ChannelId, Handler, Lang, Millis, Status};
use crate::i18n::{duration, short_time, t, Key};
use crate::ui::avatar::{BotAvatar, CustomerAvatar, MemberAvatar};
use crate::ui::nav::view_title;
use crate::ui::pane::Refresh;
use crate::ui::use_lang;
use leptos::prelude::*;

/// The clock rows are printed with: the page's `now` and the workspace's UTC offset.
#[derive(Clone, Copy)]
pub struct Clock {
    pub now: Millis,
    pub utc_offset_minutes: i64,
}

#[component]
pub fn ConversationList(
    view: View,
    channel: Option<ChannelId>,
    clock: Clock,
    selected: Memo<Option<i64>>,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_context::<Refresh>().unwrap_or(Refresh(RwSignal::new(0)));
    let first = Resource::new(
        move || (view, channel, refresh.get()),
        |(v, c, _)| list_view(v.slug().to_owned(), c, None, None),
    );
    let more = RwSignal::new(Vec::<ConversationRow>::new());
    let next = RwSignal::new(None::<Option<Cursor>>);
    // A reload starts again from the first page.
    Effect::new(move |_| {
        refresh.get();
        more.set(Vec::new());
        next.set(None);
    });
    let loading = RwSignal::new(false);
    let load_more = move |cursor: Cursor| {
        loading.set(true);
        leptos::task::spawn_local(async move {
            if let Ok(page) = list_view(
                view.slug().to_owned(),
                channel,
                Some(cursor.last_message_at),
                Some(cursor.id),
            )
            .await
            {
                more.update(|rows| rows.extend(page.rows));
                next.set(Some(page.next));
            }
            loading.set(false);
        });
    };
    let title = move || view_title(lang.get(), view);
    view! {
        <section aria-labelledby="list-title" class="flex w-full max-w-md shrink-0 flex-col border-r border-slate-200 bg-white">
            <header class="flex h-14 items-center border-b border-slate-200 px-4">
                <h1 id="list-title" class="text-base font-semibold">{title}</h1>
            </header>
            <div class="flex-1 overflow-y-auto">
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || t(lang.get(), Key::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        let page: Result<ConversationPage, AppError> = first.await;
                        match page {
                            Err(e) => view! { <p role="alert" class="m-4 rounded-lg bg-red-50 p-3 text-sm text-red-700">{e.message().to_owned()}</p> }.into_any(),
                            Ok(page) if page.rows.is_empty() => view! { <Empty /> }.into_any(),
                            Ok(page) => {
                                let first_next = page.next;
                                let cursor = move || next.get().unwrap_or(first_next);
                                view! {
                                    <ul role="list" aria-label=move || t(lang.get(), Key::Conversations) class="divide-y divide-slate-100">
                                        {page.rows.into_iter().map(|row| view! { <Row row view clock selected /> }).collect_view()}
                                        <For each=move || more.get() key=|r| r.id let:row>
                                            <Row row view clock selected />
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
                    })}
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
    clock: Clock,
    selected: Memo<Option<i64>>,
) -> impl IntoView {
    let id = row.id;
    let lang = use_lang();
    let level = wait_level(row.waiting_since, clock.now);
    let waited = row.waiting_since.map(|w| clock.now - w);
    let href = format!("/inbox/{}/{}", view.slug(), row.id);
    let bot = row.handler == Some(Handler::Bot);
    let unread = row.unread;
    let has_unread = unread > 0;
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
        <li>
            <a href=href aria-current=move || (selected.get() == Some(id)).then_some("page") class="flex gap-3 px-4 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none aria-[current=page]:bg-indigo-50/70">
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
                        <Show when=move || has_unread>
                            <span class="shrink-0 rounded-full bg-red-500 px-1.5 py-0.5 text-[11px] font-semibold leading-none text-white tabular-nums"
                                aria-label=move || format!("{unread} {}", t(lang.get(), Key::Unread))>{unread}</span>
                        </Show>
                    </div>
                    <div class="mt-1.5 flex items-center justify-between">
                        {move || {
                            let (label, class) = status_chip(lang.get(), status, handler);
                            view! { <span class=format!("rounded px-1.5 py-0.5 text-[11px] font-medium {class}")>{label}</span> }
                        }}
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
