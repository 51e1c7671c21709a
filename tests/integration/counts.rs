//! The navigation counts come from counter rows the database keeps with triggers; after every
//! kind of write they must equal the lists they count, for every scope and channel filter, on
//! every engine.

use crate::common::{as_member, demo_hash, engine_test, list_query, TestDb, NOW};
use omni_inbox::domain::batch::{BatchAction, Picked};
use omni_inbox::domain::permission::scope;
use omni_inbox::domain::{ChannelId, ConvState, ConversationId, Handler, MemberId};
use omni_inbox::server::db::{CountQuery, ListQuery, SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::batch::{run, BatchRequest};
use omni_inbox::server::service::conversation::{act, Act};
use omni_inbox::server::service::ingest::receive;
use omni_inbox::server::service::ingest::{ingest, Inbound};
use omni_inbox::wire::View;

/// How many rows each view lists for `who` (in their own scope) on `channel`, paging through.
async fn listed(s: &Store, who: &SessionMember, view: View, channel: Option<ChannelId>) -> i64 {
    let mut q = ListQuery {
        channel,
        ..list_query(who, view, 100)
    };
    let mut n = 0;
    loop {
        let page = s.list_conversations(&q).await.unwrap();
        n += page.rows.len() as i64;
        match page.next {
            Some(c) => q.after = Some(c),
            None => return n,
        }
    }
}

/// Every member's counts equal their lists, for all channels and each channel.
async fn check(db: &TestDb, members: &[SessionMember], when: &str) {
    let s = &db.store;
    assert_eq!(
        db.scalar(STALE_COPIES).await,
        0,
        "stale sort-key copies {when}, {:?}",
        db.engine()
    );
    let channels = s.channels(members[0].workspace_id).await.unwrap();
    for who in members {
        for channel in std::iter::once(None).chain(channels.iter().map(|c| Some(c.id))) {
            let counts = s
                .view_counts(&CountQuery {
                    workspace_id: who.workspace_id,
                    me: who.member_id,
                    scope: scope(&who.actor()),
                    channel,
                })
                .await
                .unwrap();
            for view in View::ALL {
                assert_eq!(
                    counts.get(view),
                    listed(s, who, view, channel).await,
                    "{view:?} of {} on channel {channel:?} {when}, {:?}",
                    who.email,
                    db.engine()
                );
            }
        }
    }
}

/// Conversations whose copy of the owner's read mark, and collaborator rows whose copies of
/// their conversation's keys or of the collaborator's read mark, differ from the originals
/// (migrations/*/0004_mine_keys.sql).
const STALE_COPIES: &str = "select
    (select count(*) from conversations c
     where c.owner_read <> coalesce((select r.read_inbound_count from conversation_reads r
                                     where r.conversation_id = c.id and r.member_id = c.owner_id), 0))
  + (select count(*) from conversation_collaborators cc join conversations c on c.id = cc.conversation_id
     where cc.status <> c.status or cc.channel_id <> c.channel_id or cc.last_message_at <> c.last_message_at
        or coalesce(cc.waiting_since, -1) <> coalesce(c.waiting_since, -1) or cc.inbound_count <> c.inbound_count
        or cc.read_count <> coalesce((select r.read_inbound_count from conversation_reads r
                                      where r.conversation_id = cc.conversation_id and r.member_id = cc.member_id), 0))";

async fn first(s: &Store, who: &SessionMember, view: View, skip: usize) -> ConversationId {
    s.list_conversations(&list_query(who, view, 50))
        .await
        .unwrap()
        .rows[skip]
        .id
}

/// The first conversation of a view, if it has any.
async fn any(s: &Store, who: &SessionMember, view: View) -> Option<ConversationId> {
    s.list_conversations(&list_query(who, view, 1))
        .await
        .unwrap()
        .rows
        .first()
        .map(|r| r.id)
}

async fn version(s: &Store, who: &SessionMember, id: ConversationId) -> i64 {
    s.conversation(who.workspace_id, id, Some(who.member_id))
        .await
        .unwrap()
        .unwrap()
        .version
}

async fn rows_of(s: &Store, who: &SessionMember, view: View, n: i64) -> Vec<Picked> {
    s.list_conversations(&list_query(who, view, n))
        .await
        .unwrap()
        .rows
        .iter()
        .map(|r| Picked {
            id: r.id,
            version: r.version,
        })
        .collect()
}

/// Runs a batch that must apply to every selected conversation.
async fn batch(
    s: &Store,
    who: &SessionMember,
    key: &str,
    action: BatchAction,
    to: Option<MemberId>,
    selected: &[Picked],
) {
    let req = BatchRequest {
        action,
        to,
        selected: selected.to_vec(),
    };
    let report = run(s, who, key, &req, NOW + 100_000).await.unwrap();
    assert_eq!(report.failed(), 0, "{action:?}: {report:?}");
}

engine_test!(view_counts_equal_the_lists_after_every_kind_of_change);
async fn view_counts_equal_the_lists_after_every_kind_of_change(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let mut members = Vec::new();
    for email in [
        "agent@demo.test",
        "agent2@demo.test",
        "admin@demo.test",
        "salesmanager@demo.test",
        "salesrep@demo.test",
    ] {
        members.push(as_member(s, email).await);
    }
    let (agent, agent2, admin, manager, rep) = (
        &members[0],
        &members[1],
        &members[2],
        &members[3],
        &members[4],
    );
    let ws = agent.workspace_id;
    check(&db, &members, "after import").await;

    // Status changes: follow up, take over, transfer, close, reopen.
    let mut at = NOW + 1_000;
    let mut step = |who: &SessionMember, id: ConversationId, what: Act| {
        at += 1_000;
        let (s, who) = (s.clone(), who.clone());
        let when = at;
        async move {
            let v = version(&s, &who, id).await;
            act(&s, &who, id, v, what, when).await.unwrap();
        }
    };
    let pending = first(s, agent, View::PendingHuman, 0).await;
    step(agent, pending, Act::FollowUp).await;
    let bot = first(s, agent, View::PendingBot, 0).await;
    step(agent2, bot, Act::FollowUp).await;
    let theirs = first(s, agent, View::TeamOpen, 0).await;
    step(agent, theirs, Act::FollowUp).await;
    let mine = first(s, agent, View::MineOpen, 1).await;
    step(
        agent,
        mine,
        Act::Transfer {
            to: manager.member_id,
        },
    )
    .await;
    let mine = first(s, agent2, View::MineOpen, 0).await;
    step(agent2, mine, Act::Close).await;
    let closed = first(s, agent, View::Closed, 3).await;
    step(admin, closed, Act::Reopen).await;
    check(&db, &members, "after status changes").await;

    // Reads by owners and by others.
    for who in [agent, agent2, manager, rep] {
        for view in [View::MineOpen, View::TeamOpen, View::MineClosed] {
            if let Some(id) = any(s, who, view).await {
                s.mark_read(ws, id, who.member_id, NOW + 50_000)
                    .await
                    .unwrap();
            }
        }
    }
    check(&db, &members, "after reads").await;

    // Collaborators come and go, including on a conversation its collaborator then gets.
    let collab = first(s, agent2, View::TeamOpen, 0).await;
    for who in [agent, rep, manager] {
        db.raw("insert into conversation_collaborators (workspace_id, conversation_id, member_id, added_at) values ($1, $2, $3, 0)",
            &[ws.get(), collab.get(), who.member_id.get()],
        )
        .await;
    }
    let pending = first(s, agent, View::PendingHuman, 0).await;
    db.raw("insert into conversation_collaborators (workspace_id, conversation_id, member_id, added_at) values ($1, $2, $3, 0)",
        &[ws.get(), pending.get(), rep.member_id.get()],
    )
    .await;
    // A collaborator reads, then the conversation is transferred to them: their read mark
    // becomes the owner's.
    s.mark_read(ws, collab, rep.member_id, NOW + 60_000)
        .await
        .unwrap();
    check(&db, &members, "after adding collaborators").await;
    step(admin, collab, Act::Transfer { to: rep.member_id }).await;
    step(rep, collab, Act::Close).await;
    db.raw(
        "delete from conversation_collaborators where conversation_id = $1 and member_id = $2",
        &[collab.get(), agent.member_id.get()],
    )
    .await;
    check(
        &db,
        &members,
        "after a transfer to a collaborator and a close",
    )
    .await;

    // Customers write: a closed one returns, an open one stays, the bot hands over.
    let closed = first(s, agent, View::MineClosed, 0).await;
    let open = first(s, agent, View::MineOpen, 0).await;
    let bot = first(s, agent, View::PendingBot, 0).await;
    for (id, route) in [
        (closed, Handler::Human),
        (open, Handler::Human),
        (bot, Handler::Human),
        (collab, Handler::Bot),
    ] {
        receive(s, ws, id, "hello again", None, route, NOW + 90_000)
            .await
            .unwrap();
    }
    let state = s
        .conversation(ws, collab, Some(rep.member_id))
        .await
        .unwrap();
    assert_eq!(
        state.map(|r| r.facts.state),
        Some(ConvState::Pending(Handler::Bot))
    );
    check(&db, &members, "after customer messages").await;

    // Deletes: a customer with their conversations (by cascade), collaborators included.
    db.raw(
        "delete from customers where id = (select customer_id from conversations where id = $1)",
        &[collab.get()],
    )
    .await;
    let another = first(s, agent, View::Closed, 0).await;
    db.raw("delete from conversations where id = $1", &[another.get()])
        .await;
    check(&db, &members, "after deletes").await;

    // Batches: a take over and a transfer of several at once (collaborators who become
    // owners lose their collaborator rows), a delete, a blacklist, and a first message
    // from someone new.
    let team = rows_of(s, admin, View::TeamOpen, 4).await;
    batch(s, admin, "c1", BatchAction::FollowUp, None, &team[..2]).await;
    batch(
        s,
        admin,
        "c2",
        BatchAction::Transfer,
        Some(rep.member_id),
        &team[2..],
    )
    .await;
    check(&db, &members, "after batch take over and transfer").await;
    let closed = rows_of(s, admin, View::Closed, 3).await;
    batch(s, admin, "c3", BatchAction::Delete, None, &closed[..2]).await;
    let pending = rows_of(s, admin, View::PendingHuman, 1).await;
    batch(s, admin, "c4", BatchAction::Blacklist, None, &pending).await;
    let channel = s.channels(ws).await.unwrap()[0].id;
    ingest(
        s,
        &Inbound {
            workspace: ws,
            channel,
            sender: "counts-new-1",
            sender_name: "New",
            body: "hi",
            external_id: Some("c-1"),
            payload: None,
            reply_token: None,
            attachments: &[],
            now: NOW + 120_000,
        },
    )
    .await
    .unwrap();
    check(
        &db,
        &members,
        "after batch delete, blacklist and a new customer",
    )
    .await;
    // The bot: a new conversation opened for it, then handed to a person.
    omni_inbox::server::demo::bot::create(s, ws, NOW)
        .await
        .unwrap();
    for (n, body) in ["請問營業時間", "我要找真人"].into_iter().enumerate() {
        ingest(
            s,
            &Inbound {
                workspace: ws,
                channel,
                sender: "counts-bot-1",
                sender_name: "Bot customer",
                body,
                external_id: Some(&format!("c-bot-{n}")),
                payload: None,
                reply_token: None,
                attachments: &[],
                now: NOW + 130_000 + n as i64 * 1000,
            },
        )
        .await
        .unwrap();
        check(&db, &members, &format!("after the bot routed {body:?}")).await;
    }
}
