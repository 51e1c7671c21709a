//! The customer of a conversation: their profile beside the thread, and editing it. The
//! customer is always reached through a conversation the member may see, so an id from another
//! workspace or out of sight answers "not found" and changes nothing.

use super::conversation::visible;
use super::{Missing, ServiceError};
use crate::domain::permission::{scope, ConvFacts};
use crate::domain::profile::{existing_spelling, may_edit, validate, within_bounds, ProfileInput};
use crate::domain::{ConversationId, CustomerId, Millis};
use crate::server::db::{DbError, SessionMember, Store};
use crate::wire::ProfilePanel;

/// The profile of the customer of conversation `id`, the workspace's tags to pick from, and
/// whether the member may edit it.
pub async fn panel(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
) -> Result<ProfilePanel, ServiceError> {
    let facts = visible(store, who, id).await?.facts;
    let customer = customer_of(store, who, id).await?;
    panel_of(store, who, id, customer, &facts).await
}

/// The customer conversation `id` is with.
async fn customer_of(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
) -> Result<CustomerId, ServiceError> {
    store
        .customer_of(who.workspace_id, id)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Conversation))
}

/// The panel of `customer`, judged editable on the facts of conversation `id` it was reached
/// by, with the customer's other conversations the member may see.
async fn panel_of(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    customer: CustomerId,
    facts: &ConvFacts,
) -> Result<ProfilePanel, ServiceError> {
    let ws = who.workspace_id;
    let profile = store
        .customer_profile(ws, customer)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Customer))?;
    let mut tag_colors: Vec<(String, String)> = store
        .tag_rows(ws)
        .await?
        .into_iter()
        .map(|t| (t.name, t.color))
        .collect();
    tag_colors.sort_unstable();
    let history = store
        .customer_history(ws, who.member_id, &scope(&who.actor()), customer, id)
        .await?;
    Ok(ProfilePanel {
        profile,
        workspace_tags: tag_colors.iter().map(|(name, _)| name.clone()).collect(),
        tag_colors,
        editable: may_edit(&who.actor(), facts).is_ok(),
        history,
    })
}

/// Saves an edit of the profile of the customer of conversation `id`: a bad field is refused
/// (the first one, as data) and nothing changes. Answers the profile as saved.
pub async fn save(
    store: &Store,
    who: &SessionMember,
    id: ConversationId,
    input: &ProfileInput,
    now: Millis,
) -> Result<ProfilePanel, ServiceError> {
    // Sizes first: an oversized edit is refused before anything reads it twice.
    within_bounds(input).map_err(ServiceError::Profile)?;
    let ws = who.workspace_id;
    let facts = visible(store, who, id).await?.facts;
    may_edit(&who.actor(), &facts).map_err(ServiceError::Denied)?;
    let mut edit = validate(input).map_err(|errors| ServiceError::Profile(errors[0]))?;
    // "vip" is the workspace's "VIP", not a second tag.
    let known = store.workspace_tags(ws).await?;
    for tag in &mut edit.tags {
        *tag = existing_spelling(tag, &known);
    }
    let customer = customer_of(store, who, id).await?;
    match store.save_customer_profile(ws, customer, &edit, now).await {
        Ok(()) => {}
        Err(DbError::NotFound) => return Err(ServiceError::NotFound(Missing::Customer)),
        Err(e) => return Err(e.into()),
    }
    panel_of(store, who, id, customer, &facts).await
}
