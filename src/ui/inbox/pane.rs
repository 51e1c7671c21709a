//! The conversation pane: the header (who, where, status, how long the customer has waited,
//! owner) with the actions the member may take, the collaborators strip, the thread and the
//! composer, beside the customer's profile.

use crate::api::conversation::{change_status, transfer_conversation};
use crate::domain::actions::ReplyRefused;
use crate::domain::permission::Action;
use crate::domain::unanswered::{waiting_since, Step};
use crate::domain::{ConversationId, MessageKind, Status};
use crate::i18n::{t, Key};
use crate::ui::inbox::collaborators::Collaborators;
use crate::ui::inbox::composer::Composer;
use crate::ui::inbox::profile::{CustomerProfilePanel, Loaded};
use crate::ui::inbox::state::use_inbox;
use crate::ui::inbox::thread::Thread;
use crate::ui::inbox::transfer::TransferDialog;
use crate::ui::kit::{Button, ChannelIcon, ErrorNotice, NoticeTone, StatusChip, Tone, WaitChip};
use crate::ui::page::{use_lang, use_refresh};
use crate::wire::{AppError, ConversationDetail, TeamMember, ThreadItem};
use leptos::prelude::*;

fn action_label(action: Action) -> Key {
    match action {
        Action::TakeOver => Key::TakeOver,
        Action::Close => Key::CloseConversation,
        Action::Reopen => Key::Reopen,
        _ => Key::FollowUp,
    }
}

fn action_code(action: Action) -> &'static str {
    match action {
        Action::Close => "close",
        Action::Reopen => "reopen",
        _ => "follow_up",
    }
}

/// Since when the customer of `d` has waited, read from its thread.
fn waited_since(d: &ConversationDetail) -> Option<i64> {
    if d.status == Status::Closed {
        return None;
    }
    waiting_since(d.items.iter().filter_map(|item| match item {
        ThreadItem::Message {
            kind: MessageKind::Inbound,
            created_at,
            ..
        } => Some(Step::Customer(*created_at)),
        ThreadItem::Message {
            kind: MessageKind::Outbound,
            ..
        } => Some(Step::Answered),
        ThreadItem::Event { change, .. } if change == "closed" => Some(Step::Closed),
        _ => None,
    }))
}

/// The member's own change made, or someone else's found: what the page should do next.
fn changed(result: &Result<(), AppError>) -> bool {
    matches!(result, Ok(()) | Err(AppError::Conflict(_)))
}

#[component]
pub fn ConversationPane(
    id: ConversationId,
    /// Where "back to the list" goes on narrow screens.
    #[prop(into)]
    back: Signal<String>,
    /// The open conversation, loaded by the inbox page (see `crate::ui::inbox::page`).
    detail: Resource<Result<Option<ConversationDetail>, AppError>>,
    profile: Loaded,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_refresh();
    let state = use_inbox();
    let notice = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    // What the composer may do: unknown until the conversation is shown (the composer appears
    // then), then whether the member may reply. The composer lives as long as the pane, so
    // what is being written stays through every reload of the conversation.
    let composer = RwSignal::new(None::<Option<ReplyRefused>>);
    Effect::new(move |_| {
        let now = detail.with(|d| match d {
            Some(Ok(Some(d))) if d.id == id => Some(Some(d.reply_refused)),
            Some(Err(_)) => Some(None),
            _ => None,
        });
        match now {
            Some(Some(refused)) => composer.set(Some(refused)),
            Some(None) => composer.set(None),
            None => {}
        }
    });
    let settle = move |version: i64, result: Result<(), AppError>| {
        if changed(&result) {
            state.follow.set(Some((id, version)));
        }
        notice.set(result.err());
        busy.set(false);
        refresh.bump();
    };
    let run = move |action: Action, version: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = change_status(id, version, action_code(action).to_owned()).await;
            settle(version, result);
        });
    };
    let transfer = move |to: i64, version: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = transfer_conversation(id, version, to).await;
            settle(version, result);
        });
    };
    view! {
        <section class="flex min-w-0 flex-1 flex-col bg-slate-50" aria-label=move || t(lang.get(), Key::Thread)>
            <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{move || t(lang.get(), Key::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Err(e) => view! {
                            <BackLink back />
                            <div class="m-4 sm:m-6"><ErrorNotice error=e /></div>
                        }.into_any(),
                        Ok(Some(d)) => view! { <Detail d back notice busy run transfer /> }.into_any(),
                        Ok(None) => ().into_any(),
                    }
                })}
            </Transition>
            <Show when=move || composer.with(Option::is_some)>
                <Composer id refused=Signal::derive(move || composer.get().flatten()) />
            </Show>
        </section>
        <CustomerProfilePanel conversation=id panel=profile />
    }
}

/// "← Back to the list", on narrow screens where the list is hidden.
#[component]
fn BackLink(back: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <a href=move || back.get() aria-label=move || t(lang.get(), Key::BackToList) title=move || t(lang.get(), Key::BackToList)
            class="-ml-1.5 grid h-8 w-8 shrink-0 place-items-center rounded-md text-slate-500 hover:bg-slate-100 hover:text-slate-900 lg:hidden">
            <svg viewBox="0 0 20 20" class="h-5 w-5" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M12.5 4.5L7 10l5.5 5.5" stroke-linecap="round" stroke-linejoin="round" /></svg>
        </a>
    }
}

#[component]
fn Detail(
    d: ConversationDetail,
    back: Signal<String>,
    notice: RwSignal<Option<AppError>>,
    busy: RwSignal<bool>,
    run: impl Fn(Action, i64) + Copy + Send + Sync + 'static,
    transfer: impl Fn(i64, i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let version = d.version;
    let since = waited_since(&d);
    let (status, handler, kind) = (d.status, d.handler, d.channel_kind);
    let owner_id = d.owner.as_ref().map(|o| o.id);
    let may_transfer = d.actions.contains(&Action::Transfer);
    let may_manage = d.actions.contains(&Action::Collaborate);
    let show_collaborators = status == Status::InProgress || !d.collaborators.is_empty();
    let transferring = RwSignal::new(false);
    let name = d.customer_name.clone();
    let owner = d.owner.clone().map(|o| {
        view! {
            <span class="whitespace-nowrap">{move || t(lang.get(), Key::Owner)} " " {o.name.clone()}</span>
        }
    });
    let actions = d
        .actions
        .iter()
        .filter(|a| !matches!(a, Action::Transfer | Action::Collaborate))
        .map(|a| {
            let a = *a;
            let tone = if matches!(a, Action::FollowUp | Action::TakeOver | Action::Reopen) {
                Tone::Primary
            } else {
                Tone::Secondary
            };
            view! { <Button tone disabled=busy on:click=move |_| run(a, version)>{move || t(lang.get(), action_label(a))}</Button> }
        })
        .collect_view();
    view! {
        <header class="border-b border-slate-200 bg-white px-4 py-3 sm:px-5">
            <div class="flex items-center gap-3">
                <BackLink back />
                <h2 class="min-w-0 flex-1 truncate text-base font-semibold" title=name.clone()>{name.clone()}</h2>
                <div role="group" aria-label=move || t(lang.get(), Key::Actions) class="flex shrink-0 flex-wrap justify-end gap-2">
                    {actions}
                    <Show when=move || may_transfer>
                        <Button disabled=busy on:click=move |_| transferring.set(true)>{move || t(lang.get(), Key::Transfer)}</Button>
                    </Show>
                </div>
            </div>
            // Wraps instead of cutting: every part of it stays whole at any width, in both languages.
            <div class="mt-1.5 flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-xs text-slate-500">
                <ChannelIcon kind />
                <span class="min-w-0 max-w-full truncate">{d.channel_name.clone()}</span>
                <StatusChip status handler named=true />
                <WaitChip since=since />
                {owner}
            </div>
        </header>
        <Show when=move || transferring.get()>
            <TransferDialog count=1 exclude=owner_id busy
                on_confirm=Callback::new(move |m: TeamMember| { transferring.set(false); transfer(m.id, version) })
                on_close=Callback::new(move |_| transferring.set(false)) />
        </Show>
        {show_collaborators.then(|| view! {
            <Collaborators id=d.id owner=owner_id collaborators=d.collaborators.clone() may_manage notice />
        })}
        {move || notice.get().map(|e| view! { <ErrorNotice error=e tone=NoticeTone::Warning class="mx-4 mt-3 sm:mx-5" /> })}
        <Thread id=d.id items=d.items older=d.older notice />
    }
}
