//! The live inbox's one server function: a page says which conversation it has open and
//! whether its member is typing there (the stream itself is `GET /events`, server only).

use crate::domain::ConversationId;
use crate::wire::{AppError, Viewer};
use leptos::prelude::*;

/// The member has conversation `id` open (`viewing`; false: closed it), typing or not; answers
/// who has it open now. Said again every 20 s while open, and at each pause in typing.
#[server(prefix = "/api", endpoint = "presence")]
pub async fn presence(
    id: ConversationId,
    viewing: bool,
    typing: bool,
) -> Result<Vec<Viewer>, AppError> {
    let hub = super::ctx::state()?.hub;
    super::ctx::for_member(|m, _store| async move { hub.say(&m, id, viewing, typing).await }).await
}
