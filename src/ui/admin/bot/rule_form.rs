//! The rule editor (a dialog): name, keywords (shown as they are read while typed), match mode,
//! channels, active hours, what the rule does (a reply of up to five messages with buttons, or
//! a flow to start), on or off; and a test of the rule as edited before it is saved. A problem
//! is shown next to the field it is about, checked here first and by the server again.

use super::fields::{
    clock, day_name, parse_clock, split_list, ButtonRow, ButtonsEditor, ChannelsField,
    ChannelsPicker, Pick,
};
use super::rules::mode_key;
use super::simulator::{channel_label, sim_result};
use super::{fill, focus, invalid, refusal_under, refused_field, RuleEdit};
use crate::api::bot::{save_bot_rule, simulate_bot};
use crate::domain::bot::config::{
    check_rule, Part, Reply, RuleDraft, MAX_NAME_CHARS, MAX_PARTS, MAX_TEXT_CHARS,
};
use crate::domain::bot::{ButtonAction, Channels, Hours, MatchMode};
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::form::{CHECKBOX, CHECK_ROW, FIELD_SM, LABEL, LABEL_SM, LEGEND};
use crate::ui::kit::{Button, Chip, Dialog, DialogBody, DialogFooter, Notice, Size, Tone};
use crate::wire::{AppError, SimPlace, SimulateForm, Simulated};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A new rule: on, "contains", every channel, any time, one text message.
pub fn new_rule() -> RuleDraft {
    RuleDraft {
        name: String::new(),
        enabled: true,
        mode: MatchMode::Contains,
        keywords: Vec::new(),
        channels: Channels::All,
        hours: None,
        flow: None,
        reply: Reply {
            parts: vec![Part::Text(String::new())],
            buttons: Vec::new(),
        },
    }
}

/// A message of the reply being edited: a text, or a picture's address.
#[derive(Clone, Copy)]
struct PartRow {
    image: RwSignal<bool>,
    text: RwSignal<String>,
}

impl PartRow {
    fn new(p: &Part) -> Self {
        let (image, text) = match p {
            Part::Text(t) => (false, t.clone()),
            Part::Image(u) => (true, u.clone()),
        };
        PartRow {
            image: RwSignal::new(image),
            text: RwSignal::new(text),
        }
    }

    fn value(self) -> Part {
        let text = self.text.get_untracked();
        if self.image.get_untracked() {
            Part::Image(text.trim().to_owned())
        } else {
            Part::Text(text)
        }
    }
}

/// The element a refusal about `field` moves the focus to.
fn field_element(field: &str) -> &'static str {
    match field {
        "name" => "rule-name",
        "keywords" => "rule-keywords",
        "channels" => "rule-channels-all",
        "hours" => "rule-hours-only",
        "reply" | "image" => "rule-part-0",
        "buttons" => "rule-button-0-label",
        _ => "rule-save",
    }
}

#[component]
pub fn RuleDialog(
    lang: Lang,
    edit: RuleEdit,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let RuleEdit { id, draft: d, page } = edit;
    let name = RwSignal::new(d.name.clone());
    let keywords = RwSignal::new(d.keywords.join("\n"));
    let mode = RwSignal::new(d.mode);
    let channels = ChannelsField::new(Some(&d.channels));
    let hours_on = RwSignal::new(d.hours.is_some());
    let hours = RwSignal::new(d.hours.unwrap_or(Hours {
        days: 0b001_1111,
        from: 9 * 60,
        to: 18 * 60,
    }));
    let first_flow = page.flows.first().map(|f| f.id);
    let starts_flow = RwSignal::new(d.flow.is_some());
    let flow = RwSignal::new(d.flow.or(first_flow));
    let mut parts: Vec<PartRow> = d.reply.parts.iter().map(PartRow::new).collect();
    if parts.is_empty() {
        parts.push(PartRow::new(&Part::Text(String::new())));
    }
    let parts = RwSignal::new(parts);
    let buttons = RwSignal::new(
        d.reply
            .buttons
            .iter()
            .map(ButtonRow::new)
            .collect::<Vec<_>>(),
    );
    let enabled = RwSignal::new(d.enabled);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    // Where this rule's buttons may lead besides a person: the other rules' replies.
    let targets: Vec<(ButtonAction, String)> = page
        .rules
        .iter()
        .filter(|r| Some(r.id) != id && r.rule.flow.is_none())
        .map(|r| {
            (
                ButtonAction::Rule(r.id),
                fill(lang, Key::BotPageLeadsRule, &r.rule.name),
            )
        })
        .collect();
    let rule_ids: Vec<i64> = page.rules.iter().map(|r| r.id).collect();
    let flow_ids: Vec<i64> = page.flows.iter().map(|f| f.id).collect();
    let draft = move || {
        let flow = if starts_flow.get_untracked() {
            flow.get_untracked()
        } else {
            None
        };
        RuleDraft {
            name: name.get_untracked().trim().to_owned(),
            enabled: enabled.get_untracked(),
            mode: mode.get_untracked(),
            keywords: split_list(&keywords.get_untracked()),
            channels: channels.value().unwrap_or(Channels::All),
            hours: hours_on.get_untracked().then(|| hours.get_untracked()),
            flow,
            reply: match flow {
                Some(_) => Reply::default(),
                None => Reply {
                    parts: parts
                        .get_untracked()
                        .into_iter()
                        .map(PartRow::value)
                        .collect(),
                    buttons: buttons
                        .get_untracked()
                        .into_iter()
                        .map(ButtonRow::value)
                        .collect(),
                },
            },
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let d = draft();
        if let Err(p) = check_rule(&d, |r| rule_ids.contains(&r), |f| flow_ids.contains(&f)) {
            let e = invalid(lang, p);
            focus(field_element(refused_field(&e).unwrap_or_default()));
            error.set(Some(e));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match save_bot_rule(id, d).await {
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
    // The refusal about any of `fields`, under them.
    let refusal = move |fields: &'static [&'static str]| refusal_under(error, fields);
    // Any other refusal, above the buttons.
    let other = move || {
        let replying = !starts_flow.get();
        error
            .with(|e| {
                e.as_ref()
                    .filter(|e| match refused_field(e) {
                        Some("name" | "keywords" | "channels" | "hours") => false,
                        Some("reply" | "image" | "buttons") => !replying,
                        _ => true,
                    })
                    .map(|e| e.message().to_owned())
            })
            .map(|m| view! { <Notice class="mx-5 mb-3">{m}</Notice> })
    };
    let seen = Memo::new(move |_| split_list(&keywords.get()));
    let mode_radio = move |m: MatchMode| {
        let rid = format!("rule-mode-{m:?}").to_lowercase();
        let for_rid = rid.clone();
        view! {
            <label for=for_rid class=CHECK_ROW>
                <input id=rid type="radio" name="rule-mode" class=CHECKBOX checked=d.mode == m on:change=move |_| mode.set(m) />
                {tr(mode_key(m))}
            </label>
        }
    };
    let day = move |i: usize| {
        view! {
            <label class=CHECK_ROW>
                <input type="checkbox" class=CHECKBOX checked=hours.with_untracked(|h| h.days & (1 << i) != 0)
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        hours.update(|h| if on { h.days |= 1 << i } else { h.days &= !(1 << i) });
                    } />
                {day_name(lang, i)}
            </label>
        }
    };
    let time = move |rid: &'static str, key: Key, from: bool| {
        let value = hours.with_untracked(|h| clock(if from { h.from } else { h.to }));
        view! {
            <div>
                <label for=rid class=LABEL_SM>{tr(key)}</label>
                <input id=rid type="time" class=FIELD_SM prop:value=value
                    on:change=move |ev| if let Some(m) = parse_clock(&event_target_value(&ev)) {
                        hours.update(|h| if from { h.from = m } else { h.to = m });
                    } />
            </div>
        }
    };
    let part = move |(i, p): (usize, PartRow)| {
        let n = i + 1;
        let (pid, kid) = (format!("rule-part-{i}"), format!("rule-part-{i}-kind"));
        let field = {
            let pid = pid.clone();
            move || {
                let set = move |ev: leptos::ev::Event| p.text.set(event_target_value(&ev));
                if p.image.get() {
                    view! {
                        <input id=pid.clone() type="url" class=FIELD_SM placeholder="https://" autocomplete="off"
                            prop:value=p.text.get_untracked() on:input=set />
                    }
                    .into_any()
                } else {
                    view! {
                        <textarea id=pid.clone() rows="3" class=FIELD_SM maxlength=MAX_TEXT_CHARS
                            prop:value=p.text.get_untracked() on:input=set></textarea>
                    }
                    .into_any()
                }
            }
        };
        let kind = move |image: bool, key: Key| {
            view! { <option value=if image { "image" } else { "text" } selected=p.image.get_untracked() == image>{tr(key)}</option> }
        };
        view! {
            <div class="rounded-lg p-3 ring-1 ring-slate-200">
                <div class="flex items-center gap-2">
                    <label for=pid class=format!("min-w-0 flex-1 {LABEL}")>{fill(lang, Key::BotRuleMessage, n)}</label>
                    <div class="w-28 -mt-1">
                        <label for=kid.clone() class="sr-only">{fill(lang, Key::BotRuleMessageKind, n)}</label>
                        <select id=kid class=FIELD_SM on:change=move |ev| p.image.set(event_target_value(&ev) == "image")>
                            {kind(false, Key::BotRuleMessageText)}
                            {kind(true, Key::BotRuleMessageImage)}
                        </select>
                    </div>
                    <Button size=Size::Xs tone=Tone::Quiet disabled=Signal::derive(move || parts.with(Vec::len) < 2)
                        label=fill(lang, Key::BotRuleMessageRemove, n) on_click=move |_| parts.update(|v| { v.remove(i); })>
                        {tr(Key::Remove)}
                    </Button>
                </div>
                {field}
            </div>
        }
    };
    let add_part = move |_| {
        let p = owner
            .get_value()
            .with(|| PartRow::new(&Part::Text(String::new())));
        parts.update(|v| v.push(p));
    };
    let flows = page
        .flows
        .iter()
        .map(|f| (f.id, f.flow.name.clone()))
        .collect::<Vec<_>>();
    let no_flows = flows.is_empty();
    Effect::new(move |_| focus("rule-name"));
    let title = tr(if id.is_some() {
        Key::BotRuleEdit
    } else {
        Key::BotRuleAdd
    });
    view! {
        <Dialog title_id="rule-title" title=title hint=(!d.name.is_empty()).then(|| d.name.clone()) on_close closable=true>
            <form on:submit=submit class="flex min-h-0 flex-col" novalidate>
                <DialogBody>
                    <div class="space-y-5">
                        <div>
                            <label for="rule-name" class=LABEL>{tr(Key::BotRuleName)}</label>
                            <input id="rule-name" type="text" class=FIELD_SM maxlength=MAX_NAME_CHARS autocomplete="off"
                                prop:value=d.name.clone() on:input=move |ev| name.set(event_target_value(&ev)) />
                            {refusal(&["name"])}
                        </div>
                        <div>
                            <label for="rule-keywords" class=LABEL>{tr(Key::BotRuleKeywords)}</label>
                            <textarea id="rule-keywords" rows="3" class=FIELD_SM aria-describedby="rule-keywords-hint"
                                prop:value=keywords.get_untracked() on:input=move |ev| keywords.set(event_target_value(&ev))></textarea>
                            <p id="rule-keywords-hint" class="mt-1 text-xs text-slate-500">{tr(Key::BotRuleKeywordsHint)}</p>
                            {move || (!seen.with(Vec::is_empty)).then(|| view! {
                                <div class="mt-1.5 flex flex-wrap items-center gap-1 text-xs text-slate-500">
                                    <span>{tr(Key::BotRuleKeywordsSeen)}</span>
                                    {seen.get().into_iter().map(|k| view! { <Chip>{k}</Chip> }).collect_view()}
                                </div>
                            })}
                            {refusal(&["keywords"])}
                        </div>
                        <fieldset>
                            <legend class=LEGEND>{tr(Key::BotRuleMode)}</legend>
                            <div class="flex flex-wrap gap-x-3">
                                {mode_radio(MatchMode::Contains)}
                                {mode_radio(MatchMode::StartsWith)}
                                {mode_radio(MatchMode::Exact)}
                            </div>
                        </fieldset>
                        <ChannelsPicker lang id="rule-channels" legend=Key::BotRuleChannels
                            options=&[(Pick::All, Key::BotPageAllChannelsLater), (Pick::Chosen, Key::BotPageChosenChannels)]
                            channels=page.channels.clone() field=channels>
                            {refusal(&["channels"])}
                        </ChannelsPicker>
                        <fieldset>
                            <legend class=LEGEND>{tr(Key::BotRuleHours)}</legend>
                            <div class="flex flex-wrap gap-x-3">
                                <label for="rule-hours-always" class=CHECK_ROW>
                                    <input id="rule-hours-always" type="radio" name="rule-hours" class=CHECKBOX checked=d.hours.is_none()
                                        on:change=move |_| hours_on.set(false) />
                                    {tr(Key::BotRuleHoursAlways)}
                                </label>
                                <label for="rule-hours-only" class=CHECK_ROW>
                                    <input id="rule-hours-only" type="radio" name="rule-hours" class=CHECKBOX checked=d.hours.is_some()
                                        on:change=move |_| hours_on.set(true) />
                                    {tr(Key::BotRuleHoursOnly)}
                                </label>
                            </div>
                            {move || hours_on.get().then(|| view! {
                                <div class="ml-6 mt-1 space-y-2">
                                    <fieldset>
                                        <legend class="sr-only">{tr(Key::BotRuleHoursDays)}</legend>
                                        <div class="flex flex-wrap gap-x-1">{(0..7).map(day).collect_view()}</div>
                                    </fieldset>
                                    <div class="grid grid-cols-2 gap-2">
                                        {time("rule-hours-from", Key::BotRuleHoursFrom, true)}
                                        {time("rule-hours-to", Key::BotRuleHoursTo, false)}
                                    </div>
                                    <p class="text-xs text-slate-500">{tr(Key::BotRuleHoursHint)}</p>
                                </div>
                            })}
                            {refusal(&["hours"])}
                        </fieldset>
                        <fieldset>
                            <legend class=LEGEND>{tr(Key::BotRuleDoes)}</legend>
                            <div class="flex flex-wrap gap-x-3">
                                <label for="rule-does-reply" class=CHECK_ROW>
                                    <input id="rule-does-reply" type="radio" name="rule-does" class=CHECKBOX checked=d.flow.is_none()
                                        on:change=move |_| starts_flow.set(false) />
                                    {tr(Key::BotRuleDoesReply)}
                                </label>
                                <label for="rule-does-flow" class=CHECK_ROW>
                                    <input id="rule-does-flow" type="radio" name="rule-does" class=CHECKBOX checked=d.flow.is_some()
                                        disabled=no_flows on:change=move |_| starts_flow.set(true) />
                                    {tr(Key::BotRuleDoesFlow)}
                                </label>
                            </div>
                            {no_flows.then(|| view! { <p class="ml-1 text-xs text-slate-500">{tr(Key::BotFlowNone)}</p> })}
                        </fieldset>
                        {move || if starts_flow.get() {
                            let current = flow.get_untracked();
                            view! {
                                <div>
                                    <label for="rule-flow" class=LABEL>{tr(Key::BotRuleFlow)}</label>
                                    <select id="rule-flow" class=FIELD_SM on:change=move |ev| flow.set(event_target_value(&ev).parse().ok())>
                                        {flows.iter().map(|(fid, fname)| view! {
                                            <option value=fid.to_string() selected=current == Some(*fid)>{fname.clone()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                            }.into_any()
                        } else {
                            view! {
                                <div class="space-y-4">
                                    <fieldset>
                                        <legend class=LEGEND>{tr(Key::BotRuleMessages)}</legend>
                                        <div class="space-y-2">
                                            {move || parts.get().into_iter().enumerate().map(part).collect_view()}
                                            <Button size=Size::Xs tone=Tone::Accent on_click=add_part
                                                disabled=Signal::derive(move || parts.with(Vec::len) >= MAX_PARTS)>
                                                "+ "{tr(Key::BotRuleMessageAdd)}
                                            </Button>
                                        </div>
                                        {refusal(&["reply", "image"])}
                                    </fieldset>
                                    <fieldset>
                                        <legend class=LEGEND>{tr(Key::BotPageButtons)}</legend>
                                        <p class="mb-2 text-xs text-slate-500">{tr(Key::BotPageButtonsHint)}</p>
                                        <ButtonsEditor lang id="rule-button".to_owned() rows=buttons targets=targets.clone() owner />
                                        {refusal(&["buttons"])}
                                    </fieldset>
                                </div>
                            }.into_any()
                        }}
                        <label class=CHECK_ROW>
                            <input type="checkbox" class=CHECKBOX checked=d.enabled on:change=move |ev| enabled.set(event_target_checked(&ev)) />
                            {tr(Key::BotRuleEnabled)}
                        </label>
                        <RuleTest lang id page_channels=page.channels.clone() draft=Callback::new(move |()| draft()) />
                    </div>
                </DialogBody>
                // Outside the scrolling body: a refusal is seen without scrolling to it.
                {other}
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button id="rule-save" submit=true tone=Tone::Primary disabled=busy>{tr(Key::Save)}</Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}

/// "Test before saving": a sample message on a channel, routed with the rule as edited (as if
/// saved); what the bot would do is shown under it.
#[component]
fn RuleTest(
    lang: Lang,
    id: Option<i64>,
    page_channels: Vec<crate::wire::BotChannel>,
    draft: Callback<(), RuleDraft>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let text = RwSignal::new(String::new());
    let channel = RwSignal::new(page_channels.first().map(|c| c.id));
    let busy = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<Simulated, AppError>>);
    let kinds = StoredValue::new(
        page_channels
            .iter()
            .map(|c| (c.id, c.kind))
            .collect::<Vec<_>>(),
    );
    let run = move || {
        let Some(ch) = channel.get_untracked() else {
            return;
        };
        let form = SimulateForm {
            text: text.get_untracked(),
            channel: ch,
            place: SimPlace::New,
            draft: Some((id, draft.run(()))),
        };
        busy.set(true);
        spawn_local(async move {
            let answer = simulate_bot(form).await;
            result.try_set(Some(answer));
            busy.try_set(false);
        });
    };
    let shown = move || {
        result.get().map(|r| match r {
            Ok(s) => {
                let kind = kinds.with_value(|k| {
                    k.iter()
                        .find(|(c, _)| Some(*c) == channel.get_untracked())
                        .map(|(_, kind)| *kind)
                });
                sim_result(lang, &s, kind).into_any()
            }
            Err(e) => view! { <Notice class="mt-3">{e.message().to_owned()}</Notice> }.into_any(),
        })
    };
    view! {
        <section aria-labelledby="rule-test-title" class="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200">
            <h3 id="rule-test-title" class="text-sm font-semibold">{tr(Key::BotRuleTest)}</h3>
            <p class="text-xs text-slate-500">{tr(Key::BotRuleTestHint)}</p>
            {if page_channels.is_empty() {
                view! { <Notice plain=true class="mt-2">{tr(Key::BotSimNoChannels)}</Notice> }.into_any()
            } else {
                view! {
                    <div class="mt-2">
                        <label for="rule-test-text" class=LABEL_SM>{tr(Key::BotSimText)}</label>
                        <input id="rule-test-text" type="text" class=FIELD_SM autocomplete="off"
                            on:input=move |ev| text.set(event_target_value(&ev))
                            // Enter tests the rule; it does not save the form.
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); run(); } />
                    </div>
                    <div class="mt-2 flex items-end gap-2">
                        <div class="min-w-0 flex-1">
                            <label for="rule-test-channel" class=LABEL_SM>{tr(Key::BotSimChannel)}</label>
                            <select id="rule-test-channel" class=FIELD_SM on:change=move |ev| channel.set(event_target_value(&ev).parse().ok())>
                                {page_channels.iter().map(|c| view! { <option value=c.id.to_string()>{channel_label(lang, c)}</option> }).collect_view()}
                            </select>
                        </div>
                        <Button size=Size::Sm disabled=busy on_click=move |_| run()>{tr(Key::BotRuleTestRun)}</Button>
                    </div>
                }.into_any()
            }}
            {shown}
        </section>
    }
}
