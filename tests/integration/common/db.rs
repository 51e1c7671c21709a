//! Throwaway databases: a fresh SQLite file always, and a fresh PostgreSQL database when
//! `INBOX_TEST_POSTGRES_URL` names a server (e.g. `postgres://postgres@127.0.0.1:5432/postgres`;
//! `.ci/run` sets it). [`engine_test!`] makes one test per engine and drops the database
//! afterwards, also when the test fails.

use omni_inbox::server::db::{self, Engine, Store};
use sqlx::Connection;
use std::future::Future;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub(super) static COUNTER: AtomicU32 = AtomicU32::new(0);

/// One test per engine for `async fn $name(db: TestDb)` in the same module: a module `$name`
/// with the tests `sqlite` and `postgres` (`storage::$name::sqlite`, `storage::$name::postgres`),
/// so a failure on one engine does not hide the other's result. The database is dropped after
/// the test, also when it panics; the PostgreSQL test passes, saying it is skipped, when
/// `INBOX_TEST_POSTGRES_URL` is unset. Arguments after the name go to `#[tokio::test(..)]`:
///
/// ```ignore
/// engine_test!(claims_are_exclusive);
/// /// A doc comment goes on the function.
/// async fn claims_are_exclusive(db: TestDb) {
///     let s = &db.store;
/// }
///
/// engine_test!(races, flavor = "multi_thread", worker_threads = 4);
/// async fn races(db: TestDb) {}
/// ```
///
/// The function stays an ordinary item (not the macro's input) so that rustfmt formats it.
macro_rules! engine_test {
    ($name:ident $(, $($runtime:tt)+)?) => {
        mod $name {
            #[tokio::test $(($($runtime)+))?]
            async fn sqlite() {
                crate::common::on_sqlite(super::$name).await;
            }

            #[tokio::test $(($($runtime)+))?]
            async fn postgres() {
                crate::common::on_postgres(super::$name).await;
            }
        }
    };
}
pub(crate) use engine_test;

pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

#[derive(Clone)]
enum Cleanup {
    File(PathBuf),
    Postgres { admin_url: String, name: String },
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}_{}_{}_{:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        rand::random::<u32>()
    )
}

/// A fresh SQLite file's URL, and how to remove it.
fn sqlite_place() -> (String, Cleanup) {
    let dir = std::env::temp_dir().join("omni_inbox_tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{}.db", unique("t")));
    (format!("sqlite:{}", path.display()), Cleanup::File(path))
}

/// A fresh database's URL on the server of `admin_url`, and how to drop it.
fn postgres_place(admin_url: &str) -> (String, Cleanup) {
    let name = unique("inbox_test");
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("INBOX_TEST_POSTGRES_URL must end with /database");
    let url = format!("{base}/{name}");
    let cleanup = Cleanup::Postgres {
        admin_url: admin_url.to_owned(),
        name,
    };
    (url, cleanup)
}

impl Cleanup {
    async fn run(self) {
        match self {
            Cleanup::File(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
                }
            }
            Cleanup::Postgres { admin_url, name } => {
                let mut conn = sqlx::PgConnection::connect(&admin_url).await.unwrap();
                sqlx::query(&format!("drop database if exists {name} with (force)"))
                    .execute(&mut conn)
                    .await
                    .unwrap();
            }
        }
    }
}

impl TestDb {
    /// A fresh SQLite file; the caller removes it with [`TestDb::drop`].
    pub async fn sqlite() -> TestDb {
        let (url, cleanup) = sqlite_place();
        let store = db::connect(&url).await.unwrap();
        TestDb {
            store,
            url,
            cleanup,
        }
    }

    /// A number from raw SQL, on a connection of its own.
    pub async fn scalar(&self, sql: &str) -> i64 {
        match self.engine() {
            Engine::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
            }
            Engine::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar(sql).fetch_one(&mut conn).await.unwrap()
            }
        }
    }

    /// A column of texts from raw SQL, on a connection of its own.
    pub async fn texts(&self, sql: &str) -> Vec<String> {
        match self.engine() {
            Engine::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
            }
            Engine::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query_scalar(sql).fetch_all(&mut conn).await.unwrap()
            }
        }
    }

    /// Raw SQL on a connection of its own: writes the app has no call for, which what the
    /// test checks must follow all the same. Ids are bound as bare numbers.
    pub async fn raw(&self, sql: &str, binds: &[i64]) {
        match self.engine() {
            Engine::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                let mut q = sqlx::query(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                q.execute(&mut conn).await.unwrap();
            }
            Engine::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
                let mut q = sqlx::query(sql);
                for b in binds {
                    q = q.bind(*b);
                }
                q.execute(&mut conn).await.unwrap();
            }
        }
    }

    /// Raw SQL that may be refused: the error's text when it is.
    pub async fn try_raw(&self, sql: &str) -> Result<(), String> {
        match self.engine() {
            Engine::Sqlite => {
                let mut conn = sqlx::SqliteConnection::connect(&self.url).await.unwrap();
                sqlx::query(sql)
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
            Engine::Postgres => {
                let mut conn = sqlx::PgConnection::connect(&self.url).await.unwrap();
                sqlx::query(sql)
                    .execute(&mut conn)
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        }
    }

    pub fn engine(&self) -> Engine {
        self.store.engine()
    }

    pub async fn drop(self) {
        let TestDb { store, cleanup, .. } = self;
        drop(store);
        cleanup.run().await;
    }
}

/// Runs `test` on a fresh SQLite file (see [`engine_test!`]).
pub async fn on_sqlite<F, Fut>(test: F)
where
    F: FnOnce(TestDb) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (url, cleanup) = sqlite_place();
    run(url, cleanup, test).await;
}

/// Runs `test` on a fresh PostgreSQL database, or says it is skipped when
/// `INBOX_TEST_POSTGRES_URL` is unset (see [`engine_test!`]).
pub async fn on_postgres<F, Fut>(test: F)
where
    F: FnOnce(TestDb) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    match std::env::var("INBOX_TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let (url, cleanup) = postgres_place(&admin_url);
            run(url, cleanup, test).await;
        }
        _ => eprintln!("INBOX_TEST_POSTGRES_URL is not set: skipped on PostgreSQL"),
    }
}

/// Connects (which creates and migrates the database) and runs `test` in a task of its own,
/// then removes the database whatever happened, then fails with the test's own panic.
async fn run<F, Fut>(url: String, cleanup: Cleanup, test: F)
where
    F: FnOnce(TestDb) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let task = {
        let cleanup = cleanup.clone();
        tokio::spawn(async move {
            let store = db::connect(&url).await.unwrap();
            test(TestDb {
                store,
                url,
                cleanup,
            })
            .await;
        })
    };
    let outcome = task.await;
    cleanup.run().await;
    match outcome {
        Ok(()) => {}
        Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
        Err(e) => panic!("the test's task ended without finishing: {e}"),
    }
}
