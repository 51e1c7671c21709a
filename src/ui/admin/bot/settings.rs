//! The bot's own settings: the words that ask for a person, and how many automatic replies a
//! conversation may get in an hour.

use super::fields::{join, split_list};
use super::{invalid, refused_field};
use crate::api::bot::save_bot_settings;
use crate::domain::bot::config::{check_settings, Problem, Settings, MAX_REPLIES_PER_HOUR};
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::form::{FIELD_SM, LABEL};
use crate::ui::kit::{Button, Notice, NoticeTone, Size, Tone};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn SettingsForm(lang: Lang, settings: Settings) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let words = RwSignal::new(join(Lang::En, settings.person_words.iter().cloned()));
    let limit = RwSignal::new(settings.replies_per_hour.to_string());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        let typed = limit.get_untracked().trim().parse::<u32>();
        let checked = typed
            .map_err(|_| Problem::RepliesPerHour)
            .and_then(|replies_per_hour| {
                let s = Settings {
                    person_words: split_list(&words.get_untracked()),
                    replies_per_hour,
                };
                check_settings(&s).map(|()| s)
            });
        let s = match checked {
            Ok(s) => s,
            Err(p) => {
                error.set(Some(invalid(lang, p)));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            match save_bot_settings(s).await {
                Ok(()) => {
                    error.try_set(None);
                    saved.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let refusal = move |field: Option<&'static str>| {
        move || {
            error
                .with(|e| {
                    e.as_ref()
                        .filter(|e| match (refused_field(e), field) {
                            (Some(f @ ("person_words" | "replies_per_hour")), Some(want)) => {
                                f == want
                            }
                            (Some("person_words" | "replies_per_hour"), None) => false,
                            (_, want) => want.is_none(),
                        })
                        .map(|e| e.message().to_owned())
                })
                .map(|m| view! { <Notice plain=true class="mt-1">{m}</Notice> })
        }
    };
    view! {
        <section aria-labelledby="bot-settings-title">
            <h2 id="bot-settings-title" class="text-xl font-semibold">{tr(Key::BotSettings)}</h2>
            <form on:submit=submit novalidate
                class="mt-4 space-y-4 rounded-xl bg-white px-4 py-4 shadow-sm ring-1 ring-slate-200 sm:px-6">
                <div>
                    <label for="bot-person-words" class=LABEL>{tr(Key::BotSettingsPersonWords)}</label>
                    <input id="bot-person-words" type="text" class=FIELD_SM autocomplete="off" aria-describedby="bot-person-words-hint"
                        value=words.get_untracked() prop:value=words.get_untracked()
                        on:input=move |ev| words.set(event_target_value(&ev)) />
                    <p id="bot-person-words-hint" class="mt-1 text-xs text-slate-500">{tr(Key::BotSettingsPersonWordsHint)}</p>
                    {refusal(Some("person_words"))}
                </div>
                <div>
                    <label for="bot-replies-per-hour" class=LABEL>{tr(Key::BotSettingsRepliesPerHour)}</label>
                    <div class="max-w-32">
                        <input id="bot-replies-per-hour" type="number" min="1" max=MAX_REPLIES_PER_HOUR class=FIELD_SM
                            aria-describedby="bot-replies-hint"
                            value=limit.get_untracked() prop:value=limit.get_untracked()
                            on:input=move |ev| limit.set(event_target_value(&ev)) />
                    </div>
                    <p id="bot-replies-hint" class="mt-1 text-xs text-slate-500">{tr(Key::BotSettingsRepliesPerHourHint)}</p>
                    {refusal(Some("replies_per_hour"))}
                </div>
                {refusal(None)}
                {move || saved.get().then(|| view! { <Notice tone=NoticeTone::Success plain=true>{tr(Key::BotPageSaved)}</Notice> })}
                <div class="flex justify-end">
                    <Button submit=true tone=Tone::Primary size=Size::Sm disabled=busy>{tr(Key::Save)}</Button>
                </div>
            </form>
        </section>
    }
}
