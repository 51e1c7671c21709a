//! The inbox on a big workspace: `cargo bench --features ssr --bench inbox`.
//!
//! For each engine (SQLite always; PostgreSQL when `INBOX_BENCH_POSTGRES_URL` or
//! `INBOX_TEST_POSTGRES_URL` names a server, where a throwaway database is created) and each
//! size (`INBOX_BENCH_SIZES`, default `10000,300000` conversations, ten messages each), it
//! generates the workspace (`omni_inbox::server::generate`) and measures, through the real
//! `Storage` methods and as agent1 (who sees everything and owns some):
//!
//! - `list_conversations`, first page and a deep page (40 pages in, through the real cursors,
//!   or the last page of a shorter view) of every view × sort × channel filter (all channels,
//!   and LINE, the busiest);
//! - `view_counts` (all channels, and LINE);
//! - opening a conversation: `conversation` (the visibility read) + `conversation_detail`.
//!
//! Each case is timed against a hand-written raw keyset `SELECT` of the same rows, with the
//! columns a row shows (customer, channel, owner, read mark), in the same order, with the same
//! cursor, in the same run (calls interleaved): the ids are checked to be the same 25. The counts are timed against the raw first page of Pending/Human, opening a
//! conversation against raw `SELECT`s of what the pane shows. It prints p50 and p95
//! of each and the ratio of the p95s, then the worst ratio, deep page against first page, and
//! each size against the smallest.
//!
//! `INBOX_BENCH_ITERS` (default 30) sets the timed calls per case (after 3 warm-up calls);
//! `INBOX_BENCH_ENGINES` (`sqlite,postgres`) picks engines; `INBOX_BENCH_CACHE=<dir>` keeps the
//! generated SQLite files in `<dir>` and the PostgreSQL databases (`inbox_bench_<size>`)
//! between runs instead of generating them each time.

use omni_inbox::domain::permission::scope;
use omni_inbox::domain::sorting::{overdue_cutoff, Tier};
use omni_inbox::domain::{ChannelId, ConversationId, Millis};
use omni_inbox::server::db::{CountQuery, Engine, ListQuery, SessionMember, Store};
use omni_inbox::server::generate;
use omni_inbox::wire::{Cursor, Sort, View};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

mod common;
use common::{ms, open, pct, time, Bench, Raw, NOW};

const PAGE: i64 = 25;
const DEEP: usize = 40;

/// Opening a conversation, raw: what the pane shows, in as few statements: its row with
/// customer, channel and owner; its latest 50 messages with their authors; its event lines
/// with who did them; its collaborators.
const OPEN_CONVERSATION: &str = "select c.id, c.status, c.pending_handler, c.owner_id, c.version, c.waiting_since,
    cu.name, cu.phone, cu.email, ch.kind, ch.name, o.name
    from conversations c join customers cu on cu.id = c.customer_id join channels ch on ch.id = c.channel_id
    left join members o on o.id = c.owner_id
    where c.workspace_id = $1 and c.id = $2";
const OPEN_THREAD: &str = "select m.id, m.kind, m.body, m.delivery, m.created_at, a.name
    from messages m left join members a on a.id = m.author_id
    where m.workspace_id = $1 and m.conversation_id = $2 order by m.created_at desc, m.id desc limit 50";

const OPEN_EVENTS: &str = "select e.id, e.change, e.detail, e.created_at, a.name, o.name
    from conversation_events e left join members a on a.id = e.actor_id left join members o on o.id = e.to_owner_id
    where e.workspace_id = $1 and e.conversation_id = $2 order by e.id";
const OPEN_COLLABORATORS: &str = "select m.id, m.name, m.avatar_url
    from conversation_collaborators cc join members m on m.id = cc.member_id
    where cc.workspace_id = $1 and cc.conversation_id = $2 order by cc.added_at, m.id";

/// The columns a list row shows (customer, channel, preview, time, waiting, unread, owner),
/// after `c.id` and the sort key `k`; `r` is the member's read row.
const ROW_COLUMNS: &str = ", cu.name, cu.avatar_url, c.channel_id, ch.kind, c.status, c.pending_handler,
    c.last_message_at, c.last_message_preview, c.waiting_since,
    c.inbound_count - coalesce(r.read_inbound_count, 0) as unread, c.owner_id, o.name as owner_name, o.avatar_url as owner_avatar
    from conversations c
    left join customers cu on cu.id = c.customer_id
    left join channels ch on ch.id = c.channel_id
    left join members o on o.id = c.owner_id
    left join conversation_reads r on r.conversation_id = c.id and r.member_id = ";

/// A raw keyset query under construction: SQL text and its bound integers.
struct Sql {
    text: String,
    binds: Vec<i64>,
}

impl Sql {
    fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }
    /// Binds a number or an id (the raw baseline binds bare numbers).
    fn bind(&mut self, v: impl Into<i64>) -> &mut Self {
        self.binds.push(v.into());
        self.text.push_str(&format!("${}", self.binds.len()));
        self
    }
}

/// Appends `select c.id, <key> as k from … where …` for one tier of one view (for Mine, one
/// of its two halves: owned by me, or collaborated on and owned by someone else), ordered and
/// limited.
#[allow(clippy::too_many_arguments)]
fn push_tier(
    sql: &mut Sql,
    who: &SessionMember,
    view: View,
    mine_half: Option<bool>,
    channel: Option<ChannelId>,
    tier: Tier,
    cutoff: Millis,
    after: Option<Cursor>,
    limit: i64,
) {
    let me = who.member_id;
    if mine_half == Some(false) {
        return push_collaborated_tier(sql, who, view, channel, tier, cutoff, after, limit);
    }
    let key = match tier {
        Tier::Overdue => "c.waiting_since",
        _ => "c.last_message_at",
    };
    sql.push("select c.id, ")
        .push(key)
        .push(" as k")
        .push(ROW_COLUMNS)
        .bind(me);
    // My own conversations say whether I have read them (`owner_unread`); others' need my
    // read row.
    let unread = if mine_half == Some(true) {
        "c.owner_unread"
    } else {
        "c.inbound_count > coalesce(r.read_inbound_count, 0)"
    };
    sql.push(" where c.workspace_id = ").bind(who.workspace_id);
    match view {
        View::PendingHuman => sql.push(" and c.status = 'pending' and c.pending_handler = 'human'"),
        View::PendingBot => sql.push(" and c.status = 'pending' and c.pending_handler = 'bot'"),
        View::MineOpen | View::MineClosed => {
            let status = if view == View::MineOpen {
                "in_progress"
            } else {
                "closed"
            };
            sql.push(" and c.status = '")
                .push(status)
                .push("' and c.owner_id = ")
                .bind(me);
            // My snoozed conversations wait in Mine · Snoozed.
            if view == View::MineOpen && mine_half == Some(true) {
                sql.push(" and c.snoozed_at is null");
            }
            &mut *sql
        }
        View::MineSnoozed => sql
            .push(" and c.status = 'in_progress' and c.owner_id = ")
            .bind(me)
            .push(" and c.snoozed_at is not null"),
        View::TeamOpen => sql
            .push(" and c.status = 'in_progress' and c.owner_id <> ")
            .bind(me),
        View::TeamClosed => sql
            .push(" and c.status = 'closed' and (c.owner_id is null or c.owner_id <> ")
            .bind(me)
            .push(")"),
        View::Closed => sql.push(" and c.status = 'closed'"),
    };
    if let Some(ch) = channel {
        sql.push(" and c.channel_id = ").bind(ch);
    }
    match tier {
        Tier::All { .. } => {}
        Tier::Overdue => {
            sql.push(" and c.waiting_since <= ").bind(cutoff);
        }
        Tier::NotOverdue => {
            sql.push(" and (c.waiting_since is null or c.waiting_since > ")
                .bind(cutoff)
                .push(")");
        }
        Tier::Unread => {
            sql.push(" and ").push(unread);
        }
        Tier::Read => {
            sql.push(" and not (").push(unread).push(")");
        }
        Tier::FreshUnread | Tier::FreshRead => {
            sql.push(" and (c.waiting_since is null or c.waiting_since > ")
                .bind(cutoff)
                .push(")");
            let not = if tier == Tier::FreshRead {
                " and not ("
            } else {
                " and ("
            };
            sql.push(not).push(unread).push(")");
        }
    }
    push_keyset(sql, tier, key, "c.id", after, limit);
}

/// The collaborated half of a Mine view: my collaborator rows alone, which carry their
/// conversation's status, channel, keys and my read mark (migrations/*/0004_mine_keys.sql).
#[allow(clippy::too_many_arguments)]
fn push_collaborated_tier(
    sql: &mut Sql,
    who: &SessionMember,
    view: View,
    channel: Option<ChannelId>,
    tier: Tier,
    cutoff: Millis,
    after: Option<Cursor>,
    limit: i64,
) {
    let key = match tier {
        Tier::Overdue => "cc.waiting_since",
        _ => "cc.last_message_at",
    };
    let status = if view == View::MineOpen {
        "in_progress"
    } else {
        "closed"
    };
    // The page's ids from my collaborator rows in order, then their rows.
    sql.push("select c.id, ")
        .push(&key.replace("cc.", "c."))
        .push(" as k")
        .push(ROW_COLUMNS)
        .bind(who.member_id)
        .push(" where c.id in (select cc.conversation_id from conversation_collaborators cc where cc.member_id = ")
        .bind(who.member_id)
        .push(" and cc.status = '")
        .push(status)
        .push("'");
    if let Some(ch) = channel {
        sql.push(" and cc.channel_id = ").bind(ch);
    }
    match tier {
        Tier::All { .. } => {}
        Tier::Overdue => {
            sql.push(" and cc.waiting_since <= ").bind(cutoff);
        }
        Tier::NotOverdue => {
            sql.push(" and (cc.waiting_since is null or cc.waiting_since > ")
                .bind(cutoff)
                .push(")");
        }
        Tier::Unread => {
            sql.push(" and cc.unread");
        }
        Tier::Read => {
            sql.push(" and not cc.unread");
        }
        Tier::FreshUnread | Tier::FreshRead => {
            sql.push(" and (cc.waiting_since is null or cc.waiting_since > ")
                .bind(cutoff)
                .push(")");
            let not = if tier == Tier::FreshRead {
                " and not"
            } else {
                " and"
            };
            sql.push(not).push(" cc.unread");
        }
    }
    push_keyset(sql, tier, key, "cc.conversation_id", after, limit);
    sql.push(")");
    let key = key.replace("cc.", "c.");
    push_keyset(sql, tier, &key, "c.id", None, limit);
}

/// Appends the cursor condition, the order and the limit of a tier.
fn push_keyset(sql: &mut Sql, tier: Tier, key: &str, id: &str, after: Option<Cursor>, limit: i64) {
    let (cmp, dir) = if tier.ascending() {
        (" > ", " asc")
    } else {
        (" < ", " desc")
    };
    if let Some(c) = after {
        sql.push(" and (")
            .push(key)
            .push(", ")
            .push(id)
            .push(")")
            .push(cmp)
            .push("(")
            .bind(c.key)
            .push(", ")
            .bind(c.id)
            .push(")");
    }
    sql.push(" order by ")
        .push(key)
        .push(dir)
        .push(", ")
        .push(id)
        .push(dir)
        .push(" limit ")
        .bind(limit);
}

/// The ids of one page, by raw keyset queries: one per tier, from the cursor's tier on, as
/// few as fill the page.
async fn raw_page(
    raw: &Raw,
    who: &SessionMember,
    view: View,
    sort: Sort,
    channel: Option<ChannelId>,
    after: Option<Cursor>,
) -> Vec<i64> {
    let cutoff = after.map_or(overdue_cutoff(NOW), |c| c.cutoff);
    let start = after.map_or(0, |c| usize::from(c.tier));
    let mut ids = Vec::new();
    for (i, &tier) in sort.tiers().iter().enumerate().skip(start) {
        let here = after.filter(|c| usize::from(c.tier) == i);
        let need = PAGE - ids.len() as i64;
        let mut sql = Sql {
            text: String::new(),
            binds: Vec::new(),
        };
        if matches!(view, View::MineOpen | View::MineClosed) {
            let dir = if tier.ascending() { " asc" } else { " desc" };
            sql.push("select * from (select * from (");
            push_tier(
                &mut sql,
                who,
                view,
                Some(true),
                channel,
                tier,
                cutoff,
                here,
                need,
            );
            sql.push(") a union all select * from (");
            push_tier(
                &mut sql,
                who,
                view,
                Some(false),
                channel,
                tier,
                cutoff,
                here,
                need,
            );
            sql.push(") b) u order by k")
                .push(dir)
                .push(", id")
                .push(dir)
                .push(" limit ")
                .bind(need);
        } else {
            sql.push("select * from (");
            push_tier(&mut sql, who, view, None, channel, tier, cutoff, here, need);
            sql.push(") t");
        }
        ids.extend(raw.ids(&sql.text, &sql.binds).await);
        if ids.len() as i64 >= PAGE {
            break;
        }
    }
    ids
}

/// Timings of one case.
struct Case {
    name: String,
    /// (view, sort, channel) of a list case, for comparing depths.
    list: Option<(View, Sort, bool, bool)>,
    app: Vec<Duration>,
    raw: Vec<Duration>,
}

impl Case {
    fn p95_ratio(&self) -> f64 {
        ms(pct(&self.app, 0.95)) / ms(pct(&self.raw, 0.95))
    }
}

fn list_query(
    who: &SessionMember,
    view: View,
    sort: Sort,
    channel: Option<ChannelId>,
) -> ListQuery {
    ListQuery {
        workspace_id: who.workspace_id,
        me: who.member_id,
        scope: scope(&who.actor()),
        view,
        channel,
        owner: None,
        sort,
        after: None,
        now: NOW,
        limit: PAGE,
    }
}

/// The member the benchmark reads as, through a session like the server.
async fn agent(s: &Store) -> SessionMember {
    common::member(s, &format!("agent1@{}", generate::team::DOMAIN)).await
}

async fn run(b: &Bench, iters: usize) -> Vec<Case> {
    let s = &b.store;
    let who = agent(s).await;
    let line = s
        .channels(who.workspace_id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.kind == omni_inbox::domain::ChannelKind::Line)
        .map(|c| c.id);
    let mut cases = Vec::new();
    let mut mismatches = 0;
    let mut open_ids: Vec<ConversationId> = Vec::new();
    for view in View::ALL {
        for sort in Sort::ALL {
            for channel in [None, line] {
                // The deep cursor: DEEP pages in through the real cursors (or the last page).
                let mut q = list_query(&who, view, sort, channel);
                let mut cursor = None;
                let mut depth = 0;
                while depth < DEEP {
                    q.after = cursor;
                    let page = s.list_conversations(&q).await.unwrap();
                    if depth == 0 {
                        open_ids.extend(page.rows.first().map(|r| r.id));
                    }
                    match page.next {
                        Some(c) => {
                            cursor = Some(c);
                            depth += 1;
                        }
                        None => break,
                    }
                }
                let ch = if channel.is_some() { "line" } else { "all" };
                for deep in [false, true] {
                    let after = if deep { cursor } else { None };
                    let mut q = list_query(&who, view, sort, channel);
                    q.after = after;
                    let got: Vec<i64> = s
                        .list_conversations(&q)
                        .await
                        .unwrap()
                        .rows
                        .iter()
                        .map(|r| r.id.get())
                        .collect();
                    let want = raw_page(&b.raw, &who, view, sort, channel, after).await;
                    if got != want {
                        mismatches += 1;
                        eprintln!(
                            "  ! {} {} {ch} {}: storage and raw differ ({} vs {} rows)",
                            view.slug(),
                            sort.slug(),
                            if deep { "deep" } else { "first" },
                            got.len(),
                            want.len()
                        );
                    }
                    let (app, raw) = time(
                        iters,
                        || {
                            let q = q.clone();
                            async move {
                                s.list_conversations(&q).await.unwrap();
                            }
                        },
                        || async {
                            raw_page(&b.raw, &who, view, sort, channel, after).await;
                        },
                    )
                    .await;
                    eprintln!(
                        "  {} {} {ch} {}: {:.2} ms p95",
                        view.slug(),
                        sort.slug(),
                        if deep { "deep" } else { "first" },
                        ms(pct(&app, 0.95))
                    );
                    let place = if deep {
                        format!("page {}", depth + 1)
                    } else {
                        "page 1".to_owned()
                    };
                    cases.push(Case {
                        name: format!("{} {} {ch} {place}", view.slug(), sort.slug()),
                        list: Some((view, sort, channel.is_some(), deep)),
                        app,
                        raw,
                    });
                }
            }
        }
    }
    if mismatches > 0 {
        eprintln!("  ! {mismatches} pages differ between storage and the raw queries");
    }
    for channel in [None, line] {
        let q = CountQuery {
            workspace_id: who.workspace_id,
            me: who.member_id,
            scope: scope(&who.actor()),
            channel,
        };
        let (app, raw) = time(
            iters,
            || async {
                s.view_counts(&q).await.unwrap();
            },
            || async {
                raw_page(
                    &b.raw,
                    &who,
                    View::PendingHuman,
                    Sort::Newest,
                    channel,
                    None,
                )
                .await;
            },
        )
        .await;
        let ch = if channel.is_some() { "line" } else { "all" };
        cases.push(Case {
            name: format!("view counts {ch}"),
            list: None,
            app,
            raw,
        });
    }
    open_ids.dedup();
    // Read each conversation once before timing: otherwise the timed call that comes first
    // pays for bringing its pages into the cache, and the other finds them there.
    for &id in &open_ids {
        for sql in [
            OPEN_CONVERSATION,
            OPEN_THREAD,
            OPEN_EVENTS,
            OPEN_COLLABORATORS,
        ] {
            b.raw.ids(sql, &[who.workspace_id.get(), id.get()]).await;
        }
    }
    let mut next = 0;
    let mut raw_next = 0;
    let (app, raw) = time(
        iters,
        || {
            let id = open_ids[next % open_ids.len()];
            next += 1;
            let who = &who;
            async move {
                s.conversation(who.workspace_id, id, Some(who.member_id))
                    .await
                    .unwrap()
                    .unwrap();
                s.conversation_detail(who.workspace_id, id, 50)
                    .await
                    .unwrap()
                    .unwrap();
            }
        },
        || {
            let id = open_ids[raw_next % open_ids.len()];
            raw_next += 1;
            let raw = &b.raw;
            let (ws, id) = (who.workspace_id.get(), id.get());
            async move {
                raw.ids(OPEN_CONVERSATION, &[ws, id]).await;
                raw.ids(OPEN_THREAD, &[ws, id]).await;
                raw.ids(OPEN_EVENTS, &[ws, id]).await;
                raw.ids(OPEN_COLLABORATORS, &[ws, id]).await;
            }
        },
    )
    .await;
    cases.push(Case {
        name: "open conversation".into(),
        list: None,
        app,
        raw,
    });
    cases
}

fn print_cases(b: &Bench, cases: &[Case]) {
    println!(
        "\n{:?}, {} conversations{}",
        b.engine,
        b.size,
        b.generated.map_or(String::new(), |d| format!(
            " (generated in {:.1} s)",
            d.as_secs_f64()
        ))
    );
    println!(
        "{:<42} {:>8} {:>8} {:>8} {:>8} {:>7}",
        "case (ms)", "p50", "p95", "raw p50", "raw p95", "p95/raw"
    );
    for c in cases {
        println!(
            "{:<42} {:>8.3} {:>8.3} {:>8.3} {:>8.3} {:>7.2}",
            c.name,
            ms(pct(&c.app, 0.5)),
            ms(pct(&c.app, 0.95)),
            ms(pct(&c.raw, 0.5)),
            ms(pct(&c.raw, 0.95)),
            c.p95_ratio()
        );
    }
}

fn summarise(results: &[(Engine, usize, Vec<Case>)]) {
    println!("\nSummary");
    for (engine, size, cases) in results {
        let worst = cases
            .iter()
            .max_by(|a, b| a.p95_ratio().total_cmp(&b.p95_ratio()))
            .unwrap();
        let over = cases.iter().filter(|c| c.p95_ratio() > 3.0).count();
        let mut deep: Vec<(f64, String)> = Vec::new();
        let firsts: BTreeMap<String, &Case> = cases
            .iter()
            .filter(|c| c.list.is_some_and(|l| !l.3))
            .map(|c| (key_of(c), c))
            .collect();
        for c in cases.iter().filter(|c| c.list.is_some_and(|l| l.3)) {
            if let Some(f) = firsts.get(&key_of(c)) {
                deep.push((
                    ms(pct(&c.app, 0.95)) / ms(pct(&f.app, 0.95)),
                    c.name.clone(),
                ));
            }
        }
        deep.sort_by(|a, b| a.0.total_cmp(&b.0));
        let worst_deep = deep.last().cloned().unwrap_or((0.0, String::new()));
        println!(
            "{engine:?} {size}: worst p95/raw {:.2} ({}); {over} of {} cases over 3×; deep/first p95 median {:.2}, worst {:.2} ({})",
            worst.p95_ratio(),
            worst.name,
            cases.len(),
            deep.get(deep.len() / 2).map_or(0.0, |d| d.0),
            worst_deep.0,
            worst_deep.1
        );
    }
    // Each size against the smallest, per engine.
    for (engine, size, cases) in results {
        let Some((_, small, base)) = results
            .iter()
            .filter(|(e, _, _)| e == engine)
            .min_by_key(|(_, s, _)| *s)
        else {
            continue;
        };
        if small == size {
            continue;
        }
        let base: BTreeMap<&str, &Case> = base.iter().map(|c| (c.name.as_str(), c)).collect();
        let mut growth: Vec<(f64, &str)> = cases
            .iter()
            .filter_map(|c| {
                base.get(c.name.as_str()).map(|b| {
                    (
                        ms(pct(&c.app, 0.95)) / ms(pct(&b.app, 0.95)),
                        c.name.as_str(),
                    )
                })
            })
            .collect();
        growth.sort_by(|a, b| a.0.total_cmp(&b.0));
        if let Some(worst) = growth.last() {
            println!(
                "{engine:?} {size} vs {small}: p95 median ×{:.2}, worst ×{:.2} ({})",
                growth[growth.len() / 2].0,
                worst.0,
                worst.1
            );
        }
    }
}

fn key_of(c: &Case) -> String {
    c.list
        .map(|(v, s, ch, _)| format!("{}/{}/{ch}", v.slug(), s.slug()))
        .unwrap_or_default()
}

#[tokio::main]
async fn main() {
    let sizes = common::sizes("10000,300000");
    let iters = common::iters();
    let (engines, pg) = common::engines();
    let mut results = Vec::new();
    for &engine in &engines {
        for &size in &sizes {
            let b = open(engine, size, pg.as_deref()).await;
            let started = Instant::now();
            let cases = run(&b, iters).await;
            print_cases(&b, &cases);
            eprintln!("  measured in {:.0} s", started.elapsed().as_secs_f64());
            b.finish().await;
            results.push((engine, size, cases));
        }
    }
    summarise(&results);
}
