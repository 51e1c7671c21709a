//! Sending a file from the composer: the browser posts the file's bytes to
//! `/conversations/{id}/files` (the server's `api::upload`), its name percent-encoded in
//! `X-File-Name`. The server render never sends.

#[cfg(feature = "hydrate")]
use crate::{domain::ConversationId, wire::AppError};

/// Posts `file` as a reply to the customer. On failure: the server's refusal, already in the
/// member's language, or `None` when the server could not be reached.
#[cfg(feature = "hydrate")]
pub async fn send(id: ConversationId, file: web_sys::File) -> Result<(), Option<String>> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let name: String = js_sys::encode_uri_component(&file.name()).into();
    let headers = web_sys::Headers::new().map_err(|_| None)?;
    headers.set("x-file-name", &name).map_err(|_| None)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&file);
    init.set_headers(&headers);
    let window = web_sys::window().ok_or(None)?;
    let url = format!("/conversations/{id}/files");
    let answer = JsFuture::from(window.fetch_with_str_and_init(&url, &init))
        .await
        .map_err(|_| None)?;
    let answer: web_sys::Response = answer.dyn_into().map_err(|_| None)?;
    if answer.ok() {
        return Ok(());
    }
    let text = match answer.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string()),
        Err(_) => None,
    };
    Err(text.and_then(|t| {
        serde_json::from_str::<AppError>(&t)
            .ok()
            .map(|e| e.message().to_owned())
    }))
}
