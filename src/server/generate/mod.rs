//! `omni_inbox generate`: fills the configured database with a large, realistic workspace (by
//! default 300,000 conversations and 3,000,000 messages, 30 members, 5 channels, a year of
//! work), for trying the app on a big workspace and for the benchmark (`benches/inbox.rs`).
//!
//! Deterministic: the same options, seed and `now` give the same workspace. It is built and
//! written a chunk at a time ([`CHUNK`] conversations, each chunk one transaction of
//! multi-row inserts, see [`crate::server::db::Storage::bulk_append`]), so memory stays small;
//! the next chunk is generated while the previous one is written.

mod history;
pub mod team;

use crate::domain::Millis;
use crate::server::auth::{hash_password, AuthError};
use crate::server::db::{DbError, Store, WorkspaceIds};
use crate::server::demo::DEMO_PASSWORD;
use history::History;
use rand::rngs::StdRng;
use rand::SeedableRng;
use std::time::{Duration, Instant};

pub(crate) const MINUTE: Millis = 60_000;
pub(crate) const HOUR: Millis = 60 * MINUTE;
pub(crate) const DAY: Millis = 24 * HOUR;

/// Conversations per chunk (one transaction each).
pub const CHUNK: usize = 5_000;

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    pub conversations: usize,
    /// Messages in all (at least one per conversation).
    pub messages: usize,
    pub members: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            conversations: 300_000,
            messages: 3_000_000,
            members: 30,
            seed: 2026,
        }
    }
}

pub const USAGE: &str =
    "usage: omni_inbox generate [--conversations N] [--messages M] [--members K] [--seed S]
  fills DATABASE_URL with a generated workspace (defaults: 300000 conversations, 3000000 messages,
  30 members, seed 2026); every login's password is demo1234";

impl Options {
    /// Reads `--conversations N`, `--messages M`, `--members K` and `--seed S` (also spelled
    /// `--name=value`; digits may be grouped with `_` or `,`), starting from the defaults.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut o = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (name, inline) = match arg.split_once('=') {
                Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
                None => (arg.clone(), None),
            };
            let Some(value) = inline.or_else(|| args.next()) else {
                return Err(format!("{name} needs a value"));
            };
            let number: u64 = value
                .replace(['_', ','], "")
                .parse()
                .map_err(|_| format!("{name}: {value:?} is not a whole number"))?;
            match name.as_str() {
                "--conversations" => o.conversations = number as usize,
                "--messages" => o.messages = number as usize,
                "--members" => o.members = number as usize,
                "--seed" => o.seed = number,
                _ => return Err(format!("unknown option {name}")),
            }
        }
        o.check()?;
        Ok(o)
    }

    fn check(&self) -> Result<(), String> {
        if self.conversations == 0 {
            return Err("--conversations must be at least 1".into());
        }
        if self.messages < self.conversations {
            return Err("--messages must be at least --conversations (one message each)".into());
        }
        if self.members < team::MIN_MEMBERS {
            return Err(format!(
                "--members must be at least {} (one of each role)",
                team::MIN_MEMBERS
            ));
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("{0}")]
    Options(String),
    #[error("this database already has the generated workspace (admin@{} is taken); use an empty database", team::DOMAIN)]
    Exists,
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Db(#[from] DbError),
}

/// What was written and how long it took.
#[derive(Clone, Debug)]
pub struct Report {
    pub workspace: WorkspaceIds,
    pub customers: usize,
    pub conversations: usize,
    pub messages: usize,
    /// Generating and writing the rows.
    pub write: Duration,
    /// Refreshing the planner's statistics afterwards.
    pub analyze: Duration,
}

/// Generates the workspace described by `o` into `store`, as of `now`, and refreshes the
/// planner's statistics. `progress` hears the conversations written so far after each chunk.
pub async fn generate(
    store: &Store,
    o: &Options,
    now: Millis,
    progress: &(dyn Fn(usize) + Sync),
) -> Result<Report, GenerateError> {
    o.check().map_err(GenerateError::Options)?;
    if store
        .login_record(&format!("admin@{}", team::DOMAIN))
        .await?
        .is_some()
    {
        return Err(GenerateError::Exists);
    }
    let started = Instant::now();
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| AuthError::Hash(e.to_string()))??;
    let mut rng = StdRng::seed_from_u64(o.seed);
    let header = team::header(&mut rng, o.conversations, o.members, &hash, now);
    let ids = store.bulk_begin(&header).await?;
    let mut history = History::new(o.seed ^ 0x5eed, &header, o.conversations, o.messages, now);
    let (mut customers, mut conversations, mut messages) = (0, 0, 0);
    let mut next = history.next_chunk(CHUNK);
    while let Some(chunk) = next {
        // Generate the next chunk on another thread while this one is written.
        let producer = tokio::task::spawn_blocking(move || {
            let c = history.next_chunk(CHUNK);
            (history, c)
        });
        store
            .bulk_append(&ids, &chunk.customers, &chunk.conversations)
            .await?;
        customers += chunk.customers.len();
        conversations += chunk.conversations.len();
        messages += chunk.messages;
        progress(conversations);
        let (h, c) = producer
            .await
            .map_err(|e| DbError::Corrupt(format!("generator thread failed: {e}")))?;
        history = h;
        next = c;
    }
    let write = started.elapsed();
    let started = Instant::now();
    store.analyze().await?;
    Ok(Report {
        workspace: ids,
        customers,
        conversations,
        messages,
        write,
        analyze: started.elapsed(),
    })
}

/// `omni_inbox generate [options]`: generates into the configured database and says how to
/// log in.
pub async fn run(
    settings: &crate::server::config::Settings,
    args: impl IntoIterator<Item = String>,
) -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = args.into_iter().collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let o = Options::parse(args).map_err(|e| format!("{e}\n{USAGE}"))?;
    let store = crate::server::db::connect(&settings.database_url).await?;
    eprintln!(
        "generating {} conversations, {} messages, {} members (seed {}) into {}",
        o.conversations, o.messages, o.members, o.seed, settings.database_url
    );
    let total = o.conversations;
    let tick = (total / 20).max(CHUNK);
    let progress = move |done: usize| {
        if done % tick < CHUNK || done == total {
            eprintln!("  {done} / {total} conversations");
        }
    };
    let r = generate(&store, &o, crate::server::auth::now_millis(), &progress).await?;
    println!(
        "workspace {} written: {} customers, {} conversations, {} messages in {:.1} s (+ analyze {:.1} s)",
        r.workspace.workspace_id,
        r.customers,
        r.conversations,
        r.messages,
        r.write.as_secs_f64(),
        r.analyze.as_secs_f64()
    );
    println!(
        "log in as admin@{d} (or supervisor@{d}, agent1@{d}, salesrep1@{d}, …) with password {DEMO_PASSWORD}",
        d = team::DOMAIN
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn options_parse_with_defaults() {
        assert_eq!(Options::parse(args(&[])).unwrap(), Options::default());
        let o = Options::parse(args(&[
            "--conversations",
            "10_000",
            "--messages=100,000",
            "--members",
            "12",
            "--seed",
            "7",
        ]))
        .unwrap();
        assert_eq!(
            o,
            Options {
                conversations: 10_000,
                messages: 100_000,
                members: 12,
                seed: 7
            }
        );
        for bad in [
            &["--conversations"][..],
            &["--conversations", "many"],
            &["--colour", "1"],
            &["--conversations", "10", "--messages", "5"],
            &["--members", "3"],
        ] {
            assert!(Options::parse(args(bad)).is_err(), "{bad:?}");
        }
    }
}
