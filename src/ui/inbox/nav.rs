//! The left navigation: channel filter, the views with their counts, and the account area.
//! On a narrow screen it is a drawer over the page (`drawer`), shut until the menu opens it.

use crate::api::session::Logout;
use crate::domain::permission::{role_may, Action};
use crate::domain::{ChannelId, Lang, MemberId};
use crate::i18n::{channel_name, role_name, t, Key};
use crate::ui::inbox::availability::{PresenceDot, PresenceSwitch};
use crate::ui::inbox::draft;
use crate::ui::inbox::drawer::{Drawer, CLOSE_ID, DRAWER_ID};
use crate::ui::inbox::notifications::NotificationBell;
use crate::ui::kit::browser::trap_tab;
use crate::ui::kit::phone::{drawer_open, narrow_hidden, touch, touch_icon, ICON_BUTTON_DARK};
use crate::ui::kit::{LangSwitch, MemberAvatar};
use crate::ui::page::{use_lang, use_me};
use crate::wire::NavSummary;
use crate::wire::{Me, Sort, View};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// How the member narrowed and ordered the lists; kept in the URL query so a view can be
/// bookmarked and reloaded. Without a sort in the URL a list opens in the member's own order
/// (`Me::list_sort`: the one they last picked, else the default).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ListParams {
    pub channel: Option<ChannelId>,
    pub sort: Option<Sort>,
    /// The Team views' owner filter.
    pub owner: Option<MemberId>,
}

impl ListParams {
    /// `?channel=…&sort=…`, leaving out what is not set (empty when neither is).
    pub fn query(self) -> String {
        let mut parts = Vec::new();
        if let Some(c) = self.channel {
            parts.push(format!("channel={c}"));
        }
        if let Some(sort) = self.sort {
            parts.push(format!("sort={}", sort.slug()));
        }
        if let Some(m) = self.owner {
            parts.push(format!("owner={m}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// The URL of a view, keeping the channel filter and the sort (and the owner filter between the
/// Team views).
pub fn view_href(view: View, params: ListParams) -> String {
    let params = ListParams {
        owner: params.owner.filter(|_| view.by_member()),
        ..params
    };
    format!("/inbox/{}{}", view.slug(), params.query())
}

fn view_label(view: View) -> Key {
    match view {
        View::PendingHuman => Key::Human,
        View::PendingBot => Key::Bot,
        View::MineOpen | View::TeamOpen => Key::InProgress,
        View::MineSnoozed => Key::SnoozedView,
        View::MineClosed | View::TeamClosed => Key::Closed,
        View::Closed => Key::ClosedAll,
    }
}

/// The heading of a view, e.g. "待處理 · 真人客服".
pub fn view_title(lang: Lang, view: View) -> String {
    let group = match view {
        View::PendingHuman | View::PendingBot => Some(Key::Pending),
        View::MineOpen | View::MineSnoozed | View::MineClosed => Some(Key::Mine),
        View::TeamOpen | View::TeamClosed => Some(Key::Team),
        View::Closed => None,
    };
    match group {
        Some(g) => format!("{} · {}", t(lang, g), t(lang, view_label(view))),
        None => t(lang, view_label(view)).to_owned(),
    }
}

/// The navigation's own look, and on a narrow screen a drawer open over the page or shut away.
const ASIDE_OPEN: &str = concat!(
    "flex w-64 shrink-0 flex-col bg-slate-900 text-slate-100 ",
    drawer_open!()
);
const ASIDE_SHUT: &str = concat!(
    "flex w-64 shrink-0 flex-col bg-slate-900 text-slate-100 ",
    narrow_hidden!()
);

/// A link to an admin page at the foot of the views.
const ADMIN_LINK: &str = "flex items-center gap-2 rounded-lg px-3 py-2 text-sm text-slate-300 hover:bg-white/5 hover:text-white max-lg:min-h-11";

#[component]
pub fn Sidebar(
    nav: Resource<Result<NavSummary, crate::wire::AppError>>,
    view: Memo<Option<View>>,
    params: Memo<ListParams>,
    drawer: Drawer,
) -> impl IntoView {
    let lang = use_lang();
    let Some(me) = use_me() else {
        return ().into_any();
    };
    let tr = move |k| t(lang.get(), k);
    let link = move |v: View| {
        view! {
            <li>
                <a
                    href=move || view_href(v, params.get())
                    aria-current=move || (view.get() == Some(v)).then_some("page")
                    on:click=move |_| drawer.close()
                    class="group flex items-center justify-between rounded-lg px-3 py-2 text-sm text-slate-300 hover:bg-white/5 hover:text-white aria-[current=page]:bg-white/10 aria-[current=page]:font-medium aria-[current=page]:text-white max-lg:min-h-11"
                >
                    <span>{move || tr(view_label(v))}</span>
                    {move || nav.get().and_then(Result::ok).map(|n| {
                        let count = n.counts.get(v);
                        view! { <span class="min-w-7 rounded-full bg-white/10 px-2 py-0.5 text-center text-xs tabular-nums group-aria-[current=page]:bg-indigo-500" data-count=count>{count}</span> }
                    })}
                </a>
            </li>
        }
    };
    let group = move |key: Key, views: &'static [View]| {
        view! {
            <div>
                <h2 class="px-3 pb-1 pt-4 text-[11px] font-semibold uppercase tracking-wider text-slate-400">{move || tr(key)}</h2>
                <ul class="space-y-0.5">{views.iter().map(|v| link(*v)).collect_view()}</ul>
            </div>
        }
    };
    let workspace_name = me.workspace_name.clone();
    let may_blacklist = role_may(me.role, Action::Blacklist);
    let may_channels = role_may(me.role, Action::ManageChannels);
    let may_bots = role_may(me.role, Action::ManageBots);
    let may_members = role_may(me.role, Action::Manage);
    let may_structure = role_may(me.role, Action::ManageStructure) || may_members;
    let may_tags = role_may(me.role, Action::ManageTags);
    let may_workspace = role_may(me.role, Action::ManageWorkspace);
    let may_audit = role_may(me.role, Action::ReadAudit);
    view! {
        <aside id=DRAWER_ID
            class=move || if drawer.is_open() { ASIDE_OPEN } else { ASIDE_SHUT }
            role=move || drawer.is_open().then_some("dialog")
            aria-modal=move || drawer.is_open().then_some("true")
            aria-label=move || drawer.is_open().then(|| tr(Key::Menu))
            on:keydown=move |ev| if drawer.is_open_now() { if ev.key() == "Escape" { ev.prevent_default(); drawer.close() } else { trap_tab(&ev) } }>
            // One boundary for every read of `nav` (the bell, the channels, the counts): a
            // resource read under several Suspense boundaries can leave a server render
            // waiting forever (leptos-rs/leptos#4851).
            <Transition>
            <div class="flex items-center gap-2.5 px-4 py-4">
                <span class="grid h-8 w-8 place-items-center rounded-lg bg-indigo-500" aria-hidden="true">
                    <svg viewBox="0 0 24 24" class="h-5 w-5" fill="none" stroke="white" stroke-width="2"><path d="M4 5h16v10H8l-4 4z" stroke-linejoin="round" /></svg>
                </span>
                <div class="min-w-0 flex-1">
                    <p class="truncate text-sm font-semibold">{move || tr(Key::AppName)}</p>
                    <p class="truncate text-xs text-slate-400">{workspace_name.clone()}</p>
                </div>
                <NotificationBell nav />
                <button type="button" id=CLOSE_ID class=ICON_BUTTON_DARK aria-label=move || tr(Key::CloseMenu)
                    on:click=move |_| drawer.close()>
                    <svg viewBox="0 0 20 20" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                </button>
                // Renders nothing: last, so no element follows it.
                <TabTitle nav />
            </div>
            <div class="px-3">
                <ChannelFilter nav view params />
            </div>
            <nav aria-label=move || tr(Key::Inbox) class="flex-1 overflow-y-auto px-2 pb-4">
                {group(Key::Pending, &[View::PendingHuman, View::PendingBot])}
                {group(Key::Mine, &[View::MineOpen, View::MineSnoozed, View::MineClosed])}
                {group(Key::Team, &[View::TeamOpen, View::TeamClosed])}
                <ul class="mt-4 space-y-0.5 border-t border-white/10 pt-3">{link(View::Closed)}</ul>
                {view! {
                    <ul class="mt-4 space-y-0.5 border-t border-white/10 pt-3">
                        <li><a href="/replies" class=ADMIN_LINK>
                            <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M4 4h12v9H8l-4 3z" stroke-linejoin="round" /><path d="M8 8.5l-1.5 1.5L8 11.5M12 8.5l1.5 1.5-1.5 1.5" stroke-linecap="round" stroke-linejoin="round" /></svg>
                            {move || tr(Key::SavedReplies)}
                        </a></li>
                        {may_blacklist.then(|| view! {
                            <li><a href="/blacklist" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><circle cx="10" cy="10" r="7" /><path d="M5 15L15 5" /></svg>
                                {move || tr(Key::Blacklist)}
                            </a></li>
                        })}
                        {may_channels.then(|| view! {
                            <li><a href="/channels" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><circle cx="5" cy="10" r="2" /><circle cx="15" cy="4.5" r="2" /><circle cx="15" cy="15.5" r="2" /><path d="M6.8 9l6.4-3.5M6.8 11l6.4 3.5" /></svg>
                                {move || tr(Key::Channels)}
                            </a></li>
                        })}
                        {may_bots.then(|| view! {
                            <li><a href="/bot" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><rect x="4" y="6" width="12" height="10" rx="2.5" /><path d="M10 6V3.5M7.5 11h.01M12.5 11h.01" stroke-linecap="round" /></svg>
                                {move || tr(Key::BotPageTitle)}
                            </a></li>
                        })}
                        {may_members.then(|| view! {
                            <li><a href="/members" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><circle cx="7.5" cy="7" r="2.5" /><path d="M3 16c.5-2.6 2.3-4 4.5-4s4 1.4 4.5 4M13 5a2.3 2.3 0 0 1 0 4.5M14.5 12c1.4.5 2.2 1.8 2.5 4" stroke-linecap="round" /></svg>
                                {move || tr(Key::AdminMembers)}
                            </a></li>
                        })}
                        {may_structure.then(|| view! {
                            <li><a href="/structure" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><rect x="7.5" y="3" width="5" height="4" rx="1" /><rect x="2.5" y="13" width="5" height="4" rx="1" /><rect x="12.5" y="13" width="5" height="4" rx="1" /><path d="M10 7v3M5 13v-3h10v3" /></svg>
                                {move || tr(Key::AdminStructure)}
                            </a></li>
                        })}
                        {may_tags.then(|| view! {
                            <li><a href="/tags" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M3 10.5V4h6.5l7.5 7.5-6.5 6.5z" stroke-linejoin="round" /><circle cx="6.5" cy="7.5" r="1" /></svg>
                                {move || tr(Key::AdminTags)}
                            </a></li>
                        })}
                        {may_workspace.then(|| view! {
                            <li><a href="/workspace" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><circle cx="10" cy="10" r="2.5" /><path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" stroke-linecap="round" /></svg>
                                {move || tr(Key::AdminWorkspace)}
                            </a></li>
                        })}
                        {may_audit.then(|| view! {
                            <li><a href="/audit" class=ADMIN_LINK>
                                <svg viewBox="0 0 20 20" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M5 3h7l3 3v11H5z" stroke-linejoin="round" /><path d="M8 9h4M8 12h4M8 15h2" stroke-linecap="round" /></svg>
                                {move || tr(Key::AdminAudit)}
                            </a></li>
                        })}
                    </ul>
                }}
            </nav>
            </Transition>
            <Account me />
        </aside>
    }
    .into_any()
}

#[component]
fn ChannelFilter(
    nav: Resource<Result<NavSummary, crate::wire::AppError>>,
    view: Memo<Option<View>>,
    params: Memo<ListParams>,
) -> impl IntoView {
    let lang = use_lang();
    let navigate = use_navigate();
    let channel = Memo::new(move |_| params.get().channel);
    let on_change = move |ev: leptos::ev::Event| {
        let picked = ListParams {
            channel: event_target_value(&ev).parse::<ChannelId>().ok(),
            ..params.get_untracked()
        };
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
                class=concat!("w-full rounded-lg border border-white/10 bg-white/5 px-3 py-2 text-sm text-slate-100 focus:outline-none focus:ring-2 focus:ring-indigo-400 ", touch!())
            >
                <option value="" selected=move || channel.get().is_none()>{move || t(lang.get(), Key::AllChannels)}</option>
                {move || nav.get().and_then(Result::ok).map(|n| {
                    n.channels.into_iter().map(|c| {
                        let id = c.id;
                        let label = move || format!("{} · {}", channel_name(lang.get(), c.kind), c.name);
                        view! { <option value=id.to_string() selected=move || channel.get() == Some(id)>{label}</option> }
                    }).collect_view()
                })}
            </select>
        </label>
    }
}

#[component]
fn Account(me: Me) -> impl IntoView {
    let lang = use_lang();
    let logout = ServerAction::<Logout>::new();
    let switch = move |l: Lang| {
        lang.set(l);
        leptos::task::spawn_local(async move {
            let _ = crate::api::session::set_lang(l.as_str().to_owned()).await;
        });
    };
    let role = me.role;
    let presence = RwSignal::new(me.presence);
    view! {
        <div class="border-t border-white/10 p-3">
            <div class="flex items-center gap-3 px-1">
                <span class="relative shrink-0">
                    <MemberAvatar id=me.member_id name=me.name.clone() />
                    <PresenceDot presence class="absolute -bottom-0.5 -right-0.5 h-2.5 w-2.5 ring-2 ring-slate-900" />
                </span>
                <div class="min-w-0 flex-1">
                    <p class="truncate text-sm font-medium" title=move || role_name(lang.get(), role)>{me.name.clone()}</p>
                    <PresenceSwitch dot=presence />
                </div>
                <AlertsSwitch />
                <ShortcutsButton />
                <a href="/account" class=concat!("rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white ", touch_icon!()) aria-label=move || t(lang.get(), Key::AccountSettings) title=move || t(lang.get(), Key::AccountSettings)>
                    <svg viewBox="0 0 24 24" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                        <circle cx="12" cy="12" r="3" /><path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
                    </svg>
                </a>
            </div>
            <div class="mt-3 flex items-center justify-between gap-2">
                <LangSwitch on_pick=switch dark=true />
                <ActionForm action=logout on:submit=|_| draft::forget_all()>
                    <button type="submit" class=concat!("rounded-md px-2 py-1 text-xs text-slate-300 hover:bg-white/10 hover:text-white ", touch!())>
                        {move || t(lang.get(), Key::SignOut)}
                    </button>
                </ActionForm>
            </div>
        </div>
    }
}

/// The browser tab's title starts with "(n)", what waits for the member (conversations waiting
/// for a person, unread notifications), so a member in another tab sees it.
#[component]
fn TabTitle(nav: Resource<Result<NavSummary, crate::wire::AppError>>) -> impl IntoView {
    move || {
        let waiting = nav
            .get()
            .and_then(Result::ok)
            .map(|n| n.counts.pending_human + n.unread_notifications);
        #[cfg(feature = "hydrate")]
        if let Some(n) = waiting {
            let title = document().title();
            let plain = match title.strip_prefix('(').and_then(|t| t.split_once(") ")) {
                Some((count, rest)) if count.chars().all(|c| c.is_ascii_digit()) => rest.to_owned(),
                _ => title,
            };
            document().set_title(&if n > 0 {
                format!("({n}) {plain}")
            } else {
                plain
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = waiting;
    }
}

/// Opens the list of keyboard shortcuts (as `?` does).
#[component]
fn ShortcutsButton() -> impl IntoView {
    let lang = use_lang();
    let Some(help) = use_context::<super::shortcuts_help::HelpOpen>() else {
        return ().into_any();
    };
    view! {
        <button type="button" on:click=move |_| help.0.set(true) aria-keyshortcuts="?"
            aria-label=move || t(lang.get(), Key::ShortcutsOpen) title=move || t(lang.get(), Key::ShortcutsOpen)
            class=concat!("rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white ", touch_icon!())>
            <svg viewBox="0 0 24 24" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                <rect x="2.5" y="6" width="19" height="12" rx="2" />
                <path d="M6.5 10h1M10.5 10h1M14.5 10h1M6.5 14h11" stroke-linecap="round" />
            </svg>
        </button>
    }
    .into_any()
}

/// Switches the desktop notification and sound on or off for the member (remembered on the
/// server; switching on asks the browser's permission, on this click).
#[component]
fn AlertsSwitch() -> impl IntoView {
    let lang = use_lang();
    let Some(live) = crate::ui::live::use_live() else {
        return ().into_any();
    };
    let toggle = move |_| {
        let on = !live.alerts.get_untracked();
        live.alerts.set(on);
        if on {
            crate::ui::live::alert::ask_permission();
        }
        leptos::task::spawn_local(async move {
            if crate::api::inbox::set_alerts(on).await.is_err() {
                live.alerts.set(!on);
            }
        });
    };
    view! {
        <button type="button" on:click=toggle data-alerts=""
            aria-pressed=move || live.alerts.get().to_string()
            aria-label=move || t(lang.get(), Key::Alerts) title=move || t(lang.get(), Key::Alerts)
            class=concat!("rounded-md p-1.5 text-slate-400 hover:bg-white/10 hover:text-white aria-pressed:text-amber-300 ", touch_icon!())>
            <svg viewBox="0 0 24 24" class="h-4 w-4" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" stroke-linejoin="round" />
                <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
                {move || (!live.alerts.get()).then(|| view! { <path d="M3 3l18 18" /> })}
            </svg>
        </button>
    }
    .into_any()
}
