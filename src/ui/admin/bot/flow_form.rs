//! The flow editor (a dialog): name, the channels whose new conversations it greets, and its
//! steps, each a message with buttons leading to another step, a rule's reply or a person.
//! Steps keep their ids; a new one gets the next id never used in this editor.

use super::fields::{ButtonRow, ButtonsEditor, ChannelsField, ChannelsPicker, Pick};
use super::{fill, focus, invalid, refusal_under, refused_field, FlowEdit};
use crate::api::bot::save_bot_flow;
use crate::domain::bot::config::{
    check_flow, FlowDraft, Greeting, Step, MAX_NAME_CHARS, MAX_TEXT_CHARS,
};
use crate::domain::bot::{ButtonAction, MAX_STEPS};
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::form::{FIELD_SM, LABEL, LEGEND};
use crate::ui::kit::{Button, Dialog, DialogBody, DialogFooter, Notice, Size, Tone};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A new flow: greets no one, one empty step.
pub fn new_flow() -> FlowDraft {
    FlowDraft {
        name: String::new(),
        greeting: Greeting::None,
        steps: vec![Step {
            id: 1,
            text: String::new(),
            buttons: Vec::new(),
        }],
    }
}

/// A step being edited.
#[derive(Clone, Copy)]
struct StepRow {
    id: i64,
    text: RwSignal<String>,
    buttons: RwSignal<Vec<ButtonRow>>,
}

impl StepRow {
    fn new(s: &Step) -> Self {
        StepRow {
            id: s.id,
            text: RwSignal::new(s.text.clone()),
            buttons: RwSignal::new(s.buttons.iter().map(ButtonRow::new).collect()),
        }
    }

    fn value(self) -> Step {
        Step {
            id: self.id,
            text: self.text.get_untracked(),
            buttons: self
                .buttons
                .get_untracked()
                .into_iter()
                .map(ButtonRow::value)
                .collect(),
        }
    }
}

fn field_element(field: &str) -> &'static str {
    match field {
        "name" => "flow-name",
        "channels" => "flow-greeting-all",
        "steps" | "reply" => "flow-step-0-text",
        "buttons" => "flow-step-0-button-0-label",
        _ => "flow-save",
    }
}

#[component]
pub fn FlowDialog(
    lang: Lang,
    edit: FlowEdit,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let FlowEdit { id, draft: d, page } = edit;
    let name = RwSignal::new(d.name.clone());
    let greeting = ChannelsField::new(match &d.greeting {
        Greeting::None => None,
        Greeting::On(c) => Some(c),
    });
    let steps = RwSignal::new(d.steps.iter().map(StepRow::new).collect::<Vec<_>>());
    let next_id = StoredValue::new(d.steps.iter().map(|s| s.id).max().unwrap_or(0) + 1);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let rule_ids: Vec<i64> = page.rules.iter().map(|r| r.id).collect();
    let rules: Vec<(ButtonAction, String)> = page
        .rules
        .iter()
        .filter(|r| r.rule.flow.is_none())
        .map(|r| {
            (
                ButtonAction::Rule(r.id),
                fill(lang, Key::BotPageLeadsRule, &r.rule.name),
            )
        })
        .collect();
    let rules = StoredValue::new(rules);
    let draft = move || FlowDraft {
        name: name.get_untracked().trim().to_owned(),
        greeting: greeting.value().map_or(Greeting::None, Greeting::On),
        steps: steps
            .get_untracked()
            .into_iter()
            .map(StepRow::value)
            .collect(),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft();
        if let Err(p) = check_flow(&d, |r| rule_ids.contains(&r)) {
            let e = invalid(lang, p);
            focus(field_element(refused_field(&e).unwrap_or_default()));
            error.set(Some(e));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match save_bot_flow(id, d).await {
                Ok(_) => on_saved.run(()),
                Err(e) => {
                    if let Some(f) = refused_field(&e) {
                        focus(field_element(f));
                    }
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    let refusal = move |fields: &'static [&'static str]| refusal_under(error, fields);
    let other = move || {
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| {
                        !matches!(
                            refused_field(e),
                            Some("name" | "channels" | "steps" | "reply" | "buttons")
                        )
                    })
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <Notice class="mx-5 mb-3">{m}</Notice> })
    };
    let step = move |(i, s): (usize, StepRow)| {
        let n = i + 1;
        let tid = format!("flow-step-{i}-text");
        // Where this step's buttons may lead: the other steps, the rules' replies.
        let targets = Signal::derive(move || {
            let mut to: Vec<(ButtonAction, String)> = steps.with(|all| {
                all.iter()
                    .enumerate()
                    .filter(|(_, x)| x.id != s.id)
                    .map(|(j, x)| {
                        (
                            ButtonAction::Step(x.id),
                            fill(lang, Key::BotPageLeadsStep, j + 1),
                        )
                    })
                    .collect()
            });
            rules.with_value(|r| to.extend(r.iter().cloned()));
            to
        });
        view! {
            <fieldset class="rounded-lg p-3 ring-1 ring-slate-200">
                <legend class="px-1 text-sm font-semibold text-slate-700">{fill(lang, Key::BotPageLeadsStep, n)}</legend>
                <div class="flex items-center gap-2">
                    <label for=tid.clone() class=format!("min-w-0 flex-1 {LABEL}")>{fill(lang, Key::BotFlowStepText, n)}</label>
                    <Button size=Size::Xs tone=Tone::Quiet label=fill(lang, Key::BotFlowStepRemove, n)
                        disabled=Signal::derive(move || steps.with(Vec::len) < 2)
                        on_click=move |_| steps.update(|v| { v.remove(i); })>
                        {tr(Key::Remove)}
                    </Button>
                </div>
                <textarea id=tid rows="2" class=FIELD_SM maxlength=MAX_TEXT_CHARS
                    prop:value=s.text.get_untracked() on:input=move |ev| s.text.set(event_target_value(&ev))></textarea>
                <p class="mb-1 mt-3 text-xs font-medium text-slate-600">{tr(Key::BotPageButtons)}</p>
                <ButtonsEditor lang id=format!("flow-step-{i}-button") rows=s.buttons targets owner />
            </fieldset>
        }
    };
    let add_step = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        let s = owner.get_value().with(|| {
            StepRow::new(&Step {
                id,
                text: String::new(),
                buttons: Vec::new(),
            })
        });
        steps.update(|v| v.push(s));
    };
    Effect::new(move |_| focus("flow-name"));
    let title = tr(if id.is_some() {
        Key::BotFlowEdit
    } else {
        Key::BotFlowAdd
    });
    view! {
        <Dialog title_id="flow-title" title=title hint=(!d.name.is_empty()).then(|| d.name.clone()) on_close closable=true>
            <form on:submit=submit class="flex min-h-0 flex-col" novalidate>
                <DialogBody>
                    <div class="space-y-5">
                        <div>
                            <label for="flow-name" class=LABEL>{tr(Key::BotFlowName)}</label>
                            <input id="flow-name" type="text" class=FIELD_SM maxlength=MAX_NAME_CHARS autocomplete="off"
                                prop:value=d.name.clone() on:input=move |ev| name.set(event_target_value(&ev)) />
                            {refusal(&["name"])}
                        </div>
                        <ChannelsPicker lang id="flow-greeting" legend=Key::BotFlowGreeting
                            options=&[(Pick::None, Key::BotFlowGreetingNone), (Pick::All, Key::BotFlowGreetingAll), (Pick::Chosen, Key::BotFlowGreetingChosen)]
                            channels=page.channels.clone() field=greeting>
                            {refusal(&["channels"])}
                        </ChannelsPicker>
                        <div>
                            <p class=LEGEND>{tr(Key::BotFlowSteps)}</p>
                            <div class="space-y-3">
                                {move || steps.get().into_iter().enumerate().map(step).collect_view()}
                            </div>
                            {refusal(&["steps", "reply", "buttons"])}
                            <div class="mt-2">
                                <Button size=Size::Xs tone=Tone::Accent on_click=add_step
                                    disabled=Signal::derive(move || steps.with(Vec::len) >= MAX_STEPS)>
                                    "+ "{tr(Key::BotFlowStepAdd)}
                                </Button>
                            </div>
                        </div>
                    </div>
                </DialogBody>
                {other}
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button id="flow-save" submit=true tone=Tone::Primary disabled=busy>{tr(Key::Save)}</Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}
