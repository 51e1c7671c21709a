//! The regions and branches page `/structure` (issue 15; admins edit, supervisors view): each
//! region with its branches under it; creating and renaming regions, creating, renaming and
//! moving branches, and deleting those nothing belongs to (the button says why it cannot).

use crate::api::structure::{
    delete_branch, delete_region, save_branch, save_region, team_structure,
};
use crate::domain::permission::{role_may, Action};
use crate::domain::{BranchId, Lang, RegionId};
use crate::i18n::{fill, t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::browser::focus;
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::refusal::{refusal_elsewhere, refusal_under};
use crate::ui::kit::{
    Button, ConfirmDialog, Dialog, DialogBody, DialogFooter, ErrorNotice, Notice, NoticeTone, Size,
    Tone,
};
use crate::ui::page::{answer_with, use_lang, use_me};
use crate::wire::{AppError, BranchRow, RegionRow, Structure};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn StructurePage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <StructureBody /> } /> }
}

/// A region or a branch being made or changed.
#[derive(Clone)]
enum Editing {
    Region(Option<RegionRow>),
    /// The branch (none for a new one) and the region it is (to be) in.
    Branch(Option<BranchRow>, RegionId, Arc<Vec<RegionRow>>),
}

/// A region or a branch to confirm deleting.
#[derive(Clone)]
enum Deleting {
    Region(RegionId, String),
    Branch(BranchId, String),
}

#[component]
fn StructureBody() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let may = use_me().is_some_and(|m| role_may(m.role, Action::ManageStructure));
    let reload = RwSignal::new(0u32);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let data = Resource::new(move || reload.get(), |_| team_structure());
    let editing = RwSignal::new(None::<Editing>);
    let deleting = RwSignal::new(None::<Deleting>);
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    let loaded = move |s: Structure| {
        if s.regions.is_empty() {
            return view! { <Notice tone=NoticeTone::Info class="mt-6">{tr(Key::NoRegions)}</Notice> }.into_any();
        }
        let regions = Arc::new(s.regions.clone());
        let branches = Arc::new(s.branches);
        s.regions
            .into_iter()
            .map(|r| {
                view! { <RegionCard lang region=r branches=branches.clone() regions=regions.clone() may editing deleting /> }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <main class="mx-auto max-w-4xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <div class="mt-4 flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-semibold">{tr(Key::StructureTitle)}</h1>
                    <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(if may { Key::StructureHint } else { Key::StructureViewOnly })}</p>
                </div>
                {may.then(|| view! {
                    <Button tone=Tone::Primary on_click=move |_| editing.set(Some(Editing::Region(None)))>{tr(Key::NewRegion)}</Button>
                })}
            </div>
            <div class="mt-6 space-y-4">
                <Transition fallback=move || view! { <p class="text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                    {move || data.get().map(|r| match r {
                        Ok(s) => loaded(s),
                        Err(error) => {
                            answer_with(&error);
                            view! { <ErrorNotice error /> }.into_any()
                        }
                    })}
                </Transition>
            </div>
            {move || editing.get().map(|e| view! {
                <EditDialog lang editing=e
                    on_close=Callback::new(move |()| editing.set(None))
                    on_saved=Callback::new(move |()| { editing.set(None); changed.run(()); }) />
            })}
            {move || deleting.get().map(|d| view! {
                <DeleteDialog lang what=d
                    on_close=Callback::new(move |()| deleting.set(None))
                    on_deleted=Callback::new(move |()| { deleting.set(None); changed.run(()); }) />
            })}
        </main>
    }
}

/// Why a region or branch cannot be deleted, if it cannot.
fn kept_because(lang: Lang, branches: i64, members: i64, in_use: bool) -> Option<String> {
    if branches > 0 {
        Some(fill(lang, Key::KeptBranches, branches, ""))
    } else if members > 0 {
        Some(fill(lang, Key::KeptMembers, members, ""))
    } else if in_use {
        Some(t(lang, Key::KeptInUse).to_owned())
    } else {
        None
    }
}

#[component]
fn RegionCard(
    lang: Lang,
    region: RegionRow,
    branches: Arc<Vec<BranchRow>>,
    regions: Arc<Vec<RegionRow>>,
    may: bool,
    editing: RwSignal<Option<Editing>>,
    deleting: RwSignal<Option<Deleting>>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let mine: Vec<BranchRow> = branches
        .iter()
        .filter(|b| b.region_id == region.id)
        .cloned()
        .collect();
    let heading = format!("region-{}", region.id.0);
    let labelled = heading.clone();
    let kept = kept_because(lang, region.branches, region.members, false);
    let (rid, rname) = (region.id, region.name.clone());
    let named = {
        let name = region.name.clone();
        move |k: Key| {
            Signal::derive({
                let name = name.clone();
                move || format!("{} {name}", t(lang, k))
            })
        }
    };
    let r = region.clone();
    let rs = regions.clone();
    let branch_row = move |b: BranchRow| {
        let kept = kept_because(lang, 0, b.members, b.in_use);
        let name = b.name.clone();
        let label = move |k: Key| {
            Signal::derive({
                let name = name.clone();
                move || format!("{} {name}", t(lang, k))
            })
        };
        let (bid, bname) = (b.id, b.name.clone());
        let rs = rs.clone();
        let edit = b.clone();
        view! {
            <li class="flex flex-wrap items-center justify-between gap-2 px-4 py-2.5">
                <span class="min-w-0">
                    <span class="block font-medium text-slate-800">{b.name.clone()}</span>
                    <span class="block text-xs text-slate-500">
                        {fill(lang, Key::MembersCount, b.members, "")}
                        {b.in_use.then(|| format!(" · {}", t(lang, Key::BranchInUse)))}
                    </span>
                </span>
                {may.then(|| view! {
                    <span class="flex flex-wrap items-center justify-end gap-1.5">
                        <Button size=Size::Xs label=label(Key::RenameOrMove) on_click=move |_| editing.set(Some(Editing::Branch(Some(edit.clone()), edit.region_id, rs.clone())))>{tr(Key::RenameOrMove)}</Button>
                        <Button size=Size::Xs tone=Tone::DangerOutline label=label(Key::Delete) disabled=kept.is_some()
                            on_click=move |_| deleting.set(Some(Deleting::Branch(bid, bname.clone())))>{tr(Key::Delete)}</Button>
                        {kept.clone().map(|why| view! { <span class="basis-full text-right text-xs text-slate-500">{why}</span> })}
                    </span>
                })}
            </li>
        }
    };
    let regions_for_new = regions.clone();
    view! {
        <section class="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-labelledby=labelled>
            <header class="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 bg-slate-50 px-4 py-3">
                <div class="min-w-0">
                    <h2 id=heading class="text-base font-semibold">{region.name.clone()}</h2>
                    <p class="text-xs text-slate-500">{fill(lang, Key::RegionCounts, region.branches, "").replace("{m}", &region.members.to_string())}</p>
                </div>
                {may.then(|| view! {
                    <span class="flex flex-wrap items-center justify-end gap-1.5">
                        <Button size=Size::Xs tone=Tone::Accent label=named(Key::NewBranch)
                            on_click=move |_| editing.set(Some(Editing::Branch(None, rid, regions_for_new.clone())))>{tr(Key::NewBranch)}</Button>
                        <Button size=Size::Xs label=named(Key::Rename) on_click=move |_| editing.set(Some(Editing::Region(Some(r.clone()))))>{tr(Key::Rename)}</Button>
                        <Button size=Size::Xs tone=Tone::DangerOutline label=named(Key::Delete) disabled=kept.is_some()
                            on_click=move |_| deleting.set(Some(Deleting::Region(rid, rname.clone())))>{tr(Key::Delete)}</Button>
                        {kept.clone().map(|why| view! { <span class="basis-full text-right text-xs text-slate-500">{why}</span> })}
                    </span>
                })}
            </header>
            {if mine.is_empty() {
                view! { <p class="px-4 py-3 text-sm text-slate-500">{tr(Key::NoBranches)}</p> }.into_any()
            } else {
                view! { <ul class="divide-y divide-slate-100" aria-label=fill(lang, Key::BranchesOf, "", &region.name)>{mine.into_iter().map(branch_row).collect_view()}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
fn EditDialog(
    lang: Lang,
    editing: Editing,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let (title, start, region0, regions) = match &editing {
        Editing::Region(None) => (Key::NewRegion, String::new(), None, None),
        Editing::Region(Some(r)) => (Key::RenameRegion, r.name.clone(), None, None),
        Editing::Branch(None, r, rs) => (Key::NewBranch, String::new(), Some(*r), Some(rs.clone())),
        Editing::Branch(Some(b), r, rs) => {
            (Key::EditBranch, b.name.clone(), Some(*r), Some(rs.clone()))
        }
    };
    let name = RwSignal::new(start);
    let region = RwSignal::new(region0);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked();
        let editing = editing.clone();
        busy.set(true);
        spawn_local(async move {
            let done = match editing {
                Editing::Region(r) => save_region(r.map(|r| r.id), n).await.map(|_| ()),
                Editing::Branch(b, r, _) => {
                    let to = region.get_untracked().unwrap_or(r);
                    save_branch(b.map(|b| b.id), to, n).await.map(|_| ())
                }
            };
            match done {
                Ok(()) => on_saved.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus("structure-name"));
    view! {
        <Dialog title_id="structure-edit-title" title=tr(title).to_owned() on_close closable=true>
            <form on:submit=save class="contents">
                <DialogBody>
                    <div class="space-y-4">
                        <div>
                            <label for="structure-name" class=LABEL_SM>{tr(Key::StructureName)}</label>
                            <input id="structure-name" class=FIELD_SM autocomplete="off" required
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                            {refusal_under(error, &["name"])}
                        </div>
                        {regions.map(|rs| view! {
                            <div>
                                <label for="structure-region" class=LABEL_SM>{tr(Key::MemberRegion)}</label>
                                <select id="structure-region" class=FIELD_SM
                                    on:change=move |ev| region.set(event_target_value(&ev).parse().ok().map(RegionId))>
                                    {rs.iter().map(|r| {
                                        let id = r.id;
                                        view! { <option value=id.0.to_string() selected=move || region.get() == Some(id)>{r.name.clone()}</option> }
                                    }).collect_view()}
                                </select>
                                {refusal_under(error, &["region"])}
                            </div>
                        })}
                    </div>
                    {refusal_elsewhere(error, &["name", "region"])}
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
fn DeleteDialog(
    lang: Lang,
    what: Deleting,
    on_close: Callback<()>,
    on_deleted: Callback<()>,
) -> impl IntoView {
    let (title, name) = match &what {
        Deleting::Region(_, n) => (Key::DeleteRegion, n.clone()),
        Deleting::Branch(_, n) => (Key::DeleteBranch, n.clone()),
    };
    let run = move || {
        let what = what.clone();
        async move {
            match what {
                Deleting::Region(id, _) => delete_region(id).await,
                Deleting::Branch(id, _) => delete_branch(id).await,
            }
        }
    };
    view! {
        <ConfirmDialog title_id="structure-delete-title" title=t(lang, title) hint=name.clone()
            confirm=t(lang, Key::Delete) tone=Tone::Danger run on_close on_done=on_deleted>
            <p>{fill(lang, Key::DeleteNamed, "", &name)}</p>
        </ConfirmDialog>
    }
}
