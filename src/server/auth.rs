//! Login, sessions and passwords.
//!
//! Passwords are argon2id PHC strings. A session is a random 256-bit token in an HttpOnly,
//! SameSite=Lax cookie (Secure over https); the database keeps only its SHA-256, so a leaked
//! database cannot be replayed as sessions. Every request looks the session up, so logout,
//! a password change or deactivating a member ends it at once. Failed logins are counted per
//! email and per client address and lock that key for a while once they pile up.

use crate::domain::Millis;
use crate::server::db::{DbError, NewSession, SessionMember, Store, ThrottleRule};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use base64::Engine as _;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const SESSION_COOKIE: &str = "inbox_session";
/// The session cookie's name when the public address is https.
pub const SECURE_SESSION_COOKIE: &str = "__Host-inbox_session";
/// A session lives this long after its last use.
pub const SESSION_TTL: Millis = 14 * 24 * 3600 * 1000;
/// A session ends this long after sign-in however much it is used.
pub const SESSION_MAX_AGE: Millis = 30 * 24 * 3600 * 1000;
/// Sessions are touched (and extended) at most this often; colleagues see a member offline
/// when none of their sessions was touched for a while (`availability::PRESENT_WITHIN`).
const TOUCH_EVERY: Millis = crate::domain::availability::SEEN_EVERY;

/// Per account: five failures in fifteen minutes lock it for fifteen minutes.
pub const EMAIL_RULE: ThrottleRule = ThrottleRule {
    max_failures: 5,
    window: 15 * 60 * 1000,
    lock_for: 15 * 60 * 1000,
};
/// Per client address: twenty failures in fifteen minutes lock it for fifteen minutes.
pub const ADDR_RULE: ThrottleRule = ThrottleRule {
    max_failures: 20,
    window: 15 * 60 * 1000,
    lock_for: 15 * 60 * 1000,
};
/// Every failed attempt also waits this long before answering.
const FAILURE_DELAY: Duration = Duration::from_millis(250);

pub fn now_millis() -> Millis {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as Millis)
        .unwrap_or(0)
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("wrong email or password")]
    BadCredentials,
    #[error("too many failed attempts")]
    Locked { until: Millis },
    #[error("member is deactivated")]
    Inactive,
    /// Too many password checks at once: try again in a moment.
    #[error("too many password checks at once")]
    Busy,
    #[error("password hashing failed: {0}")]
    Hash(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

pub fn hash_password(password: &str) -> Result<String, AuthError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AuthError::Hash(e.to_string()))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A fresh session token and the hash the database stores for it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

fn email_key(email: &str) -> String {
    format!("email:{email}")
}

fn addr_key(addr: &str) -> String {
    format!("addr:{addr}")
}

/// The throttle keys of an attempt on `email`'s account from `addr`: the address first, so a
/// burst from one address is stopped before it counts against (and locks) accounts.
fn throttle_keys(email: &str, addr: Option<&str>) -> Vec<(String, ThrottleRule)> {
    let mut keys = Vec::with_capacity(2);
    if let Some(a) = addr {
        keys.push((addr_key(a), ADDR_RULE));
    }
    keys.push((email_key(email), EMAIL_RULE));
    keys
}

/// Claims one attempt on `email`'s account (normalised) from `addr`, before any password is
/// checked: `Locked` when the address or the account is at its limit.
pub async fn claim_attempt(
    store: &Store,
    email: &str,
    addr: Option<&str>,
    now: Millis,
) -> Result<(), AuthError> {
    match store
        .claim_attempt(&throttle_keys(email, addr), now)
        .await?
    {
        Some(until) => Err(AuthError::Locked { until }),
        None => Ok(()),
    }
}

/// After the right password: the account's attempts are forgotten and the address gets its
/// attempt back.
pub async fn attempt_succeeded(
    store: &Store,
    email: &str,
    addr: Option<&str>,
) -> Result<(), AuthError> {
    store.clear_attempts(&email_key(email)).await?;
    if let Some(a) = addr {
        store.release_attempt(&addr_key(a)).await?;
    }
    Ok(())
}

/// Password checks (argon2id, about 19 MiB and tens of milliseconds each) that may run at
/// once: one per core. The rest wait up to [`CHECK_WAIT`] for a turn, then are told to retry,
/// so a burst of sign-ins costs bounded memory and leaves the async workers free.
fn password_checks() -> &'static tokio::sync::Semaphore {
    static CHECKS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    CHECKS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        tokio::sync::Semaphore::new(cores.clamp(1, 8))
    })
}

static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The most password checks that have run at once since the process started (they never
/// exceed the cores: see [`password_checks`]).
pub fn password_checks_peak() -> usize {
    PEAK.load(Ordering::SeqCst)
}

/// Runs one argon2 job on a blocking thread once a turn is free, counting it while it runs.
async fn with_turn<T: Send + 'static>(
    job: impl FnOnce() -> T + Send + 'static,
) -> Result<T, AuthError> {
    let Ok(Ok(_permit)) = tokio::time::timeout(CHECK_WAIT, password_checks().acquire()).await
    else {
        return Err(AuthError::Busy);
    };
    let now = IN_FLIGHT.fetch_add(1, Ordering::SeqCst) + 1;
    PEAK.fetch_max(now, Ordering::SeqCst);
    let done = tokio::task::spawn_blocking(job).await;
    IN_FLIGHT.fetch_sub(1, Ordering::SeqCst);
    done.map_err(|e| AuthError::Hash(e.to_string()))
}

/// How long a password check waits for its turn before answering "busy".
pub const CHECK_WAIT: Duration = Duration::from_secs(3);

/// Checks `password` against `hash` on a blocking thread, when a turn is free.
pub async fn check_password(password: &str, hash: &str) -> Result<bool, AuthError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    with_turn(move || verify_password(&password, &hash)).await
}

/// Hashes a new password on a blocking thread, when a turn is free.
pub async fn hash_new_password(password: &str) -> Result<String, AuthError> {
    let password = password.to_owned();
    with_turn(move || hash_password(&password)).await?
}

/// Checks the password and opens a session; returns the new cookie token. One attempt is
/// claimed against the address and the account first (refused when either is at its limit),
/// and only then is the password checked. The caller has checked the sizes.
pub async fn login(
    store: &Store,
    email: &str,
    password: &str,
    addr: Option<&str>,
    now: Millis,
) -> Result<String, AuthError> {
    let email = normalize_email(email);
    claim_attempt(store, &email, addr, now).await?;
    let record = store.login_record(&email).await?;
    // Verify against a real hash even for unknown addresses, so timing does not reveal them.
    let hash = record
        .as_ref()
        .map_or(DUMMY_HASH, |r| r.password_hash.as_str());
    let ok = check_password(password, hash).await?;
    let record = match record {
        Some(r) if ok => r,
        _ => {
            tokio::time::sleep(FAILURE_DELAY).await;
            return Err(AuthError::BadCredentials);
        }
    };
    if !record.active {
        return Err(AuthError::Inactive);
    }
    attempt_succeeded(store, &email, addr).await?;
    let (token, token_hash) = new_token();
    store
        .create_session(&NewSession {
            token_hash,
            workspace_id: record.workspace_id,
            member_id: record.member_id,
            now,
            expires_at: now + SESSION_TTL,
        })
        .await?;
    Ok(token)
}

/// The member behind the session cookie of a plain HTTP request (files, uploads), if any.
pub async fn session_of(
    store: &Store,
    headers: &http::HeaderMap,
    secure: bool,
) -> Result<Option<SessionMember>, DbError> {
    let token = headers
        .get(http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| cookie_value(c, session_cookie_name(secure)));
    match token {
        Some(token) => resolve_session(store, token, now_millis()).await,
        None => Ok(None),
    }
}

/// The member behind a session token, extending the session when it is in use.
pub async fn resolve_session(
    store: &Store,
    token: &str,
    now: Millis,
) -> Result<Option<SessionMember>, DbError> {
    let hash = token_hash(token);
    let member = store
        .session_member(&hash, now, now - SESSION_MAX_AGE)
        .await?;
    if let Some(m) = &member {
        if now - m.last_seen_at > TOUCH_EVERY {
            store.touch_session(&hash, now, now + SESSION_TTL).await?;
        }
    }
    Ok(member)
}

/// The value of a cookie in a `Cookie` request header.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The session cookie's name: `__Host-` prefixed when the public address is https, so the
/// browser only accepts it Secure, for the whole host and from that host alone.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// `Set-Cookie` for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = SESSION_TTL / 1000;
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        session_cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// An argon2id hash of a random password, verified against when the email is unknown.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3B7oN6lS4cUQk3Bs9aC0xgH8lVY8wN5qd4uE2c7yq6Q";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("demo1234").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("demo1234", &h));
        assert!(!verify_password("demo12345", &h));
        assert!(!verify_password("demo1234", "not a hash"));
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn tokens_are_random_and_hashed() {
        let (a, ha) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(ha, token_hash(&a));
        assert_eq!(ha.len(), 64);
    }

    #[test]
    fn cookies() {
        assert_eq!(
            cookie_value("a=1; inbox_session=xyz; b=2", SESSION_COOKIE),
            Some("xyz")
        );
        assert_eq!(cookie_value("a=1", SESSION_COOKIE), None);
        let c = session_cookie("t", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Lax") && c.ends_with("; Secure"));
        assert!(c.starts_with("__Host-inbox_session=t; Path=/;"));
        assert!(!session_cookie("t", false).contains("Secure"));
        assert!(clear_session_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn emails_are_normalized() {
        assert_eq!(normalize_email("  Agent@Demo.TEST "), "agent@demo.test");
    }
}
