//! The keyword rules in their order: what each matches, where and when, what it does; switching
//! one on or off, moving it up or down, editing and deleting it.

use super::fields::{channels_text, hours_text};
use super::{fill, Deleting};
use crate::api::bot::{move_bot_rule, save_bot_rule};
use crate::domain::bot::config::{Part, SavedRule};
use crate::domain::bot::MatchMode;
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::form::{CHECKBOX, CHECK_ROW};
use crate::ui::kit::{Button, Chip, Notice, NoticeTone, Size, Tone};
use crate::wire::BotPage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

pub fn mode_key(m: MatchMode) -> Key {
    match m {
        MatchMode::Exact => Key::BotRuleModeExact,
        MatchMode::Contains => Key::BotRuleModeContains,
        MatchMode::StartsWith => Key::BotRuleModeStartsWith,
    }
}

/// What a rule does, in a line: the flow it starts, or its first message.
fn does(lang: Lang, r: &SavedRule, page: &BotPage) -> String {
    if let Some(f) = r.rule.flow {
        let name = page
            .flows
            .iter()
            .find(|x| x.id == f)
            .map(|x| x.flow.name.clone())
            .unwrap_or_default();
        return fill(lang, Key::BotRuleStartsFlow, name);
    }
    let first = match r.rule.reply.parts.first() {
        Some(Part::Text(text)) => text.clone(),
        Some(Part::Image(url)) => format!("{} {url}", t(lang, Key::BotSimPicture)),
        None => String::new(),
    };
    let more = r.rule.reply.parts.len().saturating_sub(1);
    if more > 0 {
        format!("{first} (+{more})")
    } else {
        first
    }
}

#[component]
pub fn Rules(
    lang: Lang,
    page: Arc<BotPage>,
    /// Opens the editor on a rule (none: a new one).
    edit: Callback<Option<i64>>,
    delete: Callback<Deleting>,
    /// After a switch or a move: the page loads again.
    changed: Callback<()>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let answered = move |r: Result<_, crate::wire::AppError>| match r {
        Ok(_) => {
            error.set(None);
            changed.run(());
        }
        Err(e) => error.set(Some(e.message().to_owned())),
    };
    let count = page.rules.len();
    let row = |(i, r): (usize, &SavedRule)| {
        let id = r.id;
        let name = r.rule.name.clone();
        let heading = format!("rule-{id}");
        let labelled_by = heading.clone();
        let enabled = r.rule.enabled;
        let toggled = {
            let mut d = r.rule.clone();
            d.enabled = !enabled;
            d
        };
        let toggle = move |_| {
            let d = toggled.clone();
            spawn_local(async move { answered(save_bot_rule(Some(id), d).await.map(|_| ())) });
        };
        let shift = move |up: bool| {
            spawn_local(async move { answered(move_bot_rule(id, up).await) });
        };
        let mut facts = vec![
            tr(mode_key(r.rule.mode)).to_owned(),
            channels_text(lang, &r.rule.channels, &page.channels),
        ];
        facts.extend(r.rule.hours.map(|h| hours_text(lang, &h)));
        let gone = name.clone();
        view! {
            <li class="flex gap-3 px-4 py-4 sm:px-6" aria-labelledby=labelled_by>
                <span class="w-5 shrink-0 pt-0.5 text-right text-sm font-semibold tabular-nums text-slate-400" aria-hidden="true">{i + 1}</span>
                <div class="min-w-0 flex-1">
                    <div class="flex flex-wrap items-start gap-x-3 gap-y-2">
                        <div class="flex min-w-0 flex-1 flex-wrap items-center gap-x-3 gap-y-1">
                            <h3 id=heading class="font-semibold" class:text-slate-500=!enabled>{name.clone()}</h3>
                            <ul class="flex flex-wrap gap-1" aria-label=tr(Key::BotRuleKeywords)>
                                {r.rule.keywords.iter().cloned().map(|k| view! { <li><Chip>{k}</Chip></li> }).collect_view()}
                            </ul>
                        </div>
                        <div class="flex shrink-0 items-center gap-1.5">
                            <label class=CHECK_ROW>
                                <input type="checkbox" role="switch" class=CHECKBOX checked=enabled
                                    aria-label=fill(lang, Key::BotRuleSwitch, &name) on:change=toggle />
                                {tr(if enabled { Key::Enabled } else { Key::Disabled })}
                            </label>
                            <Button size=Size::Xs tone=Tone::Quiet disabled=i == 0 label=fill(lang, Key::BotPageMoveUp, &name)
                                on_click=move |_| shift(true)>"↑"</Button>
                            <Button size=Size::Xs tone=Tone::Quiet disabled=i + 1 == count label=fill(lang, Key::BotPageMoveDown, &name)
                                on_click=move |_| shift(false)>"↓"</Button>
                            <Button size=Size::Xs tone=Tone::Accent label=fill(lang, Key::BotPageEditNamed, &name)
                                on_click=move |_| edit.run(Some(id))>{tr(Key::Edit)}</Button>
                            <Button size=Size::Xs tone=Tone::DangerOutline label=fill(lang, Key::BotPageDeleteNamed, &name)
                                on_click=move |_| delete.run(Deleting { rule: true, id, name: gone.clone() })>{tr(Key::BotPageDelete)}</Button>
                        </div>
                    </div>
                    <p class="mt-1 text-sm text-slate-500">{facts.join(" · ")}</p>
                    <p class="mt-1 line-clamp-2 break-words text-sm text-slate-700">{does(lang, r, &page)}</p>
                </div>
            </li>
        }
    };
    let list = page.rules.iter().enumerate().map(row).collect_view();
    view! {
        <section aria-labelledby="rules-title">
            <div class="flex flex-wrap items-start justify-between gap-4">
                <div class="min-w-0">
                    <h2 id="rules-title" class="text-xl font-semibold">{tr(Key::BotRules)}</h2>
                    <p class="mt-1 text-sm text-slate-500">{tr(Key::BotRulesHint)}</p>
                </div>
                <Button tone=Tone::Primary on_click=move |_| edit.run(None)>{tr(Key::BotRuleAdd)}</Button>
            </div>
            <div class="mt-4 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                {if count == 0 {
                    view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::BotRuleNone)}</Notice> }.into_any()
                } else {
                    view! { <ol aria-label=tr(Key::BotRules) class="divide-y divide-slate-100">{list}</ol> }.into_any()
                }}
            </div>
        </section>
    }
}
