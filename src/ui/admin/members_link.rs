//! A one-time password link (an invitation or a reset) shown once, as a full address with a
//! copy button and its expiry: the product sends no e-mail, so the admin hands it over.

use crate::domain::Lang;
use crate::i18n::{fill, t, Key};
use crate::ui::kit::browser::origin;
use crate::ui::kit::{
    Button, Copyable, Dialog, DialogBody, DialogFooter, Notice, NoticeTone, Tone,
};
use crate::ui::page::use_clock;
use crate::wire::PasswordLink;
use leptos::prelude::*;

#[component]
pub fn LinkDialog(
    lang: Lang,
    /// Whose link it is.
    name: String,
    link: PasswordLink,
    /// Their invitation (they have not signed up yet), else a password reset.
    invited: bool,
    on_close: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let clock = use_clock();
    let copied = RwSignal::new(None::<String>);
    let url = format!("{}{}", origin(), link.path);
    let title = tr(if invited {
        Key::InvitationLink
    } else {
        Key::PasswordResetLink
    });
    view! {
        <Dialog title_id="member-link-title" title=title.to_owned() hint=Some(name.clone()) on_close closable=true>
            <DialogBody>
                <Notice tone=NoticeTone::Warning>{tr(Key::LinkShownOnce)}</Notice>
                <div class="mt-4">
                    <Copyable text=url copied what=Key::TheLink />
                </div>
                <p class="mt-3 text-xs text-slate-500">{fill(lang, Key::LinkExpires, clock.full(link.expires_at), &name)}</p>
            </DialogBody>
            <DialogFooter>
                <Button tone=Tone::Primary on_click=move |_| on_close.run(())>{tr(Key::Done)}</Button>
            </DialogFooter>
        </Dialog>
    }
}
