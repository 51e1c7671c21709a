//! Batch management on a list: the selection of the round selectors, the bar with the actions
//! the view offers the member's role, the confirm step with its preview (the server's plan,
//! made by the same `domain::batch::plan` that applies it) and the report afterwards.

use crate::api::batch::{preview_batch, run_batch};
use crate::domain::batch::{
    check, offered, BatchAction, BatchList, BatchReport, Picked, Refused, MAX_PER_TRANSFER,
};
use crate::domain::{ConversationId, MemberId};
use crate::i18n::day::over_capacity;
use crate::i18n::{batch_action, batch_question, preview_line, report_line, selected_count};
use crate::i18n::{t, Key};
use crate::ui::inbox::transfer::TransferDialog;
use crate::ui::kit::browser::new_key;
use crate::ui::kit::phone::touch_icon;
use crate::ui::kit::{
    Button, Dialog, DialogBody, DialogFooter, ErrorNotice, Notice, NoticeTone, Size, Tone,
};
use crate::ui::page::{use_lang, use_me, use_refresh};
use crate::wire::View;
use leptos::prelude::*;

/// A selected row: which conversation, at which version, and whose it is (for the dialogs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    pub id: ConversationId,
    pub version: i64,
    pub name: String,
}

/// The rows selected in one list, in the order they were picked. It lives as long as the list
/// (scrolling keeps it) and is cleared after an action.
#[derive(Clone, Copy)]
pub struct Selection(RwSignal<Vec<Selected>>);

impl Selection {
    pub fn new() -> Self {
        Selection(RwSignal::new(Vec::new()))
    }

    pub fn has(&self, id: ConversationId) -> bool {
        self.0.with(|s| s.iter().any(|r| r.id == id))
    }

    pub fn count(&self) -> usize {
        self.0.with(Vec::len)
    }

    pub fn toggle(&self, row: Selected) {
        self.0
            .update(|s| match s.iter().position(|r| r.id == row.id) {
                Some(i) => {
                    s.remove(i);
                }
                None => s.push(row),
            });
    }

    /// Select all: selects exactly `rows` when nothing is selected, else clears the selection.
    pub fn toggle_all(&self, rows: Vec<Selected>) {
        let any = self.0.with(|s| !s.is_empty());
        self.0.set(if any { Vec::new() } else { rows });
    }

    pub fn clear(&self) {
        self.0.set(Vec::new());
    }

    fn picked(&self) -> Vec<Picked> {
        self.0.with_untracked(|s| {
            s.iter()
                .map(|r| Picked {
                    id: r.id,
                    version: r.version,
                })
                .collect()
        })
    }

    /// The customer names of the selected rows, in the order they were picked.
    fn names(&self) -> Vec<String> {
        self.0
            .with_untracked(|s| s.iter().map(|r| r.name.clone()).collect())
    }

    /// The customer name of selected row `id` (for a report line).
    fn name_of(&self, id: ConversationId) -> Option<String> {
        self.0
            .with_untracked(|s| s.iter().find(|r| r.id == id).map(|r| r.name.clone()))
    }
}

impl Default for Selection {
    fn default() -> Self {
        Selection::new()
    }
}

/// The row of PRODUCT.md's batch table a view is.
pub fn batch_list(view: View) -> BatchList {
    match view {
        View::PendingHuman | View::PendingBot => BatchList::Pending,
        View::MineOpen | View::MineSnoozed => BatchList::MineInProgress,
        View::TeamOpen => BatchList::TeamInProgress,
        View::MineClosed | View::TeamClosed | View::Closed => BatchList::Closed,
    }
}

/// The bar above a list while rows are selected: the count, the actions, and their dialogs.
#[component]
pub fn BatchBar(view: View, selection: Selection) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let me = use_me();
    let role = me.as_ref().map(|m| m.role);
    let actions = role
        .map(|r| offered(batch_list(view), r))
        .unwrap_or_default();
    let refresh = use_refresh();
    let open = RwSignal::new(None::<BatchAction>);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let report = RwSignal::new(None::<BatchReport>);
    let key = StoredValue::new(String::new());
    let start = move |action: BatchAction| {
        key.set_value(new_key());
        error.set(None);
        open.set(Some(action));
    };
    let run = move |action: BatchAction, to: Option<MemberId>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let picked = selection.picked();
        let key = key.get_value();
        leptos::task::spawn_local(async move {
            match run_batch(key, action, to, picked).await {
                Ok(r) => {
                    open.set(None);
                    report.set(Some(r));
                }
                Err(e) => error.set(Some(e.message().to_owned())),
            }
            busy.set(false);
        });
    };
    let finish = move || {
        report.set(None);
        selection.clear();
        refresh.bump();
    };
    let over_transfer = move || selection.count() > MAX_PER_TRANSFER;
    let take_over = view == View::TeamOpen;
    view! {
        <Show when=move || { selection.count() > 0 }>
            <div role="toolbar" aria-label=move || tr(Key::BatchActions)
                class="space-y-1.5 border-b border-indigo-100 bg-indigo-50 px-4 py-2">
                <div class="flex items-center justify-between">
                    <span class="text-sm font-semibold text-indigo-900 tabular-nums" aria-live="polite">
                        {move || selected_count(lang.get(), selection.count())}
                    </span>
                    <button type="button" on:click=move |_| selection.clear()
                        aria-label=move || tr(Key::ClearSelection) title=move || tr(Key::ClearSelection)
                        class=concat!("rounded-md p-1.5 text-indigo-700 hover:bg-indigo-100 ", touch_icon!())>
                        <svg viewBox="0 0 20 20" class="h-3.5 w-3.5" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M5 5l10 10M15 5L5 15" /></svg>
                    </button>
                </div>
                <div role="group" aria-label=move || tr(Key::BatchActions) class="flex flex-wrap items-center gap-1.5">
                {actions.iter().map(|a| {
                    let a = *a;
                    let danger = matches!(a, BatchAction::Delete | BatchAction::Blacklist);
                    let label = move || if a == BatchAction::FollowUp && take_over { tr(Key::TakeOver) } else { batch_action(lang.get(), a) };
                    let disabled = move || a == BatchAction::Transfer && over_transfer();
                    let tone = if danger { Tone::DangerOutline } else { Tone::Secondary };
                    view! { <Button tone size=Size::Xs disabled=Signal::derive(disabled) on_click=move |_| start(a)>{label}</Button> }
                }).collect_view()}
                </div>
                <Show when=over_transfer>
                    <Notice tone=NoticeTone::Warning plain=true class="text-xs">{move || Refused::TransferTooMany.reason(lang.get())}</Notice>
                </Show>
            </div>
        </Show>
        {move || match open.get() {
            Some(BatchAction::Transfer) => {
                let count = selection.count();
                let listed = selection.names();
                let preview = Callback::new(move |to: MemberId| view! { <Preview action=BatchAction::Transfer to=Some(to) selection /> }.into_any());
                view! {
                    <TransferDialog count exclude=None busy names=listed preview=preview
                        on_confirm=Callback::new(move |m: crate::wire::TeamMember| run(BatchAction::Transfer, Some(m.id)))
                        on_close=Callback::new(move |_| open.set(None)) />
                    <ErrorToast error />
                }.into_any()
            }
            Some(action) => view! {
                <ConfirmDialog action busy error selection
                    on_confirm=Callback::new(move |_| run(action, None))
                    on_close=Callback::new(move |_| open.set(None)) />
            }.into_any(),
            None => ().into_any(),
        }}
        {move || report.get().map(|r| view! {
            <ReportDialog report=r selection on_close=Callback::new(move |_| finish()) />
        })}
    }
}

/// A refusal of the whole request, over the transfer dialog.
#[component]
fn ErrorToast(error: RwSignal<Option<String>>) -> impl IntoView {
    view! {
        {move || error.get().map(|e| view! {
            <p role="alert" class="fixed bottom-6 left-1/2 z-50 -translate-x-1/2 rounded-lg bg-red-600 px-4 py-2 text-sm text-white shadow-lg">{e}</p>
        })}
    }
}

/// The confirm step of every batch action but transfer: the question, a warning for what
/// cannot be undone, and the preview.
#[component]
fn ConfirmDialog(
    action: BatchAction,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    selection: Selection,
    on_confirm: Callback<()>,
    on_close: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let warning = match action {
        BatchAction::Delete => Some(Key::DeleteWarning),
        BatchAction::Blacklist => Some(Key::BlacklistWarning),
        _ => None,
    };
    let tone = if warning.is_some() {
        Tone::Danger
    } else {
        Tone::Primary
    };
    view! {
        <Dialog title_id="batch-title" title=Signal::derive(move || batch_question(lang.get(), action, selection.count())) on_close>
            <DialogBody>
                {warning.map(|k| view! { <Notice class="mb-3">{move || tr(k)}</Notice> })}
                <Preview action to=None selection />
                {move || error.get().map(|e| view! { <Notice plain=true class="mt-3">{e}</Notice> })}
            </DialogBody>
            <DialogFooter>
                <Button on_click=move |_| on_close.run(())>{move || tr(Key::Cancel)}</Button>
                <Button tone disabled=busy on_click=move |_| on_confirm.run(()) autofocus=true>
                    {move || if busy.get() { tr(Key::Working) } else { tr(Key::Confirm) }}
                </Button>
            </DialogFooter>
        </Dialog>
    }
}

/// What the batch would do now: how many change, and which are skipped and why.
#[component]
fn Preview(action: BatchAction, to: Option<MemberId>, selection: Selection) -> impl IntoView {
    let lang = use_lang();
    let picked = selection.picked();
    let role = use_me().map(|m| m.role);
    // The same whole-request check the server makes, before asking it.
    let refused = role.and_then(|r| check(r, action, to, picked.len()).err());
    let ids: Vec<ConversationId> = picked.iter().map(|p| p.id).collect();
    let plan = LocalResource::new(move || {
        let picked = picked.clone();
        async move { preview_batch(action, to, picked).await }
    });
    // A selected conversation changed while the dialog is open: the plan is made again (it
    // then names what changed) and the dialog says why it moved.
    let changed = RwSignal::new(false);
    if let Some(live) = crate::ui::live::use_live() {
        Effect::new(move |seen: Option<u32>| {
            let (n, items) = live.heard.get();
            if seen.is_some()
                && items
                    .iter()
                    .any(|i| i.conversation.is_some_and(|c| ids.contains(&c)))
            {
                changed.set(true);
                plan.refetch();
            }
            n
        });
    }
    view! {
        <div aria-live="polite" class="text-sm">
            <Show when=move || changed.get()>
                <Notice tone=NoticeTone::Warning plain=true class="mb-2" >
                    <span data-batch-changed="">{move || t(lang.get(), Key::BatchRowsChanged)}</span>
                </Notice>
            </Show>
            {move || match refused {
                Some(r) => view! { <Notice plain=true>{r.reason(lang.get())}</Notice> }.into_any(),
                None => match plan.get() {
                    None => view! { <Notice tone=NoticeTone::Info plain=true>{move || t(lang.get(), Key::Checking)}</Notice> }.into_any(),
                    Some(Err(error)) => view! { <ErrorNotice error plain=true /> }.into_any(),
                    Some(Ok(report)) => view! { <Outcomes report selection preview=true /> }.into_any(),
                },
            }}
        </div>
    }
}

/// A report (or a preview): the summary line, then each conversation left alone and why.
#[component]
fn Outcomes(report: BatchReport, selection: Selection, preview: bool) -> impl IntoView {
    let lang = use_lang();
    let (ok, failed) = (report.succeeded(), report.failed());
    let skipped: Vec<_> = report
        .items
        .iter()
        .filter_map(|i| i.skipped.map(|s| (i.id, s)))
        .collect();
    let has_skips = !skipped.is_empty();
    let you = report.action == BatchAction::FollowUp;
    let over = report.over_capacity.clone().filter(|_| preview);
    view! {
        <p class="flex items-center gap-2 font-medium text-slate-900">
            <span aria-hidden="true" class="grid h-6 w-6 shrink-0 place-items-center rounded-full text-xs text-white"
                class:bg-emerald-500=failed == 0 class:bg-amber-500=failed != 0>
                {if failed == 0 { "✓" } else { "!" }}
            </span>
            <span data-testid=if preview { "batch-preview" } else { "batch-report" }>
                {move || if preview { preview_line(lang.get(), ok, failed) } else { report_line(lang.get(), ok, failed) }}
            </span>
        </p>
        <Show when=move || preview && ok == 0>
            <p class="mt-1 text-slate-500">{move || t(lang.get(), Key::NothingWillChange)}</p>
        </Show>
        {over.map(|o| view! {
            <Notice tone=NoticeTone::Warning class="mt-3">
                <span data-testid="over-capacity">{move || over_capacity(lang.get(), &o, you)}</span>
            </Notice>
        })}
        <Show when=move || has_skips>
            <p class="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-500">
                {move || t(lang.get(), if preview { Key::WillSkip } else { Key::WhyFailed })}
            </p>
            <ul class="mt-1 max-h-48 space-y-1 overflow-y-auto">
                {skipped.iter().map(|(id, skip)| {
                    let (id, skip) = (*id, *skip);
                    let name = selection.name_of(id).unwrap_or_else(|| format!("#{id}"));
                    view! {
                        <li class="flex gap-2 rounded-md bg-amber-50 px-2 py-1 text-amber-900">
                            <span class="shrink-0 font-medium">{name}</span>
                            <span class="text-amber-800">{move || skip.reason(lang.get())}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// After a batch: "N succeeded, M failed", each failure's reason, and Done.
#[component]
fn ReportDialog(
    report: BatchReport,
    selection: Selection,
    on_close: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let action = report.action;
    view! {
        <Dialog title_id="report-title" title=Signal::derive(move || batch_action(lang.get(), action).to_owned()) on_close>
            <DialogBody>
                <Outcomes report selection preview=false />
            </DialogBody>
            <DialogFooter>
                <Button tone=Tone::Primary on_click=move |_| on_close.run(()) autofocus=true>{move || t(lang.get(), Key::Done)}</Button>
            </DialogFooter>
        </Dialog>
    }
}
