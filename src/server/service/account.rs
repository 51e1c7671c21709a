//! Accounts: signing in, the member's own password and language, and managing members.

use super::{AccountRefused, Missing, ServiceError};
use crate::domain::input::{at_most, new_password, required, InputError};
use crate::domain::limits::{MAX_EMAIL_CHARS, MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS};
use crate::domain::sorting::Sort;
use crate::domain::{Lang, Millis, Role};
use crate::server::auth::{self, AuthError};
use crate::server::db::{SessionMember, Store};

impl From<AuthError> for ServiceError {
    fn from(e: AuthError) -> Self {
        match e {
            AuthError::BadCredentials => ServiceError::Account(AccountRefused::BadCredentials),
            AuthError::Inactive => ServiceError::Account(AccountRefused::Inactive),
            AuthError::Locked { until } => ServiceError::Locked { until },
            AuthError::Busy => ServiceError::Busy,
            AuthError::Hash(h) => ServiceError::Internal(h),
            AuthError::Db(d) => ServiceError::Db(d),
        }
    }
}

/// Signs in: returns the new session's token.
pub async fn login(
    store: &Store,
    email: &str,
    password: &str,
    addr: Option<&str>,
    now: Millis,
) -> Result<String, ServiceError> {
    // Sizes first, before any work: an email longer than any real one, a password beyond
    // what argon2 should ever be asked to hash (bytes only, as passwords were never refused
    // by their characters at sign-in).
    if password.len() > MAX_PASSWORD_CHARS * 4 {
        return Err(InputError::TooLong {
            field: "password",
            max: MAX_PASSWORD_CHARS,
        }
        .into());
    }
    required("email", email.trim(), MAX_EMAIL_CHARS)?;
    if password.is_empty() {
        return Err(InputError::Missing("password").into());
    }
    Ok(auth::login(store, email, password, addr, now).await?)
}

/// Changes the member's password after checking the current one, under the same throttle as
/// signing in (the account and the address). Every other session of the member ends;
/// `keep` (the current session's hash) stays.
#[allow(clippy::too_many_arguments)]
pub async fn change_password(
    store: &Store,
    who: &SessionMember,
    current: &str,
    new: &str,
    confirm: &str,
    keep: Option<&str>,
    addr: Option<&str>,
    now: Millis,
) -> Result<(), ServiceError> {
    at_most("current", current, MAX_PASSWORD_CHARS)?;
    at_most("confirm", confirm, MAX_PASSWORD_CHARS)?;
    new_password(new, confirm, MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS)?;
    let email = auth::normalize_email(&who.email);
    auth::claim_attempt(store, &email, addr, now).await?;
    let record = store
        .login_record(&email)
        .await?
        .filter(|r| r.member_id == who.member_id)
        .ok_or(ServiceError::NotFound(Missing::Member))?;
    if !auth::check_password(current, &record.password_hash).await? {
        return Err(ServiceError::Account(AccountRefused::WrongCurrentPassword));
    }
    auth::attempt_succeeded(store, &email, addr).await?;
    let hash = auth::hash_new_password(new).await?;
    store
        .set_password(who.workspace_id, who.member_id, &hash, keep)
        .await?;
    Ok(())
}

/// Remembers the member's language.
pub async fn set_lang(store: &Store, who: &SessionMember, lang: Lang) -> Result<(), ServiceError> {
    Ok(store
        .set_member_lang(who.workspace_id, who.member_id, lang)
        .await?)
}

/// Remembers whether the member wants a desktop notification and a sound for new pending
/// conversations and transfers to them, on every device.
pub async fn set_alerts(store: &Store, who: &SessionMember, on: bool) -> Result<(), ServiceError> {
    Ok(store
        .set_member_alerts(who.workspace_id, who.member_id, on)
        .await?)
}

/// Remembers whether Enter sends from the member's composer (else Ctrl+Enter does; Shift+Enter
/// is a new line either way), on every device.
pub async fn set_send_on_enter(
    store: &Store,
    who: &SessionMember,
    on: bool,
) -> Result<(), ServiceError> {
    Ok(store
        .set_member_send_on_enter(who.workspace_id, who.member_id, on)
        .await?)
}

/// Remembers the list order the member chose; their lists open in it from then on, also after
/// signing in again.
pub async fn set_list_sort(
    store: &Store,
    who: &SessionMember,
    sort: Sort,
) -> Result<(), ServiceError> {
    Ok(store
        .set_member_sort(who.workspace_id, who.member_id, sort)
        .await?)
}

/// Remembers the status the member set; colleagues see it while the member has a session.
pub async fn set_presence(
    store: &Store,
    who: &SessionMember,
    presence: crate::domain::availability::Presence,
) -> Result<(), ServiceError> {
    Ok(store
        .set_member_presence(who.workspace_id, who.member_id, presence)
        .await?)
}

/// Whether the demo workspace is in this database (the login page then names its logins).
pub async fn demo_present(store: &Store) -> Result<bool, ServiceError> {
    Ok(store
        .login_record(crate::server::demo::DEMO_ADMIN)
        .await?
        .is_some())
}

/// How long a link to set a password stays usable.
pub const PASSWORD_LINK_TTL: Millis = 72 * 3600 * 1000;

/// A new workspace and its first admin (`admin_email`, named `admin_name`), who has no
/// password yet: returns the workspace id and the one-time token of the link that sets it.
pub async fn create_workspace(
    store: &Store,
    name: &str,
    admin_email: &str,
    admin_name: &str,
    now: Millis,
) -> Result<(crate::domain::WorkspaceId, String), ServiceError> {
    use crate::domain::input::required;
    use crate::server::db::dataset::{Dataset, MemberSeed};
    required("name", name, crate::domain::profile::MAX_NAME_CHARS)?;
    required(
        "admin-name",
        admin_name,
        crate::domain::profile::MAX_NAME_CHARS,
    )?;
    at_most(
        "admin-email",
        admin_email,
        crate::domain::limits::MAX_EMAIL_CHARS,
    )?;
    let email = crate::domain::profile::email(admin_email)
        .ok()
        .flatten()
        .ok_or(InputError::Unknown("admin-email"))?
        .to_lowercase();
    if store.login_record(&email).await?.is_some() {
        return Err(InputError::Unknown("admin-email").into());
    }
    let data = Dataset {
        name: name.trim().to_owned(),
        created_at: now,
        members: vec![MemberSeed {
            email: email.clone(),
            name: admin_name.trim().to_owned(),
            // Not a PHC string: no password matches it until the link sets one.
            password_hash: "!unset".into(),
            role: Role::Admin,
            region: None,
            branch: None,
            lang: Lang::ZhTw,
        }],
        ..Dataset::default()
    };
    let ws = store.import(&data).await?;
    let admin = store
        .member_id_by_email(ws, &email)
        .await?
        .ok_or(ServiceError::NotFound(Missing::Member))?;
    let (token, hash) = auth::new_token();
    store
        .create_password_link(ws, admin, &hash, now, now + PASSWORD_LINK_TTL)
        .await?;
    Ok((ws, token))
}

/// Sets a password through a one-time link; returns the member's email (to sign in with).
pub async fn set_password_with_link(
    store: &Store,
    token: &str,
    new: &str,
    confirm: &str,
    now: Millis,
) -> Result<String, ServiceError> {
    at_most("token", token, crate::domain::limits::MAX_SHORT_TEXT)?;
    new_password(new, confirm, MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS)?;
    let hash = auth::hash_new_password(new).await?;
    store
        .redeem_password_link(&auth::token_hash(token), &hash, now)
        .await?
        .ok_or(ServiceError::Account(AccountRefused::LinkExpired))
}
