//! The conversation pane: header with the status actions the member may take, and the thread
//! (newest at the bottom) with a system line for every status change.

use crate::api::conversation::{change_status, open_conversation};
use crate::api::types::{ConversationDetail, ThreadItem};
use crate::domain::permission::Action;
use crate::domain::{Delivery, Lang, MessageKind};
use crate::i18n::{event_line, short_time, t, Key};
use crate::ui::avatar::ChannelIcon;
use crate::ui::list::{status_chip, Clock};
use crate::ui::use_lang;
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

fn action_code(action: Action) -> &'static str {
    match action {
        Action::Close => "close",
        Action::Reopen => "reopen",
        _ => "follow_up",
    }
}

#[component]
pub fn ConversationPane(id: i64, clock: Clock) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_context::<Refresh>().unwrap_or(Refresh(RwSignal::new(0)));
    let detail = Resource::new(move || (id, refresh.get()), |(id, _)| open_conversation(id));
    let notice = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let run = move |action: Action, version: i64| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = change_status(id, version, action_code(action).to_owned()).await;
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
                        Ok(d) => view! { <Detail d clock notice busy run /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Detail(
    d: ConversationDetail,
    clock: Clock,
    notice: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    run: impl Fn(Action, i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let version = d.version;
    let (status, handler, kind) = (d.status, d.handler, d.channel_kind);
    let owner = d.owner.clone();
    view! {
        <header class="flex items-center gap-3 border-b border-slate-200 bg-white px-5 py-3">
            <div class="min-w-0 flex-1">
                <div class="flex items-center gap-2">
                    <h2 class="truncate text-base font-semibold">{d.customer_name.clone()}</h2>
                    {move || view! { <ChannelIcon kind lang=lang.get() /> }}
                    {move || {
                        let (label, class) = status_chip(lang.get(), status, handler);
                        view! { <span class=format!("rounded px-1.5 py-0.5 text-[11px] font-medium {class}") data-status=status.as_str()>{label}</span> }
                    }}
                </div>
                <p class="truncate text-xs text-slate-500">
                    {d.channel_name.clone()}
                    {owner.map(|o| view! { <span>" · " {move || t(lang.get(), Key::Owner)} " " {o.name.clone()}</span> })}
                </p>
            </div>
            <div role="group" aria-label=move || t(lang.get(), Key::Actions) class="flex shrink-0 gap-2">
                {d.actions.iter().map(|a| {
                    let a = *a;
                    let primary = matches!(a, Action::FollowUp | Action::TakeOver | Action::Reopen);
                    let class = if primary {
                        "rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500 disabled:opacity-50"
                    } else {
                        "rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"
                    };
                    view! { <button type="button" class=class disabled=busy on:click=move |_| run(a, version)>{move || t(lang.get(), action_label(a))}</button> }
                }).collect_view()}
            </div>
        </header>
        <Show when=move || notice.get().is_some()>
            <p role="alert" class="mx-5 mt-3 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">{move || notice.get()}</p>
        </Show>
        <ol class="flex-1 space-y-3 overflow-y-auto px-5 py-4" aria-label=move || t(lang.get(), Key::Thread)>
            {d.items.into_iter().map(|item| view! { <Item item clock /> }).collect_view()}
        </ol>
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
            created_at,
            ..
        } => {
            let code = change.clone();
            view! {
            <li class="flex justify-center">
                <span class="rounded-full bg-slate-200/70 px-3 py-1 text-xs text-slate-600" data-event=code>
                    {move || event_line(lang.get(), &change, actor_name.as_deref(), to_owner_name.as_deref())} " · " {move || time(created_at)}
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
