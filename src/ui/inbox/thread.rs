//! The lines of a conversation's thread: messages (customer, reply, bot, internal note) and a
//! system line for every status or collaborator change.

use crate::api::conversation::retry_message;
use crate::domain::{ConversationId, Delivery, Lang, MessageKind};
use crate::i18n::{delivery_reason, event_line, t, Key};
use crate::ui::kit::{Button, Size, Tone};
use crate::ui::page::{use_clock, use_lang, use_refresh};
use crate::wire::ThreadItem;
use leptos::prelude::*;

#[component]
pub fn Item(item: ThreadItem, conversation: ConversationId) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let time = move |at| clock.short(lang.get(), at);
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
            id,
            kind,
            body,
            author_name,
            by_bot,
            delivery,
            delivery_error,
            created_at,
        } => {
            // A reply with no author and no bot was sent from the platform's own app.
            let from_platform = kind == MessageKind::Outbound && !by_bot && author_name.is_none();
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
                _ if from_platform => t(l, Key::FromPlatform).to_owned(),
                _ => String::new(),
            };
            view! {
                <li class="flex" class:justify-end=outgoing data-kind=kind.as_str()>
                    <div class="max-w-[70%]">
                        <div class=format!("whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm shadow-sm {bubble}")>{body}</div>
                        <p class="mt-1 px-1 text-[11px] text-slate-500" class:text-right=outgoing>
                            {move || who(lang.get())} " " {move || time(created_at)}
                            {delivery.map(|d| view! { <DeliveryState state=d /> })}
                        </p>
                        {(delivery == Some(Delivery::Failed)).then(|| view! {
                            <Failed conversation message=id reason=delivery_error.clone() />
                        })}
                    </div>
                </li>
            }
            .into_any()
        }
    }
}

/// Where a reply is: sending, sent, delivered, read, or not sent.
#[component]
fn DeliveryState(state: Delivery) -> impl IntoView {
    let lang = use_lang();
    let (key, mark, tone) = match state {
        Delivery::Queued => (Key::DeliverySending, "", ""),
        Delivery::Sent => (Key::DeliverySent, " ✓", ""),
        Delivery::Delivered => (Key::DeliveryDelivered, " ✓✓", ""),
        Delivery::Read => (Key::DeliveryRead, " ✓✓", "text-indigo-600"),
        Delivery::Failed => (Key::DeliveryFailed, "", "font-medium text-red-700"),
    };
    view! {
        <span class=tone data-delivery=state.as_str()>" · " {move || t(lang.get(), key)} {mark}</span>
    }
}

/// A reply the platform did not take: its reason, and a button to send it again.
#[component]
fn Failed(
    conversation: ConversationId,
    message: crate::domain::MessageId,
    reason: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let refresh = use_refresh();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let retry = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match retry_message(conversation, message).await {
                Ok(()) => {
                    error.set(None);
                    refresh.bump();
                }
                Err(e) => error.set(Some(e.message().to_owned())),
            }
            busy.set(false);
        });
    };
    view! {
        <div class="mt-1 flex items-center justify-end gap-2 px-1 text-xs text-red-700" role="alert" data-failed-reason="">
            {reason.map(|r| view! { <span class="min-w-0 break-words">{move || delivery_reason(lang.get(), &r)}</span> })}
            <Button tone=Tone::Secondary size=Size::Xs disabled=busy on_click=retry>
                {move || t(lang.get(), if busy.get() { Key::RetryingSend } else { Key::RetrySend })}
            </Button>
        </div>
        {move || error.get().map(|e| view! { <p class="mt-1 px-1 text-right text-xs text-red-700">{e}</p> })}
    }
}
