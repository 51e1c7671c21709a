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
pub(super) use crate::i18n::fill_one as fill;
use crate::i18n::{t, Key};
use crate::ui::guard::SignedIn;
pub(super) use crate::ui::kit::browser::focus;
pub(super) use crate::ui::kit::refusal::{refusal_under, refused_field};
use crate::ui::kit::{ConfirmDialog, ErrorNotice, Notice, NoticeTone, Tone};
use crate::ui::page::{answer_with, use_lang};
use crate::wire::{self, AppError};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn BotSettingsPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Bot /> } /> }
}

/// A refused edit as the server would answer it: the problem's words, naming its field.
fn invalid(lang: Lang, p: Problem) -> AppError {
    AppError::Invalid {
        field: Some(field(p).to_owned()),
        message: problem(lang, p).to_owned(),
    }
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
    let Deleting { rule, id, name } = what;
    let run = move || async move {
        if rule {
            delete_bot_rule(id).await
        } else {
            delete_bot_flow(id).await
        }
    };
    let title = t(
        lang,
        if rule {
            Key::BotRuleDelete
        } else {
            Key::BotFlowDelete
        },
    );
    view! {
        <ConfirmDialog title_id="bot-delete-title" title hint=name confirm=t(lang, Key::Delete)
            tone=Tone::Danger run on_close on_done=on_deleted>
            <Notice tone=NoticeTone::Warning>{t(lang, Key::BotPageDeleteWarning)}</Notice>
        </ConfirmDialog>
    }
}
