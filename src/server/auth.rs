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
use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const SESSION_COOKIE: &str = "inbox_session";
/// A session lives this long after its last use.
pub const SESSION_TTL: Millis = 14 * 24 * 3600 * 1000;
/// Sessions are touched (and extended) at most this often.
const TOUCH_EVERY: Millis = 10 * 60 * 1000;

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

fn throttle_keys(email: &str, addr: Option<&str>) -> Vec<(String, ThrottleRule)> {
    let mut keys = vec![(format!("email:{email}"), EMAIL_RULE)];
    if let Some(a) = addr {
        keys.push((format!("addr:{a}"), ADDR_RULE));
    }
    keys
}

/// Checks the password and opens a session; returns the new cookie token.
pub async fn login(
    store: &Store,
    email: &str,
    password: &str,
    addr: Option<&str>,
    now: Millis,
) -> Result<String, AuthError> {
    let email = normalize_email(email);
    let keys = throttle_keys(&email, addr);
    let names: Vec<String> = keys.iter().map(|(k, _)| k.clone()).collect();
    if let Some(until) = store.throttle_locked_until(&names, now).await? {
        return Err(AuthError::Locked { until });
    }
    let record = store.login_record(&email).await?;
    let password = password.to_owned();
    // Verify against a real hash even for unknown addresses, so timing does not reveal them.
    let hash = record
        .as_ref()
        .map_or_else(|| DUMMY_HASH.to_owned(), |r| r.password_hash.clone());
    let ok = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|e| AuthError::Hash(e.to_string()))?;
    let record = match record {
        Some(r) if ok => r,
        _ => {
            store.record_login_failure(&keys, now).await?;
            tokio::time::sleep(FAILURE_DELAY).await;
            return Err(AuthError::BadCredentials);
        }
    };
    if !record.active {
        return Err(AuthError::Inactive);
    }
    store.clear_login_failures(&names[0]).await?;
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

/// The member behind a session token, extending the session when it is in use.
pub async fn resolve_session(
    store: &Store,
    token: &str,
    now: Millis,
) -> Result<Option<SessionMember>, DbError> {
    let hash = token_hash(token);
    let member = store.session_member(&hash, now).await?;
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

/// `Set-Cookie` for a new session.
pub fn session_cookie(token: &str, secure: bool) -> String {
    let max_age = SESSION_TTL / 1000;
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_session_cookie(secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
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
        assert!(!session_cookie("t", false).contains("Secure"));
        assert!(clear_session_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn emails_are_normalized() {
        assert_eq!(normalize_email("  Agent@Demo.TEST "), "agent@demo.test");
    }
}
