//! The live inbox's events (`store::live`): numbered in commit order by the engine's own way
//! (`dialect::sequence_live`, `dialect::LIVE_SEQ`) and read after a cursor.

use super::{parse, Db, SqlStore};
use crate::domain::live::Seen;
use crate::domain::{ConversationId, MemberId, Millis, Status, WorkspaceId};
use crate::server::db::store::live::{LiveEvent, LiveFacts, LiveListener, LiveStore, LiveTopic};
use crate::server::db::DbResult;
use async_trait::async_trait;
use sqlx::{QueryBuilder, Row};

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
                    status_before, owner_before, branch_id, gone, at
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

    async fn live_facts(
        &self,
        ws: WorkspaceId,
        conversations: &[ConversationId],
        members: &[MemberId],
    ) -> DbResult<LiveFacts> {
        let mut facts = LiveFacts::default();
        if !conversations.is_empty() {
            for t in super::conversation::records(&self.read, ws, conversations, None).await? {
                let f = t.record.facts;
                facts.conversations.push((
                    t.record.id,
                    Seen {
                        state: f.state,
                        branch_id: f.branch_id,
                        owner_branch_id: f.owner_branch_id,
                    },
                ));
            }
            let mut qb = QueryBuilder::<Db>::new(
                "select conversation_id, member_id from conversation_collaborators where workspace_id = ",
            );
            qb.push_bind(ws).push(" and conversation_id in (");
            let mut list = qb.separated(", ");
            for id in conversations {
                list.push_bind(*id);
            }
            qb.push(")");
            for r in qb.build().fetch_all(&self.read).await? {
                facts
                    .collaborators
                    .push((r.try_get("conversation_id")?, r.try_get("member_id")?));
            }
        }
        if !members.is_empty() {
            let mut qb =
                QueryBuilder::<Db>::new("select id, branch_id from members where workspace_id = ");
            qb.push_bind(ws).push(" and id in (");
            let mut list = qb.separated(", ");
            for id in members {
                list.push_bind(*id);
            }
            qb.push(")");
            for r in qb.build().fetch_all(&self.read).await? {
                facts
                    .branches
                    .push((r.try_get("id")?, r.try_get("branch_id")?));
            }
        }
        Ok(facts)
    }

    async fn listen_live(&self) -> DbResult<Option<Box<dyn LiveListener>>> {
        super::super::dialect::listen_live(&self.write).await
    }

    async fn announce_presence(&self, payload: &str) -> DbResult<bool> {
        super::super::dialect::announce_presence(&self.write, payload).await
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
        branch_before: r.try_get("branch_id")?,
        gone: r.try_get("gone")?,
        at: r.try_get("at")?,
    })
}
