//! The inbox page: navigation on the left, the list of the current view beside it, the open
//! conversation and its customer's profile on the right. One route (`/inbox/:view/:id?`)
//! shows every view and conversation, so moving between them keeps the page, the list and its
//! scroll. A search in the URL's query (`search`) shows its results in the list's place.
//!
//! Below `lg` (phones, portrait tablets) the page is one column: the list under a top bar whose
//! menu opens the navigation as a drawer (`drawer`), or, with a conversation open, the pane
//! alone with a back button to the list.

pub mod availability;
pub mod batch;
pub mod collaborators;
pub mod composer;
pub mod draft;
pub mod drawer;
pub mod history;
pub mod keys;
pub mod list;
pub mod nav;
pub mod notifications;
pub mod pane;
pub mod presence;
pub mod profile;
pub mod row;
pub mod saved_picker;
pub mod search;
pub mod search_filters;
pub mod shortcuts_help;
pub mod snooze;
pub mod thread;
pub mod transfer;

use crate::api::conversation::{mark_read, open_conversation};
use crate::api::customer::customer_profile;
use crate::api::inbox::{inbox_nav, list_view};
use crate::api::search::{search as run_search, search_options};
use crate::domain::{ChannelId, ConversationId, MemberId};
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::phone::narrow_hidden;
use crate::ui::kit::Notice;
use crate::ui::live::use_live;
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::wire::{ConversationPage, LiveKind, SearchPage, Sort, View};
use drawer::{Backdrop, Drawer, TopBar};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use list::ConversationList;
use nav::{ListParams, Sidebar};
use pane::ConversationPane;
use search::{SearchBox, SearchResults};

#[component]
pub fn InboxPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Inbox /> } /> }
}

#[component]
fn Inbox() -> impl IntoView {
    let lang = use_lang();
    let Some(me) = use_me() else {
        return ().into_any();
    };
    let route = use_params_map();
    let query = use_query_map();
    let view = Memo::new(move |_| route.read().get("view").and_then(|s| View::from_slug(&s)));
    let params = Memo::new(move |_| {
        let q = query.read();
        ListParams {
            channel: q.get("channel").and_then(|c| c.parse::<ChannelId>().ok()),
            sort: q.get("sort").and_then(|s| Sort::from_slug(&s)),
            owner: q
                .get("owner")
                .and_then(|m| m.parse::<i64>().ok())
                .map(MemberId),
        }
    });
    let channel = Memo::new(move |_| params.get().channel);
    // The search the URL holds (`None`: the view's list is shown), and the page's whole query.
    let searched = Memo::new(move |_| search::from_query(&query.read()));
    let searching = Memo::new(move |_| searched.with(Option::is_some));
    let page_query =
        Memo::new(move |_| searched.with(|s| search::page_query(params.get(), s.as_ref())));
    let selected = Memo::new(move |_| {
        route
            .read()
            .get("id")
            .and_then(|c| c.parse::<ConversationId>().ok())
    });
    let refresh = use_refresh();
    let nav = Resource::new(
        move || (channel.get(), refresh.get()),
        |(c, _)| inbox_nav(c),
    );
    // Every resource of the page is made here, once. The server renders the reactive blocks
    // below twice (once to find what they read, once for real), so a resource made inside
    // one would be made twice there, once here, and hydration would read the wrong one.
    let own_sort = me.list_sort;
    let first = Resource::new(
        move || (view.get(), params.get(), refresh.get(), searching.get()),
        move |(view, params, _, searching)| async move {
            match view.filter(|_| !searching) {
                Some(v) => {
                    let sort = params.sort.unwrap_or(own_sort);
                    list_view(v, params.channel, Some(sort), None, params.owner).await
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
    let profile = Resource::new(
        move || selected.get(),
        |id| async move {
            match id {
                Some(id) => customer_profile(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    // The search's first page (later ones load as the results scroll), and what the filter
    // panel offers, loaded once the panel is first opened.
    let found = Resource::new(
        move || (searched.get(), refresh.get()),
        |(request, _)| async move {
            match request.filter(search::asks) {
                Some(request) => run_search(request, None).await,
                None => Ok(SearchPage::default()),
            }
        },
    );
    let wanted = RwSignal::new(false);
    let options = Resource::new(
        move || wanted.get(),
        |wanted| async move {
            if wanted {
                search_options().await.map(Some)
            } else {
                Ok(None)
            }
        },
    );

    // What the pane shows, set by the pane once the conversation has loaded. The effects below
    // read this, never `detail` itself: a resource read outside a Transition suspends the
    // nearest Suspense, the signed-in guard's, which would take the whole page out of the
    // document while the next conversation loads (a blank flash, the list's scroll and the
    // focus lost).
    let shown = RwSignal::new(None::<pane::Shown>);

    // Opening shows it; reading it is a separate POST once the browser shows it (a page
    // rendered for a cross-site link marks nothing).
    Effect::new(move |_| {
        if let Some(id) = shown.with(|s| s.as_ref().map(|s| s.id)) {
            leptos::task::spawn_local(async move {
                if mark_read(id).await.is_ok() {
                    nav.refetch();
                }
            });
        }
    });

    // The URL and the list agree on where the open conversation is: once it has changed (Follow
    // up, Close, a transfer, a snooze or its end, a colleague's take-over found on reload), the page moves to the
    // view that lists it now, in place of the old address.
    let me_id = me.member_id;
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        let found = shown.get().and_then(|s| {
            s.state
                .map(|state| (s.id, state, s.snoozed, s.collaborators.contains(&me_id)))
        });
        let (Some((id, state, snoozed, collaborates)), Some(current)) =
            (found, view.get_untracked())
        else {
            return;
        };
        let home = View::listing(state, snoozed, me_id, collaborates, current);
        if home != current {
            let to = format!("/inbox/{}/{id}{}", home.slug(), page_query.get_untracked());
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

    // What the live stream heard: the counts and the bell always; the list's first page when a
    // conversation moved (its later pages keep their rows and the scroll stays); the open
    // conversation when it changed, or a word on why it is gone. A hand-over without changes
    // (the page was away too long to resume) reloads everything.
    let away = RwSignal::new(None::<Key>);
    let hold = pane::Hold::new();
    provide_context(hold);
    // What a held pane was owed, once it is let go.
    Effect::new(move |_| {
        if hold.released() && hold.owed.get_untracked() {
            hold.owed.set(false);
            detail.refetch();
        }
    });
    Effect::new(move |_| away.set(selected.get().and(None)));
    if let Some(live) = use_live() {
        Effect::new(move |seen: Option<u32>| {
            let (n, items) = live.heard.get();
            if seen.is_none() {
                return n;
            }
            if items.is_empty() {
                refresh.bump();
                return n;
            }
            nav.refetch();
            if items
                .iter()
                .any(|i| !matches!(i.kind, LiveKind::Notification | LiveKind::Message))
            {
                first.refetch();
            }
            if let Some(id) = selected.get_untracked() {
                let mine: Vec<_> = items
                    .iter()
                    .filter(|i| i.conversation == Some(id))
                    .collect();
                if let Some(last) = mine.last() {
                    if last.left {
                        away.set(Some(if last.gone {
                            Key::LiveDeleted
                        } else {
                            Key::LiveMovedAway
                        }));
                    } else if hold.held() {
                        away.set(None);
                        hold.owed.set(true);
                    } else {
                        away.set(None);
                        detail.refetch();
                        if mine.iter().any(|i| i.kind == LiveKind::Customer) {
                            profile.refetch();
                        }
                    }
                }
            }
            n
        });
    }

    // The keyboard's shortcuts, and their list (`?`, the sidebar's button).
    let help = RwSignal::new(false);
    provide_context(shortcuts_help::HelpOpen(help));
    keys::listen(help);

    // On a narrow screen: the navigation drawer, and where the pane's back button goes (the
    // list of the view the conversation is in now, with its query).
    let drawer = Drawer::new();
    let back = Signal::derive(move || {
        format!(
            "/inbox/{}{}",
            view.get().unwrap_or(View::PendingHuman).slug(),
            page_query.get()
        )
    });
    let list_class = move || {
        if selected.get().is_some() {
            concat!("relative flex w-full max-w-[22rem] shrink-0 flex-col border-r border-slate-200 bg-white 2xl:max-w-md max-lg:max-w-none max-lg:border-r-0 ", narrow_hidden!())
        } else {
            "relative flex w-full max-w-[22rem] shrink-0 flex-col border-r border-slate-200 bg-white 2xl:max-w-md max-lg:max-w-none max-lg:border-r-0"
        }
    };

    view! {
        <div class="flex h-screen overflow-hidden max-lg:h-dvh">
            <LiveStatus />
            <Sidebar nav view params drawer />
            <main class="flex min-w-0 flex-1">
                // One list for every view: it stays while the view changes (its rows change when
                // the new view's first page arrives), so nothing it drew is disposed while the
                // navigation that changed the view still runs.
                // A search's results take the list's place while the URL holds one.
                <Show when=move || view.get().is_some() fallback=move || view! {
                    <Notice class="m-6">{move || t(lang.get(), Key::PageNotFound)}</Notice>
                }>
                    <div class=list_class>
                        <TopBar drawer />
                        <SearchBox request=searched params options wanted />
                        <Show when=move || searching.get() fallback=move || view! {
                            <ConversationList view=Signal::derive(move || view.get().unwrap_or(View::PendingHuman)) params selected first />
                        }>
                            <SearchResults request=searched found selected params query=page_query />
                        </Show>
                    </div>
                </Show>
                {move || match selected.get() {
                    Some(id) => Either::Left(view! { <ConversationPane id detail profile shown away back /> }),
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
            <Backdrop drawer />
            <shortcuts_help::ShortcutsHelp open=help />
        </div>
    }
    .into_any()
}

/// "Reconnecting…" while the live stream is down; a word when the lists were loaded again
/// because the page was away too long to catch up.
#[component]
fn LiveStatus() -> impl IntoView {
    let lang = use_lang();
    let Some(live) = use_live() else {
        return ().into_any();
    };
    view! {
        // Over the foot of the list: never over a header, a message or the composer.
        <div class="pointer-events-none fixed bottom-4 left-[17rem] z-40 max-lg:left-4 flex flex-col items-start gap-2" aria-live="polite">
            <Show when=move || !live.connected.get()>
                <div role="status" data-live="reconnecting" class="pointer-events-auto flex items-center gap-2 rounded-full bg-amber-100 px-4 py-1.5 text-sm text-amber-900 shadow ring-1 ring-amber-300" title=move || t(lang.get(), Key::ReconnectingHint)>
                    <span class="h-2 w-2 animate-pulse rounded-full bg-amber-500" aria-hidden="true"></span>
                    {move || t(lang.get(), Key::Reconnecting)}
                </div>
            </Show>
            <Show when=move || live.connected.get() && live.reloaded.get()>
                <div role="status" class="pointer-events-auto flex items-center gap-3 rounded-full bg-slate-800 px-4 py-1.5 text-sm text-white shadow">
                    {move || t(lang.get(), Key::ListsReloaded)}
                    <button type="button" class="text-slate-300 underline hover:text-white" on:click=move |_| live.reloaded.set(false)>{move || t(lang.get(), Key::Dismiss)}</button>
                </div>
            </Show>
        </div>
    }
    .into_any()
}
