//! Availability and load (issue 16): the member's own status in the sidebar, and each member's
//! status and load as the transfer dialog and the Team views' owner filter show them.

use crate::domain::availability::{Load, Presence};
use crate::domain::MemberId;
use crate::i18n::day::{load_text, presence_key};
use crate::i18n::{t, Key};
use crate::ui::kit::phone::touch;
use crate::ui::page::use_lang;
use crate::wire::TeamMember;
use leptos::prelude::*;

fn dot_colour(p: Presence) -> &'static str {
    match p {
        Presence::Online => "bg-emerald-500",
        Presence::Away => "bg-amber-400",
        Presence::Offline => "bg-slate-400",
    }
}

/// The status's dot; its word is always written beside it or in an `aria-label`.
#[component]
pub fn PresenceDot(
    #[prop(into)] presence: Signal<Presence>,
    /// Classes for its place (size, position, ring).
    #[prop(optional)]
    class: &'static str,
) -> impl IntoView {
    view! {
        <span aria-hidden="true" data-presence=move || presence.get().as_str()
            class=move || format!("inline-block shrink-0 rounded-full {} {}", dot_colour(presence.get()), if class.is_empty() { "h-2 w-2" } else { class })></span>
    }
}

/// A member's status and load in one line: "● 上線 · 處理中 4／5", with "At capacity" when full.
#[component]
pub fn StatusAndLoad(presence: Presence, load: Load) -> impl IntoView {
    let lang = use_lang();
    view! {
        <span class="inline-flex min-w-0 items-center gap-1.5" data-load=load.in_progress>
            <PresenceDot presence />
            <span>{move || t(lang.get(), presence_key(presence))}</span>
            <span aria-hidden="true">"·"</span>
            <span class="tabular-nums">{move || load_text(lang.get(), load)}</span>
            {load.full().then(|| view! {
                <span class="rounded bg-amber-100 px-1.5 py-px font-medium text-amber-800">{move || t(lang.get(), Key::AtCapacity)}</span>
            })}
        </span>
    }
}

/// The member's own status in the sidebar, remembered on the server; the dot sits on their
/// avatar (`dot`).
#[component]
pub fn PresenceSwitch(dot: RwSignal<Presence>) -> impl IntoView {
    let lang = use_lang();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(p) = Presence::parse(&event_target_value(&ev)) else {
            return;
        };
        let was = dot.get_untracked();
        dot.set(p);
        leptos::task::spawn_local(async move {
            if crate::api::inbox::set_presence(p).await.is_err() {
                dot.set(was);
            }
        });
    };
    view! {
        <label class="flex items-center gap-1.5">
            <span class="sr-only">{move || t(lang.get(), Key::MyStatus)}</span>
            <PresenceDot presence=dot />
            <select on:change=on_change data-my-status=""
                class=concat!("w-auto shrink-0 cursor-pointer rounded border-0 bg-transparent py-0 pl-0 pr-7 text-xs text-slate-300 hover:text-white focus:outline-none focus:ring-2 focus:ring-indigo-400 ", touch!())>
                {Presence::ALL.iter().copied().map(|p| view! {
                    <option value=p.as_str() selected=move || dot.get() == p class="text-slate-900">{move || t(lang.get(), presence_key(p))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// The Team views' owner filter: every member with their status and load; picking one narrows
/// the list to their conversations (`on_pick`, none for everyone's).
#[component]
pub fn OwnerFilter(
    picked: Signal<Option<MemberId>>,
    members: RwSignal<Vec<TeamMember>>,
    on_pick: Callback<Option<MemberId>>,
) -> impl IntoView {
    let lang = use_lang();
    let list = move || members.get();
    let chosen = move || {
        let id = picked.get()?;
        list().into_iter().find(|m| m.id == id)
    };
    view! {
        <div class="flex flex-wrap items-center gap-x-3 gap-y-1 border-b border-slate-200 px-4 py-2 text-xs text-slate-600 max-lg:px-3">
            <label class="flex min-w-0 items-center gap-1.5">
                <span class="shrink-0">{move || t(lang.get(), Key::MemberFilter)}</span>
                <select data-owner-filter="" on:change=move |ev| on_pick.run(event_target_value(&ev).parse::<i64>().ok().map(MemberId))
                    class=concat!("min-w-0 max-w-[16rem] truncate rounded-md border border-slate-200 bg-white py-1 pl-2 pr-7 text-xs text-slate-700 focus:outline-none focus:ring-2 focus:ring-indigo-400 ", touch!())>
                    <option value="" selected=move || picked.get().is_none()>{move || t(lang.get(), Key::AllMembers)}</option>
                    // Before the members load, the one in the URL keeps its place.
                    {move || {
                        let all = list();
                        if all.is_empty() {
                            return picked.get().map(|id| view! { <option value=id.to_string() selected=true>"…"</option> }).into_any();
                        }
                        all.into_iter().map(|m| {
                            let id = m.id;
                            let label = move || format!("{} · {} · {}", m.name, t(lang.get(), presence_key(m.presence)), load_text(lang.get(), m.load));
                            view! { <option value=id.to_string() selected=move || picked.get() == Some(id)>{label}</option> }
                        }).collect_view().into_any()
                    }}
                </select>
            </label>
            {move || chosen().map(|m| view! { <StatusAndLoad presence=m.presence load=m.load /> })}
        </div>
    }
}
