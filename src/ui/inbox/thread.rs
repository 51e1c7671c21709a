//! The thread of the open conversation: newest at the bottom, earlier messages loaded when the
//! member scrolls up, a system line for every change, and each reply's delivery state.

use crate::api::conversation::older_messages;
use crate::domain::{ConversationId, Delivery, Lang, MessageKind, Millis};
use crate::i18n::{event_line, t, Key};
use crate::ui::kit::{Button, Size, Tone};
use crate::ui::page::{use_clock, use_lang};
use crate::wire::{AppError, ThreadItem};
use leptos::prelude::*;

#[component]
pub fn Thread(
    id: ConversationId,
    items: Vec<ThreadItem>,
    older: Option<(Millis, i64)>,
    notice: RwSignal<Option<AppError>>,
) -> impl IntoView {
    let lang = use_lang();
    let older = RwSignal::new(older);
    let earlier = RwSignal::new(Vec::<ThreadItem>::new());
    let loading = RwSignal::new(false);
    let load_older = move || {
        let Some((before_at, before_id)) = older.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        leptos::task::spawn_local(async move {
            match older_messages(id, before_at, before_id).await {
                Ok(page) => {
                    earlier.update(|items| {
                        let mut all = page.items;
                        all.append(items);
                        *items = all;
                    });
                    older.set(page.older);
                }
                Err(e) => notice.set(Some(e)),
            }
            loading.set(false);
        });
    };
    view! {
        // Reversed flex: the scroll starts at the bottom, where the newest message is; scrolling
        // up to the top loads the earlier messages.
        <div class="flex flex-1 flex-col-reverse overflow-y-auto" on:scroll=move |ev| {
            let el = event_target::<leptos::web_sys::Element>(&ev);
            // In a reversed column scrollTop runs from 0 (bottom) to minus the overflow (top).
            if el.scroll_height() - el.client_height() + el.scroll_top() < 300 {
                load_older();
            }
        }>
            <ol class="space-y-3 px-4 py-4 sm:px-5" aria-label=move || t(lang.get(), Key::Thread)>
                <Show when=move || older.get().is_some()>
                    <li class="flex justify-center">
                        <Button tone=Tone::Quiet size=Size::Xs disabled=loading on:click=move |_| load_older()>
                            {move || t(lang.get(), Key::EarlierMessages)}
                        </Button>
                    </li>
                </Show>
                {move || earlier.get().into_iter().map(|item| view! { <Item item /> }).collect_view()}
                {items.into_iter().map(|item| view! { <Item item /> }).collect_view()}
            </ol>
        </div>
    }
}

#[component]
fn Item(item: ThreadItem) -> impl IntoView {
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
            let other = if change.starts_with("collaborator") {
                subject_name
            } else {
                to_owner_name
            };
            view! {
                <li class="flex justify-center">
                    <span class="rounded-full bg-slate-200/70 px-3 py-1 text-center text-xs text-slate-600">
                        {move || event_line(lang.get(), &change, actor_name.as_deref(), other.as_deref())} " · " {move || time(created_at)}
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
                <li class="flex" class:justify-end=outgoing>
                    <div class="max-w-[85%] sm:max-w-[70%]">
                        <div class=format!("whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm shadow-sm {bubble}")>{body}</div>
                        <p class="mt-1 px-1 text-[11px] text-slate-500" class:text-right=outgoing>
                            {move || who(lang.get())} " " {move || time(created_at)}
                            {delivery.map(|d| view! {
                                " · "
                                <span title=move || t(lang.get(), delivery_key(d))>
                                    <span aria-hidden="true">{delivery_mark(d)}</span>
                                    <span class="sr-only">{move || t(lang.get(), delivery_key(d))}</span>
                                </span>
                            })}
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

fn delivery_key(d: Delivery) -> Key {
    match d {
        Delivery::Queued => Key::DeliveryQueued,
        Delivery::Sent => Key::DeliverySent,
        Delivery::Delivered => Key::DeliveryDelivered,
        Delivery::Read => Key::DeliveryRead,
        Delivery::Failed => Key::DeliveryFailed,
    }
}
