//! A thread read in stretches (scrolling up) holds exactly what reading it at once holds, in
//! the same order, on every engine.

use crate::common::{as_member, engines};
use crate::storage::demo_store;
use omni_inbox::domain::permission::Scope;
use omni_inbox::server::db::ListQuery;
use omni_inbox::wire::{ThreadItem, View};

fn key(item: &ThreadItem) -> (&'static str, i64) {
    match item {
        ThreadItem::Message { id, .. } => ("message", *id),
        ThreadItem::Event { id, .. } => ("event", *id),
    }
}

#[tokio::test]
async fn older_stretches_join_up_with_the_newest_one() {
    for db in engines().await {
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
        db.drop().await;
    }
}
