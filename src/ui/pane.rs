//! The conversation pane: header with the status actions the member may take, and the thread
//! (newest at the bottom) with a system line for every status change.

use crate::api::conversation::{
    change_status, older_messages, send_message, transfer_conversation,
};
use crate::domain::actions::ReplyRefused;
use crate::domain::permission::Action;
use crate::domain::{ConversationId, Delivery, Lang, MemberId, MessageKind, Status};
use crate::i18n::{event_line, short_time, t, Key};
use crate::ui::avatar::ChannelIcon;
use crate::ui::collaborators::Collaborators;
use crate::ui::draft;
use crate::ui::list::{status_chip, Clock, WaitingText};
use crate::ui::profile::CustomerProfilePanel;
use crate::ui::transfer::TransferDialog;
use crate::ui::use_lang;
use crate::wire::{Compose, ConversationDetail, StatusAction, TeamMember, ThreadItem};
use leptos::prelude::*;

/// Bumped after a change, so lists and counts reload.
#[derive(Clone, Copy)]
pub struct Refresh(pub RwSignal<u32>);

impl Refresh {
    pub fn get(self) -> u32 {
        self.0.get()
    }

    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}

fn action_label(action: Action) -> Key {
    match action {
        Action::TakeOver => Key::TakeOver,
        Action::Close => Key::CloseConversation,
        Action::Reopen => Key::Reopen,
        _ => Key::FollowUp,
    }
}

fn status_action(action: Action) -> StatusAction {
    match action {
        Action::Close => StatusAction::Close,
        Action::Reopen => StatusAction::Reopen,
        _ => StatusAction::FollowUp,
    }
}

#[component]
pub fn ConversationPane(
    id: ConversationId,
    clock: Clock,
    /// The open conversation, loaded by the inbox page (see `crate::ui::inbox`).
    detail: Resource<Result<Option<ConversationDetail>, crate::wire::AppError>>,
    profile: crate::ui::profile::Loaded,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_context::<Refresh>().unwrap_or(Refresh(RwSignal::new(0)));
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    // Reply or note: kept across reloads of the pane, so writing notes stays in note mode.
    let note_mode = RwSignal::new(false);
    let run = move |action: Action, version: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = change_status(id, version, status_action(action)).await;
            notice.set(result.err().map(|e| e.message().to_owned()));
            busy.set(false);
            refresh.bump();
        });
    };
    view! {
        <section class="flex min-w-0 flex-1 flex-col bg-slate-50" aria-label=move || t(lang.get(), Key::Thread)>
            <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || t(lang.get(), Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => view! { <p role="alert" class="m-6 rounded-lg bg-red-50 p-3 text-sm text-red-700">{e.message().to_owned()}</p> }.into_any(),
                        Ok(Some(d)) => view! { <Detail d clock notice busy run note_mode /> }.into_any(),
                        Ok(None) => ().into_any(),
                    }
                })}
            </Transition>
        </section>
        <CustomerProfilePanel conversation=id panel=profile />
    }
}

#[component]
fn Detail(
    d: ConversationDetail,
    clock: Clock,
    notice: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    run: impl Fn(Action, i64) + Copy + Send + Sync + 'static,
    note_mode: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let version = d.version;
    let (status, handler, kind) = (d.status, d.handler, d.channel_kind);
    let owner = d.owner.clone();
    let owner_id = d.owner.as_ref().map(|o| o.id);
    let may_transfer = d.actions.contains(&Action::Transfer);
    let may_manage = d.actions.contains(&Action::Collaborate);
    let show_collaborators = status == Status::InProgress || !d.collaborators.is_empty();
    let transferring = RwSignal::new(false);
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
                    earlier.update(|items| {
                        let mut all = page.items;
                        all.append(items);
                        *items = all;
                    });
                    older.set(page.older);
                }
                Err(e) => notice.set(Some(e.message().to_owned())),
            }
            loading_older.set(false);
        });
    };
    let refresh = use_context::<Refresh>().unwrap_or(Refresh(RwSignal::new(0)));
    let id = d.id;
    let transfer = move |to: MemberId, version: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = transfer_conversation(id, version, to).await;
            notice.set(result.err().map(|e| e.message().to_owned()));
            busy.set(false);
            transferring.set(false);
            refresh.bump();
        });
    };
    view! {
        // Two rows: the customer and the actions, then channel, owner and wait across the whole
        // width, so the owner stays whole in a narrow pane (1280 px with the profile open).
        <header class="border-b border-slate-200 bg-white px-5 py-3">
            <div class="flex items-center gap-3">
                <div class="flex min-w-0 flex-1 items-center gap-2">
                    <h2 class="min-w-0 truncate text-base font-semibold">{d.customer_name.clone()}</h2>
                    {move || view! { <ChannelIcon kind lang=lang.get() /> }}
                    {move || {
                        let (label, class) = status_chip(lang.get(), status, handler);
                        view! { <span class=format!("shrink-0 whitespace-nowrap rounded px-1.5 py-0.5 text-[11px] font-medium {class}") data-status=status.as_str()>{label}</span> }
                    }}
                </div>
                <div role="group" aria-label=move || t(lang.get(), Key::Actions) class="flex shrink-0 gap-2">
                    {d.actions.iter().filter(|a| !matches!(a, Action::Transfer | Action::Collaborate)).map(|a| {
                        let a = *a;
                        let primary = matches!(a, Action::FollowUp | Action::TakeOver | Action::Reopen);
                        let class = if primary {
                            "whitespace-nowrap rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
                        } else {
                            "whitespace-nowrap rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"
                        };
                        view! { <button type="button" class=class disabled=busy on:click=move |_| run(a, version)>{move || t(lang.get(), action_label(a))}</button> }
                    }).collect_view()}
                    <Show when=move || may_transfer>
                        <button type="button" disabled=busy on:click=move |_| transferring.set(true)
                            class="whitespace-nowrap rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50">
                            {move || t(lang.get(), Key::Transfer)}
                        </button>
                    </Show>
                </div>
            </div>
            <p class="mt-1 flex min-w-0 items-center gap-2 overflow-hidden text-xs text-slate-500">
                <span class="min-w-0 truncate">{d.channel_name.clone()}</span>
                {owner.map(|o| view! {
                    <span class="shrink-0 whitespace-nowrap" data-owner="">{move || t(lang.get(), Key::Owner)} " " {o.name.clone()}</span>
                })}
                <WaitingText since=d.waiting_since clock />
            </p>
        </header>
        <Show when=move || transferring.get()>
            <TransferDialog count=1 exclude=owner_id busy
                on_confirm=Callback::new(move |m: TeamMember| transfer(m.id, version))
                on_close=Callback::new(move |_| transferring.set(false)) />
        </Show>
        {show_collaborators.then(|| view! {
            <Collaborators id=d.id owner=owner_id collaborators=d.collaborators.clone() may_manage notice />
        })}
        <Show when=move || notice.get().is_some()>
            <p role="alert" class="mx-5 mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">{move || notice.get()}</p>
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
                    <button type="button" disabled=loading_older on:click=move |_| load_older()
                        class="rounded-full px-3 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 disabled:opacity-50">
                        {move || t(lang.get(), Key::EarlierMessages)}
                    </button>
                </li>
            </Show>
            {move || earlier.get().into_iter().map(|item| view! { <Item item clock /> }).collect_view()}
            {d.items.into_iter().map(|item| view! { <Item item clock /> }).collect_view()}
        </ol>
        </div>
        <Composer id=d.id refused=d.reply_refused note_mode />
    }
}

#[component]
fn Item(item: ThreadItem, clock: Clock) -> impl IntoView {
    let lang = use_lang();
    let time = move |at| short_time(lang.get(), at, clock.now, clock.utc_offset_minutes);
    match item {
        ThreadItem::Event {
            change,
            actor_name,
            to_owner_name,
            subject_name,
            created_at,
            ..
        } => {
            // Collaborator lines name the collaborator; the others the new owner.
            let other = if change.is_collaborator() {
                subject_name
            } else {
                to_owner_name
            };
            view! {
            <li class="flex justify-center">
                <span class="rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-600" data-event=change.code()>
                    {move || event_line(lang.get(), change, actor_name.as_deref(), other.as_deref())} " · " {move || time(created_at)}
                </span>
            </li>
            }
            .into_any()
        }
        ThreadItem::Message {
            kind,
            body,
            author_name,
            by_bot,
            delivery,
            created_at,
            ..
        } => {
            let outgoing = matches!(kind, MessageKind::Outbound | MessageKind::Note);
            let bubble = match (kind, by_bot) {
                (MessageKind::Note, _) => "bg-amber-50 text-amber-950 ring-1 ring-amber-200",
                (MessageKind::Outbound, true) => "bg-slate-700 text-white",
                (MessageKind::Outbound, false) => "bg-indigo-600 text-white",
                _ => "bg-white text-slate-900 ring-1 ring-slate-200",
            };
            let who = move |l: Lang| match (kind, by_bot, &author_name) {
                (MessageKind::Note, _, Some(a)) => format!("{} · {a}", t(l, Key::InternalNote)),
                (_, true, _) => t(l, Key::Bot).to_owned(),
                (_, _, Some(a)) => a.clone(),
                _ => String::new(),
            };
            view! {
                <li class="flex" class:justify-end=outgoing data-kind=kind.as_str()>
                    <div class="max-w-[70%]">
                        <div class=format!("whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm shadow-sm {bubble}")>{body}</div>
                        <p class="mt-1 px-1 text-[11px] text-slate-500" class:text-right=outgoing>
                            {move || who(lang.get())} " " {move || time(created_at)} {delivery.map(|d| view! { <span>" · " {delivery_mark(d)}</span> })}
                        </p>
                    </div>
                </li>
            }
            .into_any()
        }
    }
}

fn delivery_mark(d: Delivery) -> &'static str {
    match d {
        Delivery::Queued => "…",
        Delivery::Sent => "✓",
        Delivery::Delivered | Delivery::Read => "✓✓",
        Delivery::Failed => "!",
    }
}

/// Reply to the customer, or write an internal note (visibly different; never sent).
#[component]
fn Composer(
    id: ConversationId,
    refused: Option<ReplyRefused>,
    note_mode: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let refresh = use_context::<Refresh>().unwrap_or(Refresh(RwSignal::new(0)));
    // When the member may not reply, only notes are possible.
    let note = Signal::derive(move || note_mode.get() || refused.is_some());
    let member = use_context::<crate::wire::Me>().map_or(MemberId(0), |me| me.member_id);
    let text = RwSignal::new(String::new());
    // The draft kept in this browser comes back once the page runs (the server render has none).
    Effect::new(move |_| {
        if let Some(draft) = draft::load(member, id) {
            text.set(draft);
        }
    });
    let error = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let empty = move || text.with(|t| t.trim().is_empty());
    let send = move || {
        if sending.get_untracked() || empty() {
            return;
        }
        let kind = if note.get_untracked() {
            Compose::Note
        } else {
            Compose::Reply
        };
        let body = text.get_untracked();
        sending.set(true);
        leptos::task::spawn_local(async move {
            match send_message(id, kind, body).await {
                Ok(_) => {
                    text.set(String::new());
                    draft::save(member, id, "");
                    error.set(None);
                    refresh.bump();
                }
                Err(e) => error.set(Some(e.message().to_owned())),
            }
            sending.set(false);
        });
    };
    let tab = move |is_note: bool, key: Key| {
        let disabled = !is_note && refused.is_some();
        view! {
            <button type="button" aria-pressed=move || (note.get() == is_note).to_string() disabled=disabled
                title=move || if disabled { refused.map(|r| r.reason(lang.get()).to_owned()) } else { None }
                on:click=move |_| note_mode.set(is_note)
                class="whitespace-nowrap rounded-md px-2.5 py-1 text-sm text-slate-500 hover:text-slate-900 disabled:opacity-40 aria-pressed:bg-slate-100 aria-pressed:font-medium aria-pressed:text-slate-900">
                {move || tr(key)}
            </button>
        }
    };
    view! {
        <form class="border-t border-slate-200 bg-white p-3" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <div class="mb-2 flex items-center gap-1">
                {tab(false, Key::Reply)}
                {tab(true, Key::Note)}
                {refused.map(|r| view! { <p class="ml-2 text-xs text-slate-500">{move || r.reason(lang.get())}</p> })}
            </div>
            <label for="composer" class="sr-only">{move || tr(Key::MessageText)}</label>
            <textarea id="composer" rows="3" prop:value=move || text.get()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    draft::save(member, id, &value);
                    text.set(value);
                }
                on:keydown=move |ev| if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) { ev.prevent_default(); send(); }
                placeholder=move || tr(if note.get() { Key::NotePlaceholder } else { Key::ReplyPlaceholder })
                class="block w-full resize-none rounded-lg border px-3 py-2 text-sm focus:outline-none focus:ring-2"
                class:border-slate-300=move || !note.get() class:focus:ring-indigo-500=move || !note.get()
                class:bg-amber-50=move || note.get() class:border-amber-300=move || note.get() class:focus:ring-amber-400=move || note.get()></textarea>
            <Show when=move || error.get().is_some()>
                <p role="alert" class="mt-2 text-sm text-red-700">{move || error.get()}</p>
            </Show>
            <div class="mt-2 flex justify-end">
                <button type="submit" disabled=move || sending.get() || empty()
                    class="rounded-lg px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50"
                    class:bg-indigo-600=move || !note.get() class:bg-amber-600=move || note.get()>
                    {move || tr(if note.get() { Key::AddNote } else { Key::Send })}
                </button>
            </div>
        </form>
    }
}
