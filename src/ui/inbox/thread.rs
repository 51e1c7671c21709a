//! The lines of a conversation's thread: messages (customer, reply, bot, internal note) and a
//! system line for every status or collaborator change.

use crate::api::conversation::retry_message;
use crate::domain::{ConversationId, Delivery, Lang, MessageKind};
use crate::i18n::{delivery_reason, event_line, file_size, media_label, t, Key};
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
            attachments,
            reaction,
            withdrawn,
            buttons,
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
                        {withdrawn.then(|| view! {
                            <div class="rounded-2xl px-3.5 py-2 text-sm italic text-slate-500 ring-1 ring-slate-300" data-withdrawn="">
                                {move || t(lang.get(), Key::Withdrawn)}
                            </div>
                        })}
                        {(!withdrawn && !body.trim().is_empty()).then(|| view! {
                            <div class=format!("whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-sm shadow-sm {bubble}")>{linked(body)}</div>
                        })}
                        {(!withdrawn && !buttons.is_empty()).then(|| view! {
                            <ul class="mt-1 flex flex-wrap justify-end gap-1" aria-label=move || t(lang.get(), Key::BotButtons)>
                                {buttons.into_iter().map(|b| view! {
                                    <li class="rounded-full px-2.5 py-0.5 text-xs text-slate-700 ring-1 ring-slate-300">{b}</li>
                                }).collect_view()}
                            </ul>
                        })}
                        {reaction.map(|r| view! {
                            <span class="relative -mt-2 ml-2 inline-block rounded-full bg-white px-1.5 text-sm shadow-sm ring-1 ring-slate-200" data-reaction=""
                                title=move || t(lang.get(), Key::ReactionBy)>{r}</span>
                        })}
                        {(!withdrawn && !attachments.is_empty()).then(|| view! {
                            <div class="mt-1 flex flex-col gap-1" class:items-end=outgoing>
                                {attachments.into_iter().map(|a| view! { <Attachment a /> }).collect_view()}
                            </div>
                        })}
                        <p class="mt-1 px-1 text-[11px] text-slate-500" class:text-right=outgoing>
                            {move || who(lang.get())} " " {move || time(created_at)}
                            {delivery.filter(|_| kind == MessageKind::Outbound).map(|d| view! { <DeliveryState state=d /> })}
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
        <span class=tone data-delivery=state.as_str()>" · " {move || t(lang.get(), key)} <span aria-hidden="true">{mark}</span></span>
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

/// An attachment: an image or video shown in place, a file to download, a location, a
/// sticker, or what is still on its way or could not be fetched.
#[component]
fn Attachment(a: crate::wire::AttachmentView) -> impl IntoView {
    use crate::domain::{MediaKind, MediaState};
    let lang = use_lang();
    let href = format!("/files/{}", a.id);
    let label = move || media_label(lang.get(), a.kind);
    let chip = "inline-flex max-w-full items-center gap-2 rounded-xl bg-white px-3 py-2 text-sm text-slate-700 shadow-sm ring-1 ring-slate-200";
    let name = a.file_name.clone();
    let caption = a.caption.clone().filter(|c| !c.trim().is_empty());
    let shown = match (a.state, a.kind) {
        (MediaState::Stored, MediaKind::Image) if a.inline => {
            let alt = caption.clone().or(name.clone());
            let src = href.clone();
            view! {
                <a href=href target="_blank" rel="noopener" data-attachment="image">
                    <img src=src alt=move || alt.clone().unwrap_or_else(|| label().to_owned()) loading="lazy"
                        class="max-h-64 min-h-24 min-w-24 max-w-full rounded-xl bg-white object-contain shadow-sm ring-1 ring-slate-200" />
                </a>
            }
            .into_any()
        }
        (MediaState::Stored, MediaKind::Video) if a.inline => view! {
            <video src=href controls preload="metadata" data-attachment="video"
                class="max-h-64 max-w-full rounded-xl shadow-sm ring-1 ring-slate-200"></video>
        }
        .into_any(),
        (MediaState::Stored, _) => {
            let size = a.size.map(file_size);
            view! {
                <a href=href download="" class=format!("{chip} hover:bg-slate-50") data-attachment="file">
                    <span aria-hidden="true">"📎"</span>
                    <span class="min-w-0 truncate font-medium">{move || name.clone().unwrap_or_else(|| label().to_owned())}</span>
                    {size.map(|s| view! { <span class="shrink-0 text-xs text-slate-500">{s}</span> })}
                </a>
            }
            .into_any()
        }
        (MediaState::Pending, _) => view! {
            <span class=chip data-attachment="pending">{label} " · " {move || t(lang.get(), Key::MediaLoading)}</span>
        }
        .into_any(),
        (MediaState::Failed, _) => view! {
            <span class=chip data-attachment="failed">{label} " · " {move || t(lang.get(), Key::MediaUnavailable)}</span>
        }
        .into_any(),
        (MediaState::None, MediaKind::Location) => {
            let detail = a.detail.clone().unwrap_or_default();
            let map = detail.split_once(',').map(|(lat, lng)| {
                format!("https://www.openstreetmap.org/?mlat={}&mlon={}#map=17/{}/{}", lat.trim(), lng.trim(), lat.trim(), lng.trim())
            });
            view! {
                <a href=map target="_blank" rel="noopener noreferrer" class=chip data-attachment="location">
                    <span aria-hidden="true">"📍"</span> {label} " " <span class="text-xs text-slate-500">{detail}</span>
                </a>
            }
            .into_any()
        }
        (MediaState::None, _) => {
            let detail = a.detail.clone();
            view! {
                <span class=chip data-attachment=a.kind.as_str()>
                    {label} {detail.map(|d| view! { <span class="min-w-0 truncate text-xs text-slate-500">{d}</span> })}
                </span>
            }
            .into_any()
        }
    };
    view! {
        {shown}
        {caption.filter(|_| a.kind != MediaKind::Image || !a.inline).map(|c| view! {
            <p class="px-1 text-xs text-slate-600">{c}</p>
        })}
    }
}

/// A message's text with its web addresses as links (`domain::links`: http and https only),
/// each opening in a new tab that cannot reach back into the inbox.
fn linked(body: String) -> AnyView {
    use crate::domain::links::{has_link, pieces, Piece};
    if !has_link(&body) {
        return body.into_any();
    }
    let lang = use_lang();
    pieces(&body)
        .into_iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.to_owned().into_any(),
            Piece::Link(url) => view! {
                <a href=url.to_owned() target="_blank" rel="noopener noreferrer"
                    class="break-all underline decoration-1 underline-offset-2 hover:decoration-2">
                    {url.to_owned()}
                    <span class="sr-only">{move || t(lang.get(), Key::LinkOpensNewTab)}</span>
                </a>
            }
            .into_any(),
        })
        .collect_view()
        .into_any()
}
