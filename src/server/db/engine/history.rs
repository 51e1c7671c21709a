//! A customer's other conversations, for the history beside the thread: those of the
//! customer's conversations the member may see (the same scope as every list), newest first.

use super::inbox::{conversation_row, push_scope};
use super::Db;
use crate::domain::permission::Scope;
use crate::domain::{ConversationId, CustomerId, MemberId, WorkspaceId};
use crate::server::db::DbResult;
use crate::wire::ConversationRow;
use sqlx::{Pool, QueryBuilder};

/// The history shows at most this many conversations (a customer has one per channel).
pub const HISTORY_LIMIT: i64 = 20;

pub async fn customer_history(
    pool: &Pool<Db>,
    ws: WorkspaceId,
    me: MemberId,
    scope: &Scope,
    customer: CustomerId,
    except: ConversationId,
) -> DbResult<Vec<ConversationRow>> {
    let mut qb = QueryBuilder::<Db>::new(
        "select c.id, c.version, c.workspace_id, c.customer_id, c.channel_id, c.status, c.pending_handler,
                c.last_message_at, c.last_message_preview, c.waiting_since, c.pending_reason,
                c.inbound_count - coalesce(r.read_inbound_count, 0) as unread, c.owner_id,
                cu.name as customer_name, cu.avatar_url as customer_avatar_url,
                ch.kind as channel_kind, o.name as owner_name, o.avatar_url as owner_avatar_url
         from conversations c
         join customers cu on cu.workspace_id = c.workspace_id and cu.id = c.customer_id
         join channels ch on ch.workspace_id = c.workspace_id and ch.id = c.channel_id
         left join members o on o.workspace_id = c.workspace_id and o.id = c.owner_id
         left join conversation_reads r on r.conversation_id = c.id and r.member_id = ",
    );
    qb.push_bind(me)
        .push(" where c.workspace_id = ")
        .push_bind(ws)
        .push(" and c.customer_id = ")
        .push_bind(customer)
        .push(" and c.id <> ")
        .push_bind(except);
    push_scope(&mut qb, ws, scope);
    qb.push(" order by c.last_message_at desc, c.id desc limit ")
        .push(HISTORY_LIMIT);
    qb.build()
        .fetch_all(pool)
        .await?
        .iter()
        .map(conversation_row)
        .collect()
}
