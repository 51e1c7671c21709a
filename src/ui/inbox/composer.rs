//! The composer under a thread: a reply to the customer, or an internal note (visibly
//! different; never sent). What is typed is kept as a draft (`draft`) until it is sent. A
//! file goes out as soon as it is picked; a saved reply's file waits beside the text and goes
//! after it.

use crate::api::conversation::{follow_up_and_send, send_message};
use crate::api::inbox::set_send_on_enter;
use crate::api::saved_replies::send_saved_reply_file;
use crate::domain::actions::ReplyRefused;
use crate::domain::saved_reply::SavedFile;
use crate::domain::shortcuts::{enter_sends, Press, Shortcut};
use crate::domain::{ConversationId, MemberId};
use crate::i18n::{t, Key};
use crate::ui::inbox::draft;
use crate::ui::inbox::saved_picker::{Names, Picker, LIST_ID};
use crate::ui::kit::phone::{narrow_hidden, no_zoom, touch, touch_icon};
use crate::ui::kit::Notice;
use crate::ui::page::{use_lang, use_me, use_refresh, use_send_on_enter};
use crate::wire::Compose;
use leptos::prelude::*;

/// Reply to the customer, or write an internal note (visibly different; never sent).
#[component]
pub fn Composer(
    id: ConversationId,
    refused: Option<ReplyRefused>,
    /// How long the platform lets a reply go out.
    window: crate::domain::window::Window,
    /// The clock of `window`.
    now: crate::domain::Millis,
    note_mode: RwSignal<bool>,
    /// Why the last send or file was refused: kept by the pane, so a live change that draws
    /// the composer again does not wipe it.
    error: RwSignal<Option<String>>,
    /// The customer's name, for a saved reply's `{customer.name}`.
    customer: String,
    /// The version of a pending conversation the member may follow up: a reply then follows
    /// it up as it goes ("Follow up and send").
    follow_up: Option<i64>,
) -> impl IntoView {
    let follow_up = follow_up.filter(|_| refused == Some(ReplyRefused::NotFollowedUp));
    let refused = refused.filter(|_| follow_up.is_none());
    let send_on_enter = use_send_on_enter();
    // Opening a conversation puts the cursor here (on a wide screen).
    Effect::new(move |_| super::keys::focus_composer_on_open(id));
    let closes = window.closes_at().filter(|_| refused.is_none());
    let lang = use_lang();
    let tr = move |k| t(lang.get(), k);
    let refresh = use_refresh();
    // When the member may not reply, only notes are possible.
    let note = Signal::derive(move || note_mode.get() || refused.is_some());
    let me = use_me();
    let member = me.as_ref().map_or(MemberId(0), |me| me.member_id);
    let text = RwSignal::new(String::new());
    // The draft kept in this browser comes back once the page runs (the server render has none).
    Effect::new(move |_| {
        if let Some(draft) = draft::load(member, id) {
            text.set(draft);
        }
    });
    // A pane drawn again while the member writes (a live change) keeps them writing.
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| focus::restore(id, area));
    // What the member writes, kept as the draft: typed, or a saved reply put in.
    let write = move |value: String| {
        draft::save(member, id, &value);
        text.set(value);
        super::presence::typed(id);
    };
    let names = Names {
        customer,
        member: me.as_ref().map(|m| m.name.clone()).unwrap_or_default(),
        workspace: me.map(|m| m.workspace_name).unwrap_or_default(),
    };
    // A saved reply's file put in with its text: sent after it (a reply only), kept with the
    // draft.
    let attached = RwSignal::new(None::<(i64, SavedFile)>);
    Effect::new(move |_| attached.set(draft::load_file(member, id)));
    let attach = move |file: Option<(i64, SavedFile)>| {
        draft::save_file(member, id, file.as_ref());
        attached.set(file);
    };
    let picker = Picker::new(
        area,
        names,
        Callback::new(write),
        Callback::new(move |file| attach(Some(file))),
    );
    let sending = RwSignal::new(false);
    let uploading = RwSignal::new(false);
    // Drawn again by a live change while a reply or a file is on its way, the composer would
    // forget both; the pane waits for them instead. (Its refusal lives in the pane.)
    super::pane::hold_while(move || sending.get() || uploading.get());
    let empty = move || text.with(|t| t.trim().is_empty());
    // The file alone may go, except where the text must follow the conversation up first.
    let file_goes = move || !note.get() && follow_up.is_none() && attached.with(Option::is_some);
    let nothing = move || empty() && !file_goes();
    // A file goes out as soon as it is picked, as its own reply.
    let picked = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use crate::domain::input::InputError;
            use crate::domain::media::MAX_UPLOAD_BYTES;
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            // Picking the same file again is a new send.
            input.set_value("");
            if uploading.get_untracked() {
                return;
            }
            if file.size() > MAX_UPLOAD_BYTES as f64 {
                let e = InputError::TooBig {
                    field: "file",
                    max_bytes: MAX_UPLOAD_BYTES,
                };
                error.set(Some(crate::i18n::input_message(lang.get_untracked(), e)));
                return;
            }
            uploading.set(true);
            error.set(None);
            leptos::task::spawn_local(async move {
                let url = format!("/conversations/{id}/files");
                match crate::ui::kit::browser::post_file(&url, &file).await {
                    Ok(_) => refresh.bump(),
                    Err(refusal) => {
                        error.try_set(Some(refusal.unwrap_or_else(|| {
                            t(lang.get_untracked(), Key::ServerUnreachable).to_owned()
                        })));
                    }
                }
                uploading.try_set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let send = move || {
        if sending.get_untracked() || nothing() {
            return;
        }
        let kind = if note.get_untracked() {
            Compose::Note
        } else {
            Compose::Reply
        };
        let body = text.get_untracked();
        let file = attached.get_untracked().filter(|_| kind == Compose::Reply);
        sending.set(true);
        leptos::task::spawn_local(async move {
            // The text first; the file only once the text went (both judged by the server).
            let text_sent = if body.trim().is_empty() {
                Ok(())
            } else {
                let sent = match (kind, follow_up) {
                    (Compose::Reply, Some(version)) => follow_up_and_send(id, version, body).await,
                    _ => send_message(id, kind, body).await,
                };
                sent.map(|_| {
                    text.try_set(String::new());
                    draft::save(member, id, "");
                    super::presence::sent(id);
                })
            };
            let sent = match (text_sent, file) {
                (Ok(()), Some((reply, _))) => send_saved_reply_file(id, reply).await.map(|_| {
                    draft::save_file(member, id, None);
                    attached.try_set(None);
                }),
                (done, _) => done,
            };
            match sent {
                Ok(()) => {
                    error.try_set(None);
                }
                Err(e) => {
                    error.try_set(Some(e.message().to_owned()));
                }
            }
            refresh.bump();
            sending.try_set(false);
        });
    };
    let tab = move |is_note: bool, key: Key| {
        let disabled = !is_note && refused.is_some();
        view! {
            <button type="button" aria-pressed=move || (note.get() == is_note).to_string() disabled=disabled
                // Alt+M presses the mode that is not chosen (`ui::inbox::keys`).
                data-shortcut=move || (note.get() != is_note).then_some(Shortcut::ToggleNote.slug())
                aria-keyshortcuts=Shortcut::ToggleNote.keys()
                title=move || if disabled { refused.map(|r| r.reason(lang.get()).to_owned()) } else { None }
                on:click=move |_| note_mode.set(is_note)
                class=concat!("whitespace-nowrap rounded-md px-2.5 py-1 text-sm text-slate-500 hover:text-slate-900 disabled:opacity-40 aria-pressed:bg-slate-100 aria-pressed:font-medium aria-pressed:text-slate-900 ", touch!(), "")>
                {move || tr(key)}
            </button>
        }
    };
    view! {
        <form class="border-t border-slate-200 bg-white p-3 max-lg:p-2" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <div class="mb-2 flex items-center gap-1 max-lg:flex-wrap">
                {tab(false, Key::Reply)}
                {tab(true, Key::Note)}
                {refused.map(|r| view! { <p class="ml-2 text-xs text-slate-500" data-refused="">{move || r.reason(lang.get())}</p> })}
                {closes.map(|until| view! {
                    <p class="ml-auto whitespace-nowrap text-xs text-slate-500" data-window="">
                        {move || crate::i18n::window_left(lang.get(), until - now)}
                    </p>
                })}
            </div>
            <label for="composer" class="sr-only">{move || tr(Key::MessageText)}</label>
            <div class="relative">
            {picker.view()}
            <textarea id="composer" rows="3" node_ref=area prop:value=move || text.get()
                aria-autocomplete="list" aria-haspopup="listbox" aria-controls=LIST_ID
                aria-activedescendant=move || picker.active_id()
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    picker.typed(&value);
                    write(value);
                }
                on:click=move |_| picker.typed(&text.get_untracked())
                on:focus=move |_| focus::took(id)
                on:blur=move |ev| { picker.close(); focus::left(&ev) }
                on:keydown=move |ev| {
                    if picker.key(&ev) {
                        ev.prevent_default();
                    } else {
                        let key = ev.key();
                        let press = Press {
                            key: &key,
                            ctrl: ev.ctrl_key(),
                            meta: ev.meta_key(),
                            shift: ev.shift_key(),
                            alt: ev.alt_key(),
                            composing: ev.is_composing(),
                            typing: true,
                            code: "",
                        };
                        if enter_sends(&press, send_on_enter.get_untracked()) {
                            ev.prevent_default();
                            send();
                        }
                    }
                }
                placeholder=move || tr(if note.get() {
                    Key::NotePlaceholder
                } else if send_on_enter.get() {
                    Key::ReplyPlaceholderEnter
                } else {
                    Key::ReplyPlaceholder
                })
                class=concat!("block w-full resize-none rounded-lg border px-3 py-2 text-sm focus:outline-none focus:ring-2 ", no_zoom!())
                class:border-slate-300=move || !note.get() class:focus:ring-indigo-500=move || !note.get()
                class:bg-amber-50=move || note.get() class:border-amber-300=move || note.get() class:focus:ring-amber-400=move || note.get()></textarea>
            </div>
            {move || attached.get().map(|(_, f)| view! { <SavedFileChip file=f note drop=Callback::new(move |()| attach(None)) /> })}
            {move || error.get().map(|e| view! { <Notice plain=true class="mt-2">{e}</Notice> })}
            <div class="mt-2 flex items-center justify-end gap-2">
                <Show when=move || !note.get() && follow_up.is_none()>
                    <label data-attach="" title=move || tr(Key::AttachFile)
                        class=concat!("mr-auto inline-flex cursor-pointer items-center gap-1.5 rounded-lg px-2 py-1.5 text-sm text-slate-500 hover:bg-slate-100 hover:text-slate-900 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-indigo-500 ", touch!(), " max-lg:justify-center")
                        class:pointer-events-none=move || uploading.get() class:opacity-50=move || uploading.get()>
                        {crate::ui::kit::icons::paperclip("h-5 w-5")}
                        <span class="sr-only">{move || tr(Key::AttachFile)}</span>
                        {move || uploading.get().then(|| view! { <span class="text-xs">{tr(Key::SendingFile)}</span> })}
                        <input type="file" class="sr-only" disabled=move || uploading.get() on:change=picked/>
                    </label>
                </Show>
                <label title=move || tr(Key::SendOnEnterHint)
                    class=concat!("ml-auto flex cursor-pointer items-center gap-1.5 text-xs text-slate-600 ", narrow_hidden!())>
                    <input type="checkbox" class="h-3.5 w-3.5 rounded border-slate-400 accent-indigo-600"
                        prop:checked=move || send_on_enter.get()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            send_on_enter.set(on);
                            leptos::task::spawn_local(async move {
                                if set_send_on_enter(on).await.is_err() {
                                    send_on_enter.set(!on);
                                }
                            });
                        } />
                    {move || tr(Key::SendOnEnter)}
                </label>
                <button type="submit" disabled=move || sending.get() || nothing()
                    aria-keyshortcuts=move || if send_on_enter.get() { "Enter" } else { "Control+Enter" }
                    class=concat!("rounded-lg px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50 ", touch!(), "")
                    class:bg-indigo-600=move || !note.get() class:bg-amber-600=move || note.get()>
                    {move || tr(if note.get() {
                        Key::AddNote
                    } else if follow_up.is_some() {
                        Key::FollowUpAndSend
                    } else {
                        Key::Send
                    })}
                </button>
            </div>
        </form>
    }
}

/// A saved reply's file waiting beside the text: its name and size, and a button that leaves
/// it out. In note mode it says that it goes with a reply only.
#[component]
fn SavedFileChip(
    file: SavedFile,
    note: Signal<bool>,
    /// Leaves the file out.
    drop: Callback<()>,
) -> impl IntoView {
    let lang = crate::ui::page::use_lang();
    let tr = move |k| t(lang.get(), k);
    let size = crate::i18n::file_size(file.size);
    let name = file.name;
    let drop_label = {
        let name = name.clone();
        move || format!("{} {name}", tr(Key::ComposerFileDrop))
    };
    view! {
        <div class="mt-2 flex flex-wrap items-center gap-2 text-xs" data-saved-file="">
            <span class="inline-flex min-w-0 max-w-full items-center gap-1.5 rounded-md bg-slate-100 py-1 pl-2 pr-1 text-slate-700 ring-1 ring-slate-200"
                class:opacity-60=move || note.get()>
                {crate::ui::kit::icons::paperclip("h-3.5 w-3.5 shrink-0")}
                <span class="sr-only">{move || tr(Key::ComposerFile)}</span>
                <span class="truncate font-medium">{name}</span>
                <span class="shrink-0 tabular-nums text-slate-500">{size}</span>
                <button type="button" aria-label=drop_label title=move || tr(Key::ComposerFileDrop)
                    on:click=move |_| drop.run(())
                    class=concat!("grid h-5 w-5 shrink-0 place-items-center rounded text-slate-500 hover:bg-slate-200 hover:text-slate-900 ", touch_icon!())>
                    <span aria-hidden="true">"×"</span>
                </button>
            </span>
            {move || note.get().then(|| view! { <span class="text-slate-600">{tr(Key::ComposerFileNoteOnly)}</span> })}
        </div>
    }
}

/// Where the member was writing, so that a composer drawn again takes the focus back.
mod focus {
    use crate::domain::ConversationId;
    use leptos::prelude::*;

    #[cfg(feature = "hydrate")]
    thread_local! {
        static WRITING: std::cell::Cell<Option<ConversationId>> = const { std::cell::Cell::new(None) };
    }

    pub fn took(id: ConversationId) {
        #[cfg(feature = "hydrate")]
        WRITING.with(|w| w.set(Some(id)));
        #[cfg(not(feature = "hydrate"))]
        let _ = id;
    }

    /// Focus moved to something else (not merely lost with the composer drawn again).
    pub fn left(ev: &leptos::ev::FocusEvent) {
        #[cfg(feature = "hydrate")]
        if ev.related_target().is_some() {
            WRITING.with(|w| w.set(None));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    }

    pub fn restore(id: ConversationId, area: NodeRef<leptos::html::Textarea>) {
        #[cfg(feature = "hydrate")]
        {
            let lost = document()
                .active_element()
                .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
            if lost && WRITING.with(|w| w.get()) == Some(id) {
                if let Some(el) = area.get() {
                    let _ = el.focus();
                    let end = el.value().len() as u32;
                    let _ = el.set_selection_range(end, end);
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (id, area);
    }
}
