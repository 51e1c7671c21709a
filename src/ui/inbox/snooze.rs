//! Snoozing from the pane (issue 16): the owner's Snooze button and its menu (in 1 hour, in 3
//! hours, tomorrow 09:00 and next Monday 09:00 in the workspace's clock, until the customer
//! writes), and the line that says until when a snoozed conversation sleeps, with Unsnooze.

use crate::api::conversation::{snooze_conversation, unsnooze_conversation};
use crate::domain::snooze::presets;
use crate::domain::{ConversationId, Millis};
use crate::i18n::{fill, t, Key};
use crate::ui::kit::browser::focus_leaves;
use crate::ui::kit::{Button, Size, Tone};
use crate::ui::page::{use_clock, use_lang, use_refresh, Refresh};
use crate::wire::Snoozed;
use leptos::prelude::*;

/// Now, in the browser at the click; on the server, when the pane was answered.
fn now(answered_at: Millis) -> Millis {
    #[cfg(feature = "hydrate")]
    {
        let _ = answered_at;
        js_sys::Date::now() as Millis
    }
    #[cfg(not(feature = "hydrate"))]
    answered_at
}

/// Runs `call` (a snooze or an unsnooze) with the pane's buttons held, then shows its refusal
/// (if any) and redraws the pane.
fn act<F>(busy: RwSignal<bool>, notice: RwSignal<Option<String>>, refresh: Refresh, call: F)
where
    F: std::future::Future<Output = Result<(), crate::wire::AppError>> + 'static,
{
    busy.set(true);
    leptos::task::spawn_local(async move {
        let result = call.await;
        notice.try_set(result.err().map(|e| e.message().to_owned()));
        busy.try_set(false);
        refresh.bump();
    });
}

/// The owner's Snooze button; its menu snoozes conversation `id` as seen at `version`. Whether
/// the menu is `open` is the pane's, so drawing the conversation again leaves it as it was.
#[component]
pub fn SnoozeMenu(
    id: ConversationId,
    version: i64,
    answered_at: Millis,
    busy: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
    open: RwSignal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let refresh = use_refresh();
    let pick = move |until: Option<Millis>| {
        open.set(false);
        act(
            busy,
            notice,
            refresh,
            snooze_conversation(id, version, until),
        );
    };
    let choices = [
        Key::SnoozeOneHour,
        Key::SnoozeThreeHours,
        Key::SnoozeTomorrow,
        Key::SnoozeNextWeek,
    ];
    view! {
        // Esc, or the focus going elsewhere (a click anywhere else), closes the menu.
        <div class="relative" on:keydown=move |ev| if ev.key() == "Escape" { open.set(false) }
            on:focusout=move |ev| if focus_leaves(&ev) { open.set(false) }>
            <Button disabled=busy on_click=move |_| open.update(|o| *o = !*o)
                label=Signal::derive(move || t(lang.get(), Key::SnoozeMenu).to_owned())>
                {move || t(lang.get(), Key::Snooze)}
            </Button>
            <Show when=move || open.get()>
                <ul role="menu" aria-label=move || t(lang.get(), Key::SnoozeMenu)
                    class="absolute right-0 top-full z-30 mt-1 w-56 rounded-lg bg-white py-1 text-sm shadow-lg ring-1 ring-slate-200">
                    {choices.iter().enumerate().map(|(i, &k)| view! {
                        <li role="none">
                            <button type="button" role="menuitem" class="block w-full px-3 py-2 text-left hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
                                on:click=move |_| pick(Some(presets(now(answered_at), clock.utc_offset_minutes)[i]))>
                                {move || t(lang.get(), k)}
                            </button>
                        </li>
                    }).collect_view()}
                    <li role="none" class="border-t border-slate-100">
                        <button type="button" role="menuitem" class="block w-full px-3 py-2 text-left hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
                            on:click=move |_| pick(None)>
                            {move || t(lang.get(), Key::SnoozeUntilReply)}
                        </button>
                    </li>
                </ul>
            </Show>
        </div>
    }
}

/// Until when conversation `id` sleeps, and (for its owner) Unsnooze.
#[component]
pub fn SnoozedLine(
    id: ConversationId,
    snoozed: Snoozed,
    mine: bool,
    busy: RwSignal<bool>,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let clock = use_clock();
    let refresh = use_refresh();
    let text = move || match snoozed.until {
        Some(at) => fill(lang.get(), Key::SnoozedUntil, "", &clock.full(at)),
        None => t(lang.get(), Key::SnoozedUntilReply).to_owned(),
    };
    let wake = move |_| act(busy, notice, refresh, unsnooze_conversation(id));
    view! {
        <p class="mt-1 flex items-center gap-2 text-xs font-medium text-indigo-800" data-snoozed="">
            <span aria-hidden="true">"⏰"</span>
            <span>{text}</span>
            {mine.then(|| view! {
                <Button size=Size::Xs tone=Tone::Quiet disabled=busy on_click=wake>{move || t(lang.get(), Key::Unsnooze)}</Button>
            })}
        </p>
    }
}
