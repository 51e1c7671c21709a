//! The customer of a conversation: their profile beside the thread, and editing it.

use crate::domain::ConversationId;
use crate::wire::{AppError, ProfilePanel};
use leptos::prelude::*;

/// The profile of the customer of conversation `conversation_id`, the workspace's tags to pick
/// from, and whether the member may edit it.
#[server(prefix = "/api", endpoint = "customer_profile")]
pub async fn customer_profile(conversation_id: ConversationId) -> Result<ProfilePanel, AppError> {
    use crate::server::service::customer;
    super::ctx::for_member(
        |m, store| async move { customer::panel(&store, &m, conversation_id).await },
    )
    .await
}

/// Saves an edit of the profile of the customer of conversation `conversation_id`: name,
/// phone, email, note and the whole tag set (new tag names join the workspace's tags). A bad
/// field is refused with `AppError::Invalid { field }` in the member's language, and nothing
/// changes. Answers the profile as saved.
#[server(prefix = "/api", endpoint = "save_customer_profile")]
pub async fn save_customer_profile(
    conversation_id: ConversationId,
    name: String,
    #[server(default)] phone: String,
    #[server(default)] email: String,
    #[server(default)] note: String,
    #[server(default)] tags: Vec<String>,
) -> Result<ProfilePanel, AppError> {
    use crate::domain::profile::ProfileInput;
    use crate::server::{auth::now_millis, service::customer};
    super::ctx::for_member(|m, store| async move {
        let input = ProfileInput {
            name,
            phone,
            email,
            note,
            tags,
        };
        customer::save(&store, &m, conversation_id, &input, now_millis()).await
    })
    .await
}
