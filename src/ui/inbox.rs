//! The inbox page: navigation on the left, the list of the current view beside it.

use crate::api::conversation::{mark_read, open_conversation};
use crate::api::customer::customer_profile;
use crate::api::inbox::{inbox_nav, list_view};
use crate::domain::{ChannelId, ConversationId, Lang};
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::list::{Clock, ConversationList};
use crate::ui::nav::{ListParams, Sidebar};
use crate::ui::pane::{ConversationPane, Refresh};
use crate::wire::PageSession;
use crate::wire::{ConversationPage, Me, Sort, View};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn InboxPage() -> impl IntoView {
    view! {
        <SignedIn page=|me, s: PageSession| {
            view! { <Inbox me lang=s.lang clock=Clock { now: s.now, utc_offset_minutes: s.utc_offset_minutes } /> }
        } />
    }
}

#[component]
fn Inbox(me: Me, lang: Lang, clock: Clock) -> impl IntoView {
    let lang = RwSignal::new(lang);
    provide_context(lang);
    provide_context(me.clone());
    let route = use_params_map();
    let query = use_query_map();
    let view = Memo::new(move |_| route.read().get("view").and_then(|s| View::from_slug(&s)));
    let params = Memo::new(move |_| {
        let q = query.read();
        ListParams {
            channel: q.get("channel").and_then(|c| c.parse::<ChannelId>().ok()),
            sort: q
                .get("sort")
                .and_then(|s| Sort::from_slug(&s))
                .unwrap_or_default(),
        }
    });
    let channel = Memo::new(move |_| params.get().channel);
    let selected = Memo::new(move |_| {
        route
            .read()
            .get("id")
            .and_then(|c| c.parse::<ConversationId>().ok())
    });
    let refresh = Refresh(RwSignal::new(0));
    provide_context(refresh);
    let nav = Resource::new(
        move || (channel.get(), refresh.get()),
        |(c, _)| inbox_nav(c),
    );
    // Every resource of the page is made here, once. The server renders the reactive blocks
    // below twice (once to find what they read, once for real), so a resource made inside
    // one would be made twice there, once here, and hydration would read the wrong one.
    let first = Resource::new(
        move || (view.get(), params.get(), refresh.get()),
        |(view, params, _)| async move {
            match view {
                Some(v) => list_view(v, params.channel, Some(params.sort), None).await,
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
    let profile = Resource::new(
        move || selected.get(),
        |id| async move {
            match id {
                Some(id) => customer_profile(id).await.map(Some),
                None => Ok(None),
            }
        },
    );

    // Opening shows it; reading it is a separate POST once the browser shows it (a page
    // rendered for a cross-site link marks nothing).
    Effect::new(move |_| {
        let opened = detail.with(|d| match d {
            Some(Ok(Some(d))) => Some(d.id),
            _ => None,
        });
        if let Some(id) = opened {
            leptos::task::spawn_local(async move {
                if mark_read(id).await.is_ok() {
                    nav.refetch();
                }
            });
        }
    });

    // The URL and the list agree on where the open conversation is: once it has changed (Follow
    // up, Close, a transfer, a colleague's take-over found on reload), the page moves to the
    // view that lists it now, in place of the old address.
    let me_id = me.member_id;
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let found = detail.with(|d| match d {
            Some(Ok(Some(d))) => d
                .conv_state()
                .map(|state| (d.id, state, d.collaborators.iter().any(|c| c.id == me_id))),
            _ => None,
        });
        let (Some((id, state, collaborates)), Some(current)) = (found, view.get_untracked()) else {
            return;
        };
        let home = View::listing(state, me_id, collaborates, current);
        if home != current {
            let to = format!(
                "/inbox/{}/{id}{}",
                home.slug(),
                params.get_untracked().query()
            );
            navigate(
                &to,
                leptos_router::NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });

    // Keep the counts live while the page is open.
    #[cfg(feature = "hydrate")]
    {
        if let Ok(handle) =
            set_interval_with_handle(move || nav.refetch(), std::time::Duration::from_secs(20))
        {
            on_cleanup(move || handle.clear());
        }
    }

    view! {
        <crate::ui::DocumentLang />
        <div class="flex h-screen overflow-hidden">
            <Sidebar me nav view params clock />
            <main class="flex min-w-0 flex-1">
                {move || match view.get() {
                    Some(v) => Either::Left(view! { <ConversationList view=v params=params.get() clock selected first /> }),
                    None => Either::Right(view! {
                        <p role="alert" class="m-6 text-slate-600">{move || t(lang.get(), Key::PageNotFound)}</p>
                    }),
                }}
                {move || match selected.get() {
                    Some(id) => Either::Left(view! { <ConversationPane id clock detail profile /> }),
                    None => Either::Right(view! {
                    <section class="hidden flex-1 place-items-center bg-slate-50 lg:grid" aria-label=move || t(lang.get(), Key::SelectConversation)>
                        <div class="text-center">
                            <div class="mx-auto grid h-14 w-14 place-items-center rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" aria-hidden="true">
                                <svg viewBox="0 0 24 24" class="h-7 w-7 text-slate-400" fill="none" stroke="currentColor" stroke-width="1.5"><path d="M4 5h16v10H8l-4 4z" stroke-linejoin="round" /></svg>
                            </div>
                            <p class="mt-4 font-medium text-slate-700">{move || t(lang.get(), Key::SelectConversation)}</p>
                            <p class="mt-1 text-sm text-slate-500">{move || t(lang.get(), Key::SelectConversationHint)}</p>
                        </div>
                    </section>
                    }),
                }}
            </main>
        </div>
    }
}
