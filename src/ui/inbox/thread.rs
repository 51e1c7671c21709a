//! The lines of a conversation's thread: messages (customer, reply, bot, internal note) and a
//! system line for every status or collaborator change.

use crate::domain::{Delivery, Lang, MessageKind};
use crate::i18n::{event_line, t, Key};
use crate::ui::page::{use_clock, use_lang};
use crate::wire::ThreadItem;
use leptos::prelude::*;

#[component]
pub fn Item(item: ThreadItem) -> impl IntoView {
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
