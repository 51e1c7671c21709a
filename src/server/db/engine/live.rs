//! The live inbox's events (`store::live`): numbered in commit order by the engine's own way
//! (`dialect::sequence_live`, `dialect::LIVE_SEQ`) and read after a cursor.

use super::{parse, Db, SqlStore};
use crate::domain::{Millis, Status, WorkspaceId};
use crate::server::db::store::live::{LiveEvent, LiveStore, LiveTopic};
use crate::server::db::DbResult;
use async_trait::async_trait;
use sqlx::Row;

#[async_trait]
impl LiveStore for SqlStore {
    async fn sequence_live(&self) -> DbResult<i64> {
        super::super::dialect::sequence_live(&self.write).await
    }

    async fn prune_live(&self, before: Millis) -> DbResult<u64> {
        let seq = super::super::dialect::LIVE_SEQ;
        let sql = format!("delete from live_events where at < $1 and {seq} is not null");
        let done = sqlx::query(&sql).bind(before).execute(&self.write).await?;
        Ok(done.rows_affected())
    }

    async fn live_oldest(&self) -> DbResult<Option<i64>> {
        let seq = super::super::dialect::LIVE_SEQ;
        let sql = format!("select min({seq}) from live_events");
        Ok(sqlx::query_scalar(&sql).fetch_one(&self.read).await?)
    }

    async fn live_after(
        &self,
        workspace: Option<WorkspaceId>,
        after: i64,
        limit: i64,
    ) -> DbResult<Vec<LiveEvent>> {
        let seq = super::super::dialect::LIVE_SEQ;
        let sql = format!(
            "select {seq} as seq, workspace_id, topic, conversation_id, member_id,
                    status_before, owner_before, gone, at
             from live_events
             where {seq} > $1 and ($2 is null or workspace_id = $2)
             order by {seq} limit $3"
        );
        let rows = sqlx::query(&sql)
            .bind(after)
            .bind(workspace)
            .bind(limit)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(event).collect()
    }
}

fn event(r: &<Db as sqlx::Database>::Row) -> DbResult<LiveEvent> {
    let topic: String = r.try_get("topic")?;
    let status: Option<String> = r.try_get("status_before")?;
    let before = match status {
        Some(s) => Some((
            parse("live_events.status_before", &s, Status::parse)?,
            r.try_get("owner_before")?,
        )),
        None => None,
    };
    Ok(LiveEvent {
        seq: r.try_get("seq")?,
        workspace_id: r.try_get("workspace_id")?,
        topic: parse("live_events.topic", &topic, LiveTopic::parse)?,
        conversation_id: r.try_get("conversation_id")?,
        member_id: r.try_get("member_id")?,
        before,
        gone: r.try_get("gone")?,
        at: r.try_get("at")?,
    })
}
