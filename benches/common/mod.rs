//! What the benchmarks share (`benches/inbox.rs`, `benches/batch.rs`): the generated
//! workspaces and their cache (`INBOX_BENCH_CACHE`), raw access to the same database, the
//! engines and sizes asked for, a session like the server's, and timing.

// Each benchmark is its own crate and uses only part of this.
#![allow(dead_code)]

use omni_inbox::domain::Millis;
use omni_inbox::server::db::{self, Engine, SessionMember, Store};
use omni_inbox::server::generate::{self, Options};
use sqlx::{Connection, Row};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The clock of every generated workspace and every query, so cached databases stay valid.
pub const NOW: Millis = 1_795_428_000_000;
/// Bumped whenever the generator's output changes, so cached databases are regenerated.
pub const DATA_VERSION: u32 = 4;

pub fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `INBOX_BENCH_SIZES` (comma separated, `_` allowed), or `default`.
pub fn sizes(default: &str) -> Vec<usize> {
    env("INBOX_BENCH_SIZES")
        .unwrap_or_else(|| default.into())
        .split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .expect("INBOX_BENCH_SIZES")
        })
        .collect()
}

/// `INBOX_BENCH_ITERS`, default 30.
pub fn iters() -> usize {
    env("INBOX_BENCH_ITERS").map_or(30, |s| s.parse().expect("INBOX_BENCH_ITERS"))
}

/// The engines to measure (`INBOX_BENCH_ENGINES`, default both) and the PostgreSQL server's
/// admin url (`INBOX_BENCH_POSTGRES_URL` or `INBOX_TEST_POSTGRES_URL`).
pub fn engines() -> (Vec<Engine>, Option<String>) {
    let pg = env("INBOX_BENCH_POSTGRES_URL").or_else(|| env("INBOX_TEST_POSTGRES_URL"));
    let wanted = env("INBOX_BENCH_ENGINES").unwrap_or_else(|| "sqlite,postgres".into());
    let mut engines = Vec::new();
    if wanted.contains("sqlite") {
        engines.push(Engine::Sqlite);
    }
    match (&pg, wanted.contains("postgres")) {
        (Some(_), true) => engines.push(Engine::Postgres),
        (None, true) => {
            eprintln!("no INBOX_BENCH_POSTGRES_URL / INBOX_TEST_POSTGRES_URL: SQLite only")
        }
        _ => {}
    }
    (engines, pg)
}

/// Raw access to the same database, for the baselines.
#[derive(Clone)]
pub enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Raw {
    /// Runs `sql` and returns the first column of every row (the rows' other columns are
    /// fetched and decoded by the driver all the same).
    pub async fn ids(&self, sql: &str, binds: &[i64]) -> Vec<i64> {
        match self {
            Raw::Sqlite(p) => {
                let mut q = sqlx::query(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                let rows = q.fetch_all(p).await.unwrap();
                rows.iter().map(|r| r.get::<i64, _>(0)).collect()
            }
            Raw::Postgres(p) => {
                let mut q = sqlx::query(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                let rows = q.fetch_all(p).await.unwrap();
                rows.iter().map(|r| r.get::<i64, _>(0)).collect()
            }
        }
    }

    /// Runs `sql` and returns the first two columns of every row.
    pub async fn pairs(&self, sql: &str, binds: &[i64]) -> Vec<(i64, i64)> {
        match self {
            Raw::Sqlite(p) => {
                let mut q = sqlx::query(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                let rows = q.fetch_all(p).await.unwrap();
                rows.iter().map(|r| (r.get(0), r.get(1))).collect()
            }
            Raw::Postgres(p) => {
                let mut q = sqlx::query(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                let rows = q.fetch_all(p).await.unwrap();
                rows.iter().map(|r| (r.get(0), r.get(1))).collect()
            }
        }
    }

    pub async fn close(&self) {
        match self {
            Raw::Sqlite(p) => p.close().await,
            Raw::Postgres(p) => p.close().await,
        }
    }
}

/// The pools behind a `Store`, to close them (a dropped pool closes its connections later).
pub enum Pools {
    Sqlite(Vec<sqlx::SqlitePool>),
    Postgres(Vec<sqlx::PgPool>),
}

impl Pools {
    pub async fn close(&self) {
        match self {
            Pools::Sqlite(ps) => {
                for p in ps {
                    p.close().await;
                }
            }
            Pools::Postgres(ps) => {
                for p in ps {
                    p.close().await;
                }
            }
        }
    }
}

/// Opens the app's storage on `url` (migrating it), with its pools.
pub async fn open_store(engine: Engine, url: &str) -> (Store, Pools) {
    match engine {
        Engine::Sqlite => {
            let s = db::sqlite::open(url).await.unwrap();
            let pools = Pools::Sqlite(vec![s.read_pool().clone(), s.write_pool().clone()]);
            (Arc::new(s), pools)
        }
        Engine::Postgres => {
            let s = db::postgres::open(url).await.unwrap();
            let pools = Pools::Postgres(vec![s.read_pool().clone(), s.write_pool().clone()]);
            (Arc::new(s), pools)
        }
    }
}

/// A pool of its own on `url`, whichever engine it names (read-only use on SQLite: WAL lets it
/// read beside the app's writer).
pub async fn raw_pool_any(url: &str) -> Raw {
    if url.starts_with("postgres") {
        raw_pool(url).await
    } else {
        Raw::Sqlite(
            sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(2)
                .connect(url)
                .await
                .unwrap(),
        )
    }
}

/// A pool of its own on `url` for the raw queries: on PostgreSQL with PostgreSQL's default
/// planning (a fresh plan per call for its values), not the app's generic plans.
pub async fn raw_pool(url: &str) -> Raw {
    Raw::Postgres(
        sqlx::postgres::PgPoolOptions::new()
            .max_connections(16)
            .connect(url)
            .await
            .unwrap(),
    )
}

/// One generated workspace on one engine.
pub struct Bench {
    pub engine: Engine,
    pub size: usize,
    pub store: Store,
    pub raw: Raw,
    /// The database's url.
    pub url: String,
    /// The store's pools.
    pub pools: Pools,
    /// PostgreSQL database to drop afterwards (admin url, name).
    pub drop_after: Option<(String, String)>,
    /// SQLite file to delete afterwards.
    pub delete_after: Option<String>,
    pub generated: Option<Duration>,
}

/// The cached (or throwaway) generated workspace of `size` conversations on `engine`,
/// generated if it is not there yet.
pub async fn open(engine: Engine, size: usize, pg_admin: Option<&str>) -> Bench {
    let cache = env("INBOX_BENCH_CACHE");
    let name = format!("inbox_bench_v{DATA_VERSION}_{size}");
    let (store, pools, raw, url, drop_after, delete_after) = match engine {
        Engine::Sqlite => {
            let dir = cache
                .clone()
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|| std::env::temp_dir().join("omni_inbox_bench"));
            let path = dir.join(format!("{name}.db"));
            let url = format!("sqlite:{}", path.display());
            if cache.is_none() {
                remove_sqlite(&path.display().to_string());
            }
            let (store, pools) = open_store(engine, &url).await;
            let Pools::Sqlite(ps) = &pools else {
                unreachable!()
            };
            let raw = Raw::Sqlite(ps[0].clone());
            (
                store,
                pools,
                raw,
                url,
                None,
                cache.is_none().then(|| path.display().to_string()),
            )
        }
        Engine::Postgres => {
            let admin = pg_admin.expect("a PostgreSQL server");
            if cache.is_none() {
                drop_pg(admin, &name).await;
            }
            let url = pg_url(admin, &name);
            let (store, pools) = open_store(engine, &url).await;
            let raw = raw_pool(&url).await;
            let drop_after = cache.is_none().then(|| (admin.to_owned(), name.clone()));
            (store, pools, raw, url, drop_after, None)
        }
    };
    let have = raw
        .ids("select count(*) from conversations", &[])
        .await
        .first()
        .copied()
        .unwrap_or(0);
    let mut generated = None;
    if have != size as i64 {
        assert_eq!(
            have, 0,
            "{name} holds {have} conversations, not {size}: delete it"
        );
        let o = Options {
            conversations: size,
            messages: size * 10,
            ..Options::default()
        };
        eprint!("generating {size} conversations on {engine:?}…");
        let r = generate::generate(&store, &o, NOW, &|_| {}).await.unwrap();
        eprintln!(
            " {:.1} s (+ analyze {:.1} s)",
            r.write.as_secs_f64(),
            r.analyze.as_secs_f64()
        );
        generated = Some(r.write + r.analyze);
    }
    Bench {
        engine,
        size,
        store,
        raw,
        url,
        pools,
        drop_after,
        delete_after,
        generated,
    }
}

impl Bench {
    /// Closes every connection to the database.
    pub async fn close(&self) {
        self.raw.close().await;
        self.pools.close().await;
    }

    /// Closes it and drops or deletes it if it was a throwaway.
    pub async fn finish(self) {
        self.close().await;
        let Bench {
            store,
            raw,
            drop_after,
            delete_after,
            ..
        } = self;
        drop((store, raw));
        if let Some((admin, name)) = drop_after {
            drop_pg(&admin, &name).await;
        }
        if let Some(path) = delete_after {
            remove_sqlite(&path);
        }
    }
}

/// The url of database `name` on the server of `admin` (a url ending with `/database`).
pub fn pg_url(admin: &str, name: &str) -> String {
    let (base, _) = admin.rsplit_once('/').expect("url ends with /database");
    format!("{base}/{name}")
}

pub fn remove_sqlite(path: &str) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{path}{suffix}"));
    }
}

pub async fn drop_pg(admin: &str, name: &str) {
    let mut conn = sqlx::PgConnection::connect(admin).await.unwrap();
    sqlx::query(&format!("drop database if exists {name} with (force)"))
        .execute(&mut conn)
        .await
        .unwrap();
}

/// The member with `email`, through a session like the server.
pub async fn member(s: &Store, email: &str) -> SessionMember {
    let r = s.login_record(email).await.unwrap().unwrap();
    s.create_session(&db::NewSession {
        token_hash: format!("bench-{}", r.member_id),
        workspace_id: r.workspace_id,
        member_id: r.member_id,
        now: NOW,
        expires_at: NOW + 1_000_000_000,
    })
    .await
    .ok();
    s.session_member(&format!("bench-{}", r.member_id), NOW, 0)
        .await
        .unwrap()
        .unwrap()
}

/// The `p` quantile of `samples` (nearest rank).
pub fn pct(samples: &[Duration], p: f64) -> Duration {
    let mut v = samples.to_vec();
    v.sort();
    let i = ((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1;
    v[i]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Times `app` and `raw` alternately, `iters` times each after three warm-up rounds.
pub async fn time<A, B, FA, FB>(
    iters: usize,
    mut app: A,
    mut raw: B,
) -> (Vec<Duration>, Vec<Duration>)
where
    A: FnMut() -> FA,
    B: FnMut() -> FB,
    FA: std::future::Future<Output = ()>,
    FB: std::future::Future<Output = ()>,
{
    for _ in 0..3 {
        app().await;
        raw().await;
    }
    let (mut a, mut r) = (Vec::with_capacity(iters), Vec::with_capacity(iters));
    for _ in 0..iters {
        let t = Instant::now();
        app().await;
        a.push(t.elapsed());
        let t = Instant::now();
        raw().await;
        r.push(t.elapsed());
    }
    (a, r)
}
