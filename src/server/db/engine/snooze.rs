//! Snooze (`store::snooze`): putting a conversation to sleep, waking it (its owner, its time,
//! the customer writing: `woken_by_customer`, inside the message's transaction). A change of
//! status clears a snooze too (`conversation::update_state`).

use super::rows::{insert_event, insert_notification, Event};
use super::{Db, SqlStore};
use crate::domain::event::EventChange;
use crate::domain::notification::Payload;
use crate::domain::{ConvState, ConversationId, MemberId, Millis, NotificationKind, WorkspaceId};
use crate::server::db::store::snooze::{DueSnooze, SnoozeStore};
use crate::server::db::{DbResult, NewNotification};
use async_trait::async_trait;
use sqlx::{Row, Transaction};

/// What wakes a snoozed conversation.
#[derive(Clone, Copy)]
enum Wake {
    /// Its customer wrote (inside the message's transaction).
    Customer,
    /// Its owner, before its time.
    Owner(MemberId),
    /// Its time came: due at or before this.
    Due(Millis),
}

impl Wake {
    /// The condition on the row, with `$3` bound to [`Wake::bound`].
    fn condition(self) -> &'static str {
        match self {
            // `$3`, bound to nothing, adds no condition.
            Wake::Customer => "and cast($3 as bigint) is null",
            Wake::Owner(_) => "and owner_id = $3",
            Wake::Due(_) => "and snooze_until is not null and snooze_until <= $3",
        }
    }

    fn bound(self) -> Option<i64> {
        match self {
            Wake::Customer => None,
            Wake::Owner(m) => Some(m.get()),
            Wake::Due(at) => Some(at),
        }
    }

    fn actor(self) -> Option<MemberId> {
        match self {
            Wake::Owner(m) => Some(m),
            _ => None,
        }
    }

    /// The owner's notification (none when they woke it themselves).
    fn tell(self) -> Option<NotificationKind> {
        match self {
            Wake::Customer => Some(NotificationKind::SnoozeReply),
            Wake::Owner(_) => None,
            Wake::Due(_) => Some(NotificationKind::SnoozeOver),
        }
    }
}

/// Clears the snooze of conversation `id` as `wake` says, then writes the "woke" line and the
/// owner's notification (`Wake::tell`); whether it was snoozed.
async fn wake_in(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    id: ConversationId,
    wake: Wake,
    now: Millis,
) -> DbResult<bool> {
    let sql = format!(
        "update conversations set snoozed_at = null, snooze_until = null
         where workspace_id = $1 and id = $2 and snoozed_at is not null
           and status = 'in_progress' {}
         returning owner_id, customer_id",
        wake.condition()
    );
    let row = sqlx::query(&sql)
        .bind(ws)
        .bind(id)
        .bind(wake.bound())
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    let owner: MemberId = row.try_get("owner_id")?;
    let state = ConvState::InProgress { owner };
    insert_event(
        tx,
        &Event {
            workspace_id: ws,
            conversation_id: id,
            actor: wake.actor(),
            change: EventChange::Woke,
            from: Some(state),
            to: state,
            at: now,
            detail: None,
        },
    )
    .await?;
    if let Some(kind) = wake.tell() {
        let customer: crate::domain::CustomerId = row.try_get("customer_id")?;
        let names = sqlx::query(
            "select (select name from customers where workspace_id = $1 and id = $2) as customer,
                    (select name from members where workspace_id = $1 and id = $3) as owner_name",
        )
        .bind(ws)
        .bind(customer)
        .bind(owner)
        .fetch_one(&mut **tx)
        .await?;
        let owner_name: Option<String> = names.try_get("owner_name")?;
        let payload = Payload {
            customer: names.try_get("customer")?,
            ..Payload::new(owner, owner_name.as_deref().unwrap_or_default(), vec![id])
        };
        let n = NewNotification {
            member_id: owner,
            kind,
            payload,
        };
        insert_notification(tx, ws, &n, now).await?;
    }
    Ok(true)
}

/// A customer message on a snoozed conversation wakes it, inside the message's transaction.
pub(super) async fn woken_by_customer(
    tx: &mut Transaction<'_, Db>,
    ws: WorkspaceId,
    id: ConversationId,
    now: Millis,
) -> DbResult<bool> {
    wake_in(tx, ws, id, Wake::Customer, now).await
}

#[async_trait]
impl SnoozeStore for SqlStore {
    async fn snooze(
        &self,
        ws: WorkspaceId,
        id: ConversationId,
        owner: MemberId,
        version: i64,
        until: Option<Millis>,
        now: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let done = sqlx::query(
            "update conversations set snoozed_at = $5, snooze_until = $6
             where workspace_id = $1 and id = $2 and status = 'in_progress' and owner_id = $3
               and version = $4",
        )
        .bind(ws)
        .bind(id)
        .bind(owner)
        .bind(version)
        .bind(now)
        .bind(until)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Ok(false);
        }
        let state = ConvState::InProgress { owner };
        let detail = until.map(|u| format!("{{\"until\":{u}}}"));
        insert_event(
            &mut tx,
            &Event {
                workspace_id: ws,
                conversation_id: id,
                actor: Some(owner),
                change: EventChange::Snoozed,
                from: Some(state),
                to: state,
                at: now,
                detail: detail.as_deref(),
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn unsnooze(
        &self,
        ws: WorkspaceId,
        id: ConversationId,
        owner: MemberId,
        now: Millis,
    ) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let woke = wake_in(&mut tx, ws, id, Wake::Owner(owner), now).await?;
        if woke {
            tx.commit().await?;
        }
        Ok(woke)
    }

    async fn due_snoozes(&self, now: Millis, limit: i64) -> DbResult<Vec<DueSnooze>> {
        let rows = sqlx::query(
            "select workspace_id, id from conversations
             where snooze_until is not null and snooze_until <= $1
             order by snooze_until limit $2",
        )
        .bind(now)
        .bind(limit)
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(DueSnooze {
                    workspace_id: r.try_get("workspace_id")?,
                    id: r.try_get("id")?,
                })
            })
            .collect()
    }

    async fn wake_due(&self, ws: WorkspaceId, id: ConversationId, now: Millis) -> DbResult<bool> {
        let mut tx = self.write.begin().await?;
        let woke = wake_in(&mut tx, ws, id, Wake::Due(now), now).await?;
        if woke {
            tx.commit().await?;
        }
        Ok(woke)
    }
}
