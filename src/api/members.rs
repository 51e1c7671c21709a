//! Members (admins; supervisors for roles below admin): the list, inviting, editing,
//! deactivating and reactivating, new password links, and what a leaving member has in
//! progress. A refused edit comes back in the member's language naming its field.

use crate::domain::team::MemberDraft;
use crate::domain::MemberId;
use crate::wire::{
    AppError, MemberFilter, MemberRow, MembersPage, OwnedConversation, PasswordLink,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// A page of the members matching `filter`, by name.
#[server(prefix = "/api", endpoint = "admin_members", input = Json)]
pub async fn admin_members(filter: MemberFilter) -> Result<MembersPage, AppError> {
    use crate::server::service::members;
    super::ctx::for_member(|m, store| async move { members::page(&store, &m, &filter).await }).await
}

/// Adds a member; answers them and the one-time link (7 days) that sets their password.
#[server(prefix = "/api", endpoint = "invite_member", input = Json)]
pub async fn invite_member(draft: MemberDraft) -> Result<(MemberRow, PasswordLink), AppError> {
    use crate::server::{auth::now_millis, service::members};
    super::ctx::for_member(|m, store| async move {
        members::add(&store, &m, &draft, now_millis()).await
    })
    .await
}

/// Changes a member's name, email, role, branch and language.
#[server(prefix = "/api", endpoint = "edit_member", input = Json)]
pub async fn edit_member(id: MemberId, draft: MemberDraft) -> Result<MemberRow, AppError> {
    use crate::server::{auth::now_millis, service::members};
    super::ctx::for_member(|m, store| async move {
        members::edit(&store, &m, id, &draft, now_millis()).await
    })
    .await
}

/// Deactivates (their sessions end at once) or reactivates a member.
#[server(prefix = "/api", endpoint = "set_member_active")]
pub async fn set_member_active(member_id: MemberId, active: bool) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::members};
    super::ctx::for_member(|m, store| async move {
        members::set_active(&store, &m, member_id, active, now_millis()).await
    })
    .await
}

/// A new one-time link for a member: the invitation again, or a password reset.
#[server(prefix = "/api", endpoint = "member_link")]
pub async fn member_link(id: MemberId) -> Result<PasswordLink, AppError> {
    use crate::server::{auth::now_millis, service::members};
    super::ctx::for_member(|m, store| async move {
        members::new_link(&store, &m, id, now_millis()).await
    })
    .await
}

/// The conversations a member has in progress, to hand over.
#[server(prefix = "/api", endpoint = "member_conversations")]
pub async fn member_conversations(id: MemberId) -> Result<Vec<OwnedConversation>, AppError> {
    use crate::server::service::members;
    super::ctx::for_member(|m, store| async move { members::owned(&store, &m, id).await }).await
}
