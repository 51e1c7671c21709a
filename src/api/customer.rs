//! The customer of a conversation: their profile beside the thread, and editing it.
//!
//! The customer is always reached through a conversation the member may see, so a
//! conversation id from another workspace or out of sight answers "not found" and changes
//! nothing. Called over HTTP, these functions also set the status of their refusals (422 for
//! a bad field, 404, 403, …), so callers other than our UI can tell them apart.

use super::error::AppError;
use super::types::ProfilePanel;
use crate::domain::ConversationId;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    use super::AppError;
    use crate::api::ctx;
    use crate::api::types::ProfilePanel;
    use crate::domain::permission::ConvFacts;
    use crate::domain::profile::may_edit;
    use crate::domain::{ConversationId, Lang};
    use crate::i18n::{t, Key};
    use crate::server::db::{SessionMember, Store};
    use crate::server::service::{visible, ChangeError};

    pub fn not_found(lang: Lang) -> AppError {
        AppError::NotFound(t(lang, Key::ConversationNotFound).into())
    }

    /// The conversation's facts, if the member may see it.
    pub async fn seen(
        store: &Store,
        m: &SessionMember,
        id: ConversationId,
    ) -> Result<ConvFacts, AppError> {
        match visible(store, m, id).await {
            Ok(rec) => Ok(rec.facts),
            Err(ChangeError::NotFound) => Err(not_found(m.lang)),
            Err(e) => Err(ctx::internal(m.lang, e)),
        }
    }

    /// The panel of conversation `id`, whose facts the member was allowed to see.
    pub async fn panel(
        store: &Store,
        m: &SessionMember,
        id: ConversationId,
        facts: &ConvFacts,
    ) -> Result<ProfilePanel, AppError> {
        let lang = m.lang;
        let ws = m.workspace_id;
        let internal = |e| ctx::internal(lang, e);
        let customer = store.customer_of(ws, id).await.map_err(internal)?;
        let customer = customer.ok_or_else(|| not_found(lang))?;
        let profile = store
            .customer_profile(ws, customer)
            .await
            .map_err(internal)?;
        let profile = profile.ok_or_else(|| not_found(lang))?;
        let workspace_tags = store.workspace_tags(ws).await.map_err(internal)?;
        Ok(ProfilePanel {
            profile,
            workspace_tags,
            editable: may_edit(&m.actor(), facts).is_ok(),
        })
    }

    /// Sets the response status that goes with `e` when answering the server function's own
    /// request (not a page rendering it on the server), and passes it on.
    pub fn with_status(e: AppError) -> AppError {
        let own_request = leptos::prelude::use_context::<http::request::Parts>()
            .is_some_and(|p| p.uri.path().starts_with("/api/"));
        if !own_request {
            return e;
        }
        use http::StatusCode;
        let status = match &e {
            AppError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        if let Some(res) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(status);
        }
        e
    }
}

/// The profile of the customer of conversation `conversation_id`, the workspace's tags to pick
/// from, and whether the member may edit it.
#[server(prefix = "/api", endpoint = "customer_profile")]
pub async fn customer_profile(conversation_id: ConversationId) -> Result<ProfilePanel, AppError> {
    use super::ctx;
    async {
        let m = ctx::member().await?;
        let store = ctx::state()?.store;
        let facts = ssr::seen(&store, &m, conversation_id).await?;
        ssr::panel(&store, &m, conversation_id, &facts).await
    }
    .await
    .map_err(ssr::with_status)
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
    use super::ctx;
    use crate::domain::profile::{existing_spelling, may_edit, validate, ProfileInput};
    use crate::server::db::DbError;
    async {
        let m = ctx::member().await?;
        let lang = m.lang;
        let ws = m.workspace_id;
        let store = ctx::state()?.store;
        let facts = ssr::seen(&store, &m, conversation_id).await?;
        may_edit(&m.actor(), &facts).map_err(|d| AppError::Forbidden(d.reason(lang).into()))?;
        let input = ProfileInput {
            name,
            phone,
            email,
            note,
            tags,
        };
        let mut edit = validate(&input).map_err(|errors| {
            let first = errors[0];
            AppError::Invalid {
                field: Some(first.field().as_str().into()),
                message: first.reason(lang).into(),
            }
        })?;
        // "vip" is the workspace's "VIP", not a second tag.
        let known = store
            .workspace_tags(ws)
            .await
            .map_err(|e| ctx::internal(lang, e))?;
        for tag in &mut edit.tags {
            *tag = existing_spelling(tag, &known);
        }
        let customer = store
            .customer_of(ws, conversation_id)
            .await
            .map_err(|e| ctx::internal(lang, e))?
            .ok_or_else(|| ssr::not_found(lang))?;
        let now = crate::server::auth::now_millis();
        match store.save_customer_profile(ws, customer, &edit, now).await {
            Ok(()) => {}
            Err(DbError::NotFound) => return Err(ssr::not_found(lang)),
            Err(e) => return Err(ctx::internal(lang, e)),
        }
        ssr::panel(&store, &m, conversation_id, &facts).await
    }
    .await
    .map_err(ssr::with_status)
}
