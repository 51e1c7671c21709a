//! The bot flows: each with the channels whose new conversations it greets, its steps and the
//! rules that start it; editing and deleting one.

use super::fields::{channels_text, join};
use super::{fill, Deleting};
use crate::domain::bot::config::{Greeting, SavedFlow};
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::{Button, Chip, ChipTone, Notice, NoticeTone, Size, Tone};
use crate::wire::BotPage;
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub fn Flows(
    lang: Lang,
    page: Arc<BotPage>,
    /// Opens the editor on a flow (none: a new one).
    edit: Callback<Option<i64>>,
    delete: Callback<Deleting>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let row = |f: &SavedFlow| {
        let id = f.id;
        let name = f.flow.name.clone();
        let heading = format!("flow-{id}");
        let labelled_by = heading.clone();
        let mut facts = vec![fill(lang, Key::BotFlowStepCount, f.flow.steps.len())];
        if let Greeting::On(c) = &f.flow.greeting {
            facts.push(format!(
                "{}{}",
                tr(Key::BotFlowGreets),
                channels_text(lang, c, &page.channels)
            ));
        }
        let starters: Vec<String> = page
            .rules
            .iter()
            .filter(|r| r.rule.flow == Some(id))
            .map(|r| r.rule.name.clone())
            .collect();
        if !starters.is_empty() {
            facts.push(format!(
                "{}{}",
                tr(Key::BotFlowStartedBy),
                join(lang, starters)
            ));
        }
        let greets = matches!(f.flow.greeting, Greeting::On(_));
        let gone = name.clone();
        view! {
            <li class="flex flex-wrap items-start gap-3 px-4 py-4 sm:px-6" aria-labelledby=labelled_by>
                <div class="min-w-0 flex-1">
                    <div class="flex flex-wrap items-center gap-2">
                        <h3 id=heading class="font-semibold">{name.clone()}</h3>
                        {greets.then(|| view! { <Chip tone=ChipTone::Indigo>{tr(Key::BotFlowGreeting)}</Chip> })}
                    </div>
                    <p class="mt-1 text-sm text-slate-500">{facts.join(" · ")}</p>
                    <p class="mt-1 line-clamp-1 break-words text-sm text-slate-700">
                        {f.flow.steps.first().map(|s| s.text.clone())}
                    </p>
                </div>
                <div class="flex shrink-0 gap-1.5">
                    <Button size=Size::Xs tone=Tone::Accent label=fill(lang, Key::BotPageEditNamed, &name)
                        on_click=move |_| edit.run(Some(id))>{tr(Key::Edit)}</Button>
                    <Button size=Size::Xs tone=Tone::DangerOutline label=fill(lang, Key::BotPageDeleteNamed, &name)
                        on_click=move |_| delete.run(Deleting { rule: false, id, name: gone.clone() })>{tr(Key::BotPageDelete)}</Button>
                </div>
            </li>
        }
    };
    let list = page.flows.iter().map(row).collect_view();
    view! {
        <section aria-labelledby="flows-title">
            <div class="flex flex-wrap items-start justify-between gap-4">
                <div class="min-w-0">
                    <h2 id="flows-title" class="text-xl font-semibold">{tr(Key::BotFlows)}</h2>
                    <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::BotFlowsHint)}</p>
                </div>
                <Button on_click=move |_| edit.run(None)>{tr(Key::BotFlowAdd)}</Button>
            </div>
            <div class="mt-4 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                {if page.flows.is_empty() {
                    view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::BotFlowNone)}</Notice> }.into_any()
                } else {
                    view! { <ul aria-label=tr(Key::BotFlows) class="divide-y divide-slate-100">{list}</ul> }.into_any()
                }}
            </div>
        </section>
    }
}
