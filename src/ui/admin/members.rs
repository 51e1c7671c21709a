//! The members page `/members` (issue 15; admins, supervisors): the team by name, searched and
//! filtered, 50 at a time; inviting and editing (`members_form`), a one-time password link to
//! hand over (`members_link`), deactivating with a hand-over of what the member has in
//! progress, and reactivating (`members_leave`).
//!
//! The list and the regions are two resources made here, each read under its own Transition;
//! the search box sits outside both so typing never redraws it. Dialogs open outside them with
//! a snapshot of the regions and branches.

use crate::api::members::{admin_members, member_link};
use crate::api::structure::team_structure;
use crate::domain::initials::initials;
use crate::domain::team::{manages_members, may_manage};
use crate::domain::{BranchId, MemberId, RegionId, Role};
use crate::i18n::{fill, role_name, t, Key};
use crate::ui::admin::members_form::MemberDialog;
use crate::ui::admin::members_leave::{DeactivateDialog, ReactivateDialog};
use crate::ui::admin::members_link::LinkDialog;
use crate::ui::guard::SignedIn;
use crate::ui::kit::form::{FIELD_SM, LABEL_SM, SEARCH_INPUT};
use crate::ui::kit::lang_name;
use crate::ui::kit::{Button, Chip, ChipTone, ErrorNotice, Notice, NoticeTone, Size, Tone};
use crate::ui::page::{answer_with, use_lang, use_me};
use crate::wire::{MemberFilter, MemberRow, PasswordLink, Structure};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub fn MembersPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Members /> } /> }
}

/// A dialog the page has open.
#[derive(Clone)]
pub enum Open {
    /// With the workspace's default language, the new member's unless changed.
    Invite(Arc<Structure>, crate::domain::Lang),
    Edit(MemberRow, Arc<Structure>),
    Deactivate(MemberRow),
    Reactivate(MemberRow),
    /// A one-time link to hand over: whose, and whether it is their invitation.
    Link(String, PasswordLink, bool),
}

/// What was loaded after the first page: for which list (filter and reload), the rows, and
/// where the next page starts.
type More = (
    MemberFilter,
    u32,
    Vec<MemberRow>,
    Option<(String, MemberId)>,
);

#[component]
fn Members() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let Some(me) = use_me() else {
        return ().into_any();
    };
    let text = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let region = RwSignal::new(None::<RegionId>);
    let branch = RwSignal::new(None::<BranchId>);
    let active = RwSignal::new(None::<bool>);
    let reload = RwSignal::new(0u32);
    let filter = Memo::new(move |_| MemberFilter {
        text: text.get().trim().to_owned(),
        role: role.get(),
        region: region.get(),
        branch: branch.get(),
        active: active.get(),
        after: None,
    });
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let list = Resource::new(
        move || (filter.get(), reload.get()),
        |(f, _)| admin_members(f),
    );
    let structure = Resource::new(|| (), |_| team_structure());
    let more = RwSignal::new(None::<More>);
    let error = RwSignal::new(None::<String>);
    let open = RwSignal::new(None::<Open>);
    let snapshot = move || {
        structure
            .get_untracked()
            .and_then(Result::ok)
            .map(Arc::new)
            .unwrap_or_default()
    };
    // New members speak the workspace's default language unless the inviter picks another.
    let default_lang = move || {
        list.get_untracked()
            .and_then(Result::ok)
            .map_or(lang, |p| p.default_lang)
    };
    let changed = Callback::new(move |()| reload.update(|n| *n += 1));
    let load_more = move |after: (String, MemberId)| {
        let (f, gen) = (filter.get_untracked(), reload.get_untracked());
        spawn_local(async move {
            let asked = MemberFilter {
                after: Some(after),
                ..f.clone()
            };
            match admin_members(asked).await {
                Ok(page) => more.update(|m| {
                    let mut rows = match m.take() {
                        Some((mf, mg, rows, _)) if mf == f && mg == gen => rows,
                        _ => Vec::new(),
                    };
                    rows.extend(page.members);
                    *m = Some((f, gen, rows, page.next));
                }),
                Err(e) => error.set(Some(e.message().to_owned())),
            }
        });
    };
    let new_link = move |m: MemberRow| {
        spawn_local(async move {
            match member_link(m.id).await {
                Ok(link) => {
                    error.set(None);
                    open.set(Some(Open::Link(m.name.clone(), link, m.invited)));
                }
                Err(e) => error.set(Some(e.message().to_owned())),
            }
        });
    };
    let acts = Actions {
        edit: Callback::new(move |m: MemberRow| open.set(Some(Open::Edit(m, snapshot())))),
        deactivate: Callback::new(move |m| open.set(Some(Open::Deactivate(m)))),
        reactivate: Callback::new(move |m| open.set(Some(Open::Reactivate(m)))),
        link: Callback::new(new_link),
    };
    let (my_id, my_role) = (me.member_id, me.role);
    let table = move |page: crate::wire::MembersPage| {
        let (f, gen) = (filter.get_untracked(), reload.get_untracked());
        let (extra, next) = more.with(|m| match m {
            Some((mf, mg, rows, next)) if *mf == f && *mg == gen => (rows.clone(), next.clone()),
            _ => (Vec::new(), page.next.clone()),
        });
        let rows: Vec<MemberRow> = page.members.into_iter().chain(extra).collect();
        if rows.is_empty() {
            return view! { <Notice tone=NoticeTone::Info plain=true class="p-6">{tr(Key::NoMembers)}</Notice> }.into_any();
        }
        view! {
            <table class="w-full text-left text-sm">
                <thead class="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
                    <tr>
                        <th scope="col" class="px-4 py-2 font-semibold">{tr(Key::MemberName)}</th>
                        <th scope="col" class="hidden px-4 py-2 font-semibold sm:table-cell">{tr(Key::MemberRole)}</th>
                        <th scope="col" class="hidden px-4 py-2 font-semibold lg:table-cell">{tr(Key::MemberBranch)}</th>
                        <th scope="col" class="hidden whitespace-nowrap px-4 py-2 font-semibold xl:table-cell">{tr(Key::Language)}</th>
                        <th scope="col" class="hidden px-4 py-2 font-semibold sm:table-cell">{tr(Key::MemberStatus)}</th>
                        <th scope="col" class="hidden whitespace-nowrap px-4 py-2 text-right font-semibold md:table-cell">{tr(Key::MemberInProgress)}</th>
                        <th scope="col" class="px-4 py-2"><span class="sr-only">{tr(Key::MemberActions)}</span></th>
                    </tr>
                </thead>
                <tbody class="divide-y divide-slate-100">
                    {rows.into_iter().map(|m| view! { <Row lang member=m my_id my_role acts /> }).collect_view()}
                </tbody>
            </table>
            {next.map(|after| view! {
                <div class="border-t border-slate-100 p-3 text-center">
                    <Button size=Size::Sm on_click=move |_| load_more(after.clone())>{tr(Key::LoadMore)}</Button>
                </div>
            })}
        }
        .into_any()
    };
    let close = Callback::new(move |()| open.set(None));
    view! {
        <main class="mx-auto max-w-6xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <div class="mt-4 flex flex-wrap items-end justify-between gap-3">
                <div>
                    <h1 class="text-2xl font-semibold">{tr(Key::MembersTitle)}</h1>
                    <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::MembersHint)}</p>
                </div>
                {manages_members(my_role).then(|| view! {
                    <Button tone=Tone::Primary on_click=move |_| open.set(Some(Open::Invite(snapshot(), default_lang())))>{tr(Key::InviteMember)}</Button>
                })}
            </div>
            {move || error.get().map(|e| view! { <Notice class="mt-4">{e}</Notice> })}
            <div class="mt-6 grid grid-cols-2 gap-3 lg:grid-cols-[minmax(0,2fr)_repeat(4,minmax(0,1fr))] lg:items-end">
                <div class="col-span-2 lg:col-span-1">
                    <label for="member-search" class=LABEL_SM>{tr(Key::MemberSearch)}</label>
                    <div class="relative mt-1">
                        <svg viewBox="0 0 20 20" class="pointer-events-none absolute left-2.5 top-2 h-4 w-4 text-slate-400" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="9" cy="9" r="5.5" /><path d="M13 13l4 4" /></svg>
                        <input id="member-search" type="search" class=SEARCH_INPUT placeholder=tr(Key::MemberSearchHint)
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev)) />
                    </div>
                </div>
                <div>
                    <label for="member-role" class=LABEL_SM>{tr(Key::MemberRole)}</label>
                    <select id="member-role" class=FIELD_SM on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)))>
                        <option value="">{tr(Key::AnyRole)}</option>
                        {Role::ALL.iter().map(|r| view! { <option value=r.as_str()>{role_name(lang, *r)}</option> }).collect_view()}
                    </select>
                </div>
                <Transition fallback=|| ()>
                    {move || structure.get().map(|s| match s {
                        Ok(s) => view! { <PlaceFilters lang structure=s region branch /> }.into_any(),
                        Err(_) => ().into_any(),
                    })}
                </Transition>
                <div>
                    <label for="member-active" class=LABEL_SM>{tr(Key::MemberStatus)}</label>
                    <select id="member-active" class=FIELD_SM on:change=move |ev| active.set(match event_target_value(&ev).as_str() {
                        "active" => Some(true),
                        "inactive" => Some(false),
                        _ => None,
                    })>
                        <option value="">{tr(Key::AnyStatus)}</option>
                        <option value="active">{tr(Key::StatusActive)}</option>
                        <option value="inactive">{tr(Key::StatusDeactivated)}</option>
                    </select>
                </div>
            </div>
            <section class="mt-4 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label=tr(Key::MembersTitle)>
                <Transition fallback=move || view! { <p class="p-6 text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                    {move || list.get().map(|r| match r {
                        Ok(page) => table(page),
                        Err(error) => {
                            answer_with(&error);
                            view! { <ErrorNotice error plain=true class="p-6" /> }.into_any()
                        }
                    })}
                </Transition>
            </section>
            {move || open.get().map(|o| match o {
                Open::Invite(s, new_lang) => view! {
                    <MemberDialog lang me=me.clone() target=None structure=s new_lang on_close=close
                        on_saved=Callback::new(move |made: Option<(String, PasswordLink)>| {
                            changed.run(());
                            open.set(made.map(|(name, link)| Open::Link(name, link, true)));
                        }) />
                }.into_any(),
                Open::Edit(m, s) => view! {
                    <MemberDialog lang me=me.clone() target=Some(m) structure=s new_lang=lang on_close=close
                        on_saved=Callback::new(move |_| { changed.run(()); open.set(None); }) />
                }.into_any(),
                Open::Deactivate(m) => view! {
                    <DeactivateDialog lang member=m on_close=close
                        on_done=Callback::new(move |()| { changed.run(()); open.set(None); }) />
                }.into_any(),
                Open::Reactivate(m) => view! {
                    <ReactivateDialog lang member=m on_close=close
                        on_done=Callback::new(move |()| { changed.run(()); open.set(None); }) />
                }.into_any(),
                Open::Link(name, link, invited) => view! { <LinkDialog lang name link invited on_close=close /> }.into_any(),
            })}
        </main>
    }
    .into_any()
}

/// The region and branch filters (the branch's choices narrowed to the region's).
#[component]
fn PlaceFilters(
    lang: crate::domain::Lang,
    structure: Structure,
    region: RwSignal<Option<RegionId>>,
    branch: RwSignal<Option<BranchId>>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let branches = StoredValue::new(structure.branches);
    view! {
        <div>
            <label for="member-region" class=LABEL_SM>{tr(Key::MemberRegion)}</label>
            <select id="member-region" class=FIELD_SM on:change=move |ev| {
                region.set(event_target_value(&ev).parse().ok().map(RegionId));
                branch.set(None);
            }>
                <option value="">{tr(Key::SearchAnyRegion)}</option>
                {structure.regions.into_iter().map(|r| view! { <option value=r.id.0.to_string()>{r.name}</option> }).collect_view()}
            </select>
        </div>
        <div>
            <label for="member-branch" class=LABEL_SM>{tr(Key::MemberBranch)}</label>
            <select id="member-branch" class=FIELD_SM on:change=move |ev| branch.set(event_target_value(&ev).parse().ok().map(BranchId))>
                <option value="" selected=move || branch.get().is_none()>{tr(Key::SearchAnyBranch)}</option>
                {move || {
                    let r = region.get();
                    branches.with_value(|bs| bs.iter()
                        .filter(|b| r.is_none_or(|r| b.region_id == r))
                        .map(|b| view! { <option value=b.id.0.to_string()>{b.name.clone()}</option> })
                        .collect_view())
                }}
            </select>
        </div>
    }
}

/// What a row's buttons do.
#[derive(Clone, Copy)]
struct Actions {
    edit: Callback<MemberRow>,
    deactivate: Callback<MemberRow>,
    reactivate: Callback<MemberRow>,
    link: Callback<MemberRow>,
}

/// A member's picture, or their initials.
#[component]
pub fn Face(id: MemberId, name: String, url: Option<String>) -> impl IntoView {
    match url {
        Some(src) => view! { <img src=src alt="" class="h-8 w-8 shrink-0 rounded-full bg-slate-100 object-cover" /> }.into_any(),
        None => view! {
            <span class=format!("grid h-8 w-8 shrink-0 place-items-center rounded-full text-xs font-semibold {}", crate::ui::kit::avatar::color(id.0)) aria-hidden="true">
                {initials(&name)}
            </span>
        }
        .into_any(),
    }
}

#[component]
fn Row(
    lang: crate::domain::Lang,
    member: MemberRow,
    my_id: MemberId,
    my_role: Role,
    acts: Actions,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let m = member.clone();
    let mine = m.id == my_id;
    let manages = may_manage(my_role, m.role, m.role).is_ok();
    let (status, tone) = if !m.active {
        (Key::StatusDeactivated, ChipTone::Muted)
    } else if m.invited {
        (Key::StatusInvited, ChipTone::Amber)
    } else {
        (Key::StatusActive, ChipTone::Indigo)
    };
    let place = match (&m.region, &m.branch) {
        (Some((_, r)), Some((_, b))) => format!("{r} / {b}"),
        (Some((_, r)), None) => r.clone(),
        (None, Some((_, b))) => b.clone(),
        (None, None) => "—".to_owned(),
    };
    let name = m.name.clone();
    let named = move |k: Key| {
        Signal::derive({
            let name = name.clone();
            move || format!("{} {name}", t(lang, k))
        })
    };
    let (e, d, r, l) = (member.clone(), member.clone(), member.clone(), member);
    view! {
        <tr class=if m.active { "" } else { "bg-slate-50/60 text-slate-500" }>
            <td class="px-4 py-3">
                <span class="flex min-w-0 items-center gap-3">
                    <Face id=m.id name=m.name.clone() url=m.avatar_url.clone() />
                    <span class="min-w-0">
                        <span class="block truncate font-medium text-slate-900">{m.name.clone()}{mine.then(|| view! { <span class="ml-1 text-xs font-normal text-slate-500">{tr(Key::MemberYou)}</span> })}</span>
                        <span class="block truncate text-xs text-slate-500">{m.email.clone()}</span>
                        <span class="mt-1 flex items-center gap-2 text-xs text-slate-600 sm:hidden">{role_name(lang, m.role)}<Chip tone>{tr(status)}</Chip></span>
                    </span>
                </span>
            </td>
            <td class="hidden whitespace-nowrap px-4 py-3 sm:table-cell">{role_name(lang, m.role)}</td>
            <td class="hidden px-4 py-3 text-slate-600 lg:table-cell">{place}</td>
            <td class="hidden whitespace-nowrap px-4 py-3 text-slate-600 xl:table-cell">{lang_name(m.lang)}</td>
            <td class="hidden px-4 py-3 sm:table-cell"><Chip tone>{tr(status)}</Chip></td>
            <td class="hidden px-4 py-3 text-right tabular-nums md:table-cell">
                <span title=fill(lang, Key::InProgressCount, m.in_progress, "")>
                    {match m.capacity { Some(cap) => format!("{} / {cap}", m.in_progress), None => m.in_progress.to_string() }}
                </span>
            </td>
            <td class="px-4 py-3">
                {manages.then(|| view! {
                    <span class="flex flex-wrap justify-end gap-1.5">
                        <Button size=Size::Xs label=named(Key::Edit) on_click=move |_| acts.edit.run(e.clone())>{tr(Key::Edit)}</Button>
                        {(m.active && !mine).then(|| view! {
                            <Button size=Size::Xs tone=Tone::DangerOutline label=named(Key::Deactivate) on_click=move |_| acts.deactivate.run(d.clone())>{tr(Key::Deactivate)}</Button>
                        })}
                        // The server refuses deactivating oneself (and keeps the last admin):
                        // the button says so instead of being there to press.
                        {(m.active && mine).then(|| view! {
                            <Button size=Size::Xs tone=Tone::DangerOutline disabled=true label=named(Key::Deactivate)>{tr(Key::Deactivate)}</Button>
                            <span class="basis-full text-right text-xs text-slate-500">{tr(Key::TeamNotYourself)}</span>
                        })}
                        {(!m.active).then(|| view! {
                            <Button size=Size::Xs tone=Tone::Accent label=named(Key::Reactivate) on_click=move |_| acts.reactivate.run(r.clone())>{tr(Key::Reactivate)}</Button>
                        })}
                        {(m.active && !mine).then(|| view! {
                            <Button size=Size::Xs tone=Tone::Quiet label=named(Key::NewPasswordLink) on_click=move |_| acts.link.run(l.clone())>{tr(Key::NewPasswordLink)}</Button>
                        })}
                    </span>
                })}
            </td>
        </tr>
    }
}
