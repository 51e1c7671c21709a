//! The member's own account, and what admins do to members' accounts.

use super::error::AppError;
use crate::domain::MemberId;
use leptos::prelude::*;

/// Minimum length of a password.
pub const MIN_PASSWORD_CHARS: usize = 8;

/// Changes the signed-in member's password. The current session stays; every other session of
/// the member ends at once.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(
    current: String,
    new: String,
    confirm: String,
) -> Result<(), AppError> {
    use super::ctx;
    use crate::i18n::{t, Key};
    use crate::server::auth::{hash_password, token_hash, verify_password};
    let m = ctx::member().await?;
    let lang = m.lang;
    let invalid = |field: &str, key| AppError::Invalid {
        field: Some(field.into()),
        message: t(lang, key).into(),
    };
    if new.chars().count() < MIN_PASSWORD_CHARS {
        return Err(invalid("new", Key::PasswordTooShort));
    }
    if new != confirm {
        return Err(invalid("confirm", Key::PasswordsDiffer));
    }
    let state = ctx::state()?;
    let record = state
        .store
        .login_record(&m.email)
        .await
        .map_err(|e| ctx::internal(lang, e))?;
    let Some(record) = record.filter(|r| r.member_id == m.member_id) else {
        return Err(AppError::NotFound(t(lang, Key::MemberNotFound).into()));
    };
    let hashed = tokio::task::spawn_blocking(move || {
        if verify_password(&current, &record.password_hash) {
            hash_password(&new).map(Some)
        } else {
            Ok(None)
        }
    })
    .await
    .map_err(|e| ctx::internal(lang, e))?
    .map_err(|e| ctx::internal(lang, e))?;
    let Some(hash) = hashed else {
        return Err(invalid("current", Key::WrongCurrentPassword));
    };
    let keep = ctx::session_token().map(|t| token_hash(&t));
    state
        .store
        .set_password(m.workspace_id, m.member_id, &hash, keep.as_deref())
        .await
        .map_err(|e| ctx::internal(lang, e))
}

/// Activates or deactivates a member of the caller's workspace (admin and supervisor).
/// Deactivation ends the member's sessions at once and keeps them from signing in.
#[server(prefix = "/api", endpoint = "set_member_active")]
pub async fn set_member_active(member_id: MemberId, active: bool) -> Result<(), AppError> {
    use super::ctx;
    use crate::domain::permission::{role_may, Action};
    use crate::i18n::{t, Key};
    use crate::server::db::DbError;
    let m = ctx::member().await?;
    let lang = m.lang;
    if !role_may(m.role, Action::Manage) {
        return Err(AppError::Forbidden(t(lang, Key::NotAllowed).into()));
    }
    if member_id == m.member_id && !active {
        return Err(AppError::Invalid {
            field: None,
            message: t(lang, Key::CannotDeactivateSelf).into(),
        });
    }
    match ctx::state()?
        .store
        .set_member_active(m.workspace_id, member_id, active)
        .await
    {
        Ok(()) => Ok(()),
        Err(DbError::NotFound) => Err(AppError::NotFound(t(lang, Key::MemberNotFound).into())),
        Err(e) => Err(ctx::internal(lang, e)),
    }
}
