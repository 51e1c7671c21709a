//! The simulator: a sample message, a channel and where the conversation is; what the bot would
//! do with it (which rule or step answers and why, the messages it would send and how their
//! buttons show on that channel, what the conversation would become). Nothing is sent.

use crate::api::bot::simulate_bot;
use crate::domain::{ChannelId, ChannelKind, Lang};
use crate::i18n::bot::{shown, why};
use crate::i18n::{channel_name, t, Key};
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::{Button, Chip, ChipTone, Notice, NoticeTone, Tone};
use crate::wire::{AppError, BotChannel, SimOutcome, SimPlace, SimulateForm, Simulated};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A channel as the selects name it: "森好生活 LINE · LINE 官方帳號".
pub fn channel_label(lang: Lang, c: &BotChannel) -> String {
    format!("{} · {}", c.name, channel_name(lang, c.kind))
}

/// What a simulation found, with the kind of the channel it was run on.
type Outcome = Result<(Simulated, Option<ChannelKind>), AppError>;

/// What the simulator was given and found; made in the page body, so it outlasts a reload of
/// the page's data.
#[derive(Clone, Copy)]
pub struct SimState {
    text: RwSignal<String>,
    channel: RwSignal<Option<ChannelId>>,
    place: RwSignal<SimPlace>,
    busy: RwSignal<bool>,
    result: RwSignal<Option<Outcome>>,
}

impl SimState {
    pub fn new() -> Self {
        SimState {
            text: RwSignal::new(String::new()),
            channel: RwSignal::new(None),
            place: RwSignal::new(SimPlace::New),
            busy: RwSignal::new(false),
            result: RwSignal::new(None),
        }
    }
}

/// What a simulation found, under its form (the simulator's, the rule editor's test).
pub fn sim_result(lang: Lang, s: &Simulated, kind: Option<ChannelKind>) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let (becomes, tone) = match s.outcome {
        SimOutcome::BotReplies => (Key::BotPagePendingBot, ChipTone::Indigo),
        SimOutcome::BotRepliesPersonNeeded | SimOutcome::ToPerson => {
            (Key::BotPagePendingHuman, ChipTone::Amber)
        }
    };
    let reason = s
        .why
        .as_ref()
        .map_or_else(|| "—".to_owned(), |w| why(lang, w));
    let message = |m: &crate::wire::SimMessage| {
        view! {
            <li class="flex flex-col items-end gap-1">
                {(!m.text.trim().is_empty()).then(|| view! {
                    <p class="max-w-[85%] whitespace-pre-wrap break-words rounded-2xl bg-slate-700 px-3 py-1.5 text-white">{m.text.clone()}</p>
                })}
                {m.image.clone().map(|url| view! {
                    <p class="max-w-[85%] break-all rounded-2xl bg-slate-700 px-3 py-1.5 text-white">{tr(Key::BotSimPicture)}" "{url}</p>
                })}
                {(!m.buttons.is_empty()).then(|| view! {
                    <ul class="flex max-w-[85%] flex-wrap justify-end gap-1" aria-label=tr(Key::BotPageButtons)>
                        {m.buttons.iter().cloned().map(|b| view! { <li><Chip tone=ChipTone::Indigo>{b}</Chip></li> }).collect_view()}
                    </ul>
                })}
            </li>
        }
    };
    let how = s
        .presentation
        .map(|p| shown(lang, p))
        .filter(|w| !w.is_empty() && kind.is_some());
    view! {
        <section aria-label=tr(Key::BotSimResult) aria-live="polite" class="mt-3 space-y-3 border-t border-slate-200 pt-3 text-sm">
            <dl class="space-y-2 [&>dt]:text-xs [&>dt]:text-slate-500">
                <dt>{tr(Key::BotSimWhy)}</dt>
                <dd class="font-medium text-slate-900">{reason}</dd>
                <dt>{tr(Key::BotSimBecomes)}</dt>
                <dd><Chip tone>{tr(becomes)}</Chip></dd>
            </dl>
            {(s.outcome == SimOutcome::BotRepliesPersonNeeded).then(|| view! {
                <Notice tone=NoticeTone::Info plain=true>{tr(Key::BotSimPersonNeeded)}</Notice>
            })}
            <div>
                <p class="text-xs text-slate-500">{tr(Key::BotSimSends)}</p>
                {if s.messages.is_empty() {
                    view! { <p class="mt-1 text-slate-700">{tr(Key::BotSimSilent)}</p> }.into_any()
                } else {
                    view! { <ol class="mt-1.5 space-y-1.5">{s.messages.iter().map(message).collect_view()}</ol> }.into_any()
                }}
                {how.map(|w| view! { <p class="mt-1.5 text-right text-xs text-slate-500">{w}</p> })}
            </div>
            <p class="text-xs text-slate-500">{tr(Key::BotSimNothingSent)}</p>
        </section>
    }
}

#[component]
pub fn Simulator(lang: Lang, channels: Vec<BotChannel>, state: SimState) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let SimState {
        text,
        channel,
        place,
        busy,
        result,
    } = state;
    let first = channels.first().map(|c| c.id);
    let kinds = StoredValue::new(channels.iter().map(|c| (c.id, c.kind)).collect::<Vec<_>>());
    let picked = move || channel.get_untracked().or(first);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(ch) = picked() else {
            return;
        };
        let kind = kinds.with_value(|k| k.iter().find(|(c, _)| *c == ch).map(|(_, kind)| *kind));
        let form = SimulateForm {
            text: text.get_untracked(),
            channel: ch,
            place: place.get_untracked(),
            draft: None,
        };
        busy.set(true);
        spawn_local(async move {
            let answer = simulate_bot(form).await.map(|s| (s, kind));
            result.try_set(Some(answer));
            busy.try_set(false);
        });
    };
    let current = picked();
    let place_option = move |p: SimPlace, key: Key| {
        let value = format!("{p:?}");
        view! { <option value=value selected=place.get_untracked() == p>{tr(key)}</option> }
    };
    let set_place = move |ev: leptos::ev::Event| {
        place.set(match event_target_value(&ev).as_str() {
            "WithBot" => SimPlace::WithBot,
            "WaitingForPerson" => SimPlace::WaitingForPerson,
            _ => SimPlace::New,
        });
    };
    let form = if channels.is_empty() {
        view! { <Notice tone=NoticeTone::Info plain=true class="mt-3">{tr(Key::BotSimNoChannels)}</Notice> }.into_any()
    } else {
        view! {
            <form on:submit=submit class="mt-3 space-y-2.5">
                <div>
                    <label for="sim-text" class=LABEL_SM>{tr(Key::BotSimText)}</label>
                    <textarea id="sim-text" rows="2" class=FIELD_SM
                        prop:value=text.get_untracked() on:input=move |ev| text.set(event_target_value(&ev))>{text.get_untracked()}</textarea>
                </div>
                <div>
                    <label for="sim-channel" class=LABEL_SM>{tr(Key::BotSimChannel)}</label>
                    <select id="sim-channel" class=FIELD_SM on:change=move |ev| channel.set(event_target_value(&ev).parse().ok())>
                        {channels.iter().map(|c| view! {
                            <option value=c.id.to_string() selected=current == Some(c.id)>{channel_label(lang, c)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div>
                    <label for="sim-place" class=LABEL_SM>{tr(Key::BotSimPlace)}</label>
                    <select id="sim-place" class=FIELD_SM on:change=set_place>
                        {place_option(SimPlace::New, Key::BotSimPlaceNew)}
                        {place_option(SimPlace::WithBot, Key::BotSimPlaceWithBot)}
                        {place_option(SimPlace::WaitingForPerson, Key::BotSimPlaceWaiting)}
                    </select>
                </div>
                <Button submit=true tone=Tone::Primary disabled=busy wide=true>{tr(Key::BotSimRun)}</Button>
            </form>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="sim-title" class="rounded-xl bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200 lg:sticky lg:top-6">
            <h2 id="sim-title" class="text-xl font-semibold">{tr(Key::BotSim)}</h2>
            <p class="mt-1 text-sm text-slate-500">{tr(Key::BotSimHint)}</p>
            {form}
            {move || result.get().map(|r| match r {
                Ok((s, kind)) => sim_result(lang, &s, kind).into_any(),
                Err(e) => view! { <Notice class="mt-3">{e.message().to_owned()}</Notice> }.into_any(),
            })}
        </section>
    }
}
