//! Batch management: preview a batch, run it once per idempotency key, and the blacklist.
//! Requests travel as JSON (a selection is a list of (id, version) pairs).

use super::error::AppError;
use super::types::BlockedCustomer;
use crate::domain::batch::{BatchAction, BatchReport, Picked};
use crate::domain::{CustomerId, MemberId};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// Longest idempotency key a client may send.
pub const MAX_KEY_CHARS: usize = 100;

/// The batch service's refusals as the member reads them, in their language.
#[cfg(feature = "ssr")]
fn refusal(lang: crate::domain::Lang, e: crate::server::batch::BatchError) -> AppError {
    use crate::domain::batch::Refused;
    use crate::i18n::{t, Key};
    use crate::server::batch::BatchError;
    match e {
        BatchError::Refused(r @ Refused::RoleMayNot) => AppError::Forbidden(r.reason(lang).into()),
        BatchError::Refused(r) => AppError::Invalid {
            field: Some("selected".into()),
            message: r.reason(lang).into(),
        },
        BatchError::NoSuchMember => AppError::NotFound(t(lang, Key::MemberNotFound).into()),
        BatchError::KeyReused => AppError::Conflict(t(lang, Key::BatchKeyReused).into()),
        BatchError::Db(e) => super::ctx::internal(lang, e),
    }
}

/// What `action` would do to the `selected` conversations now (the confirm step's preview):
/// which change, and which are skipped and why. Changes nothing.
#[server(prefix = "/api", endpoint = "preview_batch", input = Json)]
pub async fn preview_batch(
    action: BatchAction,
    to: Option<MemberId>,
    selected: Vec<Picked>,
) -> Result<BatchReport, AppError> {
    use super::ctx;
    use crate::server::batch::{preview, BatchRequest};
    let m = ctx::member().await?;
    let store = ctx::state()?.store;
    let req = BatchRequest {
        action,
        to,
        selected,
    };
    preview(&store, &m, &req)
        .await
        .map_err(|e| refusal(m.lang, e))
}

/// Runs `action` on the `selected` conversations: each changes whole or not at all, and the
/// report says which did and why the others did not. `key` makes a retry (double click,
/// network retry) apply nothing and return the first attempt's report.
#[server(prefix = "/api", endpoint = "run_batch", input = Json)]
pub async fn run_batch(
    key: String,
    action: BatchAction,
    to: Option<MemberId>,
    selected: Vec<Picked>,
) -> Result<BatchReport, AppError> {
    use super::ctx;
    use crate::i18n::{t, Key};
    use crate::server::batch::{run, BatchRequest};
    let m = ctx::member().await?;
    let key = key.trim();
    if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
        return Err(AppError::Invalid {
            field: Some("key".into()),
            message: t(m.lang, Key::BatchKeyMissing).into(),
        });
    }
    let store = ctx::state()?.store;
    let req = BatchRequest {
        action,
        to,
        selected,
    };
    run(&store, &m, key, &req, crate::server::auth::now_millis())
        .await
        .map_err(|e| refusal(m.lang, e))
}

/// The workspace's blacklisted customers, most recently blocked first (admins and supervisors).
#[server(prefix = "/api", endpoint = "blacklist")]
pub async fn blacklist() -> Result<Vec<BlockedCustomer>, AppError> {
    use super::ctx;
    let m = ctx::member().await?;
    may_manage_blacklist(&m)?;
    let rows = ctx::state()?
        .store
        .blocked_customers(m.workspace_id)
        .await
        .map_err(|e| ctx::internal(m.lang, e))?;
    Ok(rows
        .into_iter()
        .map(|r| BlockedCustomer {
            id: r.customer_id,
            name: r.name,
            blocked_at: r.blocked_at,
            blocked_by: r.blocked_by,
            unsubscribed: r.unsubscribed,
        })
        .collect())
}

/// Lifts a customer's block: what they send reaches the inbox again (admins and supervisors).
#[server(prefix = "/api", endpoint = "lift_block")]
pub async fn lift_block(customer: CustomerId) -> Result<(), AppError> {
    use super::ctx;
    use crate::i18n::{t, Key};
    let m = ctx::member().await?;
    may_manage_blacklist(&m)?;
    let lifted = ctx::state()?
        .store
        .unblock_customer(m.workspace_id, customer, crate::server::auth::now_millis())
        .await
        .map_err(|e| ctx::internal(m.lang, e))?;
    if lifted {
        Ok(())
    } else {
        Err(AppError::NotFound(t(m.lang, Key::NotBlacklisted).into()))
    }
}

#[cfg(feature = "ssr")]
fn may_manage_blacklist(m: &crate::server::db::SessionMember) -> Result<(), AppError> {
    use crate::domain::permission::{role_may, Action};
    use crate::i18n::{t, Key};
    if role_may(m.role, Action::Blacklist) {
        Ok(())
    } else {
        Err(AppError::Forbidden(t(m.lang, Key::NotAllowed).into()))
    }
}
