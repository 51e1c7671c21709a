//! Deactivating a member (their sessions end at once) after handing over what they have in
//! progress, and reactivating one. The hand-over is the inbox's batch transfer, 20
//! conversations at a time, each chunk with its own idempotency key.

use crate::api::batch::run_batch;
use crate::api::members::{member_conversations, set_member_active};
use crate::api::team::team_members;
use crate::domain::batch::{BatchAction, Picked};
use crate::domain::{Lang, MemberId};
use crate::i18n::{fill, preview_text, report_line, t, Key};
use crate::ui::kit::browser::{focus, new_key};
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::{
    Button, ConfirmDialog, Dialog, DialogBody, DialogFooter, ErrorNotice, Notice, NoticeTone, Tone,
};
use crate::ui::page::use_clock;
use crate::wire::{AppError, MemberRow, OwnedConversation, TeamMember};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The most conversations one transfer moves.
const CHUNK: usize = 20;

#[component]
pub fn DeactivateDialog(
    lang: Lang,
    member: MemberRow,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let clock = use_clock();
    let id = member.id;
    let owned = RwSignal::new(None::<Result<Vec<OwnedConversation>, AppError>>);
    let targets = RwSignal::new(Vec::<TeamMember>::new());
    let to = RwSignal::new(None::<MemberId>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    let report = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let load = move || {
        spawn_local(async move {
            let r = member_conversations(id).await;
            owned.try_set(Some(r));
        });
    };
    load();
    spawn_local(async move {
        if let Ok(list) = team_members().await {
            targets.try_set(list.into_iter().filter(|m| m.id != id).collect());
        }
    });
    let transfer = move |_| {
        let Some(to) = to.get_untracked() else {
            return;
        };
        let picked: Vec<Picked> = owned.with_untracked(|o| match o {
            Some(Ok(list)) => list
                .iter()
                .map(|c| Picked {
                    id: c.id,
                    version: c.version,
                })
                .collect(),
            _ => Vec::new(),
        });
        busy.set(true);
        report.set(None);
        error.set(None);
        spawn_local(async move {
            let total = picked.len();
            let (mut moved, mut failed) = (0, 0);
            progress.try_set(Some((0, total)));
            for chunk in picked.chunks(CHUNK) {
                match run_batch(new_key(), BatchAction::Transfer, Some(to), chunk.to_vec()).await {
                    Ok(r) => {
                        let ok = r.items.iter().filter(|i| i.skipped.is_none()).count();
                        moved += ok;
                        failed += chunk.len() - ok;
                    }
                    Err(e) => {
                        failed += chunk.len();
                        error.try_set(Some(e));
                    }
                }
                progress.try_set(Some((moved + failed, total)));
            }
            report.try_set(Some(report_line(lang, moved, failed)));
            busy.try_set(false);
            load();
        });
    };
    let deactivate = move |_| {
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            match set_member_active(id, false).await {
                Ok(()) => on_done.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    Effect::new(move |_| focus("member-leave-cancel"));
    let name = member.name.clone();
    let conversations = move |list: Vec<OwnedConversation>| {
        if list.is_empty() {
            return view! { <Notice tone=NoticeTone::Info plain=true>{tr(Key::NothingInProgress)}</Notice> }.into_any();
        }
        let count = list.len();
        view! {
            <p class="font-medium text-slate-700">{fill(lang, Key::HasInProgress, count, &name)}</p>
            <ul class="mt-2 max-h-40 divide-y divide-slate-100 overflow-y-auto rounded-lg ring-1 ring-slate-200" aria-label=tr(Key::MemberInProgress)>
                {list.into_iter().map(|c| view! {
                    <li class="flex items-baseline justify-between gap-3 px-3 py-2">
                        <span class="min-w-0">
                            <span class="block truncate font-medium">{c.customer}</span>
                            <span class="block truncate text-xs text-slate-500">{preview_text(lang, &c.preview).into_owned()}</span>
                        </span>
                        <span class="shrink-0 text-xs tabular-nums text-slate-500">{clock.short(lang, c.last_message_at)}</span>
                    </li>
                }).collect_view()}
            </ul>
            <div class="mt-3 flex flex-wrap items-end gap-2">
                <div class="min-w-0 flex-1">
                    <label for="member-transfer-to" class=LABEL_SM>{tr(Key::TransferAllTo)}</label>
                    <select id="member-transfer-to" class=FIELD_SM
                        on:change=move |ev| to.set(event_target_value(&ev).parse().ok().map(MemberId))>
                        <option value="">{tr(Key::PickMember)}</option>
                        {move || targets.get().into_iter().map(|m| view! { <option value=m.id.0.to_string()>{m.name}</option> }).collect_view()}
                    </select>
                </div>
                <Button tone=Tone::Accent disabled=Signal::derive(move || busy.get() || to.get().is_none()) on_click=transfer>
                    {tr(Key::TransferAll)}
                </Button>
            </div>
        }
        .into_any()
    };
    view! {
        <Dialog title_id="member-leave-title" title=tr(Key::DeactivateMember).to_owned() hint=Some(member.name.clone()) on_close closable=true>
            <DialogBody>
                <p>{tr(Key::DeactivateExplain)}</p>
                <div class="mt-4">
                    {move || match owned.get() {
                        None => view! { <p class="text-slate-500">{tr(Key::Loading)}</p> }.into_any(),
                        Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
                        Some(Ok(list)) => conversations(list),
                    }}
                </div>
                {move || progress.get().filter(|_| busy.get()).map(|(done, total)| view! {
                    <p role="status" class="mt-2 text-slate-600">{fill(lang, Key::TransferProgress, format!("{done}/{total}"), "")}</p>
                })}
                {move || report.get().map(|r| view! { <Notice tone=NoticeTone::Success class="mt-3">{r}</Notice> })}
                {move || error.get().map(|error| view! { <ErrorNotice error class="mt-3" /> })}
            </DialogBody>
            <DialogFooter>
                <Button id="member-leave-cancel" on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                <Button tone=Tone::Danger disabled=busy on_click=deactivate>{tr(Key::Deactivate)}</Button>
            </DialogFooter>
        </Dialog>
    }
}

#[component]
pub fn ReactivateDialog(
    lang: Lang,
    member: MemberRow,
    on_close: Callback<()>,
    on_done: Callback<()>,
) -> impl IntoView {
    let id = member.id;
    view! {
        <ConfirmDialog title_id="member-back-title" title=t(lang, Key::ReactivateMember) hint=member.name
            confirm=t(lang, Key::Reactivate) tone=Tone::Primary run=move || set_member_active(id, true)
            on_close on_done>
            <p>{t(lang, Key::ReactivateExplain)}</p>
        </ConfirmDialog>
    }
}
