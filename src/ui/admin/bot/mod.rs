//! The bot's settings page `/bot` (issue 14; admins, supervisors and cs_managers): the keyword
//! rules in their order (`rules`, edited in `rule_form`), the bot flows (`flows`,
//! `flow_form`), the bot's own settings (`settings`) and the simulator (`simulator`), which
//! shows what the bot would do with a sample message without sending anything.
//!
//! Like the channel settings page, the page has no language switch: its words are read once, in
//! the member's language. The page's data is one resource, read under one Transition; the
//! editors open as dialogs outside it with a snapshot of what they need, so a reload while one
//! is open does not lose what the member typed.

mod fields;
mod flow_form;
mod flows;
mod rule_form;
mod rules;
mod settings;
mod simulator;

use crate::api::bot::{bot_overview, delete_bot_flow, delete_bot_rule};
use crate::domain::bot::config::{FlowDraft, Problem, RuleDraft};
use crate::domain::Lang;
use crate::i18n::bot::{field, problem};
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::{
    Button, Dialog, DialogBody, DialogFooter, ErrorNotice, Notice, NoticeTone, Tone,
};
use crate::ui::page::{answer_with, use_lang};
use crate::wire::{self, AppError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn BotSettingsPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Bot /> } /> }
}

/// `key`'s text with its `{n}` or `{name}` filled in.
fn fill(lang: Lang, key: Key, value: impl std::fmt::Display) -> String {
    let value = value.to_string();
    t(lang, key)
        .replace("{n}", &value)
        .replace("{name}", &value)
}

/// A refused edit as the server would answer it: the problem's words, naming its field.
fn invalid(lang: Lang, p: Problem) -> AppError {
    AppError::Invalid {
        field: Some(field(p).to_owned()),
        message: problem(lang, p).to_owned(),
    }
}

/// The field a refusal names (none for a refusal about no field).
fn refused_field(e: &AppError) -> Option<&str> {
    match e {
        AppError::Invalid { field: Some(f), .. } if !f.is_empty() => Some(f),
        _ => None,
    }
}

/// The refusal in `error` about any of `fields`, shown under them.
fn refusal_under(
    error: RwSignal<Option<AppError>>,
    fields: &'static [&'static str],
) -> impl IntoView {
    move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| refused_field(e).is_some_and(|f| fields.contains(&f)))
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <crate::ui::kit::Notice plain=true class="mt-1">{m}</crate::ui::kit::Notice> })
    }
}

/// Moves the focus to the element `id` (in the browser): a dialog's first field as it opens,
/// the field a refusal is about.
fn focus(id: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = document()
            .get_element_by_id(id)
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// A rule being edited (`id` none for a new one), with the page as it was when it opened.
#[derive(Clone)]
struct RuleEdit {
    id: Option<i64>,
    draft: RuleDraft,
    page: Arc<wire::BotPage>,
}

#[derive(Clone)]
struct FlowEdit {
    id: Option<i64>,
    draft: FlowDraft,
    page: Arc<wire::BotPage>,
}

/// A rule or a flow to confirm deleting.
#[derive(Clone)]
struct Deleting {
    rule: bool,
    id: i64,
    name: String,
}

#[component]
fn Bot() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let reload = RwSignal::new(0u32);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let data = Resource::new(move || reload.get(), |_| bot_overview());
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    // A refusal of something done in the lists (a switch, a move).
    let error = RwSignal::new(None::<String>);
    let rule_edit = RwSignal::new(None::<RuleEdit>);
    let flow_edit = RwSignal::new(None::<FlowEdit>);
    let deleting = RwSignal::new(None::<Deleting>);
    let sim = simulator::SimState::new();
    let loaded = move |page: wire::BotPage| {
        let page = Arc::new(page);
        let (p1, p2, p3) = (page.clone(), page.clone(), page.clone());
        let edit_rule = Callback::new(move |id: Option<i64>| {
            let draft = match id.and_then(|id| p1.rules.iter().find(|r| r.id == id)) {
                Some(r) => r.rule.clone(),
                None => rule_form::new_rule(),
            };
            rule_edit.set(Some(RuleEdit {
                id,
                draft,
                page: p1.clone(),
            }));
        });
        let edit_flow = Callback::new(move |id: Option<i64>| {
            let draft = match id.and_then(|id| p2.flows.iter().find(|f| f.id == id)) {
                Some(f) => f.flow.clone(),
                None => flow_form::new_flow(),
            };
            flow_edit.set(Some(FlowEdit {
                id,
                draft,
                page: p2.clone(),
            }));
        });
        let delete = Callback::new(move |d: Deleting| deleting.set(Some(d)));
        view! {
            <div class="mt-6 grid items-start gap-8 lg:grid-cols-[minmax(0,1fr)_24rem]">
                <div class="min-w-0 space-y-10">
                    <rules::Rules lang page=p3.clone() edit=edit_rule delete changed error />
                    <flows::Flows lang page=p3.clone() edit=edit_flow delete />
                    <settings::SettingsForm lang settings=p3.settings.clone() />
                </div>
                <simulator::Simulator lang channels=p3.channels.clone() state=sim />
            </div>
        }
    };
    view! {
        <main class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <h1 class="mt-4 text-2xl font-semibold">{tr(Key::BotPageTitle)}</h1>
            <p class="mt-1 max-w-3xl text-sm text-slate-500">{tr(Key::BotPageHint)}</p>
            {move || error.get().map(|e| view! { <Notice class="mt-4">{e}</Notice> })}
            <Transition fallback=move || view! { <p class="mt-6 text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(page) => loaded(page).into_any(),
                    Err(error) => {
                        answer_with(&error);
                        view! { <ErrorNotice error class="mt-6" /> }.into_any()
                    }
                })}
            </Transition>
            {move || rule_edit.get().map(|edit| view! {
                <rule_form::RuleDialog lang edit
                    on_close=Callback::new(move |()| rule_edit.set(None))
                    on_saved=Callback::new(move |()| { rule_edit.set(None); changed.run(()); }) />
            })}
            {move || flow_edit.get().map(|edit| view! {
                <flow_form::FlowDialog lang edit
                    on_close=Callback::new(move |()| flow_edit.set(None))
                    on_saved=Callback::new(move |()| { flow_edit.set(None); changed.run(()); }) />
            })}
            {move || deleting.get().map(|d| view! {
                <DeleteDialog lang what=d
                    on_close=Callback::new(move |()| deleting.set(None))
                    on_deleted=Callback::new(move |()| { deleting.set(None); changed.run(()); }) />
            })}
        </main>
    }
}

/// Confirms deleting a rule or a flow; the server refuses one a button or a rule still leads
/// to, and the refusal is shown here.
#[component]
fn DeleteDialog(
    lang: Lang,
    what: Deleting,
    on_close: Callback<()>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let Deleting { rule, id, name } = what;
    let confirm = move |_| {
        busy.set(true);
        spawn_local(async move {
            let done = if rule {
                delete_bot_rule(id).await
            } else {
                delete_bot_flow(id).await
            };
            match done {
                Ok(()) => on_deleted.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus("bot-delete-cancel"));
    let title = tr(if rule {
        Key::BotRuleDelete
    } else {
        Key::BotFlowDelete
    });
    view! {
        <Dialog title_id="bot-delete-title" title=title hint=Some(name) on_close closable=true>
            <DialogBody>
                <Notice tone=NoticeTone::Warning>{tr(Key::BotPageDeleteWarning)}</Notice>
                {move || error.get().map(|error| view! { <ErrorNotice error class="mt-3" /> })}
            </DialogBody>
            <DialogFooter>
                <Button id="bot-delete-cancel" on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                <Button tone=Tone::Danger disabled=busy on_click=confirm>{tr(Key::BotPageDelete)}</Button>
            </DialogFooter>
        </Dialog>
    }
}
