//! Avatars, channel icons and the waiting ring.

use crate::domain::initials::initials;
use crate::domain::waiting::WaitLevel;
use crate::domain::{ChannelKind, Lang};
use crate::i18n::channel_name;
use leptos::prelude::*;

const PALETTE: [&str; 8] = [
    "bg-rose-100 text-rose-700",
    "bg-amber-100 text-amber-800",
    "bg-emerald-100 text-emerald-700",
    "bg-sky-100 text-sky-700",
    "bg-violet-100 text-violet-700",
    "bg-teal-100 text-teal-700",
    "bg-fuchsia-100 text-fuchsia-700",
    "bg-indigo-100 text-indigo-700",
];

/// A stable colour for a person, from their id.
pub fn color(id: i64) -> &'static str {
    PALETTE[(id.unsigned_abs() % PALETTE.len() as u64) as usize]
}

fn ring(level: Option<WaitLevel>) -> &'static str {
    match level {
        None => "",
        Some(WaitLevel::Half) => "ring-2 ring-offset-2 ring-amber-400",
        Some(WaitLevel::Hour) => "ring-2 ring-offset-2 ring-orange-500",
        Some(WaitLevel::TwoHours) => "ring-[3px] ring-offset-2 ring-red-600",
    }
}

/// A customer's avatar with its channel badge and waiting ring.
#[component]
pub fn CustomerAvatar(
    /// A customer's id, for the colour.
    #[prop(into)]
    id: i64,
    name: String,
    kind: ChannelKind,
    lang: Lang,
    wait: Option<WaitLevel>,
    #[prop(optional)] wait_title: Option<String>,
) -> impl IntoView {
    let class = format!("relative grid h-11 w-11 shrink-0 place-items-center rounded-full text-sm font-semibold {} {}", color(id), ring(wait));
    view! {
        <span class=class title=wait_title data-wait=wait.map(|w| w.code())>
            <span aria-hidden="true">{initials(&name)}</span>
            <span class="absolute -bottom-1 -right-1">
                <ChannelIcon kind lang />
            </span>
        </span>
    }
}

/// A small member avatar for the avatar stack.
#[component]
pub fn MemberAvatar(
    /// A member's (or a customer's) id, for the colour.
    #[prop(into)]
    id: i64,
    name: String,
) -> impl IntoView {
    let class = format!("grid h-6 w-6 place-items-center rounded-full text-[10px] font-semibold ring-2 ring-white {}", color(id));
    view! {
        <span class=class title=name.clone() role="img" aria-label=name.clone()>
            <span aria-hidden="true">{initials(&name)}</span>
        </span>
    }
}

/// The bot's avatar, shown on pending/bot rows.
#[component]
pub fn BotAvatar(label: &'static str) -> impl IntoView {
    view! {
        <span class="grid h-6 w-6 place-items-center rounded-full bg-slate-800 text-white ring-2 ring-white" title=label role="img" aria-label=label>
            <svg viewBox="0 0 24 24" class="h-3.5 w-3.5" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
                <rect x="5" y="8" width="14" height="11" rx="3" /><path d="M12 4v4M9 13h.01M15 13h.01" stroke-linecap="round" />
            </svg>
        </span>
    }
}

/// The platform's mark in its colours, named for screen readers.
#[component]
pub fn ChannelIcon(kind: ChannelKind, lang: Lang) -> impl IntoView {
    let (bg, path) = match kind {
        ChannelKind::Line => ("bg-[#06C755]", "M12 5c-4.4 0-8 2.8-8 6.3 0 3.1 2.8 5.7 6.6 6.2.3.1.6.2.7.5l-.1 1.6c0 .4.3.6.7.4 2.7-1.6 8.1-4.9 8.1-8.7C20 7.8 16.4 5 12 5z"),
        ChannelKind::Messenger => ("bg-gradient-to-br from-[#0099FF] to-[#A033FF]", "M12 4C7.6 4 4 7.3 4 11.4c0 2.3 1.1 4.4 3 5.7V20l2.7-1.5c.7.2 1.5.3 2.3.3 4.4 0 8-3.3 8-7.4S16.4 4 12 4zm.8 9.9-2-2.2-4 2.2 4.4-4.7 2.1 2.2 3.9-2.2z"),
        ChannelKind::WhatsApp => ("bg-[#25D366]", "M12 4a8 8 0 0 0-6.9 12l-1 3.7 3.8-1A8 8 0 1 0 12 4zm4 11.2c-.2.5-1 .9-1.5 1-.4 0-.8.2-2.8-.6-2.3-1-3.8-3.4-3.9-3.6-.1-.1-.9-1.2-.9-2.3s.6-1.6.8-1.9c.2-.2.4-.3.6-.3h.4c.1 0 .3 0 .5.4l.7 1.6c.1.1.1.3 0 .4l-.3.5-.3.3c-.1.1-.2.3-.1.5.2.3.7 1.1 1.4 1.7.9.8 1.7 1.1 2 1.2.2.1.4.1.5-.1l.7-.8c.2-.2.3-.2.5-.1l1.5.7c.2.1.4.2.4.3.1.1.1.6-.1 1.1z"),
        ChannelKind::Instagram => ("bg-gradient-to-tr from-[#F58529] via-[#DD2A7B] to-[#8134AF]", "M8.5 5h7A3.5 3.5 0 0 1 19 8.5v7a3.5 3.5 0 0 1-3.5 3.5h-7A3.5 3.5 0 0 1 5 15.5v-7A3.5 3.5 0 0 1 8.5 5zm3.5 3.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zm0 1.6a1.9 1.9 0 1 1 0 3.8 1.9 1.9 0 0 1 0-3.8zM16 7.2a.8.8 0 1 0 0 1.6.8.8 0 0 0 0-1.6z"),
        ChannelKind::WebChat => ("bg-slate-600", "M5 6h14v9H9l-4 3.5zM8 9.5h8M8 12h5"),
    };
    let name = channel_name(lang, kind);
    let class = format!("grid h-5 w-5 place-items-center rounded-full ring-2 ring-white {bg}");
    let web = kind == ChannelKind::WebChat;
    view! {
        <span class=class role="img" aria-label=name title=name data-channel=kind.as_str()>
            <svg viewBox="0 0 24 24" class="h-3.5 w-3.5" aria-hidden="true"
                fill=if web { "none" } else { "white" } stroke=if web { "white" } else { "none" } stroke-width="2" stroke-linejoin="round" stroke-linecap="round">
                <path d=path />
            </svg>
        </span>
    }
}
