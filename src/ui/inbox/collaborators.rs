//! The collaborators strip of the conversation pane: 1:1 or collaborative, who collaborates,
//! and (for those who may) adding and removing them; a collaborator may leave.

use crate::api::conversation::change_collaborator;
use crate::api::team::team_members;
use crate::domain::collaboration::CollabChange;
use crate::domain::{ConversationId, MemberId};
use crate::i18n::{t, Key};
use crate::ui::kit::{Button, Chip, MemberAvatar, Size, Tone};
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::wire::MemberBadge;
use leptos::prelude::*;

#[component]
pub fn Collaborators(
    id: ConversationId,
    owner: Option<MemberId>,
    collaborators: Vec<MemberBadge>,
    may_manage: bool,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let me = use_me().map(|m| m.member_id);
    let refresh = use_refresh();
    let busy = RwSignal::new(false);
    let change = move |member: MemberId, what: CollabChange| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = change_collaborator(id, member, what).await;
            notice.try_set(result.err().map(|e| e.message().to_owned()));
            busy.try_set(false);
            refresh.bump();
        });
    };
    let adding = RwSignal::new(false);
    super::pane::hold_while(move || adding.get() || busy.get());
    let taken: Vec<MemberId> = collaborators.iter().map(|m| m.id).chain(owner).collect();
    let mode = if collaborators.is_empty() {
        Key::OneToOne
    } else {
        Key::Collaborative
    };
    view! {
        <div class="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-5 py-2 text-sm" role="group" aria-label=move || tr(Key::Collaborators)>
            <span data-mode=if collaborators.is_empty() { "one_to_one" } else { "collaborative" }><Chip>{move || tr(mode)}</Chip></span>
            <span class="text-xs text-slate-500">{move || tr(Key::Collaborators)}</span>
            <ul class="flex flex-wrap items-center gap-1.5" aria-label=move || tr(Key::Collaborators)>
                {collaborators.into_iter().map(|m| {
                    let member = m.id;
                    let leaving = me == Some(member);
                    let name = m.name.clone();
                    view! {
                        <li class="flex items-center gap-1.5 rounded-full bg-slate-100 py-0.5 pl-0.5 pr-2 text-xs">
                            <MemberAvatar id=member name=m.name.clone() />
                            <span>{m.name.clone()}</span>
                            <Show when=move || may_manage || leaving>
                                <button type="button" disabled=busy class="ml-0.5 rounded-full px-1 text-slate-400 hover:bg-slate-200 hover:text-slate-700"
                                    aria-label={
                                        let name = name.clone();
                                        move || if leaving { tr(Key::LeaveCollaboration).to_owned() } else { format!("{} {name}", tr(Key::Remove)) }
                                    }
                                    on:click=move |_| change(member, CollabChange::Remove)>"×"</button>
                            </Show>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || may_manage>
                {
                    let taken = taken.clone();
                    move || if adding.get() {
                        view! { <Picker taken=taken.clone() busy on_pick=Callback::new(move |m| { adding.set(false); change(m, CollabChange::Add) }) on_cancel=Callback::new(move |_| adding.set(false)) /> }.into_any()
                    } else {
                        view! {
                            <Button tone=Tone::Accent size=Size::Xs on_click=move |_| adding.set(true)>{move || format!("+ {}", tr(Key::AddCollaborator))}</Button>
                        }.into_any()
                    }
                }
            </Show>
        </div>
    }
}

/// Chooses a member who is neither the owner nor already collaborating.
#[component]
fn Picker(
    taken: Vec<MemberId>,
    busy: RwSignal<bool>,
    on_pick: Callback<MemberId>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let members = Resource::new(|| (), |_| team_members());
    let choice = RwSignal::new(None::<MemberId>);
    view! {
        <span class="flex items-center gap-1.5">
            <label>
                <span class="sr-only">{move || tr(Key::AddCollaborator)}</span>
                <select on:change=move |ev| choice.set(event_target_value(&ev).parse().ok())
                    class="rounded-md border border-slate-300 py-0.5 pl-2 pr-7 text-xs focus:outline-none focus:ring-2 focus:ring-indigo-200">
                    <option value="">{move || tr(Key::PickMember)}</option>
                    <Transition>
                        {
                            let taken = taken.clone();
                            move || members.get().and_then(Result::ok).map(|all| {
                                all.into_iter().filter(|m| !taken.contains(&m.id)).map(|m| view! {
                                    <option value=m.id.to_string()>{m.name}</option>
                                }).collect_view()
                            })
                        }
                    </Transition>
                </select>
            </label>
            <Button tone=Tone::Primary size=Size::Xs disabled=Signal::derive(move || busy.get() || choice.get().is_none())
                on_click=move |_| if let Some(m) = choice.get_untracked() { on_pick.run(m) }>{move || tr(Key::Add)}</Button>
            <Button tone=Tone::Quiet size=Size::Xs on_click=move |_| on_cancel.run(())>{move || tr(Key::Cancel)}</Button>
        </span>
    }
}
