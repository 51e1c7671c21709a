//! The navigation counts, read from the counter rows the database keeps
//! (`conversation_counts`, `collaboration_counts`; see migrations `0002_view_counts.sql`).
//!
//! Each count is a sum over counter rows, so it costs the same at a hundred conversations and
//! at a million. A conversation is counted once per (status, handler, owner, branch, channel)
//! in `conversation_counts`, and once more per member who collaborates on it without owning it
//! in `collaboration_counts`. With `C[...]` the first and `K[me, ...]` the second, the views
//! of the asking member `me` are, per scope (`crate::domain::permission::scope_allows`):
//!
//! | view | All | Branch `b` (sales manager) | Own `b` (sales rep) |
//! |---|---|---|---|
//! | pending `h` | `C[pending h]` | same | `C[pending h, branch b] + K[me, pending h, branch ≠ b]` |
//! | mine `s` | `C[s, owner me] + K[me, s]` | same | same |
//! | team `s` | `C[s, owner ≠ me]` | `C[s, owner in b, ≠ me] + K[me, s, owner not in b]` | `K[me, s]` |
//! | closed | `C[closed]` | `C[closed, owner me or in b] + K[me, closed, owner not in b]` | `C[closed, owner me] + K[me, closed]` |
//!
//! Counter keys spell "no owner" and "no branch" as 0, which is never a member or a branch.

use super::{inbox, Db};
use crate::domain::permission::Scope;
use crate::domain::{BranchId, MemberId};
use crate::server::db::{CountQuery, DbResult};
use crate::wire::ViewCounts;
use sqlx::{Pool, QueryBuilder, Row};

/// Which owners a sum takes.
#[derive(Clone, Copy)]
enum Owner {
    Any,
    Is(MemberId),
    IsNot(MemberId),
    /// Members of the branch, except the given member.
    InBranchBut(BranchId, MemberId),
    /// The given member or members of the branch.
    IsOrInBranch(MemberId, BranchId),
    NotInBranch(BranchId),
}

/// Which (pending) branches a sum takes.
#[derive(Clone, Copy)]
enum Branch {
    Any,
    Is(BranchId),
    IsNot(BranchId),
}

/// One sum: over `conversation_counts`, or over the `collaboration_counts` of a member.
#[derive(Clone, Copy)]
struct Sum {
    collaborator: Option<MemberId>,
    status: &'static str,
    handler: Option<&'static str>,
    owner: Owner,
    branch: Branch,
}

fn c(status: &'static str) -> Sum {
    Sum {
        collaborator: None,
        status,
        handler: None,
        owner: Owner::Any,
        branch: Branch::Any,
    }
}

fn k(me: MemberId, status: &'static str) -> Sum {
    Sum {
        collaborator: Some(me),
        ..c(status)
    }
}

impl Sum {
    fn handler(self, h: &'static str) -> Sum {
        Sum {
            handler: Some(h),
            ..self
        }
    }
    fn owner(self, owner: Owner) -> Sum {
        Sum { owner, ..self }
    }
    fn branch(self, branch: Branch) -> Sum {
        Sum { branch, ..self }
    }
}

/// The seven counts for `q`. The counters answer for the asking member's own scope (the only
/// one the app asks for); a scope of another member is counted directly.
pub async fn view_counts(pool: &Pool<Db>, q: &CountQuery) -> DbResult<ViewCounts> {
    let me = q.me;
    let sums: [Vec<Sum>; 7] = match q.scope {
        Scope::All => [
            vec![c("pending").handler("human")],
            vec![c("pending").handler("bot")],
            vec![c("in_progress").owner(Owner::Is(me)), k(me, "in_progress")],
            vec![c("closed").owner(Owner::Is(me)), k(me, "closed")],
            vec![c("in_progress").owner(Owner::IsNot(me))],
            vec![c("closed").owner(Owner::IsNot(me))],
            vec![c("closed")],
        ],
        Scope::Branch {
            branch_id,
            member_id,
        } if member_id == me => {
            let team = |status| match branch_id {
                Some(b) => vec![
                    c(status).owner(Owner::InBranchBut(b, me)),
                    k(me, status).owner(Owner::NotInBranch(b)),
                ],
                None => vec![k(me, status)],
            };
            [
                vec![c("pending").handler("human")],
                vec![c("pending").handler("bot")],
                vec![c("in_progress").owner(Owner::Is(me)), k(me, "in_progress")],
                vec![c("closed").owner(Owner::Is(me)), k(me, "closed")],
                team("in_progress"),
                team("closed"),
                match branch_id {
                    Some(b) => vec![
                        c("closed").owner(Owner::IsOrInBranch(me, b)),
                        k(me, "closed").owner(Owner::NotInBranch(b)),
                    ],
                    None => vec![c("closed").owner(Owner::Is(me)), k(me, "closed")],
                },
            ]
        }
        Scope::Own {
            branch_id,
            member_id,
        } if member_id == me => {
            let pending = |h| match branch_id {
                Some(b) => vec![
                    c("pending").handler(h).branch(Branch::Is(b)),
                    k(me, "pending").handler(h).branch(Branch::IsNot(b)),
                ],
                None => vec![k(me, "pending").handler(h)],
            };
            [
                pending("human"),
                pending("bot"),
                vec![c("in_progress").owner(Owner::Is(me)), k(me, "in_progress")],
                vec![c("closed").owner(Owner::Is(me)), k(me, "closed")],
                vec![k(me, "in_progress")],
                vec![k(me, "closed")],
                vec![c("closed").owner(Owner::Is(me)), k(me, "closed")],
            ]
        }
        Scope::Branch { .. } | Scope::Own { .. } => return inbox::view_counts(pool, q).await,
    };

    let mut qb = QueryBuilder::<Db>::new("select ");
    for (i, terms) in sums.iter().enumerate() {
        if i > 0 {
            qb.push(", ");
        }
        for (j, sum) in terms.iter().enumerate() {
            if j > 0 {
                qb.push(" + ");
            }
            push_sum(&mut qb, q, sum);
        }
        qb.push(" as c").push(i.to_string());
    }
    // My snoozed conversations: a range of the partial index of snoozed conversations, which
    // holds only those; they are counted in Mine · Snoozed instead of Mine · In progress.
    qb.push(", (select count(*) from conversations c where c.workspace_id = ")
        .push_bind(q.workspace_id)
        .push(" and c.owner_id = ")
        .push_bind(q.me)
        .push(" and c.snoozed_at is not null and c.status = 'in_progress'");
    if let Some(ch) = q.channel {
        qb.push(" and c.channel_id = ").push_bind(ch);
    }
    qb.push(") as snoozed");
    let r = qb.build().fetch_one(pool).await?;
    let snoozed: i64 = r.try_get("snoozed")?;
    let get = |i: usize| r.try_get::<i64, _>(format!("c{i}").as_str());
    Ok(ViewCounts {
        pending_human: get(0)?,
        pending_bot: get(1)?,
        mine_open: get(2)? - snoozed,
        mine_snoozed: snoozed,
        mine_closed: get(3)?,
        team_open: get(4)?,
        team_closed: get(5)?,
        closed: get(6)?,
    })
}

/// `(select <sum of n over the counter rows of s>)`, within the workspace and channel of `q`.
fn push_sum(qb: &mut QueryBuilder<'_, Db>, q: &CountQuery, s: &Sum) {
    qb.push("(select cast(coalesce(sum(n), 0) as bigint) from ");
    match s.collaborator {
        Some(m) => {
            qb.push("collaboration_counts where workspace_id = ")
                .push_bind(q.workspace_id)
                .push(" and member_id = ")
                .push_bind(m);
        }
        None => {
            qb.push("conversation_counts where workspace_id = ")
                .push_bind(q.workspace_id);
        }
    }
    qb.push(" and status = '").push(s.status).push("'");
    if let Some(h) = s.handler {
        qb.push(" and handler = '").push(h).push("'");
    }
    let branch_members = |qb: &mut QueryBuilder<'_, Db>, b: BranchId| {
        qb.push("(select id from members where workspace_id = ")
            .push_bind(q.workspace_id)
            .push(" and branch_id = ")
            .push_bind(b)
            .push(")");
    };
    match s.owner {
        Owner::Any => {}
        Owner::Is(m) => {
            qb.push(" and owner_id = ").push_bind(m);
        }
        Owner::IsNot(m) => {
            qb.push(" and owner_id <> ").push_bind(m);
        }
        Owner::InBranchBut(b, m) => {
            qb.push(" and owner_id <> ")
                .push_bind(m)
                .push(" and owner_id in ");
            branch_members(qb, b);
        }
        Owner::IsOrInBranch(m, b) => {
            qb.push(" and (owner_id = ")
                .push_bind(m)
                .push(" or owner_id in ");
            branch_members(qb, b);
            qb.push(")");
        }
        Owner::NotInBranch(b) => {
            qb.push(" and owner_id not in ");
            branch_members(qb, b);
        }
    }
    match s.branch {
        Branch::Any => {}
        Branch::Is(b) => {
            qb.push(" and branch_id = ").push_bind(b);
        }
        Branch::IsNot(b) => {
            qb.push(" and branch_id <> ").push_bind(b);
        }
    }
    if let Some(ch) = q.channel {
        qb.push(" and channel_id = ").push_bind(ch);
    }
    qb.push(")");
}
