//! The left navigation: channel filter, the views with their counts, the notification bell
//! and the account area. A column on wide screens, a drawer on narrow ones.

use crate::api::session::Logout;
use crate::domain::permission::{role_may, Action};
use crate::domain::ChannelId;
use crate::i18n::{channel_name, role_name, t, Key};
use crate::ui::inbox::notifications::NotificationBell;
use crate::ui::inbox::state::{use_inbox, view_href, view_label, ListParams};
use crate::ui::kit::{LangSwitch, MemberAvatar};
use crate::ui::page::{forget_session, lang_switcher, use_lang, use_me};
use crate::wire::{AppError, NavSummary, View};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn Sidebar(
    nav: Resource<Result<NavSummary, AppError>>,
    view: Memo<Option<View>>,
    params: Memo<ListParams>,
) -> impl IntoView {
    let lang = use_lang();
    let state = use_inbox();
    let tr = move |k| t(lang.get(), k);
    let workspace = use_me().map(|m| m.workspace_name).unwrap_or_default();
    let may_blacklist = use_me().is_some_and(|m| role_may(m.role, Action::Blacklist));
    let close = move || state.nav_open.set(false);
    let link = move |v: View| {
        view! {
            <li>
                <a
                    href=move || view_href(v, params.get())
                    on:click=move |_| close()
                    aria-current=move || (view.get() == Some(v)).then_some("page")
                    class="group flex items-center justify-between rounded-lg px-3 py-2 text-sm text-slate-300 hover:bg-white/5 hover:text-white aria-[current=page]:bg-white/10 aria-[current=page]:font-medium aria-[current=page]:text-white"
                >
                    <span>{move || tr(view_label(v))}</span>
                    <Transition>
                        {move || nav.get().and_then(Result::ok).map(|n| {
                            let count = n.counts.get(v);
                            view! { <span class="min-w-7 rounded-full bg-white/10 px-2 py-0.5 text-center text-xs tabular-nums group-aria-[current=page]:bg-indigo-500">{count}</span> }
                        })}
                    </Transition>
                </a>
            </li>
        }
    };
    let group = move |key: Key, views: &'static [View]| {
        view! {
            <div>
                <h2 class="px-3 pb-1 pt-4 text-[11px] font-semibold uppercase tracking-wider text-slate-500">{move || tr(key)}</h2>
                <ul class="space-y-0.5">{views.iter().map(|v| link(*v)).collect_view()}</ul>
            </div>
        }
    };
    view! {
        // The drawer's backdrop on narrow screens.
        <Show when=move || state.nav_open.get()>
            <div class="fixed inset-0 z-30 bg-slate-900/40 lg:hidden" aria-hidden="true" on:click=move |_| close()></div>
        </Show>
        <aside id="inbox-nav"
            class=move || format!(
                "{} fixed inset-y-0 left-0 z-40 w-64 shrink-0 flex-col bg-slate-900 text-slate-100 shadow-xl lg:static lg:z-auto lg:w-56 lg:shadow-none xl:w-60 wide:w-64",
                if state.nav_open.get() { "flex" } else { "hidden lg:flex" },
            )
            on:keydown=move |ev| if ev.key() == "Escape" { close() }>
            <div class="flex items-center gap-2.5 px-4 py-4">
                <span class="grid h-8 w-8 shrink-0 place-items-center rounded-lg bg-indigo-500" aria-hidden="true">
                    <svg viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="white" stroke-width="2"><path d="M4 5h16v10H8l-4 4z" stroke-linejoin="round" /></svg>
                </span>
                <div class="min-w-0 flex-1">
                    <p class="truncate text-sm font-semibold">{move || tr(Key::AppName)}</p>
                    <p class="truncate text-xs text-slate-400">{workspace}</p>
                </div>
                <NotificationBell nav />
                <button type="button" on:click=move |_| close() aria-label=move || tr(Key::CloseMenu)
                    class="rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white lg:hidden">
                    <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                </button>
            </div>
            <div class="px-3">
                <ChannelFilter nav view params />
            </div>
            <nav aria-label=move || tr(Key::Inbox) class="flex-1 overflow-y-auto px-2 pb-4">
                {group(Key::Pending, &[View::PendingHuman, View::PendingBot])}
                {group(Key::Mine, &[View::MineOpen, View::MineClosed])}
                {group(Key::Team, &[View::TeamOpen, View::TeamClosed])}
                <ul class="mt-4 space-y-0.5 border-t border-white/10 pt-3">{link(View::Closed)}</ul>
                {may_blacklist.then(|| view! {
                    <a href="/blacklist" class="mt-4 flex items-center gap-2 rounded-lg border-t border-white/10 px-3 pb-2 pt-3 text-sm text-slate-300 hover:bg-white/5 hover:text-white">
                        <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><circle cx="10" cy="10" r="7" /><path d="M5 15L15 5" /></svg>
                        {move || tr(Key::Blacklist)}
                    </a>
                })}
            </nav>
            <AccountArea />
        </aside>
    }
}

/// The button that opens the navigation drawer on narrow screens.
#[component]
pub fn MenuButton() -> impl IntoView {
    let lang = use_lang();
    let state = use_inbox();
    view! {
        <button type="button" on:click=move |_| state.nav_open.set(true)
            aria-label=move || t(lang.get(), Key::Menu) aria-controls="inbox-nav"
            aria-expanded=move || state.nav_open.get().to_string()
            class="-ml-1 shrink-0 rounded-md p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-900 lg:hidden">
            <svg viewBox="0 0 20 20" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M3 5h14M3 10h14M3 15h14" stroke-linecap="round" /></svg>
        </button>
    }
}

#[component]
fn ChannelFilter(
    nav: Resource<Result<NavSummary, AppError>>,
    view: Memo<Option<View>>,
    params: Memo<ListParams>,
) -> impl IntoView {
    let lang = use_lang();
    let state = use_inbox();
    let navigate = use_navigate();
    let channel = Memo::new(move |_| params.get().channel);
    let on_change = move |ev: leptos::ev::Event| {
        let picked = ListParams {
            channel: event_target_value(&ev).parse::<ChannelId>().ok(),
            ..params.get_untracked()
        };
        state.nav_open.set(false);
        navigate(
            &view_href(view.get_untracked().unwrap_or(View::PendingHuman), picked),
            Default::default(),
        );
    };
    view! {
        <label class="block">
            <span class="sr-only">{move || t(lang.get(), Key::ChannelFilter)}</span>
            <select
                on:change=on_change
                class="w-full rounded-lg border border-white/10 bg-white/5 px-3 py-2 text-sm text-slate-100 focus:outline-none focus:ring-2 focus:ring-indigo-400"
            >
                <option value="" selected=move || channel.get().is_none()>{move || t(lang.get(), Key::AllChannels)}</option>
                <Transition>
                    {move || nav.get().and_then(Result::ok).map(|n| {
                        n.channels.into_iter().map(|c| {
                            let id = c.id;
                            let label = move || format!("{} · {}", channel_name(lang.get(), c.kind), c.name);
                            view! { <option value=id.to_string() selected=move || channel.get() == Some(id)>{label}</option> }
                        }).collect_view()
                    })}
                </Transition>
            </select>
        </label>
    }
}

/// Who is signed in, the account settings, the language and signing out.
#[component]
fn AccountArea() -> impl IntoView {
    let lang = use_lang();
    let logout = ServerAction::<Logout>::new();
    // The session kept for moving between pages ends with it.
    Effect::new(move |_| {
        if logout.version().get() > 0 {
            forget_session();
        }
    });
    let switch = lang_switcher();
    let me = use_me();
    let (id, name, role) = me
        .map(|m| (m.member_id, m.name, Some(m.role)))
        .unwrap_or_default();
    view! {
        <div class="border-t border-white/10 p-3">
            <div class="flex items-center gap-3 px-1">
                <MemberAvatar id name=name.clone() />
                <div class="min-w-0 flex-1">
                    <p class="truncate text-sm font-medium">{name}</p>
                    <p class="truncate text-xs text-slate-400">{move || role.map(|r| role_name(lang.get(), r))}</p>
                </div>
                <a href="/account" class="rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white" aria-label=move || t(lang.get(), Key::AccountSettings) title=move || t(lang.get(), Key::AccountSettings)>
                    <svg viewBox="0 0 24 24" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                        <circle cx="12" cy="12" r="3" /><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
                    </svg>
                </a>
            </div>
            <div class="mt-3 flex items-center justify-between gap-2">
                <LangSwitch on_pick=switch dark=true />
                <ActionForm action=logout>
                    <button type="submit" class="rounded-md px-2 py-1 text-xs text-slate-300 hover:bg-white/10 hover:text-white">
                        {move || t(lang.get(), Key::SignOut)}
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}
