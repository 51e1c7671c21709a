//! The tags page `/tags` (issue 15; admins, supervisors, cs_managers): each tag as its coloured
//! chip with how many customers carry it; creating, renaming and recolouring (the palette's
//! swatches), merging one into another and deleting, each confirmed with the count it moves.

use crate::api::structure::{delete_tag, merge_tags, save_tag, tags};
use crate::domain::permission::{role_may, Action};
use crate::domain::team::TAG_COLORS;
use crate::domain::{Lang, TagId};
use crate::i18n::{fill, t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::browser::focus;
use crate::ui::kit::form::{FIELD_SM, LABEL_SM, LEGEND};
use crate::ui::kit::refusal::{refusal_elsewhere, refusal_under};
use crate::ui::kit::{
    tag_look, Button, ConfirmDialog, Dialog, DialogBody, DialogFooter, ErrorNotice, Notice,
    NoticeTone, Size, Tone,
};
use crate::ui::page::{answer_with, use_lang, use_me};
use crate::wire::{AppError, TagRow};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn TagsPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Tags /> } /> }
}

/// A swatch's fill for each palette colour.
fn swatch_look(color: &str) -> &'static str {
    match color {
        "red" => "bg-red-500",
        "orange" => "bg-orange-500",
        "amber" => "bg-amber-400",
        "green" => "bg-green-500",
        "teal" => "bg-teal-500",
        "sky" => "bg-sky-500",
        "indigo" => "bg-indigo-500",
        "purple" => "bg-purple-500",
        "pink" => "bg-pink-500",
        _ => "bg-slate-400",
    }
}

/// A colour's name.
fn color_name(lang: Lang, color: &str) -> &'static str {
    t(
        lang,
        match color {
            "red" => Key::ColorRed,
            "orange" => Key::ColorOrange,
            "amber" => Key::ColorAmber,
            "green" => Key::ColorGreen,
            "teal" => Key::ColorTeal,
            "sky" => Key::ColorSky,
            "indigo" => Key::ColorIndigo,
            "purple" => Key::ColorPurple,
            "pink" => Key::ColorPink,
            _ => Key::ColorSlate,
        },
    )
}

/// What a dialog does to a tag.
#[derive(Clone)]
enum Open {
    /// Create (none) or edit.
    Edit(Option<TagRow>),
    /// Merge this tag into another of these.
    Merge(TagRow, Arc<Vec<TagRow>>),
    Delete(TagRow),
}

#[component]
fn Tags() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let may = use_me().is_some_and(|m| role_may(m.role, Action::ManageTags));
    let reload = RwSignal::new(0u32);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let data = Resource::new(move || reload.get(), |_| tags());
    let open = RwSignal::new(None::<Open>);
    let close = Callback::new(move |()| open.set(None));
    let done = Callback::new(move |()| {
        open.set(None);
        reload.update(|n| *n += 1);
    });
    let list = move |rows: Vec<TagRow>| {
        if rows.is_empty() {
            return view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::NoTags)}</Notice> }.into_any();
        }
        let all = Arc::new(rows.clone());
        view! {
            <ul class="divide-y divide-slate-100" aria-label=tr(Key::TagsTitle)>
                {rows.into_iter().map(|tag| {
                    let (e, m, d) = (tag.clone(), tag.clone(), tag.clone());
                    let all = all.clone();
                    let name = tag.name.clone();
                    let named = move |k: Key| Signal::derive({
                        let name = name.clone();
                        move || format!("{} {name}", t(lang, k))
                    });
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
                            <span class="flex min-w-0 items-center gap-3">
                                <span class=format!("inline-flex max-w-[16rem] items-center truncate rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 {}", tag_look(&tag.color))>{tag.name.clone()}</span>
                                <span class="whitespace-nowrap text-xs tabular-nums text-slate-500">{fill(lang, Key::CustomersCount, tag.usage, "")}</span>
                            </span>
                            <span class="flex flex-wrap justify-end gap-1.5">
                                <Button size=Size::Xs label=named(Key::Edit) on_click=move |_| open.set(Some(Open::Edit(Some(e.clone()))))>{tr(Key::Edit)}</Button>
                                <Button size=Size::Xs label=named(Key::MergeTag) disabled=all.len() < 2
                                    on_click=move |_| open.set(Some(Open::Merge(m.clone(), all.clone())))>{tr(Key::MergeTag)}</Button>
                                <Button size=Size::Xs tone=Tone::DangerOutline label=named(Key::Delete) on_click=move |_| open.set(Some(Open::Delete(d.clone())))>{tr(Key::Delete)}</Button>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <main class="mx-auto max-w-3xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <div class="mt-4 flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-semibold">{tr(Key::TagsTitle)}</h1>
                    <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::TagsHint)}</p>
                </div>
                {may.then(|| view! {
                    <Button tone=Tone::Primary on_click=move |_| open.set(Some(Open::Edit(None)))>{tr(Key::NewTag)}</Button>
                })}
            </div>
            <section class="mt-6 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                    {move || data.get().map(|r| match r {
                        Ok(rows) => list(rows),
                        Err(error) => {
                            answer_with(&error);
                            view! { <ErrorNotice error plain=true class="p-6" /> }.into_any()
                        }
                    })}
                </Transition>
            </section>
            {move || open.get().map(|o| match o {
                Open::Edit(tag) => view! { <TagDialog lang tag on_close=close on_saved=done /> }.into_any(),
                Open::Merge(tag, all) => view! { <MergeDialog lang tag all on_close=close on_done=done /> }.into_any(),
                Open::Delete(tag) => view! { <DeleteDialog lang tag on_close=close on_done=done /> }.into_any(),
            })}
        </main>
    }
}

#[component]
fn TagDialog(
    lang: Lang,
    tag: Option<TagRow>,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let id = tag.as_ref().map(|t| t.id);
    let name = RwSignal::new(tag.as_ref().map(|t| t.name.clone()).unwrap_or_default());
    let color = RwSignal::new(
        tag.as_ref()
            .map_or_else(|| TAG_COLORS[0].to_owned(), |t| t.color.clone()),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let (n, c) = (name.get_untracked(), color.get_untracked());
        spawn_local(async move {
            match save_tag(id, n, c).await {
                Ok(_) => on_saved.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus("tag-name"));
    let title = tr(if id.is_some() {
        Key::EditTag
    } else {
        Key::NewTag
    });
    view! {
        <Dialog title_id="tag-edit-title" title=title.to_owned() on_close closable=true>
            <form on:submit=save class="contents">
                <DialogBody>
                    <div>
                        <label for="tag-name" class=LABEL_SM>{tr(Key::TagName)}</label>
                        <input id="tag-name" class=FIELD_SM autocomplete="off" required
                            prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                        {refusal_under(error, &["name"])}
                    </div>
                    <fieldset class="mt-4">
                        <legend class=LEGEND>{tr(Key::TagColor)}</legend>
                        <div class="flex flex-wrap gap-2" role="radiogroup" aria-label=tr(Key::TagColor)>
                            {TAG_COLORS.iter().map(|c| {
                                let c = *c;
                                view! {
                                    <button type="button" role="radio" aria-checked=move || (color.get() == c).to_string()
                                        aria-label=color_name(lang, c) title=color_name(lang, c)
                                        class=format!("h-7 w-7 rounded-full ring-offset-2 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-400 aria-checked:ring-2 aria-checked:ring-slate-900 {}", swatch_look(c))
                                        on:click=move |_| color.set(c.to_owned())></button>
                                }
                            }).collect_view()}
                        </div>
                        {refusal_under(error, &["color"])}
                    </fieldset>
                    <p class="mt-4 text-xs text-slate-500">{tr(Key::TagPreview)}" "
                        <span class=move || format!("inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium ring-1 {}", tag_look(&color.get()))>
                            {move || { let n = name.get(); if n.trim().is_empty() { tr(Key::TagName).to_owned() } else { n } }}
                        </span>
                    </p>
                    {refusal_elsewhere(error, &["name", "color"])}
                </DialogBody>
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button submit=true tone=Tone::Primary disabled=busy>{tr(Key::Save)}</Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}

#[component]
fn MergeDialog(
    lang: Lang,
    tag: TagRow,
    all: Arc<Vec<TagRow>>,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let from = tag.id;
    let others: Vec<TagRow> = all.iter().filter(|t| t.id != from).cloned().collect();
    let into = RwSignal::new(None::<TagId>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let names = StoredValue::new(others.clone());
    let confirm = move |_| {
        let Some(to) = into.get_untracked() else {
            return;
        };
        busy.set(true);
        spawn_local(async move {
            match merge_tags(from, to).await {
                Ok(()) => on_done.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus("tag-merge-into"));
    let (usage, name) = (tag.usage, tag.name.clone());
    let question = move || {
        into.get()
            .and_then(|to| {
                names.with_value(|ts| ts.iter().find(|t| t.id == to).map(|t| t.name.clone()))
            })
            .map(|target| fill(lang, Key::MergeQuestion, usage, &name).replace("{into}", &target))
    };
    view! {
        <Dialog title_id="tag-merge-title" title=tr(Key::MergeTag).to_owned() hint=Some(tag.name.clone()) on_close closable=true>
            <DialogBody>
                <label for="tag-merge-into" class=LABEL_SM>{tr(Key::MergeInto)}</label>
                <select id="tag-merge-into" class=FIELD_SM
                    on:change=move |ev| into.set(event_target_value(&ev).parse().ok().map(TagId))>
                    <option value="">{tr(Key::PickTag)}</option>
                    {others.into_iter().map(|t| view! { <option value=t.id.0.to_string()>{t.name}</option> }).collect_view()}
                </select>
                {refusal_under(error, &["into"])}
                {move || question().map(|q| view! { <Notice tone=NoticeTone::Warning class="mt-4">{q}</Notice> })}
                {refusal_elsewhere(error, &["into"])}
            </DialogBody>
            <DialogFooter>
                <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                <Button tone=Tone::Primary disabled=Signal::derive(move || busy.get() || into.get().is_none()) on_click=confirm>{tr(Key::Merge)}</Button>
            </DialogFooter>
        </Dialog>
    }
}

#[component]
fn DeleteDialog(
    lang: Lang,
    tag: TagRow,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let id = tag.id;
    view! {
        <ConfirmDialog title_id="tag-delete-title" title=t(lang, Key::DeleteTag)
            confirm=t(lang, Key::Delete) tone=Tone::Danger run=move || delete_tag(id) on_close on_done>
            <p class="text-base">{fill(lang, Key::DeleteTagQuestion, tag.usage, &tag.name)}</p>
        </ConfirmDialog>
    }
}
