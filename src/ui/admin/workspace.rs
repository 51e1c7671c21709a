//! The workspace's settings `/workspace` (issue 15; admins): its name, its clock (every quarter
//! hour from UTC−12:00 to UTC+14:00, common ones with example cities), the language new
//! members start in, and its logo (`picture`).

use crate::api::workspace::{save_workspace, workspace_info};
use crate::domain::team::{offset_label, WorkspaceDraft, MAX_OFFSET_MINUTES, MIN_OFFSET_MINUTES};
use crate::domain::Lang;
use crate::i18n::admin::offset_cities;
use crate::i18n::{t, Key};
use crate::ui::admin::picture::{PictureEditor, PictureKind};
use crate::ui::guard::SignedIn;
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::lang_name;
use crate::ui::kit::refusal::{refusal_elsewhere, refusal_under};
use crate::ui::kit::{Button, ErrorNotice, Notice, NoticeTone, Tone};
use crate::ui::page::{answer_with, use_lang};
use crate::wire::{AppError, WorkspaceSettings};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn WorkspacePage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Workspace /> } /> }
}

/// An offset's label with its example cities ("UTC+08:00 台北、香港、新加坡").
fn zone_label(lang: Lang, minutes: i64) -> String {
    match offset_cities(lang, minutes) {
        Some(cities) => format!("{} {cities}", offset_label(minutes)),
        None => offset_label(minutes),
    }
}

#[component]
fn Workspace() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let data = Resource::new(|| (), |_| workspace_info());
    view! {
        <main class="mx-auto max-w-2xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <h1 class="mt-4 text-2xl font-semibold">{tr(Key::WorkspaceTitle)}</h1>
            <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::WorkspaceHint)}</p>
            <Transition fallback=move || view! { <p class="mt-6 text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(s) => view! { <SettingsForm lang settings=s /> }.into_any(),
                    Err(error) => {
                        answer_with(&error);
                        view! { <ErrorNotice error class="mt-6" /> }.into_any()
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn SettingsForm(lang: Lang, settings: WorkspaceSettings) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let name = RwSignal::new(settings.name.clone());
    let offset = RwSignal::new(settings.utc_offset_minutes);
    let default_lang = RwSignal::new(settings.default_lang);
    let logo = RwSignal::new(settings.logo_url.clone());
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = WorkspaceDraft {
            name: name.get_untracked(),
            utc_offset_minutes: offset.get_untracked(),
            default_lang: default_lang.get_untracked(),
        };
        busy.set(true);
        saved.set(false);
        error.set(None);
        spawn_local(async move {
            match save_workspace(draft).await {
                Ok(()) => {
                    saved.try_set(true);
                }
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
            busy.try_set(false);
        });
    };
    let initial = settings.name.clone();
    view! {
        <form on:submit=save class="mt-6 space-y-5 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <div>
                <label for="ws-name" class=LABEL_SM>{tr(Key::WorkspaceName)}</label>
                <input id="ws-name" class=FIELD_SM autocomplete="off" required
                    prop:value=move || name.get() on:input=move |ev| { name.set(event_target_value(&ev)); saved.set(false); } />
                {refusal_under(error, &["name"])}
            </div>
            <div>
                <label for="ws-offset" class=LABEL_SM>{tr(Key::TimeZone)}</label>
                <select id="ws-offset" class=FIELD_SM
                    on:change=move |ev| { if let Ok(m) = event_target_value(&ev).parse() { offset.set(m); } saved.set(false); }>
                    {(MIN_OFFSET_MINUTES..=MAX_OFFSET_MINUTES).step_by(15).map(|m| view! {
                        <option value=m.to_string() selected=move || offset.get() == m>{zone_label(lang, m)}</option>
                    }).collect_view()}
                </select>
                <p class="mt-1 text-xs text-slate-500">{tr(Key::TimeZoneHint)}</p>
                {refusal_under(error, &["offset"])}
            </div>
            <div>
                <label for="ws-lang" class=LABEL_SM>{tr(Key::DefaultLanguage)}</label>
                <select id="ws-lang" class=FIELD_SM
                    on:change=move |ev| { if let Some(l) = Lang::parse(&event_target_value(&ev)) { default_lang.set(l); } saved.set(false); }>
                    {Lang::ALL.iter().copied().map(|l| view! {
                        <option value=l.as_str() selected=move || default_lang.get() == l>{lang_name(l)}</option>
                    }).collect_view()}
                </select>
                <p class="mt-1 text-xs text-slate-500">{tr(Key::DefaultLanguageHint)}</p>
            </div>
            {refusal_elsewhere(error, &["name", "offset"])}
            {move || saved.get().then(|| view! { <Notice tone=NoticeTone::Success>{tr(Key::WorkspaceSaved)}</Notice> })}
            <div class="flex justify-end">
                <Button submit=true tone=Tone::Primary disabled=busy>{move || if busy.get() { tr(Key::Saving) } else { tr(Key::Save) }}</Button>
            </div>
        </form>
        <section class="mt-6 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" aria-labelledby="logo-title">
            <h2 id="logo-title" class="mb-4 text-lg font-semibold">{tr(Key::Logo)}</h2>
            <PictureEditor lang kind=PictureKind::Logo url=logo alt=Key::Logo
                fallback=move || view! { <span class="text-lg font-semibold text-slate-400" aria-hidden="true">{crate::domain::initials::initials(&initial)}</span> } />
        </section>
    }
}
