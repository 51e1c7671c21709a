//! The conversation pane: header with the status actions the member may take, and the thread
//! (newest at the bottom) with a system line for every status change. On a narrow screen the
//! pane is the whole page: its header starts with a back button to the list and has a button
//! that shows the customer profile as a sheet.

use crate::api::conversation::{change_status, older_messages, transfer_conversation};
use crate::domain::availability::OverCapacity;
use crate::domain::permission::Action;
use crate::domain::shortcuts::Shortcut;
use crate::domain::{ConversationId, Status};
use crate::i18n::day::over_capacity;
use crate::i18n::{t, Key};
use crate::ui::inbox::collaborators::Collaborators;
use crate::ui::inbox::composer::Composer;
use crate::ui::inbox::drawer::focus_soon;
use crate::ui::inbox::keys::next_after_open;
use crate::ui::inbox::profile::{CustomerProfilePanel, PROFILE_BUTTON_ID, PROFILE_TOGGLE_ID};
use crate::ui::inbox::thread::Item;
use crate::ui::inbox::transfer::TransferDialog;
use crate::ui::kit::phone::ICON_BUTTON;
use crate::ui::kit::{
    Button, ChannelIcon, ErrorNotice, Notice, NoticeTone, Size, StatusChip, Tone, WaitingText,
};
use crate::ui::page::{use_lang, use_refresh};
use crate::wire::{ConversationDetail, StatusAction, TeamMember, ThreadItem};
use leptos::prelude::*;

fn action_label(action: Action) -> Key {
    match action {
        Action::TakeOver => Key::TakeOver,
        Action::Close => Key::CloseConversation,
        Action::Reopen => Key::Reopen,
        _ => Key::FollowUp,
    }
}

/// The shortcut that presses an action's button.
fn shortcut_of(action: Action) -> Option<Shortcut> {
    match action {
        Action::FollowUp | Action::TakeOver => Some(Shortcut::FollowUp),
        Action::Close => Some(Shortcut::Close),
        _ => None,
    }
}

fn status_action(action: Action) -> StatusAction {
    match action {
        Action::Close => StatusAction::Close,
        Action::Reopen => StatusAction::Reopen,
        _ => StatusAction::FollowUp,
    }
}

/// What the pane shows once loaded, for the page's effects (marking it read, moving the URL to
/// the view that lists it).
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub id: ConversationId,
    pub state: Option<crate::domain::ConvState>,
    /// Snoozed by its owner.
    pub snoozed: bool,
    pub collaborators: Vec<crate::domain::MemberId>,
}

#[component]
pub fn ConversationPane(
    id: ConversationId,
    /// The open conversation, loaded by the inbox page (see `crate::ui::inbox`).
    detail: Resource<Result<Option<ConversationDetail>, crate::wire::AppError>>,
    profile: crate::ui::inbox::profile::Loaded,
    shown: RwSignal<Option<Shown>>,
    /// Why the conversation went out of sight while open (told by the live stream).
    away: RwSignal<Option<Key>>,
    /// The list this conversation is in (the back button of a narrow screen).
    back: Signal<String>,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_refresh();
    super::presence::keep_saying(id);
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Reply or note: kept across reloads of the pane, so writing notes stays in note mode.
    let note_mode = RwSignal::new(false);
    let compose_error = RwSignal::new(None::<String>);
    // The transfer dialog lives beside the thread, not in it: a live change that draws the
    // conversation again leaves it open as it was. Its owner and version are the latest drawn.
    let transferring = RwSignal::new(false);
    // The Snooze menu's being open, kept the same way (the live change of one's own follow-up
    // may draw the conversation again just as the menu opens).
    let snooze_open = RwSignal::new(false);
    // Whether the customer profile is unfolded (beside the pane on a wide screen, a sheet over
    // it on a narrow one).
    let profile_open = RwSignal::new(false);
    let drawn = RwSignal::new(None::<(Option<crate::domain::MemberId>, i64)>);
    let handover = RwSignal::new(String::new());
    let transfer = move |to: crate::domain::MemberId| {
        let Some((_, version)) = drawn.get_untracked() else {
            return;
        };
        busy.set(true);
        let note = handover.get_untracked();
        leptos::task::spawn_local(async move {
            let result = transfer_conversation(id, version, to, note).await;
            if result.is_ok() {
                handover.try_set(String::new());
            }
            notice.try_set(result.err().map(|e| e.message().to_owned()));
            busy.try_set(false);
            transferring.try_set(false);
            refresh.bump();
        });
    };
    let navigate = leptos_router::hooks::use_navigate();
    // A status change; done, the page opens `then` (Close and next) or shows it where it is now.
    let run = move |action: Action, version: i64, then: Option<String>| {
        if action == Action::TakeOver
            && !super::presence::confirm_take_over(id, lang.get_untracked())
        {
            return;
        }
        busy.set(true);
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = change_status(id, version, status_action(action)).await;
            let done = result.is_ok();
            notice.try_set(result.err().map(|e| e.message().to_owned()));
            busy.try_set(false);
            refresh.bump();
            if let Some(next) = then.filter(|_| done) {
                navigate(&next, Default::default());
            }
        });
    };
    let run = StoredValue::new(run);
    let run = move |action: Action, version: i64, then: Option<String>| {
        run.with_value(|r| r(action, version, then))
    };
    view! {
        <section class="flex min-w-0 flex-1 flex-col bg-slate-50" aria-label=move || t(lang.get(), Key::Thread)>
            {move || away.get().map(|key| view! {
                <Notice tone=NoticeTone::Warning class="mx-5 mt-3"><span data-away="">{move || t(lang.get(), key)}</span></Notice>
            })}
            <Show when=move || away.get().is_none()>
            <Transition fallback=move || view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{move || t(lang.get(), Key::Loading)}</Notice> }>
                {move || Suspend::new(async move {
                    let loaded = detail.await;
                    if let Ok(Some(d)) = &loaded {
                        shown.set(Some(Shown {
                            id: d.id,
                            state: d.conv_state(),
                            snoozed: d.snoozed.is_some(),
                            collaborators: d.collaborators.iter().map(|c| c.id).collect(),
                        }));
                    }
                    match loaded {
                        Err(error) => view! { <ErrorNotice error class="m-6" /> }.into_any(),
                        Ok(Some(d)) => {
                            drawn.set(Some((d.owner.as_ref().map(|o| o.id), d.version)));
                            view! { <Detail d notice busy run note_mode compose_error transferring snooze_open back profile_open /> }.into_any()
                        }
                        Ok(None) => ().into_any(),
                    }
                })}
            </Transition>
            </Show>
        </section>
        <Show when=move || transferring.get()>
            <TransferDialog count=1 exclude=drawn.get_untracked().and_then(|(owner, _)| owner) busy note=handover
                on_confirm=Callback::new(move |m: TeamMember| transfer(m.id))
                on_close=Callback::new(move |_| transferring.set(false)) />
        </Show>
        <CustomerProfilePanel conversation=id panel=profile open=profile_open />
    }
}

#[component]
fn Detail(
    d: ConversationDetail,
    notice: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    run: impl Fn(Action, i64, Option<String>) + Copy + Send + Sync + 'static,
    note_mode: RwSignal<bool>,
    compose_error: RwSignal<Option<String>>,
    transferring: RwSignal<bool>,
    snooze_open: RwSignal<bool>,
    back: Signal<String>,
    profile_open: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let version = d.version;
    let (status, handler, kind) = (d.status, d.handler, d.channel_kind);
    let owner = d.owner.clone();
    let owner_id = d.owner.as_ref().map(|o| o.id);
    let may_transfer = d.actions.contains(&Action::Transfer);
    let may_close = d.actions.contains(&Action::Close);
    // A pending conversation the member may follow up: the composer's reply does both.
    let follow_up = d.actions.contains(&Action::FollowUp).then_some(version);
    let may_manage = d.actions.contains(&Action::Collaborate);
    // The owner's own conversation in progress: theirs to snooze (the server checks the same).
    let me = crate::ui::page::use_me().map(|m| m.member_id);
    let may_snooze = match (status, owner_id, me) {
        (Status::InProgress, Some(owner), Some(me)) => {
            crate::domain::snooze::may_snooze(me, crate::domain::ConvState::InProgress { owner })
        }
        _ => false,
    };
    let snoozed = d.snoozed;
    let show_collaborators = status == Status::InProgress || !d.collaborators.is_empty();
    let older = RwSignal::new(d.older);
    let earlier = RwSignal::new(Vec::<ThreadItem>::new());
    let loading_older = RwSignal::new(false);
    let load_older = move || {
        let Some((before_at, before_id)) = older.get_untracked() else {
            return;
        };
        if loading_older.get_untracked() {
            return;
        }
        loading_older.set(true);
        leptos::task::spawn_local(async move {
            match older_messages(d.id, before_at, before_id).await {
                Ok(page) => {
                    earlier.try_update(|items| {
                        let mut all = page.items;
                        all.append(items);
                        *items = all;
                    });
                    older.try_set(page.older);
                }
                Err(e) => {
                    notice.try_set(Some(e.message().to_owned()));
                }
            }
            loading_older.try_set(false);
        });
    };
    let id = d.id;
    view! {
        // Two rows: the customer and the actions, then channel, owner and wait across the whole
        // width, so the owner stays whole in a narrow pane (1280 px with the profile open). The
        // customer's name keeps at least 12 rem: actions that do not fit beside it go on a row
        // of their own.
        // A narrow screen puts the back button first and the profile button last on the first
        // row, and the actions on a row of their own.
        <header class="border-b border-slate-200 bg-white px-5 py-3 max-lg:px-2 max-lg:py-2">
            <div class="flex flex-wrap items-center gap-x-3 gap-y-2 max-lg:gap-x-1">
                <a href=move || back.get() class=ICON_BUTTON aria-label=move || t(lang.get(), Key::BackToList)>
                    <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M15 5l-7 7 7 7" stroke-linecap="round" stroke-linejoin="round" /></svg>
                </a>
                <div class="flex min-w-48 flex-1 items-center gap-2">
                    <h2 class="min-w-0 truncate text-base font-semibold">{d.customer_name.clone()}</h2>
                    {move || view! { <ChannelIcon kind lang=lang.get() /> }}
                    <StatusChip status handler named=true />
                </div>
                <button type="button" id=PROFILE_BUTTON_ID class=ICON_BUTTON aria-controls="profile-body"
                    aria-expanded=move || profile_open.get().to_string()
                    aria-label=move || t(lang.get(), Key::ShowProfile)
                    on:click=move |_| { profile_open.set(true); focus_soon(PROFILE_TOGGLE_ID) }>
                    <svg viewBox="0 0 24 24" class="h-6 w-6" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true">
                        <circle cx="12" cy="8" r="3.5" /><path d="M5 19c1.2-3.2 3.8-5 7-5s5.8 1.8 7 5" stroke-linecap="round" />
                    </svg>
                </button>
                <div role="group" aria-label=move || t(lang.get(), Key::Actions) class="flex shrink-0 flex-wrap gap-2 max-lg:w-full max-lg:pl-1">
                    {d.actions.iter().filter(|a| !matches!(a, Action::Transfer | Action::Collaborate)).map(|a| {
                        let a = *a;
                        let primary = matches!(a, Action::FollowUp | Action::TakeOver | Action::Reopen);
                        let tone = if primary { Tone::Primary } else { Tone::Secondary };
                        let shortcut = shortcut_of(a);
                        view! {
                            <Button tone disabled=busy shortcut on_click=move |_| run(a, version, None)>{move || t(lang.get(), action_label(a))}</Button>
                        }
                    }).collect_view()}
                    {may_close.then(|| view! {
                        <Button disabled=busy shortcut=Some(Shortcut::CloseNext)
                            on_click=move |_| run(Action::Close, version, next_after_open())>
                            {move || t(lang.get(), Key::CloseAndNext)}
                        </Button>
                    })}
                    {(may_snooze && snoozed.is_none()).then(|| view! {
                        <super::snooze::SnoozeMenu id=d.id version answered_at=d.answered_at busy notice open=snooze_open />
                    })}
                    <Show when=move || may_transfer>
                        <Button disabled=busy shortcut=Some(Shortcut::Transfer) on_click=move |_| transferring.set(true)>
                            {move || t(lang.get(), Key::Transfer)}
                        </Button>
                    </Show>
                </div>
            </div>
            <p class="mt-1 flex min-w-0 items-center gap-2 overflow-hidden text-xs text-slate-500 max-lg:px-1">
                <span class="min-w-0 truncate">{d.channel_name.clone()}</span>
                {owner.map(|o| view! {
                    <span class="shrink-0 whitespace-nowrap" data-owner="">{move || t(lang.get(), Key::Owner)} " " {o.name.clone()}</span>
                })}
                <WaitingText since=d.waiting_since />
            </p>
            {d.why.clone().map(|w| view! {
                <p class="mt-1 truncate text-xs text-slate-600" data-why="">
                    <span class="font-medium">{move || t(lang.get(), Key::BotWhyLabel)}</span>
                    {move || crate::i18n::bot::why(lang.get(), &w)}
                </p>
            })}
            // Following up (or taking over) would take the member past their capacity: said
            // before they press it; it is a warning, not a refusal.
            {d.my_load.and_then(|load| OverCapacity::check("", load, 1)).map(|o| view! {
                <p class="mt-1 flex items-center gap-1.5 text-xs font-medium text-amber-800" data-capacity-warning="">
                    <span aria-hidden="true">"⚠"</span>
                    {move || over_capacity(lang.get(), &o, true)}
                </p>
            })}
            {snoozed.map(|snoozed| view! {
                <super::snooze::SnoozedLine id=d.id snoozed mine=may_snooze busy notice />
            })}
            <super::presence::Viewers id=d.id />
        </header>
        {d.handover.clone().filter(|_| status == Status::InProgress).map(|h| {
            let by = h.by_name.clone();
            view! {
                <aside class="mx-5 mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-950 ring-1 ring-amber-300" data-handover=""
                    aria-label=move || t(lang.get(), Key::HandoverPinned)>
                    <p class="text-xs font-semibold text-amber-900">
                        {move || crate::i18n::fill(lang.get(), Key::HandoverFrom, "", &by)}
                    </p>
                    <p class="mt-0.5 whitespace-pre-wrap break-words">{h.note.clone()}</p>
                </aside>
            }
        })}
        {show_collaborators.then(|| view! {
            <Collaborators id=d.id owner=owner_id collaborators=d.collaborators.clone() may_manage notice />
        })}
        <Show when=move || notice.get().is_some()>
            <Notice tone=NoticeTone::Warning class="mx-5 mt-3">{move || notice.get()}</Notice>
        </Show>
        // Reversed flex: the scroll starts at the bottom, where the newest message is; scrolling
        // up to the top loads the earlier messages.
        <div class="flex flex-1 flex-col-reverse overflow-y-auto" on:scroll=move |ev| {
            let el = event_target::<leptos::web_sys::Element>(&ev);
            // In a reversed column scrollTop runs from 0 (bottom) to minus the overflow (top).
            if el.scroll_height() - el.client_height() + el.scroll_top() < 300 {
                load_older();
            }
        }>
        <ol class="space-y-3 px-5 py-4" aria-label=move || t(lang.get(), Key::Thread)>
            <Show when=move || older.get().is_some()>
                <li class="flex justify-center">
                    <Button tone=Tone::Quiet size=Size::Xs disabled=loading_older on_click=move |_| load_older()>
                        {move || t(lang.get(), Key::EarlierMessages)}
                    </Button>
                </li>
            </Show>
            {move || earlier.get().into_iter().map(|item| view! { <Item item conversation=id /> }).collect_view()}
            {d.items.into_iter().map(|item| view! { <Item item conversation=id /> }).collect_view()}
        </ol>
        </div>
        <Composer id=d.id refused=d.reply_refused window=d.window now=d.answered_at note_mode error=compose_error customer=d.customer_name.clone() follow_up />
    }
}

/// Keeps the open conversation from being drawn again under the member's hands: while a
/// dialog of the pane is open or a file or reply is on its way, a live change to the
/// conversation is owed and the pane reloads once they are done (the inbox provides it).
#[derive(Clone, Copy)]
pub struct Hold {
    held: RwSignal<u32>,
    pub owed: RwSignal<bool>,
}

impl Hold {
    pub fn new() -> Hold {
        Hold {
            held: RwSignal::new(0),
            owed: RwSignal::new(false),
        }
    }

    /// Whether something holds the pane now.
    pub fn held(self) -> bool {
        self.held.get_untracked() > 0
    }

    /// The pane is released (tracked): what was owed may be loaded.
    pub fn released(self) -> bool {
        self.held.get() == 0
    }
}

impl Default for Hold {
    fn default() -> Self {
        Hold::new()
    }
}

/// Holds the pane while `busy` is true (and lets go when the component goes).
pub fn hold_while(busy: impl Fn() -> bool + Send + Sync + 'static) {
    let Some(hold) = use_context::<Hold>() else {
        return;
    };
    // Not a reactive value: the component's own values may be gone when its cleanup runs, and
    // a hold it took must still be given back (else the pane stops following live changes).
    let on = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mine = on.clone();
    Effect::new(move |_| {
        let now = busy();
        if mine.swap(now, std::sync::atomic::Ordering::SeqCst) != now {
            hold.held.update(|n| {
                *n = if now { *n + 1 } else { n.saturating_sub(1) };
            });
        }
    });
    on_cleanup(move || {
        if on.swap(false, std::sync::atomic::Ordering::SeqCst) {
            hold.held.try_update(|n| *n = n.saturating_sub(1));
        }
    });
}
