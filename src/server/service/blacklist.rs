//! The blacklist: who is blocked, and lifting a block (admins and supervisors). Blocking
//! itself is a batch action (`service::batch`).

use super::{Missing, ServiceError};
use crate::domain::permission::{role_may, Action};
use crate::domain::{CustomerId, Millis};
use crate::server::db::{SessionMember, Store};
use crate::wire::BlockedCustomer;

fn may_manage(who: &SessionMember) -> Result<(), ServiceError> {
    if role_may(who.role, Action::Blacklist) {
        Ok(())
    } else {
        Err(ServiceError::NotAllowed)
    }
}

/// The workspace's blacklisted customers, most recently blocked first.
pub async fn list(
    store: &Store,
    who: &SessionMember,
) -> Result<Vec<BlockedCustomer>, ServiceError> {
    may_manage(who)?;
    let rows = store.blocked_customers(who.workspace_id).await?;
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

/// Lifts a customer's block: what they send reaches the inbox again.
pub async fn lift(
    store: &Store,
    who: &SessionMember,
    customer: CustomerId,
    now: Millis,
) -> Result<(), ServiceError> {
    may_manage(who)?;
    if store
        .unblock_customer(who.workspace_id, customer, now)
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound(Missing::BlockedCustomer))
    }
}
