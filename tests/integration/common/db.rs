//! Test engines: a fresh SQLite file always, and a fresh throwaway PostgreSQL database when
//! `INBOX_TEST_POSTGRES_URL` names a server (e.g. `postgres://postgres@127.0.0.1:5432/postgres`;
//! `.ci/run` sets it). Every engine gets the same tests.

use omni_inbox::server::db::{self, Engine, Store};
use sqlx::Connection;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};

pub(super) static COUNTER: AtomicU32 = AtomicU32::new(0);

pub struct TestDb {
    pub store: Store,
    pub url: String,
    cleanup: Cleanup,
}

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

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join("omni_inbox_tests");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{}.db", unique("t")));
        let url = format!("sqlite:{}", path.display());
        let store = db::connect(&url).await.unwrap();
        TestDb {
            store,
            url,
            cleanup: Cleanup::File(path),
        }
    }

    pub async fn postgres(admin_url: &str) -> TestDb {
        let name = unique("inbox_test");
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("INBOX_TEST_POSTGRES_URL must end with /database");
        let url = format!("{base}/{name}");
        let store = db::connect(&url).await.unwrap();
        TestDb {
            store,
            url,
            cleanup: Cleanup::Postgres {
                admin_url: admin_url.to_owned(),
                name,
            },
        }
    }

    pub fn engine(&self) -> Engine {
        self.store.engine()
    }

    pub async fn drop(self) {
        let TestDb { store, cleanup, .. } = self;
        drop(store);
        match cleanup {
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

/// A fresh database on every engine under test.
pub async fn engines() -> Vec<TestDb> {
    let mut out = vec![TestDb::sqlite().await];
    match std::env::var("INBOX_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => out.push(TestDb::postgres(&url).await),
        _ => eprintln!("INBOX_TEST_POSTGRES_URL is not set: running on SQLite only"),
    }
    out
}
