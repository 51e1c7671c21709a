//! Pieces both editors and the lists use: which channels (all, chosen, or none for a flow's
//! greeting), the buttons under a message and where each leads, active hours as text, and the
//! lists a member types (keywords, person words).

use super::fill;
use crate::domain::bot::buttons::MAX_LABEL_CHARS;
use crate::domain::bot::{Button, ButtonAction, Channels, Hours, MAX_BUTTONS};
use crate::domain::{ChannelId, Lang};
use crate::i18n::{t, Key};
use crate::ui::kit::form::{CHECKBOX, CHECK_ROW, FIELD_SM, LABEL_SM, LEGEND};
use crate::ui::kit::{Button as KitButton, ChannelIcon, Size, Tone};
use crate::wire::BotChannel;
use leptos::prelude::*;
use std::collections::BTreeSet;

/// A list as members type it: one a line, or separated by commas (`,`, `，`, `、`), blanks
/// dropped.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(['\n', ',', '，', '、'])
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Items joined as each language lists them.
pub fn join(lang: Lang, items: impl IntoIterator<Item = String>) -> String {
    let sep = match lang {
        Lang::ZhTw => "、",
        Lang::En => ", ",
    };
    items.into_iter().collect::<Vec<_>>().join(sep)
}

/// "All channels", or the chosen channels' names.
pub fn channels_text(lang: Lang, c: &Channels, all: &[BotChannel]) -> String {
    match c {
        Channels::All => t(lang, Key::BotPageAllChannels).to_owned(),
        Channels::Only(set) => join(
            lang,
            all.iter()
                .filter(|ch| set.contains(&ch.id))
                .map(|ch| ch.name.clone()),
        ),
    }
}

const DAYS: [Key; 7] = [
    Key::BotPageDay0,
    Key::BotPageDay1,
    Key::BotPageDay2,
    Key::BotPageDay3,
    Key::BotPageDay4,
    Key::BotPageDay5,
    Key::BotPageDay6,
];

/// The name of day `d` of the week (0 Monday … 6 Sunday).
pub fn day_name(lang: Lang, d: usize) -> &'static str {
    t(lang, DAYS[d % 7])
}

/// Minutes after midnight as "09:30".
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// "09:30" as minutes after midnight.
pub fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let (h, m) = (h.parse::<u16>().ok()?, m.get(..2)?.parse::<u16>().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// Active hours as a line: "週一–週五 09:00–18:00" (three or more days in a row as a range).
pub fn hours_text(lang: Lang, h: &Hours) -> String {
    let on: Vec<usize> = (0..7).filter(|d| h.days & (1 << d) != 0).collect();
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < on.len() {
        let mut j = i;
        while j + 1 < on.len() && on[j + 1] == on[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            runs.push(format!(
                "{}–{}",
                day_name(lang, on[i]),
                day_name(lang, on[j])
            ));
        } else {
            runs.extend((i..=j).map(|k| day_name(lang, on[k]).to_owned()));
        }
        i = j + 1;
    }
    format!("{} {}–{}", join(lang, runs), clock(h.from), clock(h.to))
}

/// What a channel choice may be: none (a flow that greets no one), every channel, or some.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    None,
    All,
    Chosen,
}

/// A channel choice being edited.
#[derive(Clone, Copy)]
pub struct ChannelsField {
    pub pick: RwSignal<Pick>,
    pub chosen: RwSignal<BTreeSet<ChannelId>>,
}

impl ChannelsField {
    pub fn new(c: Option<&Channels>) -> Self {
        let (pick, chosen) = match c {
            None => (Pick::None, BTreeSet::new()),
            Some(Channels::All) => (Pick::All, BTreeSet::new()),
            Some(Channels::Only(set)) => (Pick::Chosen, set.clone()),
        };
        ChannelsField {
            pick: RwSignal::new(pick),
            chosen: RwSignal::new(chosen),
        }
    }

    /// The choice (none for [`Pick::None`]).
    pub fn value(self) -> Option<Channels> {
        match self.pick.get_untracked() {
            Pick::None => None,
            Pick::All => Some(Channels::All),
            Pick::Chosen => Some(Channels::Only(self.chosen.get_untracked())),
        }
    }
}

/// Radios for `options`, and the workspace's channels to tick when "chosen channels" is picked.
#[component]
pub fn ChannelsPicker(
    lang: Lang,
    /// The element ids' prefix and the radios' name.
    id: &'static str,
    legend: Key,
    options: &'static [(Pick, Key)],
    channels: Vec<BotChannel>,
    field: ChannelsField,
    /// The refusal about this choice.
    children: Children,
) -> impl IntoView {
    let ChannelsField { pick, chosen } = field;
    let channels = StoredValue::new(channels);
    let radio = move |(p, key): (Pick, Key)| {
        let rid = format!("{id}-{p:?}").to_lowercase();
        let for_rid = rid.clone();
        view! {
            <label for=for_rid class=CHECK_ROW>
                <input id=rid type="radio" name=id class=CHECKBOX checked=pick.get_untracked() == p
                    on:change=move |_| pick.set(p) />
                {t(lang, key)}
            </label>
        }
    };
    let ticks = move || {
        (pick.get() == Pick::Chosen).then(|| {
            let rows = channels.with_value(|all| {
                all.iter()
                    .map(|c| {
                        let cid = c.id;
                        let kind = c.kind;
                        view! {
                            <label class=CHECK_ROW>
                                <input type="checkbox" class=CHECKBOX checked=chosen.with_untracked(|s| s.contains(&cid))
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen.update(|s| { if on { s.insert(cid); } else { s.remove(&cid); } });
                                    } />
                                <span aria-hidden="true"><ChannelIcon kind lang /></span>
                                {c.name.clone()}
                            </label>
                        }
                    })
                    .collect_view()
            });
            view! { <div class="ml-6 mt-1 grid gap-0.5 sm:grid-cols-2">{rows}</div> }
        })
    };
    view! {
        <fieldset id=id>
            <legend class=LEGEND>{t(lang, legend)}</legend>
            <div class="space-y-0.5">{options.iter().map(|o| radio(*o)).collect_view()}</div>
            {ticks}
            {children()}
        </fieldset>
    }
}

/// A button being edited.
#[derive(Clone, Copy)]
pub struct ButtonRow {
    pub label: RwSignal<String>,
    pub action: RwSignal<ButtonAction>,
}

impl ButtonRow {
    pub fn new(b: &Button) -> Self {
        ButtonRow {
            label: RwSignal::new(b.label.clone()),
            action: RwSignal::new(b.action),
        }
    }

    pub fn value(self) -> Button {
        Button {
            label: self.label.get_untracked().trim().to_owned(),
            action: self.action.get_untracked(),
        }
    }
}

/// A button's target as a select's value.
fn encode(a: ButtonAction) -> String {
    match a {
        ButtonAction::Person => "person".to_owned(),
        ButtonAction::Rule(id) => format!("rule-{id}"),
        ButtonAction::Step(id) => format!("step-{id}"),
    }
}

fn decode(v: &str) -> ButtonAction {
    let number = |s: &str| s.parse::<i64>().unwrap_or_default();
    match v.split_once('-') {
        Some(("rule", id)) => ButtonAction::Rule(number(id)),
        Some(("step", id)) => ButtonAction::Step(number(id)),
        _ => ButtonAction::Person,
    }
}

/// The buttons under a message: a label and where it leads each, to add and remove. `targets`
/// are where a button may lead besides a person (rules' replies, the flow's steps), with their
/// names; `owner` owns the signals of buttons added later (the editor's).
#[component]
pub fn ButtonsEditor(
    lang: Lang,
    /// The element ids' prefix.
    id: String,
    rows: RwSignal<Vec<ButtonRow>>,
    #[prop(into)] targets: Signal<Vec<(ButtonAction, String)>>,
    owner: StoredValue<Owner>,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let row = move |(i, b): (usize, ButtonRow)| {
        let n = i + 1;
        let (lid, sid) = id.with_value(|p| (format!("{p}-{i}-label"), format!("{p}-{i}-to")));
        let options = move || {
            let current = b.action.get();
            std::iter::once((
                ButtonAction::Person,
                t(lang, Key::BotPageLeadsPerson).to_owned(),
            ))
            .chain(targets.get())
            .map(
                |(a, name)| view! { <option value=encode(a) selected=a == current>{name}</option> },
            )
            .collect_view()
        };
        view! {
            <div class="flex items-end gap-2">
                <div class="min-w-0 flex-1">
                    <label for=lid.clone() class=LABEL_SM>{fill(lang, Key::BotPageButtonLabel, n)}</label>
                    <input id=lid type="text" class=FIELD_SM maxlength=MAX_LABEL_CHARS autocomplete="off"
                        prop:value=b.label.get_untracked() on:input=move |ev| b.label.set(event_target_value(&ev)) />
                </div>
                <div class="min-w-0 flex-1">
                    <label for=sid.clone() class=LABEL_SM>{fill(lang, Key::BotPageButtonLeads, n)}</label>
                    <select id=sid class=FIELD_SM on:change=move |ev| b.action.set(decode(&event_target_value(&ev)))>
                        {options}
                    </select>
                </div>
                <KitButton size=Size::Xs tone=Tone::Quiet label=fill(lang, Key::BotPageButtonRemove, n)
                    on_click=move |_| rows.update(|r| { r.remove(i); })>
                    {t(lang, Key::Remove)}
                </KitButton>
            </div>
        }
    };
    let full = Signal::derive(move || rows.with(Vec::len) >= MAX_BUTTONS);
    let add = move |_| {
        let b = owner.get_value().with(|| {
            ButtonRow::new(&Button {
                label: String::new(),
                action: ButtonAction::Person,
            })
        });
        rows.update(|r| r.push(b));
    };
    view! {
        <div class="space-y-2">
            {move || rows.get().into_iter().enumerate().map(row).collect_view()}
            <KitButton size=Size::Xs tone=Tone::Accent disabled=full on_click=add>"+ "{t(lang, Key::BotPageButtonAdd)}</KitButton>
        </div>
    }
}
