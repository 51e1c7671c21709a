//! A picture a member uploads: their own avatar (the account page) or the workspace's logo
//! (the workspace page). The browser posts the file's bytes to `/pictures/avatar` or
//! `/pictures/logo` (the server's `api::picture`, too big for `/api/`) and reads `{"url": …}`
//! or the refusal; removing goes through `remove_avatar` / `remove_logo`. The server render
//! never sends.

use crate::api::workspace::{remove_avatar, remove_logo};
use crate::domain::Lang;
use crate::i18n::{t, Key};
use crate::ui::kit::{Button, Notice, NoticeTone, Size, Tone};
use leptos::prelude::*;

/// What the picture is: where it goes and how it is removed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureKind {
    Avatar,
    Logo,
}

impl PictureKind {
    #[cfg(feature = "hydrate")]
    fn path(self) -> &'static str {
        match self {
            PictureKind::Avatar => "/pictures/avatar",
            PictureKind::Logo => "/pictures/logo",
        }
    }
}

/// Posts `file` to `path`: the picture's address, or the refusal.
#[cfg(feature = "hydrate")]
async fn post(path: &str, file: web_sys::File) -> Result<String, Option<String>> {
    #[derive(serde::Deserialize)]
    struct Uploaded {
        url: String,
    }
    let text = crate::ui::kit::browser::post_file(path, &file).await?;
    serde_json::from_str::<Uploaded>(&text)
        .map(|u| u.url)
        .map_err(|_| None)
}

/// The picture (or `fallback` where there is none), a button that picks a file and uploads it,
/// and one that removes the picture. `url` follows what was uploaded or removed.
#[component]
pub fn PictureEditor(
    lang: Lang,
    kind: PictureKind,
    url: RwSignal<Option<String>>,
    /// The picture's accessible name ("Your picture", "Logo").
    alt: Key,
    /// What shows where there is no picture (initials).
    #[prop(into)]
    fallback: ViewFn,
) -> impl IntoView {
    let tr = move |k| t(lang, k);
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(None::<Key>);
    let busy = RwSignal::new(false);
    let input_id = match kind {
        PictureKind::Avatar => "avatar-file",
        PictureKind::Logo => "logo-file",
    };
    let picked = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            busy.set(true);
            error.set(None);
            done.set(None);
            leptos::task::spawn_local(async move {
                match post(kind.path(), file).await {
                    Ok(u) => {
                        url.try_set(Some(u));
                        done.try_set(Some(Key::PictureSaved));
                    }
                    Err(refusal) => {
                        error.try_set(Some(
                            refusal.unwrap_or_else(|| t(lang, Key::PictureFailed).to_owned()),
                        ));
                    }
                }
                busy.try_set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    let remove = move |_| {
        busy.set(true);
        error.set(None);
        done.set(None);
        leptos::task::spawn_local(async move {
            let r = match kind {
                PictureKind::Avatar => remove_avatar().await,
                PictureKind::Logo => remove_logo().await,
            };
            match r {
                Ok(()) => {
                    url.try_set(None);
                    done.try_set(Some(Key::PictureRemoved));
                }
                Err(e) => {
                    error.try_set(Some(e.message().to_owned()));
                }
            }
            busy.try_set(false);
        });
    };
    let remove_label = match kind {
        PictureKind::Avatar => Key::UseInitials,
        PictureKind::Logo => Key::RemoveLogo,
    };
    let shape = match kind {
        PictureKind::Avatar => "h-16 w-16 rounded-full",
        PictureKind::Logo => "h-16 w-16 rounded-lg",
    };
    view! {
        <div class="flex flex-wrap items-center gap-4">
            {move || match url.get() {
                Some(src) => view! { <img src=src alt=tr(alt) class=format!("{shape} shrink-0 bg-slate-100 object-cover ring-1 ring-slate-200") /> }.into_any(),
                None => view! { <span class=format!("{shape} grid shrink-0 place-items-center bg-slate-50 ring-1 ring-slate-200")>{fallback.run()}</span> }.into_any(),
            }}
            <div class="flex flex-wrap items-center gap-2">
                // The label is the button: it opens the file picker.
                <label for=input_id class="inline-flex cursor-pointer items-center rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus-within:ring-2 focus-within:ring-indigo-400">
                    {move || if busy.get() { tr(Key::Uploading) } else { tr(Key::UploadPicture) }}
                    <input id=input_id type="file" accept="image/png,image/jpeg,image/gif,image/webp" class="sr-only"
                        disabled=move || busy.get() on:change=picked />
                </label>
                {move || url.with(|u| u.is_some()).then(|| view! {
                    <Button size=Size::Sm tone=Tone::Secondary disabled=busy on_click=remove>{tr(remove_label)}</Button>
                })}
            </div>
        </div>
        <p class="mt-2 text-xs text-slate-500">{tr(Key::PictureRules)}</p>
        {move || error.get().map(|e| view! { <Notice class="mt-2">{e}</Notice> })}
        {move || done.get().map(|k| view! { <Notice tone=NoticeTone::Success plain=true class="mt-2">{tr(k)}</Notice> })}
    }
}
