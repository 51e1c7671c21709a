//! The member's own account, and what admins do to members' accounts.

use crate::wire::AppError;
use leptos::prelude::*;

/// Changes the signed-in member's password. The current session stays; every other session of
/// the member ends at once. Wrong current passwords count like failed sign-ins.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::server::auth::{now_millis, token_hash};
    use crate::server::service::account;
    let keep = ctx::session_token().map(|t| token_hash(&t));
    let addr = ctx::state()
        .ok()
        .and_then(|s| ctx::client_addr(&s.settings));
    ctx::for_member(|m, store| async move {
        account::change_password(
            &store,
            &m,
            &current,
            &new,
            &confirm,
            keep.as_deref(),
            addr.as_deref(),
            now_millis(),
        )
        .await
    })
    .await
}

/// Sets a password through a one-time link (the first admin of a new workspace); the browser
/// then goes to the sign-in page. Needs no session: the link's token is the proof.
#[server(prefix = "/api", endpoint = "set_password_with_link")]
pub async fn set_password_with_link(
    token: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::account};
    super::ctx::for_anyone(|state| async move {
        account::set_password_with_link(&state.store, &token, &new, &confirm, now_millis())
            .await
            .map(|_| ())
    })
    .await
}
