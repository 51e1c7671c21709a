//! `/replies`: the saved replies a member keeps (every member: their own; admins, supervisors
//! and CS managers: the team's too), each with its `/shortcut`, title, text and how often it
//! was used; written and changed in a dialog that names the placeholders and keeps an optional
//! file (posted to `/replies/{scope}/{id}/file` once the reply is saved), deleted after a
//! question. The composer's `/` picker inserts them.

use crate::api::saved_replies::{
    delete_saved_reply, remove_saved_reply_file, save_saved_reply, saved_replies,
};
use crate::domain::permission::{role_may, Action};
use crate::domain::saved_reply::{Choice, Draft, SavedFile, Scope, PLACEHOLDERS};
use crate::domain::Lang;
use crate::i18n::{file_size, fill, t, Key};
use crate::ui::guard::SignedIn;
use crate::ui::kit::browser::{caret, focus, replace_text};
use crate::ui::kit::form::{FIELD_SM, LABEL_SM};
use crate::ui::kit::refusal::{refusal_elsewhere, refusal_under};
use crate::ui::kit::{
    Button, ConfirmDialog, Dialog, DialogBody, DialogFooter, ErrorNotice, Notice, NoticeTone, Size,
    Tone,
};
use crate::ui::page::{answer_with, use_lang, use_me};
use crate::wire::AppError;
use leptos::prelude::*;
use leptos::task::spawn_local;

const FIELDS: &[&str] = &["title", "shortcut", "text"];

#[component]
pub fn RepliesPage() -> impl IntoView {
    view! { <SignedIn page=|| view! { <Replies /> } /> }
}

/// What a dialog does to a saved reply.
#[derive(Clone)]
enum Open {
    /// Write one of this scope (none) or change one.
    Edit(Scope, Option<Choice>),
    Delete(Choice),
}

#[component]
fn Replies() -> impl IntoView {
    let lang = use_lang().get_untracked();
    let tr = move |k| t(lang, k);
    let keeps_team = use_me().is_some_and(|m| role_may(m.role, Action::ManageSavedReplies));
    let reload = RwSignal::new(0u32);
    // Made once, in the page body (see ARCHITECTURE.md, "Hydration").
    let data = Resource::new(move || reload.get(), |_| saved_replies());
    let open = RwSignal::new(None::<Open>);
    let close = Callback::new(move |()| open.set(None));
    let done = Callback::new(move |()| {
        open.set(None);
        reload.update(|n| *n += 1);
    });
    let section = move |scope: Scope, all: &[Choice]| {
        let mine: Vec<Choice> = all.iter().filter(|c| c.scope == scope).cloned().collect();
        let editable = scope == Scope::Personal || keeps_team;
        let (title, hint) = match scope {
            Scope::Personal => (Key::RepliesMine, Key::RepliesMineHint),
            Scope::Team => (Key::RepliesTeam, Key::RepliesTeamHint),
        };
        let rows = if mine.is_empty() {
            view! { <Notice tone=NoticeTone::Info plain=true class="p-4">{tr(Key::RepliesNone)}</Notice> }.into_any()
        } else {
            view! {
                <ul class="divide-y divide-slate-100" aria-label=tr(title)>
                    {mine.into_iter().map(|c| {
                        let (e, d) = (c.clone(), c.clone());
                        let named = |k: Key| format!("{} /{}", t(lang, k), c.shortcut);
                        view! {
                            <li class="flex flex-wrap items-start justify-between gap-2 px-4 py-3" aria-label=format!("/{}", c.shortcut)>
                                <div class="min-w-0 flex-1">
                                    <p class="flex flex-wrap items-baseline gap-2">
                                        <span class="font-mono text-sm font-semibold text-indigo-700">{format!("/{}", c.shortcut)}</span>
                                        <span class="font-medium text-slate-800">{c.title.clone()}</span>
                                        <span class="text-xs tabular-nums text-slate-500">{fill(lang, Key::RepliesUses, c.uses, "")}</span>
                                    </p>
                                    <p class="mt-1 whitespace-pre-line text-sm text-slate-600">{c.text.clone()}</p>
                                    {c.file.clone().map(|f| view! { <FileLine lang file=f /> })}
                                </div>
                                {editable.then(|| view! {
                                    <span class="flex gap-1.5">
                                        <Button size=Size::Xs label=named(Key::Edit) on_click=move |_| open.set(Some(Open::Edit(scope, Some(e.clone()))))>{tr(Key::Edit)}</Button>
                                        <Button size=Size::Xs tone=Tone::DangerOutline label=named(Key::Delete) on_click=move |_| open.set(Some(Open::Delete(d.clone())))>{tr(Key::Delete)}</Button>
                                    </span>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        };
        view! {
            <section class="mt-6 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label=tr(title)>
                <header class="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
                    <div>
                        <h2 class="font-semibold">{tr(title)}</h2>
                        <p class="text-xs text-slate-500">{tr(hint)}</p>
                    </div>
                    {editable.then(|| view! {
                        <Button size=Size::Sm tone=Tone::Primary label=format!("{} · {}", tr(Key::RepliesNew), tr(title))
                            on_click=move |_| open.set(Some(Open::Edit(scope, None)))>{tr(Key::RepliesNew)}</Button>
                    })}
                </header>
                {rows}
            </section>
        }
    };
    view! {
        <main class="mx-auto max-w-3xl px-4 py-10 sm:px-6">
            <a href="/inbox/pending-human" class="text-sm text-indigo-600 hover:underline">"← "{tr(Key::BackToInbox)}</a>
            <h1 class="mt-4 text-2xl font-semibold">{tr(Key::SavedReplies)}</h1>
            <p class="mt-1 max-w-2xl text-sm text-slate-500">{tr(Key::RepliesHint)}</p>
            <Transition fallback=move || view! { <p class="mt-6 text-sm text-slate-500">{tr(Key::Loading)}</p> }>
                {move || data.get().map(|r| match r {
                    Ok(all) => view! { {section(Scope::Personal, &all)} {section(Scope::Team, &all)} }.into_any(),
                    Err(error) => {
                        answer_with(&error);
                        view! { <ErrorNotice error class="mt-6" /> }.into_any()
                    }
                })}
            </Transition>
            {move || open.get().map(|o| match o {
                Open::Edit(scope, reply) => view! { <ReplyDialog lang scope reply on_close=close on_saved=done /> }.into_any(),
                Open::Delete(reply) => {
                    let (scope, id) = (reply.scope, reply.id);
                    view! {
                        <ConfirmDialog title_id="reply-delete-title" title=t(lang, Key::RepliesDelete)
                            hint=format!("/{}", reply.shortcut) confirm=t(lang, Key::Delete) tone=Tone::Danger
                            run=move || delete_saved_reply(scope, id) on_close=close on_done=done>
                            <p>{fill(lang, Key::RepliesDeleteQuestion, "", &reply.title)}</p>
                        </ConfirmDialog>
                    }
                    .into_any()
                }
            })}
        </main>
    }
}

#[component]
fn ReplyDialog(
    lang: Lang,
    scope: Scope,
    reply: Option<Choice>,
    on_close: Callback<()>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let id = reply.as_ref().map(|r| r.id);
    let title = RwSignal::new(reply.as_ref().map(|r| r.title.clone()).unwrap_or_default());
    let shortcut = RwSignal::new(
        reply
            .as_ref()
            .map(|r| r.shortcut.clone())
            .unwrap_or_default(),
    );
    let had_file = reply.as_ref().and_then(|r| r.file.clone());
    let text = RwSignal::new(reply.map(|r| r.text).unwrap_or_default());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let area = NodeRef::<leptos::html::Textarea>::new();
    // The reply once saved: a file refused after it is tried again on the same reply.
    let saved_id = RwSignal::new(id);
    let file = FileField::new(had_file);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let draft = Draft {
            title: title.get_untracked(),
            shortcut: shortcut.get_untracked(),
            text: text.get_untracked(),
        };
        spawn_local(async move {
            let saved = match save_saved_reply(scope, saved_id.get_untracked(), draft).await {
                Ok(id) => id,
                Err(e) => {
                    error.try_set(Some(e));
                    busy.try_set(false);
                    return;
                }
            };
            saved_id.try_set(Some(saved));
            error.try_set(None);
            match file.store(lang, scope, saved).await {
                Ok(()) => on_saved.run(()),
                Err(refusal) => {
                    let said = format!("{}{refusal}", t(lang, Key::RepliesFileFailed));
                    file.refused.try_set(Some(said));
                    busy.try_set(false);
                }
            }
        });
    };
    // A placeholder goes in where the caret is.
    let put = move |p: &'static str| {
        let Some(el) = area.get_untracked() else {
            return;
        };
        let at = caret(&el, &el.value());
        let now = replace_text(&el, at..at, p);
        text.set(now);
    };
    // Closed after the reply was saved but its file refused, the list shows the reply.
    let on_close = Callback::new(move |()| {
        if saved_id.get_untracked().is_some() && file.refused.with_untracked(Option::is_some) {
            on_saved.run(())
        } else {
            on_close.run(())
        }
    });
    Effect::new(move |_| focus("reply-title"));
    let heading = tr(match (id.is_some(), scope) {
        (false, Scope::Personal) => Key::RepliesNewMine,
        (false, Scope::Team) => Key::RepliesNewTeam,
        (true, _) => Key::RepliesEdit,
    });
    view! {
        <Dialog title_id="reply-edit-title" title=heading.to_owned() on_close closable=true>
            <form on:submit=save class="contents">
                <DialogBody>
                    <div>
                        <label for="reply-title" class=LABEL_SM>{tr(Key::RepliesTitleField)}</label>
                        <input id="reply-title" class=FIELD_SM autocomplete="off" maxlength="80"
                            prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                        {refusal_under(error, &["title"])}
                    </div>
                    <div class="mt-3">
                        <label for="reply-shortcut" class=LABEL_SM>{tr(Key::RepliesShortcutField)}</label>
                        <div class="relative">
                            <span class="pointer-events-none absolute left-2 top-1/2 mt-0.5 -translate-y-1/2 font-mono text-sm text-slate-500" aria-hidden="true">"/"</span>
                            <input id="reply-shortcut" class=format!("{FIELD_SM} pl-5 font-mono") autocomplete="off" maxlength="40"
                                aria-describedby="reply-shortcut-hint"
                                prop:value=move || shortcut.get() on:input=move |ev| shortcut.set(event_target_value(&ev)) />
                        </div>
                        <p id="reply-shortcut-hint" class="mt-1 text-xs text-slate-500">{tr(Key::RepliesShortcutHint)}</p>
                        {refusal_under(error, &["shortcut"])}
                    </div>
                    <div class="mt-3">
                        <label for="reply-text" class=LABEL_SM>{tr(Key::RepliesTextField)}</label>
                        <textarea id="reply-text" node_ref=area rows="5" class=format!("{FIELD_SM} resize-y") maxlength="4000"
                            prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                        <div class="mt-1 flex flex-wrap items-center gap-1.5" role="group" aria-label=tr(Key::RepliesPlaceholders)>
                            <span class="text-xs text-slate-500">{tr(Key::RepliesPlaceholders)}</span>
                            {PLACEHOLDERS.iter().map(|p| view! {
                                <Button size=Size::Xs tone=Tone::Quiet on_click=move |_| put(p)>{*p}</Button>
                            }).collect_view()}
                        </div>
                        {refusal_under(error, &["text"])}
                    </div>
                    {file.view(lang)}
                    {refusal_elsewhere(error, FIELDS)}
                </DialogBody>
                <DialogFooter>
                    <Button on_click=move |_| on_close.run(())>{tr(Key::Cancel)}</Button>
                    <Button submit=true tone=Tone::Primary disabled=busy>{tr(Key::Save)}</Button>
                </DialogFooter>
            </form>
        </Dialog>
    }
}

/// A saved reply's file as its row shows it.
#[component]
fn FileLine(lang: Lang, file: SavedFile) -> impl IntoView {
    view! {
        <p class="mt-1.5 inline-flex max-w-full items-center gap-1.5 rounded-md bg-slate-50 px-2 py-1 text-xs text-slate-700 ring-1 ring-slate-200" data-saved-file="">
            {crate::ui::kit::icons::paperclip("h-3.5 w-3.5 shrink-0")}
            <span class="sr-only">{t(lang, Key::ComposerFile)}</span>
            <span class="truncate font-medium">{file.name}</span>
            <span class="shrink-0 tabular-nums text-slate-500">{file_size(file.size)}</span>
        </p>
    }
}

/// The dialog's file: the one the reply keeps (until removed), or one picked to replace it,
/// stored once the reply itself is saved.
#[derive(Clone, Copy)]
struct FileField {
    /// The file the reply keeps now (none once removed in the dialog).
    kept: RwSignal<Option<SavedFile>>,
    /// Whether the reply had a file when the dialog opened.
    had: bool,
    /// The name and size of the file picked (its bytes stay in the input).
    picked: RwSignal<Option<SavedFile>>,
    input: NodeRef<leptos::html::Input>,
    /// Why the file was not stored, in the member's words.
    refused: RwSignal<Option<String>>,
    /// While the picked file goes up.
    sending: RwSignal<bool>,
}

impl FileField {
    fn new(had: Option<SavedFile>) -> FileField {
        FileField {
            had: had.is_some(),
            kept: RwSignal::new(had),
            picked: RwSignal::new(None),
            input: NodeRef::new(),
            refused: RwSignal::new(None),
            sending: RwSignal::new(false),
        }
    }

    /// Uploads the picked file to reply `id`, or takes the removed one away.
    async fn store(self, lang: Lang, scope: Scope, id: i64) -> Result<(), String> {
        if self.picked.with_untracked(Option::is_some) {
            return self.upload(lang, scope, id).await;
        }
        if self.had && self.kept.with_untracked(Option::is_none) {
            return remove_saved_reply_file(scope, id)
                .await
                .map_err(|e| e.message().to_owned());
        }
        Ok(())
    }

    async fn upload(self, lang: Lang, scope: Scope, id: i64) -> Result<(), String> {
        #[cfg(feature = "hydrate")]
        {
            let file = self
                .input
                .get_untracked()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0))
                .ok_or_else(|| t(lang, Key::ServerUnreachable).to_owned())?;
            let url = format!("/replies/{}/{id}/file", scope.as_str());
            self.sending.set(true);
            let answer = crate::ui::kit::browser::post_file(&url, &file).await;
            self.sending.try_set(false);
            let answer = answer
                .map_err(|r| r.unwrap_or_else(|| t(lang, Key::ServerUnreachable).to_owned()))?;
            let stored = serde_json::from_str::<SavedFile>(&answer).ok();
            self.kept.try_set(stored);
            self.picked.try_set(None);
            Ok(())
        }
        #[cfg(not(feature = "hydrate"))]
        {
            let _ = (lang, scope, id);
            Ok(())
        }
    }

    /// A file picked: checked for size here (the server checks again).
    fn picked(self, lang: Lang, ev: leptos::ev::Event) {
        #[cfg(feature = "hydrate")]
        {
            use crate::domain::input::InputError;
            use crate::domain::media::MAX_UPLOAD_BYTES;
            let input: web_sys::HtmlInputElement = event_target(&ev);
            self.refused.set(None);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                self.picked.set(None);
                return;
            };
            if file.size() > MAX_UPLOAD_BYTES as f64 {
                input.set_value("");
                self.picked.set(None);
                let e = InputError::TooBig {
                    field: "file",
                    max_bytes: MAX_UPLOAD_BYTES,
                };
                self.refused.set(Some(crate::i18n::input_message(lang, e)));
                return;
            }
            self.picked.set(Some(SavedFile {
                name: file.name(),
                size: file.size() as i64,
            }));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (lang, ev);
    }

    /// Leaves out the picked file, else the kept one.
    fn remove(self) {
        if self.picked.with_untracked(Option::is_some) {
            if let Some(input) = self.input.get_untracked() {
                input.set_value("");
            }
            self.picked.set(None);
        } else {
            self.kept.set(None);
        }
    }

    fn view(self, lang: Lang) -> impl IntoView {
        let tr = move |k| t(lang, k);
        let shown = move || self.picked.get().or_else(|| self.kept.get());
        view! {
            <div class="mt-3">
                <p class=LABEL_SM id="reply-file-label">{tr(Key::RepliesFileField)}</p>
                <div class="flex flex-wrap items-center gap-2" role="group" aria-labelledby="reply-file-label">
                    {move || match shown() {
                        Some(f) => view! {
                            <FileLine lang file=f />
                            <Button size=Size::Xs tone=Tone::Quiet on_click=move |_| self.remove()>{tr(Key::RepliesFileRemove)}</Button>
                        }.into_any(),
                        None => view! { <span class="text-sm text-slate-600">{tr(Key::RepliesFileNone)}</span> }.into_any(),
                    }}
                    // The label is the button: it opens the file picker.
                    <label for="reply-file" class="inline-flex cursor-pointer items-center gap-1.5 rounded-md bg-white px-2.5 py-1 text-xs font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500">
                        {crate::ui::kit::icons::paperclip("h-3.5 w-3.5")}
                        {move || tr(if shown().is_some() { Key::RepliesFileReplace } else { Key::RepliesFileChoose })}
                        <input id="reply-file" type="file" class="sr-only" node_ref=self.input
                            aria-describedby="reply-file-hint" on:change=move |ev| self.picked(lang, ev) />
                    </label>
                </div>
                <p id="reply-file-hint" class="mt-1 text-xs text-slate-500">{tr(Key::RepliesFileHint)}</p>
                {move || self.sending.get().then(|| view! {
                    <p class="mt-1 text-xs text-slate-600" role="status">{tr(Key::RepliesFileSaving)}</p>
                })}
                {move || self.refused.get().map(|r| view! { <Notice plain=true class="mt-1">{r}</Notice> })}
            </div>
        }
    }
}
