//! A thread read in stretches (scrolling up) holds exactly what reading it at once holds, in
//! the same order, on every engine.

use crate::common::{as_member, engine_test, TestDb};
use crate::storage::demo_store;
use omni_inbox::domain::permission::Scope;
use omni_inbox::domain::EventId;
use omni_inbox::server::db::ListQuery;
use omni_inbox::wire::{ThreadItem, View};

fn key(item: &ThreadItem) -> (&'static str, i64) {
    match item {
        ThreadItem::Message { id, .. } => ("message", id.get()),
        ThreadItem::Event { id, .. } => ("event", id.get()),
    }
}

engine_test!(older_stretches_join_up_with_the_newest_one);
async fn older_stretches_join_up_with_the_newest_one(db: TestDb) {
    let s = &db.store;
    demo_store(s).await;
    let who = as_member(s, "supervisor@demo.test").await;
    let ws = who.workspace_id;
    let q = ListQuery {
        workspace_id: ws,
        me: who.member_id,
        scope: Scope::All,
        view: View::Closed,
        channel: None,
        owner: None,
        sort: Default::default(),
        after: None,
        now: crate::common::NOW,
        limit: 40,
    };
    let mut checked = 0;
    for row in s.list_conversations(&q).await.unwrap().rows {
        let full = s
            .conversation_detail(ws, row.id, 10_000)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(full.older, None, "everything fits");
        for limit in [1, 2, 3] {
            let first = s
                .conversation_detail(ws, row.id, limit)
                .await
                .unwrap()
                .unwrap();
            let mut items = first.items;
            let mut older = first.older;
            while let Some(before) = older {
                let page = s.thread_page(ws, row.id, before, limit).await.unwrap();
                assert!(
                    page.items
                        .iter()
                        .filter(|i| matches!(i, ThreadItem::Message { .. }))
                        .count()
                        <= limit as usize
                );
                let mut all = page.items;
                all.append(&mut items);
                items = all;
                older = page.older;
            }
            let got: Vec<_> = items.iter().map(key).collect();
            let want: Vec<_> = full.items.iter().map(key).collect();
            assert_eq!(
                got,
                want,
                "conversation {} by {limit} on {:?}",
                row.id,
                db.engine()
            );
        }
        checked += 1;
    }
    assert!(checked > 10);
}

engine_test!(a_page_carries_a_bounded_number_of_event_lines);
/// A conversation handed back and forth hundreds of times between two messages: each page
/// carries at most `THREAD_EVENTS` lines, and reading on upwards still shows every line once.
async fn a_page_carries_a_bounded_number_of_event_lines(db: TestDb) {
    use omni_inbox::domain::limits::THREAD_EVENTS;
    use omni_inbox::server::service::conversation::{act, visible, Act};
    let s = &db.store;
    demo_store(s).await;
    let a = as_member(s, "agent@demo.test").await;
    let b = as_member(s, "agent2@demo.test").await;
    let ws = a.workspace_id;
    let mut q = crate::common::list_query(&a, View::PendingHuman, 1);
    q.scope = Scope::All;
    let id = s.list_conversations(&q).await.unwrap().rows[0].id;
    for i in 0..(THREAD_EVENTS + 40) {
        let who = if i % 2 == 0 { &a } else { &b };
        let rec = visible(s, who, id).await.unwrap();
        act(
            s,
            who,
            id,
            rec.version,
            Act::FollowUp,
            crate::common::NOW + i,
        )
        .await
        .unwrap();
    }
    let first = s.conversation_detail(ws, id, 50).await.unwrap().unwrap();
    let lines = |items: &[ThreadItem]| {
        items
            .iter()
            .filter(|i| matches!(i, ThreadItem::Event { .. }))
            .count() as i64
    };
    assert!(lines(&first.items) <= THREAD_EVENTS, "{:?}", db.engine());
    let mut items = first.items;
    let mut older = first.older;
    while let Some(before) = older {
        let page = s.thread_page(ws, id, before, 50).await.unwrap();
        assert!(lines(&page.items) <= THREAD_EVENTS);
        let mut all = page.items;
        all.append(&mut items);
        items = all;
        older = page.older;
    }
    let mut shown: Vec<EventId> = items
        .iter()
        .filter_map(|i| match i {
            ThreadItem::Event { id, .. } => Some(*id),
            ThreadItem::Message { .. } => None,
        })
        .collect();
    let count = shown.len();
    shown.sort_unstable();
    shown.dedup();
    assert_eq!(shown.len(), count, "no line twice");
    let all: Vec<EventId> = s
        .events(ws, id)
        .await
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(shown, all, "every line once on {:?}", db.engine());
}
