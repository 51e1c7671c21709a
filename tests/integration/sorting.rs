//! Every sort of every view pages through in exactly the order `domain::sorting::compare`
//! defines, on every engine; and paging keeps its place while conversations change.

use crate::common::{as_member, engine_test, list_query, TestDb, NOW};
use crate::storage::demo_store;
use omni_inbox::domain::sorting::{compare, overdue_cutoff, SortFacts};
use omni_inbox::domain::{ChannelId, ConversationId, Handler};
use omni_inbox::server::db::{ListQuery, SessionMember, Store};
use omni_inbox::server::service::conversation::{self as service, Act};
use omni_inbox::server::service::ingest::receive;
use omni_inbox::wire::{ConversationRow, Sort, View};
use std::collections::HashSet;

fn query(
    who: &SessionMember,
    view: View,
    channel: Option<ChannelId>,
    sort: Sort,
    limit: i64,
) -> ListQuery {
    ListQuery {
        channel,
        sort,
        ..list_query(who, view, limit)
    }
}

async fn pages(s: &Store, mut q: ListQuery) -> Vec<ConversationRow> {
    let mut out = Vec::new();
    loop {
        let page = s.list_conversations(&q).await.unwrap();
        assert!(page.rows.len() as i64 <= q.limit);
        out.extend(page.rows);
        match page.next {
            Some(c) => q.after = Some(c),
            None => return out,
        }
    }
}

fn facts(r: &ConversationRow) -> SortFacts {
    SortFacts {
        id: r.id,
        last_message_at: r.last_message_at,
        waiting_since: r.waiting_since,
        unread: r.unread,
    }
}

engine_test!(every_view_sort_and_channel_pages_in_the_reference_order);
async fn every_view_sort_and_channel_pages_in_the_reference_order(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    for email in ["agent@demo.test", "salesrep@demo.test"] {
        let who = as_member(s, email).await;
        // Read a third of every view (owned, collaborated on and others' conversations),
        // so Unread has both tiers everywhere.
        for view in View::ALL {
            let everything = pages(s, query(&who, view, None, Sort::Newest, 500)).await;
            for r in everything.iter().step_by(3) {
                s.mark_read(who.workspace_id, r.id, who.member_id, NOW)
                    .await
                    .unwrap();
            }
        }
        let channels = s.channels(who.workspace_id).await.unwrap();
        let cutoff = overdue_cutoff(NOW);
        for channel in [None, Some(channels[1].id)] {
            for view in View::ALL {
                let all = pages(s, query(&who, view, channel, Sort::Newest, 1000)).await;
                let ids: HashSet<ConversationId> = all.iter().map(|r| r.id).collect();
                for sort in Sort::ALL {
                    // Pages of 7 cross every tier boundary somewhere.
                    let paged = pages(s, query(&who, view, channel, sort, 7)).await;
                    let got: Vec<ConversationId> = paged.iter().map(|r| r.id).collect();
                    let mut want = all.clone();
                    want.sort_by(|a, b| compare(sort, cutoff, &facts(a), &facts(b)));
                    let want: Vec<ConversationId> = want.iter().map(|r| r.id).collect();
                    let label = format!("{email} {view:?} {channel:?} {sort:?} {:?}", db.engine());
                    assert_eq!(got, want, "{label}");
                    assert_eq!(
                        got.iter().collect::<HashSet<_>>().len(),
                        ids.len(),
                        "{label}"
                    );
                }
            }
        }
    }
    // The demo has overdue, fresh, unread and read conversations for the sorts to order.
    let who = as_member(s, "agent@demo.test").await;
    let pending = pages(s, query(&who, View::PendingHuman, None, Sort::Waiting, 500)).await;
    let cutoff = overdue_cutoff(NOW);
    assert!(pending
        .iter()
        .any(|r| r.waiting_since.is_some_and(|w| w <= cutoff)));
    assert!(pending
        .iter()
        .any(|r| r.waiting_since.is_some_and(|w| w > cutoff)));
}

engine_test!(paging_never_skips_or_repeats_a_row_while_others_change);
async fn paging_never_skips_or_repeats_a_row_while_others_change(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let boss = as_member(s, "supervisor@demo.test").await;
    for sort in [Sort::Newest, Sort::Oldest] {
        let before: Vec<ConversationId> = pages(s, query(&boss, View::Closed, None, sort, 1000))
            .await
            .iter()
            .map(|r| r.id)
            .collect();
        assert!(before.len() > 40, "enough closed conversations to page");
        let mut q = query(&boss, View::Closed, None, sort, 10);
        let first = s.list_conversations(&q).await.unwrap();
        let mut seen: Vec<ConversationId> = first.rows.iter().map(|r| r.id).collect();
        q.after = first.next;
        // Underneath: one already shown and two not yet shown leave the view.
        let gone_seen = seen[3];
        let gone_ahead = [before[15], before[31]];
        let rec = service::visible(s, &boss, gone_seen).await.unwrap();
        service::act(s, &boss, gone_seen, rec.version, Act::Reopen, NOW)
            .await
            .unwrap();
        for id in gone_ahead {
            receive(s, boss.workspace_id, id, "again", None, Handler::Human, NOW)
                .await
                .unwrap();
        }
        loop {
            let page = s.list_conversations(&q).await.unwrap();
            seen.extend(page.rows.iter().map(|r| r.id));
            match page.next {
                Some(c) => q.after = Some(c),
                None => break,
            }
        }
        let want: Vec<ConversationId> = before
            .iter()
            .copied()
            .filter(|id| !gone_ahead.contains(id))
            .collect();
        assert_eq!(seen, want, "{sort:?} on {:?}", db.engine());
    }
}
