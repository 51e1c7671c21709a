//! Inviting a member or editing one: name, email, role (only those the member may give),
//! branch (a select grouped by region; required for sales managers and reps) and language. A
//! refused field shows its refusal under it.

use crate::api::members::{edit_member, invite_member};
use crate::domain::availability::MAX_CAPACITY;
use crate::domain::team::{may_manage, needs_branch, MemberDraft};
use crate::domain::{BranchId, Lang, Role};
use crate::i18n::{role_name, t, Key};
use crate::ui::kit::browser::focus;
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::lang_name;
use crate::ui::kit::refusal::{refusal_elsewhere, refusal_under};
use crate::ui::kit::{Button, Dialog, DialogBody, DialogFooter, Tone};
use crate::wire::{AppError, Me, MemberRow, PasswordLink, Structure};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

const FIELDS: &[&str] = &["name", "email", "role", "branch", "region", "capacity"];

#[component]
pub fn MemberDialog(
    lang: Lang,
    me: Me,
    /// The member edited; none to invite one.
    target: Option<MemberRow>,
    structure: Arc<Structure>,
    /// The language an invited member starts with (the workspace's default).
    new_lang: Lang,
    on_close: Callback<()>,
    /// Saved: for an invitation, the new member's name and their link.
    on_saved: Callback<Option<(String, PasswordLink)>>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let editing = target.as_ref().map(|m| m.id);
    let own = editing == Some(me.member_id);
    let was = target.as_ref().map_or(Role::Agent, |m| m.role);
    let name = RwSignal::new(target.as_ref().map(|m| m.name.clone()).unwrap_or_default());
    let email = RwSignal::new(target.as_ref().map(|m| m.email.clone()).unwrap_or_default());
    let role = RwSignal::new(was);
    let branch = RwSignal::new(target.as_ref().and_then(|m| m.branch.as_ref().map(|b| b.0)));
    let member_lang = RwSignal::new(target.as_ref().map_or(new_lang, |m| m.lang));
    // Empty: no limit.
    let capacity = RwSignal::new(
        target
            .as_ref()
            .and_then(|m| m.capacity)
            .map(|c| c.to_string())
            .unwrap_or_default(),
    );
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let roles: Vec<Role> = Role::ALL
        .iter()
        .copied()
        .filter(|r| *r == was || may_manage(me.role, was, *r).is_ok())
        .collect();
    let region_of = {
        let s = structure.clone();
        move |b: BranchId| s.branches.iter().find(|x| x.id == b).map(|x| x.region_id)
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let branch = branch.get_untracked();
        let draft = MemberDraft {
            name: name.get_untracked(),
            email: email.get_untracked(),
            role: role.get_untracked(),
            region: branch.and_then(&region_of),
            branch,
            lang: member_lang.get_untracked(),
            capacity: capacity.with_untracked(|c| c.trim().parse().ok()),
        };
        busy.set(true);
        spawn_local(async move {
            let done = match editing {
                Some(id) => edit_member(id, draft).await.map(|_| None),
                None => invite_member(draft)
                    .await
                    .map(|(row, link)| Some((row.name, link))),
            };
            match done {
                Ok(made) => on_saved.run(made),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus("member-name-field"));
    let title = tr(if editing.is_some() {
        Key::EditMember
    } else {
        Key::InviteMember
    });
    let branch_needed = move || needs_branch(role.get());
    let regions = structure.regions.clone();
    let groups = move || {
        regions
            .iter()
            .map(|r| {
                let options = structure
                    .branches
                    .iter()
                    .filter(|b| b.region_id == r.id)
                    .map(|b| {
                        let id = b.id;
                        view! { <option value=id.0.to_string() selected=move || branch.get() == Some(id)>{b.name.clone()}</option> }
                    })
                    .collect_view();
                view! { <optgroup label=r.name.clone()>{options}</optgroup> }
            })
            .collect_view()
    };
    view! {
        <Dialog title_id="member-dialog-title" title=title.to_owned() on_close closable=true>
            <form on:submit=save class="contents">
                <DialogBody>
                    <div class="space-y-4">
                        <div>
                            <label for="member-name-field" class=LABEL_SM>{tr(Key::MemberName)}</label>
                            <input id="member-name-field" class=FIELD_SM autocomplete="off" required
                                prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                            {refusal_under(error, &["name"])}
                        </div>
                        <div>
                            <label for="member-email-field" class=LABEL_SM>{tr(Key::Email)}</label>
                            <input id="member-email-field" type="email" class=FIELD_SM autocomplete="off" required
                                prop:value=move || email.get() on:input=move |ev| email.set(event_target_value(&ev)) />
                            {refusal_under(error, &["email"])}
                        </div>
                        <div>
                            <label for="member-role-field" class=LABEL_SM>{tr(Key::MemberRole)}</label>
                            <select id="member-role-field" class=FIELD_SM disabled=own
                                on:change=move |ev| if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }>
                                {roles.into_iter().map(|r| view! {
                                    <option value=r.as_str() selected=move || role.get() == r>{role_name(lang, r)}</option>
                                }).collect_view()}
                            </select>
                            {own.then(|| view! { <p class="mt-1 text-xs text-slate-500">{tr(Key::OwnRoleFixed)}</p> })}
                            {refusal_under(error, &["role"])}
                        </div>
                        <div>
                            <label for="member-branch-field" class=LABEL_SM>{tr(Key::MemberBranch)}</label>
                            <select id="member-branch-field" class=FIELD_SM required=branch_needed
                                on:change=move |ev| branch.set(event_target_value(&ev).parse().ok().map(BranchId))>
                                <option value="" selected=move || branch.get().is_none()>{move || tr(if branch_needed() { Key::PickBranch } else { Key::NoBranch })}</option>
                                {groups}
                            </select>
                            <p class="mt-1 text-xs text-slate-500">{move || tr(if branch_needed() { Key::BranchRequired } else { Key::BranchOptional })}</p>
                            {refusal_under(error, &["branch", "region"])}
                        </div>
                        <div>
                            <label for="member-lang-field" class=LABEL_SM>{tr(Key::Language)}</label>
                            <select id="member-lang-field" class=FIELD_SM
                                on:change=move |ev| if let Some(l) = Lang::parse(&event_target_value(&ev)) { member_lang.set(l) }>
                                {Lang::ALL.iter().copied().map(|l| view! {
                                    <option value=l.as_str() selected=move || member_lang.get() == l>{lang_name(l)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <div>
                            <label for="member-capacity-field" class=LABEL_SM>{tr(Key::MemberCapacity)}</label>
                            <input id="member-capacity-field" type="number" inputmode="numeric" min="1" max=MAX_CAPACITY class=FIELD_SM
                                aria-describedby="member-capacity-hint" placeholder=tr(Key::NoLimit)
                                prop:value=move || capacity.get() on:input=move |ev| capacity.set(event_target_value(&ev)) />
                            <p id="member-capacity-hint" class="mt-1 text-xs text-slate-500">{tr(Key::MemberCapacityHint)}</p>
                            {refusal_under(error, &["capacity"])}
                        </div>
                    </div>
                    {refusal_elsewhere(error, FIELDS)}
                </DialogBody>
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button submit=true tone=Tone::Primary disabled=busy>
                        {tr(if editing.is_some() { Key::Save } else { Key::SendInvite })}
                    </Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}
