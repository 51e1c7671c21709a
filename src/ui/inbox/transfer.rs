//! The transfer dialog: pick a member (searchable by name, filterable by role), then confirm.

use crate::api::team::team_members;
use crate::domain::availability::OverCapacity;
use crate::domain::limits::MAX_HANDOVER_CHARS;
use crate::domain::{MemberId, Role};
use crate::i18n::day::over_capacity;
use crate::i18n::{role_name, t, transfer_question, Key};
use crate::ui::inbox::availability::StatusAndLoad;
use crate::ui::kit::{
    Button, Dialog, DialogFooter, ErrorNotice, MemberAvatar, Notice, NoticeTone, Tone,
};
use crate::ui::page::use_lang;
use crate::wire::TeamMember;
use leptos::prelude::*;

/// A modal dialog for transferring `count` conversations. `exclude` (the current owner) is not
/// offered. `on_confirm` gets the chosen member once they are confirmed; `on_close` closes.
/// A batch passes the selected conversations' `names` (listed above the members) and a
/// `preview` of the transfer to the picked member, shown in the confirm step.
#[component]
pub fn TransferDialog(
    count: usize,
    exclude: Option<MemberId>,
    busy: RwSignal<bool>,
    on_confirm: Callback<TeamMember>,
    on_close: Callback<()>,
    #[prop(optional)] names: Vec<String>,
    #[prop(optional)] preview: Option<Callback<MemberId, AnyView>>,
    /// A single transfer's handover note, written in the confirm step.
    #[prop(optional)]
    note: Option<RwSignal<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let members = Resource::new(|| (), |_| team_members());
    let search = RwSignal::new(String::new());
    let role = RwSignal::new(None::<Role>);
    let picked = RwSignal::new(None::<TeamMember>);
    let confirming = RwSignal::new(false);
    // The dialog starts in the search of members; the confirm step in the handover note, when
    // there is one.
    Effect::new(move |_| {
        if !confirming.get() {
            crate::ui::kit::browser::focus("transfer-search");
        } else if note.is_some() {
            crate::ui::kit::browser::focus("handover-note");
        }
    });
    let matches = move |m: &TeamMember| {
        let needle = search.get().trim().to_lowercase();
        Some(m.id) != exclude
            && role.get().is_none_or(|r| r == m.role)
            && (needle.is_empty() || m.name.to_lowercase().contains(&needle))
    };
    view! {
        <Dialog title_id="transfer-title" title=Signal::derive(move || tr(Key::TransferTitle).to_owned())
            hint=Signal::derive(move || Some(tr(Key::TransferHint).to_owned())) on_close closable=true>
                <Show when=move || !confirming.get() fallback=move || view! {
                    <div class="px-5 py-6">
                        <p class="text-sm text-slate-800">{move || transfer_question(lang.get(), count, &picked.get().map(|m| m.name).unwrap_or_default())}</p>
                        {move || preview.zip(picked.get()).map(|(p, m)| p.run(m.id))}
                        // A single transfer warns here; a batch's preview says it from the server.
                        {move || picked.get().filter(|_| preview.is_none()).and_then(|m| OverCapacity::check(&m.name, m.load, count as i64)).map(|o| view! {
                            <Notice tone=NoticeTone::Warning class="mt-3">{move || over_capacity(lang.get(), &o, false)}</Notice>
                        })}
                        {note.map(|note| view! {
                            <label for="handover-note" class="mt-4 block text-xs font-medium text-slate-700">{move || tr(Key::HandoverNote)}</label>
                            <textarea id="handover-note" rows="3" maxlength=MAX_HANDOVER_CHARS aria-describedby="handover-hint"
                                prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))
                                class="mt-1 block w-full resize-none rounded-lg border border-slate-300 px-3 py-2 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"></textarea>
                            <p id="handover-hint" class="mt-1 text-xs text-slate-600">{move || tr(Key::HandoverHint)}</p>
                        })}
                        <div class="mt-6 flex justify-end gap-2">
                            <Button on_click=move |_| confirming.set(false)>{move || tr(Key::Back)}</Button>
                            <Button tone=Tone::Primary disabled=busy
                                on_click=move |_| if let Some(m) = picked.get_untracked() { on_confirm.run(m) }>{move || tr(Key::ConfirmTransfer)}</Button>
                        </div>
                    </div>
                }>
                    {(!names.is_empty()).then(|| {
                        let shown = names.len();
                        view! {
                            <details class="mx-5 mt-4 rounded-lg bg-slate-50 px-3 py-2 text-sm ring-1 ring-slate-200">
                                <summary class="cursor-pointer font-medium text-slate-700">
                                    {move || format!("{} ({shown})", tr(Key::SelectedConversations))}
                                </summary>
                                <ul aria-label=move || tr(Key::SelectedConversations) class="mt-2 max-h-28 space-y-0.5 overflow-y-auto text-slate-600">
                                    {names.iter().map(|n| view! { <li class="truncate">{n.clone()}</li> }).collect_view()}
                                </ul>
                            </details>
                        }
                    })}
                    <div class="flex gap-2 px-5 pt-4">
                        <label class="flex-1">
                            <span class="sr-only">{move || tr(Key::SearchMembers)}</span>
                            <input type="search" id="transfer-search" prop:value=search on:input=move |ev| search.set(event_target_value(&ev))
                                placeholder=move || tr(Key::SearchMembers)
                                class="w-full rounded-lg border border-slate-300 px-3 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200" />
                        </label>
                        <label>
                            <span class="sr-only">{move || tr(Key::RoleFilter)}</span>
                            <select on:change=move |ev| role.set(Role::parse(&event_target_value(&ev)))
                                class="rounded-lg border border-slate-300 py-1.5 pl-2 pr-7 text-sm focus:outline-none focus:ring-2 focus:ring-indigo-200">
                                <option value="">{move || tr(Key::AllRoles)}</option>
                                {Role::ALL.iter().map(|r| view! { <option value=r.as_str()>{move || role_name(lang.get(), *r)}</option> }).collect_view()}
                            </select>
                        </label>
                    </div>
                    <div role="radiogroup" aria-label=move || tr(Key::TransferHint) class="mt-3 min-h-40 flex-1 overflow-y-auto px-3">
                        <Transition fallback=move || view! { <Notice tone=NoticeTone::Info plain=true class="p-3">{move || tr(Key::Loading)}</Notice> }>
                            {move || members.get().map(|r| match r {
                                Err(error) => view! { <ErrorNotice error plain=true class="p-3" /> }.into_any(),
                                Ok(all) => {
                                    let shown: Vec<TeamMember> = all.into_iter().filter(|m| matches(m)).collect();
                                    if shown.is_empty() {
                                        return view! { <Notice tone=NoticeTone::Info plain=true class="p-3">{move || tr(Key::NoMembersMatch)}</Notice> }.into_any();
                                    }
                                    shown.into_iter().map(|m| {
                                        let id = m.id;
                                        let member = StoredValue::new(m.clone());
                                        let (member_role, branch) = (m.role, m.branch_name.clone());
                                        let (presence, load) = (m.presence, m.load);
                                        let detail = move || {
                                            let role = role_name(lang.get(), member_role);
                                            match &branch { Some(b) => format!("{role} · {b}"), None => role.to_owned() }
                                        };
                                        view! {
                                            <label class="flex cursor-pointer items-center gap-3 rounded-lg px-2 py-2 hover:bg-slate-50 has-[:checked]:bg-indigo-50">
                                                <input type="radio" name="transfer-to" class="accent-indigo-600"
                                                    prop:checked=move || picked.get().is_some_and(|p| p.id == id)
                                                    on:change=move |_| picked.set(Some(member.get_value())) />
                                                <MemberAvatar id name=m.name.clone() />
                                                <span class="min-w-0 flex-1">
                                                    <span class="block truncate text-sm font-medium">{m.name.clone()}</span>
                                                    <span class="block truncate text-xs text-slate-500">{detail}</span>
                                                </span>
                                                <span class="shrink-0 text-right text-xs text-slate-600">
                                                    <StatusAndLoad presence load />
                                                </span>
                                            </label>
                                        }
                                    }).collect_view().into_any()
                                }
                            })}
                        </Transition>
                    </div>
                    <DialogFooter>
                        <Button on_click=move |_| on_close.run(())>{move || tr(Key::Cancel)}</Button>
                        <Button tone=Tone::Primary disabled=Signal::derive(move || picked.get().is_none())
                            on_click=move |_| confirming.set(true)>{move || tr(Key::Transfer)}</Button>
                    </DialogFooter>
                </Show>
        </Dialog>
    }
}
