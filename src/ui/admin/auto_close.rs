//! A channel's auto-close on the channel settings page (issue 16): the rule as a line of the
//! channel, and the dialog that sets it (hours, or empty for off, and an optional closing
//! message). A refused field shows its refusal under it.

use crate::api::channel::set_auto_close;
use crate::domain::snooze::{AutoClose, AUTO_CLOSE_HOURS, MAX_CLOSING_CHARS};
use crate::domain::{ChannelId, Lang};
use crate::i18n::{fill, t, Key};
use crate::ui::kit::browser::focus;
use crate::ui::kit::form::{INPUT, LABEL};
use crate::ui::kit::refusal::{refusal_elsewhere, refusal_under};
use crate::ui::kit::{Button, Dialog, DialogBody, DialogFooter, Tone};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The rule in words: "24 小時後自動結束" or "未開啟".
pub fn rule_text(lang: Lang, rule: Option<&AutoClose>) -> String {
    match rule {
        Some(r) => fill(lang, Key::AutoCloseAfter, r.hours, ""),
        None => t(lang, Key::AutoCloseOff).to_owned(),
    }
}

/// The dialog that sets channel `id`'s auto-close (`name` in its hint), starting from `rule`.
#[component]
pub fn AutoCloseDialog(
    lang: Lang,
    id: ChannelId,
    name: String,
    rule: Option<AutoClose>,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let hours = RwSignal::new(
        rule.as_ref()
            .map(|r| r.hours.to_string())
            .unwrap_or_default(),
    );
    let message = RwSignal::new(rule.and_then(|r| r.message).unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| focus("auto-close-hours"));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let h = hours.with_untracked(|h| h.trim().parse::<i64>().ok());
        let m = message.with_untracked(|m| Some(m.clone()).filter(|m| !m.trim().is_empty()));
        busy.set(true);
        spawn_local(async move {
            match set_auto_close(id, h, m).await {
                Ok(_) => on_saved.run(()),
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                }
            }
        });
    };
    view! {
        <Dialog title_id="auto-close-title" title=tr(Key::AutoCloseTitle) hint=Some(name) on_close closable=true>
            <form on:submit=save class="contents">
                <DialogBody>
                    <p class="text-sm text-slate-600">{tr(Key::AutoCloseHint)}</p>
                    <div class="mt-4">
                        <label for="auto-close-hours" class=LABEL>{tr(Key::AutoCloseHours)}</label>
                        <input id="auto-close-hours" type="number" inputmode="numeric" class=INPUT
                            min=*AUTO_CLOSE_HOURS.start() max=*AUTO_CLOSE_HOURS.end() placeholder=tr(Key::AutoCloseOff)
                            prop:value=move || hours.get() on:input=move |ev| hours.set(event_target_value(&ev)) />
                        {refusal_under(error, &["hours"])}
                    </div>
                    <div class="mt-4">
                        <label for="auto-close-message" class=LABEL>{tr(Key::AutoCloseMessage)}</label>
                        <textarea id="auto-close-message" rows="3" maxlength=MAX_CLOSING_CHARS class=INPUT
                            prop:value=move || message.get() on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                        {refusal_under(error, &["message"])}
                    </div>
                    {refusal_elsewhere(error, &["hours", "message"])}
                </DialogBody>
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button submit=true tone=Tone::Primary disabled=busy>{tr(Key::Save)}</Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}
