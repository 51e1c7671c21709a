//! Search (issue 13) on every engine, through the service as a member uses it: every field and
//! chip, Chinese without spaces, phone spellings, tags, member criteria, dates, paging, both
//! of storage's paths (the index read for a selective query, the walk for a common one), the
//! index against the domain's reference, each role's scope and another workspace, and a
//! conversation found as soon as it is written and gone as soon as it is deleted.

use crate::common::{as_member, demo_hash, engine_test, on_postgres, on_sqlite, TestDb, NOW};
use omni_inbox::domain::batch::{BatchAction, Picked};
use omni_inbox::domain::permission::{scope, scope_allows};
use omni_inbox::domain::profile::ProfileInput;
use omni_inbox::domain::search::Query;
use omni_inbox::domain::{
    ChannelKind, ConversationId, Handler, MessageKind, Role, TagId, WorkspaceId,
};
use omni_inbox::server::db::{SessionMember, Store};
use omni_inbox::server::demo;
use omni_inbox::server::service::{self, ingest, ServiceError};
use omni_inbox::wire::{ExcerptSource, SearchHit, SearchRequest, StatusPick};
use std::collections::BTreeSet;

const ADMIN: &str = "admin@demo.test";

fn text(t: &str) -> SearchRequest {
    SearchRequest {
        text: t.into(),
        ..Default::default()
    }
}

/// Every page of a search, followed to the end.
async fn all(s: &Store, who: &SessionMember, req: &SearchRequest) -> Vec<SearchHit> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = service::search::page(s, who, req, after).await.unwrap();
        out.extend(page.hits);
        match page.next {
            Some(n) => after = Some(n),
            None => return out,
        }
    }
}

async fn ids(s: &Store, who: &SessionMember, req: &SearchRequest) -> Vec<ConversationId> {
    all(s, who, req)
        .await
        .into_iter()
        .map(|h| h.row.id)
        .collect()
}

/// A customer who writes in on LINE for the first time; their conversation.
async fn customer_writes(
    s: &Store,
    ws: WorkspaceId,
    sender: &str,
    name: &str,
    body: &str,
    at: i64,
) -> ConversationId {
    let channel = s
        .channels(ws)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.kind == ChannelKind::Line)
        .unwrap()
        .id;
    ingest::ingest(
        s,
        &ingest::Inbound {
            workspace: ws,
            channel,
            sender,
            sender_name: name,
            body,
            external_id: Some(&format!("{sender}-{at}")),
            payload: None,
            reply_token: None,
            attachments: &[],
            now: at,
        },
    )
    .await
    .unwrap();
    ids(
        s,
        &as_member(s, ADMIN).await,
        &text(&format!("name:\"{name}\"")),
    )
    .await
    .into_iter()
    .next()
    .expect("a new customer is found by name at once")
}

/// The demo, and one customer with every field filled in (and a note from the team).
async fn workspace_with_customer(s: &Store) -> (WorkspaceId, ConversationId) {
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, ADMIN).await;
    let ws = admin.workspace_id;
    let conv = customer_writes(
        s,
        ws,
        "U-search-1",
        "龔晏甄",
        "您好，我想辦理退貨，訂單 TW2411-00017，Crème brûlée 禮盒 สวัสดีครับ 😀 Ωμέγα",
        NOW + 1_000,
    )
    .await;
    service::customer::save(
        s,
        &admin,
        conv,
        &ProfileInput {
            name: "龔晏甄".into(),
            phone: "0912-345-678".into(),
            email: "Yen.Kung@Example.com".into(),
            note: "偏好下午聯絡 VIP".into(),
            tags: vec!["回購客 Repeat".into()],
        },
        NOW + 2_000,
    )
    .await
    .unwrap();
    service::reply::send(
        s,
        &admin,
        conv,
        MessageKind::Note,
        "已建立退換單 RX-55812",
        NOW + 3_000,
    )
    .await
    .unwrap();
    (ws, conv)
}

engine_test!(every_field_and_chip_finds_the_customer);
async fn every_field_and_chip_finds_the_customer(db: TestDb) {
    let s = &db.store;
    let (_, conv) = workspace_with_customer(s).await;
    let admin = as_member(s, ADMIN).await;
    let finds = |q: &'static str| {
        let admin = admin.clone();
        async move { ids(s, &admin, &text(q)).await.contains(&conv) }
    };
    for q in [
        // Chinese without spaces: one, two and more characters, in any field.
        "退貨",
        "貨",
        "甄",
        "龔晏甄",
        "辦理退貨",
        // Latin text without case or accents; words and numbers.
        "CREME BRULEE",
        // Other scripts are words too (and never break the index's syntax).
        "สวัสดีครับ",
        "ΩΜΈΓΑ",
        "tw2411",
        "TW2411-00017",
        // Phones in every common spelling, as free text and as a chip.
        "0912-345-678",
        "+886 912 345 678",
        "886912345678",
        "phone:0912345678",
        "phone:\"(09)12-345-678\"",
        // Emails whole or by their words, any case.
        "yen.kung@example.com",
        "email:YEN.KUNG@EXAMPLE.COM",
        "email:example",
        // Chips.
        "name:晏甄",
        "note:下午",
        "note:vip",
        "message:退貨",
        "message:RX-55812",
        // Tag names as free text, and several parts at once.
        "回購客",
        "name:龔 退貨 phone:0912345678",
    ] {
        assert!(finds(q).await, "{q} on {:?}", db.engine());
    }
    for q in [
        "name:退貨",
        "note:退貨",
        "message:龔",
        "phone:0912-345-679",
        "email:other@example.com",
        "退貨 不存在的詞",
        "晏龔",
    ] {
        assert!(!finds(q).await, "{q} must not match on {:?}", db.engine());
    }

    // Excerpts say where it matched and mark it.
    let hit = |q: &str| {
        let admin = admin.clone();
        let q = q.to_owned();
        async move {
            all(s, &admin, &text(&q))
                .await
                .into_iter()
                .find(|h| h.row.id == conv)
                .unwrap()
        }
    };
    let h = hit("退貨").await;
    let e = h.excerpt.unwrap();
    assert_eq!(e.source, ExcerptSource::Inbound);
    let (a, b) = e.marks[0];
    let marked: String = e
        .text
        .chars()
        .skip(a as usize)
        .take((b - a) as usize)
        .collect();
    assert_eq!(marked, "退貨");
    assert_eq!(
        hit("RX-55812").await.excerpt.unwrap().source,
        ExcerptSource::Note
    );
    assert_eq!(
        hit("name:晏甄").await.excerpt.unwrap().source,
        ExcerptSource::Name
    );
    assert_eq!(
        hit("+886 912 345 678").await.excerpt.unwrap().source,
        ExcerptSource::Phone
    );
    assert_eq!(
        hit("note:下午").await.excerpt.unwrap().source,
        ExcerptSource::CustomerNote
    );
    assert_eq!(
        hit("回購客").await.excerpt.unwrap().source,
        ExcerptSource::Tag
    );
    // It is pending for a person: that is the view it is listed in.
    assert_eq!(h.view, omni_inbox::wire::View::PendingHuman);
}

engine_test!(tags_statuses_channels_dates_and_members_narrow_it);
async fn tags_statuses_channels_dates_and_members_narrow_it(db: TestDb) {
    let s = &db.store;
    let (_, conv) = workspace_with_customer(s).await;
    let admin = as_member(s, ADMIN).await;
    let options = service::search::options(s, &admin).await.unwrap();
    let tag = |name: &str| -> TagId { options.tags.iter().find(|(_, n)| n == name).unwrap().0 };
    let repeat = tag("回購客 Repeat");
    let other = options.tags.iter().find(|(id, _)| *id != repeat).unwrap().0;
    let by_tags = |tags: Vec<TagId>| SearchRequest {
        tags,
        ..Default::default()
    };
    assert_eq!(ids(s, &admin, &by_tags(vec![repeat])).await, vec![conv]);
    assert!(!ids(s, &admin, &by_tags(vec![repeat, other]))
        .await
        .contains(&conv));
    let mut req = text("退貨");
    req.tags = vec![repeat];
    assert_eq!(ids(s, &admin, &req).await, vec![conv]);

    // Statuses and channels.
    let mut req = text("退貨");
    req.statuses = vec![StatusPick::Closed];
    assert!(!ids(s, &admin, &req).await.contains(&conv));
    req.statuses = vec![StatusPick::PendingHuman, StatusPick::Closed];
    assert!(ids(s, &admin, &req).await.contains(&conv));
    for h in all(s, &admin, &req).await {
        assert!(matches!(
            (h.row.status, h.row.handler),
            (omni_inbox::domain::Status::Closed, _)
                | (omni_inbox::domain::Status::Pending, Some(Handler::Human))
        ));
    }
    let line = options
        .channels
        .iter()
        .find(|c| c.1 == ChannelKind::Line)
        .unwrap()
        .0;
    let mut req = text("退貨");
    req.channel = Some(line);
    let found = all(s, &admin, &req).await;
    assert!(found.iter().any(|h| h.row.id == conv));
    assert!(found.iter().all(|h| h.row.channel_id == line));

    // Last activity by the workspace's calendar (NOW is 2026-11-23 in Taipei).
    let mut req = text("退貨");
    req.from = Some("2026-11-23".into());
    req.to = Some("2026-11-23".into());
    assert!(ids(s, &admin, &req).await.contains(&conv));
    req.to = Some("2026-11-22".into());
    req.from = None;
    assert!(!ids(s, &admin, &req).await.contains(&conv));
    req.to = Some("2026-02-30".into());
    assert!(matches!(
        service::search::page(s, &admin, &req, None).await,
        Err(ServiceError::Input(_))
    ));

    // Member criteria: owned by matching members (and, when asked, collaborated on).
    let agents = SearchRequest {
        roles: vec![Role::Agent],
        ..Default::default()
    };
    let found = all(s, &admin, &agents).await;
    assert!(!found.is_empty());
    let agent_ids: BTreeSet<_> = options
        .members
        .iter()
        .filter(|m| m.2 == Role::Agent)
        .map(|m| m.0)
        .collect();
    for h in &found {
        let owner = h.row.members.first().expect("owned").id;
        assert!(agent_ids.contains(&owner), "{:?}", h.row.id);
    }
    let one = *agent_ids.iter().next().unwrap();
    let just = SearchRequest {
        member: Some(one),
        ..Default::default()
    };
    let owned = all(s, &admin, &just).await;
    assert!(!owned.is_empty());
    assert!(owned.iter().all(|h| h.row.members[0].id == one));
    let with = SearchRequest {
        member: Some(one),
        with_collaborations: true,
        ..Default::default()
    };
    let more = all(s, &admin, &with).await;
    assert!(more.len() > owned.len(), "the demo has collaborations");
    assert!(more
        .iter()
        .all(|h| h.row.members.iter().any(|m| m.id == one) || h.row.members[0].id == one));
    // A branch's members; a branch with no members finds nothing.
    let branch = options.members.iter().find_map(|m| m.3).unwrap();
    let by_branch = SearchRequest {
        branch: Some(branch),
        ..Default::default()
    };
    let in_branch: BTreeSet<_> = options
        .members
        .iter()
        .filter(|m| m.3 == Some(branch))
        .map(|m| m.0)
        .collect();
    for h in all(s, &admin, &by_branch).await {
        assert!(in_branch.contains(&h.row.members[0].id));
    }
    let empty_branch = options
        .branches
        .iter()
        .map(|b| b.0)
        .find(|b| !options.members.iter().any(|m| m.3 == Some(*b)));
    if let Some(b) = empty_branch {
        let req = SearchRequest {
            branch: Some(b),
            ..Default::default()
        };
        assert!(ids(s, &admin, &req).await.is_empty());
    }
}

engine_test!(pages_follow_each_other_and_both_paths_agree);
async fn pages_follow_each_other_and_both_paths_agree(db: TestDb) {
    let s = &db.store;
    workspace_with_customer(s).await;
    let mut read_within_limit = 0;
    for login in [
        "admin@demo.test",
        "salesmanager@demo.test",
        "salesrep@demo.test",
    ] {
        let who = as_member(s, login).await;
        for q in ["您好", "訂單", "謝謝 name:王", "the", "退貨 OR"] {
            let req = text(q);
            let paged = ids(s, &who, &req).await;
            let unique: BTreeSet<_> = paged.iter().collect();
            assert_eq!(unique.len(), paged.len(), "no doubles: {q} {login}");
            // Newest activity first.
            let hits = all(s, &who, &req).await;
            assert!(hits.windows(2).all(|w| {
                (w[0].row.last_message_at, w[0].row.id) > (w[1].row.last_message_at, w[1].row.id)
            }));
            // The walk (every entry looked into) finds exactly what the index read finds.
            let (_, mut walk) = service::search::prepare(s, &who, &req, None)
                .await
                .unwrap()
                .unwrap();
            walk.index_limit = Some(0);
            walk.limit = 1000;
            let walked = s.search(&walk).await.unwrap();
            assert!(!walked.from_index);
            let walked: Vec<_> = walked.rows.iter().map(|r| r.id).collect();
            assert_eq!(walked, paged, "{q} {login} {:?}", db.engine());
            let (_, mut read) = service::search::prepare(s, &who, &req, None)
                .await
                .unwrap()
                .unwrap();
            read.limit = 1000;
            let index_limit = |most| {
                let mut q = read.clone();
                q.index_limit = Some(most);
                q
            };
            let read = s.search(&read).await.unwrap();
            assert!(read.from_index);
            assert_eq!(read.rows.iter().map(|r| r.id).collect::<Vec<_>>(), paged);
            // Read inline and counted as it is read (SQLite, with more matches than it
            // samples): within the limit from the index, past it walked; the same rows.
            let n = s
                .search_index_matching(&index_limit(0).expr, 100_000)
                .await
                .unwrap()
                .len() as i64;
            if n >= 16 {
                for most in [2 * n, n - 1] {
                    let got = s.search(&index_limit(most)).await.unwrap();
                    if most < n {
                        assert!(!got.from_index, "{q} {login} {most} of {n}");
                    } else if got.from_index {
                        read_within_limit += 1;
                    }
                    let got: Vec<_> = got.rows.iter().map(|r| r.id).collect();
                    assert_eq!(got, paged, "{q} {login} {most} of {n}");
                }
            }
        }
    }
    assert!(
        read_within_limit > 0,
        "a search read inline within its limit"
    );
}

engine_test!(the_index_matches_the_domains_reference);
async fn the_index_matches_the_domains_reference(db: TestDb) {
    let s = &db.store;
    let (ws, _) = workspace_with_customer(s).await;
    let all_ids: Vec<i64> = {
        let n = db
            .scalar(&format!(
                "select count(*) from conversations where workspace_id = {}",
                ws.get()
            ))
            .await;
        let first = db
            .scalar(&format!(
                "select min(id) from conversations where workspace_id = {}",
                ws.get()
            ))
            .await;
        (first..first + n).collect()
    };
    let mut entries = Vec::new();
    for id in &all_ids {
        let e = s.search_entry(ConversationId(*id)).await.unwrap();
        entries.push((*id, e.expect("every conversation has an entry")));
    }
    for q in [
        "您好",
        "貨",
        "退貨",
        "name:王",
        "謝謝 訂單",
        "0912-345-678",
        "vip",
        "the order",
        "email:example",
    ] {
        let expr = Query::parse(q).unwrap().compile(&[]);
        let want: BTreeSet<i64> = entries
            .iter()
            .filter(|(_, e)| expr.matches(e))
            .map(|(id, _)| *id)
            .collect();
        let got: BTreeSet<i64> = s
            .search_index_matching(&expr, 100_000)
            .await
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(got, want, "{q} on {:?}", db.engine());
    }
}

engine_test!(each_role_finds_only_what_it_may_open);
async fn each_role_finds_only_what_it_may_open(db: TestDb) {
    let s = &db.store;
    workspace_with_customer(s).await;
    let other = crate::permissions::import_other_workspace(s).await;
    let admin = as_member(s, ADMIN).await;
    for q in ["您好", "訂單", "王", "謝謝"] {
        // Everything that matches in the workspace, and its facts.
        let every = ids(s, &admin, &text(q)).await;
        assert!(!every.is_empty(), "{q}");
        for login in crate::permissions::LOGINS
            .into_iter()
            .chain(["other.admin@demo.test"])
        {
            let who = as_member(s, login).await;
            let mut may = Vec::new();
            for id in &every {
                let facts = s
                    .conversation(who.workspace_id, *id, Some(who.member_id))
                    .await
                    .unwrap()
                    .map(|r| r.facts);
                if facts.is_some_and(|f| scope_allows(&scope(&who.actor()), &f)) {
                    may.push(*id);
                }
            }
            let got = if who.workspace_id == admin.workspace_id {
                ids(s, &who, &text(q)).await
            } else {
                // A member of the other workspace: none of this workspace's, ever.
                let theirs = ids(s, &who, &text(q)).await;
                assert!(theirs.iter().all(|id| !every.contains(id)), "{login}");
                assert_eq!(who.workspace_id, other);
                continue;
            };
            assert_eq!(got, may, "{login} searching {q} on {:?}", db.engine());
        }
    }
}

engine_test!(found_when_written_and_gone_when_deleted);
async fn found_when_written_and_gone_when_deleted(db: TestDb) {
    let s = &db.store;
    let (ws, conv) = workspace_with_customer(s).await;
    let admin = as_member(s, ADMIN).await;
    // A reply is found at once (the entry is written with it).
    assert!(ids(s, &admin, &text("蝴蝶酥")).await.is_empty());
    service::conversation::act(
        s,
        &admin,
        conv,
        s.conversation(ws, conv, None)
            .await
            .unwrap()
            .unwrap()
            .version,
        service::conversation::Act::FollowUp,
        NOW + 4_000,
    )
    .await
    .unwrap();
    service::reply::send(
        s,
        &admin,
        conv,
        MessageKind::Outbound,
        "蝴蝶酥明天到貨",
        NOW + 5_000,
    )
    .await
    .unwrap();
    let h = all(s, &admin, &text("蝴蝶酥")).await;
    assert_eq!(h.iter().map(|h| h.row.id).collect::<Vec<_>>(), vec![conv]);
    assert_eq!(
        h[0].excerpt.as_ref().unwrap().source,
        ExcerptSource::Outbound
    );
    assert_eq!(h[0].view, omni_inbox::wire::View::MineOpen);
    // The customer writes again.
    let again = customer_writes(
        s,
        ws,
        "U-search-1",
        "龔晏甄",
        "請問 MACARON 還有嗎",
        NOW + 6_000,
    )
    .await;
    assert_eq!(again, conv);
    assert_eq!(ids(s, &admin, &text("macaron")).await, vec![conv]);
    // A new name replaces the old one.
    service::customer::save(
        s,
        &admin,
        conv,
        &ProfileInput {
            name: "龔小姐".into(),
            phone: String::new(),
            email: String::new(),
            note: String::new(),
            tags: vec![],
        },
        NOW + 7_000,
    )
    .await
    .unwrap();
    assert!(ids(s, &admin, &text("name:晏甄")).await.is_empty());
    assert!(ids(s, &admin, &text("0912345678")).await.is_empty());
    assert_eq!(ids(s, &admin, &text("name:龔小姐")).await, vec![conv]);
    assert_eq!(
        ids(s, &admin, &text("蝴蝶酥")).await,
        vec![conv],
        "messages stay"
    );

    // Deleted: gone at once.
    let version = s
        .conversation(ws, conv, None)
        .await
        .unwrap()
        .unwrap()
        .version;
    service::batch::run(
        s,
        &admin,
        "search-delete",
        &service::batch::BatchRequest {
            action: BatchAction::Delete,
            to: None,
            selected: vec![Picked { id: conv, version }],
        },
        NOW + 8_000,
    )
    .await
    .unwrap();
    assert!(ids(s, &admin, &text("蝴蝶酥")).await.is_empty());
    assert!(s.search_entry(conv).await.unwrap().is_none());

    // Blacklisted: every conversation of the customer gone at once.
    let other = customer_writes(s, ws, "U-search-2", "閔子騫", "鳳梨酥禮盒", NOW + 9_000).await;
    let version = s
        .conversation(ws, other, None)
        .await
        .unwrap()
        .unwrap()
        .version;
    service::batch::run(
        s,
        &admin,
        "search-blacklist",
        &service::batch::BatchRequest {
            action: BatchAction::Blacklist,
            to: None,
            selected: vec![Picked { id: other, version }],
        },
        NOW + 10_000,
    )
    .await
    .unwrap();
    assert!(ids(s, &admin, &text("鳳梨酥")).await.is_empty());
    assert!(ids(s, &admin, &text("閔子騫")).await.is_empty());
}

engine_test!(bad_input_is_refused_before_any_work);
async fn bad_input_is_refused_before_any_work(db: TestDb) {
    let s = &db.store;
    s.import(&demo::dataset(NOW, &demo_hash())).await.unwrap();
    let admin = as_member(s, ADMIN).await;
    let refused = |req: SearchRequest| {
        let admin = admin.clone();
        async move {
            matches!(
                service::search::page(s, &admin, &req, None).await,
                Err(ServiceError::Input(_))
            )
        }
    };
    assert!(refused(text(&"退".repeat(201))).await);
    assert!(refused(text(&"a ".repeat(17))).await);
    assert!(
        refused(SearchRequest {
            tags: (0..21).map(TagId).collect(),
            ..Default::default()
        })
        .await
    );
    assert!(
        refused(SearchRequest {
            from: Some("yesterday".into()),
            ..Default::default()
        })
        .await
    );
    // Nothing asked, or only punctuation: no results, no error.
    for t in ["", "   ", "!!!", "name:"] {
        let page = service::search::page(s, &admin, &text(t), None)
            .await
            .unwrap();
        assert!(page.hits.is_empty(), "{t:?}");
    }
}

type Found = Vec<Vec<(String, i64, String)>>;

async fn found_by_each(db: TestDb, into: std::sync::Arc<std::sync::Mutex<Option<Found>>>) {
    let s = &db.store;
    workspace_with_customer(s).await;
    let mut out = Vec::new();
    for login in ["admin@demo.test", "salesrep@demo.test", "agent@demo.test"] {
        let who = as_member(s, login).await;
        for q in [
            "您好",
            "退貨",
            "王",
            "name:王 訂單",
            "0912-345-678",
            "thanks",
            "note:vip",
        ] {
            out.push(
                all(s, &who, &text(q))
                    .await
                    .into_iter()
                    .map(|h| {
                        (
                            h.row.customer_name,
                            h.row.last_message_at,
                            h.row.last_message_preview,
                        )
                    })
                    .collect(),
            );
        }
    }
    *into.lock().unwrap() = Some(out);
}

/// The same data gives the same results on both engines.
#[tokio::test]
async fn both_engines_find_the_same() {
    let sqlite = std::sync::Arc::new(std::sync::Mutex::new(None));
    let postgres = std::sync::Arc::new(std::sync::Mutex::new(None));
    let (a, b) = (sqlite.clone(), postgres.clone());
    on_sqlite(move |db| found_by_each(db, a)).await;
    on_postgres(move |db| found_by_each(db, b)).await;
    let sqlite = sqlite.lock().unwrap().take().unwrap();
    assert!(sqlite.iter().any(|r| !r.is_empty()));
    let pg = postgres.lock().unwrap().take();
    if let Some(pg) = pg {
        assert_eq!(sqlite, pg);
    }
}
