//! The inbox page: navigation on the left, the list of the current view beside it, the open
//! conversation and its customer's profile on the right.
//!
//! One route (`/inbox/:view/:id?`) shows every view and conversation, so moving between them
//! updates this page instead of making a new one: the session is not read again, the list
//! keeps its rows and its scroll, and the navigation stays.

use crate::api::conversation::{mark_read, open_conversation};
use crate::api::customer::customer_profile;
use crate::api::inbox::{inbox_nav, list_view};
use crate::domain::placement::{listed_in, Placed};
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::inbox::list::ConversationList;
use crate::ui::inbox::nav::Sidebar;
use crate::ui::inbox::pane::ConversationPane;
use crate::ui::inbox::state::{conversation_href, remembered_sort, InboxState, ListParams};
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::wire::{ConversationDetail, ConversationPage, Sort, ThreadItem, View};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;

#[component]
pub fn InboxPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Inbox /> } /> }
}

/// The newest message a conversation shows (what "read" covers).
fn newest_message(d: &ConversationDetail) -> i64 {
    d.items
        .iter()
        .filter_map(|i| match i {
            ThreadItem::Message { created_at, .. } => Some(*created_at),
            ThreadItem::Event { .. } => None,
        })
        .max()
        .unwrap_or_default()
}

#[component]
fn Inbox() -> impl IntoView {
    let lang = use_lang();
    let me = use_me();
    let member = me.as_ref().map(|m| m.member_id).unwrap_or_default();
    let refresh = use_refresh();
    let state = InboxState::new();
    provide_context(state);
    let route = use_params_map();
    let query = use_query_map();
    let view = Memo::new(move |_| route.read().get("view").and_then(|s| View::from_slug(&s)));
    let params = Memo::new(move |_| {
        let q = query.read();
        ListParams {
            channel: q.get("channel").and_then(|c| c.parse::<i64>().ok()),
            sort: q
                .get("sort")
                .and_then(|s| Sort::from_slug(&s))
                .unwrap_or_default(),
        }
    });
    let channel = Memo::new(move |_| params.get().channel);
    let selected = Memo::new(move |_| route.read().get("id").and_then(|c| c.parse::<i64>().ok()));

    // Every resource of the page is made here, once. The server renders the reactive blocks
    // below twice (once to find what they read, once for real), so a resource made inside
    // one would be made twice there, once here, and hydration would read the wrong one.
    let nav = Resource::new(
        move || (channel.get(), refresh.get()),
        |(c, _)| inbox_nav(c),
    );
    let first = Resource::new(
        move || (view.get(), params.get(), refresh.get()),
        |(view, params, _)| async move {
            match view {
                Some(v) => {
                    list_view(
                        v.slug().to_owned(),
                        params.channel,
                        Some(params.sort.slug().to_owned()),
                        None,
                    )
                    .await
                }
                None => Ok(ConversationPage {
                    rows: Vec::new(),
                    next: None,
                }),
            }
        },
    );
    let detail = Resource::new(
        move || (selected.get(), refresh.get()),
        |(id, _)| async move {
            match id {
                Some(id) => open_conversation(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // Reloads with the rest: after a transfer the member may no longer see the customer.
    let profile = Resource::new(
        move || (selected.get(), refresh.get()),
        |(id, _)| async move {
            match id {
                Some(id) => customer_profile(id).await.map(Some),
                None => Ok(None),
            }
        },
    );

    // Opening shows it; reading it is a separate POST once the browser shows it (a page
    // rendered for a cross-site link marks nothing). Its row loses its unread badge at once.
    Effect::new(move |_| {
        let opened = detail.with(|d| match d {
            Some(Ok(Some(d))) => Some((d.id, newest_message(d))),
            _ => None,
        });
        if let Some((id, newest)) = opened {
            state.mark_opened(id, newest);
            leptos::task::spawn_local(async move {
                if mark_read(id).await.is_ok() {
                    nav.refetch();
                }
            });
        }
    });

    let navigate = use_navigate();
    // After the member's own change, show the conversation in the list that now holds it, so
    // the URL and the list agree on where it is.
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            let Some((id, version)) = state.follow.get() else {
                return;
            };
            let Some(from) = view.get_untracked() else {
                return;
            };
            let target = detail.with(|d| match d {
                Some(Ok(Some(d))) if d.id == id && d.version != version => {
                    let collaborators: Vec<i64> = d.collaborators.iter().map(|c| c.id).collect();
                    let placed = Placed {
                        status: d.status,
                        handler: d.handler,
                        owner: d.owner.as_ref().map(|o| o.id),
                        collaborators: &collaborators,
                    };
                    Some(listed_in(member, placed, from))
                }
                _ => None,
            });
            if selected.get_untracked() != Some(id) {
                state.follow.set(None);
                return;
            }
            let Some(to) = target else {
                return;
            };
            state.follow.set(None);
            if to != from {
                navigate(
                    &conversation_href(to, Some(id), params.get_untracked()),
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
            }
        }
    });

    // A view opened without `?sort=` uses the sort the member chose last (in this browser).
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            let explicit = query.with(|q| q.get("sort").is_some());
            let Some(v) = view.get() else { return };
            if explicit {
                return;
            }
            if let Some(sort) = remembered_sort(member).filter(|s| *s != Sort::default()) {
                let to = ListParams {
                    sort,
                    ..params.get_untracked()
                };
                navigate(
                    &conversation_href(v, selected.get_untracked(), to),
                    NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
            }
        }
    });

    // Keep the counts and the open conversation true while the page is open: the counts every
    // 20 seconds; the conversation every 10, shown anew only when it changed (someone took it
    // over, transferred it, wrote to it).
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) =
            set_interval_with_handle(move || nav.refetch(), std::time::Duration::from_secs(20))
        {
            on_cleanup(move || handle.clear());
        }
        let poll = move || {
            let Some(id) = selected.get_untracked() else {
                return;
            };
            if document().hidden() {
                return;
            }
            leptos::task::spawn_local(async move {
                let Ok(fresh) = open_conversation(id).await else {
                    return;
                };
                let changed = detail.with_untracked(|d| match d {
                    Some(Ok(Some(shown))) => shown.id == fresh.id && *shown != fresh,
                    _ => false,
                });
                if changed && selected.get_untracked() == Some(id) {
                    detail.set(Some(Ok(Some(fresh))));
                }
            });
        };
        if let Ok(handle) = set_interval_with_handle(poll, std::time::Duration::from_secs(10)) {
            on_cleanup(move || handle.clear());
        }
    }

    let back = Signal::derive(move || {
        conversation_href(view.get().unwrap_or(View::PendingHuman), None, params.get())
    });
    view! {
        <div class="flex h-dvh overflow-hidden">
            <Sidebar nav view params />
            <main class="flex min-w-0 flex-1">
                {move || match view.get() {
                    Some(v) => Either::Left(view! { <ConversationList view=v params=params.get() selected first /> }),
                    None => Either::Right(view! {
                        <p role="alert" class="m-6 text-slate-600">{move || t(lang.get(), Key::PageNotFound)}</p>
                    }),
                }}
                {move || match selected.get() {
                    Some(id) => Either::Left(view! { <ConversationPane id back detail profile /> }),
                    None => Either::Right(view! { <Placeholder /> }),
                }}
            </main>
        </div>
    }
}

/// Where the conversation goes while none is open (wide screens only).
#[component]
fn Placeholder() -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="hidden flex-1 place-items-center bg-slate-50 lg:grid" aria-label=move || t(lang.get(), Key::SelectConversation)>
            <div class="px-6 text-center">
                <div class="mx-auto grid h-14 w-14 place-items-center rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" aria-hidden="true">
                    <svg viewBox="0 0 24 24" class="h-7 w-7 text-slate-400" fill="none" stroke="currentColor" stroke-width="1.5"><path d="M4 5h16v10H8l-4 4z" stroke-linejoin="round" /></svg>
                </div>
                <p class="mt-4 font-medium text-slate-700">{move || t(lang.get(), Key::SelectConversation)}</p>
                <p class="mt-1 text-sm text-slate-500">{move || t(lang.get(), Key::SelectConversationHint)}</p>
            </div>
        </section>
    }
}
