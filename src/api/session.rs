//! Signing in and out, and the member's language.

use super::error::AppError;
use super::types::Me;
use crate::domain::{Lang, Millis};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What every page needs first: who is signed in (if anyone) and in which language to speak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSession {
    pub me: Option<Me>,
    pub lang: Lang,
    /// The workspace's clock, for printing times the same way on the server and in the browser.
    pub utc_offset_minutes: i64,
    pub now: Millis,
    /// The demo workspace is in this database (the login page then names its password).
    pub demo: bool,
}

#[server(prefix = "/api", endpoint = "session")]
pub async fn session_info() -> Result<PageSession, AppError> {
    use super::ctx;
    let now = crate::server::auth::now_millis();
    Ok(match ctx::session().await? {
        Some(m) => PageSession {
            lang: m.lang,
            utc_offset_minutes: m.utc_offset_minutes,
            now,
            demo: false,
            me: Some(Me {
                member_id: m.member_id,
                workspace_id: m.workspace_id,
                workspace_name: m.workspace_name,
                name: m.name,
                email: m.email,
                role: m.role,
                lang: m.lang,
                avatar_url: m.avatar_url,
            }),
        },
        None => PageSession {
            me: None,
            lang: ctx::request_lang(),
            utc_offset_minutes: 480,
            now,
            demo: ctx::state()?
                .store
                .login_record(crate::server::demo::DEMO_ADMIN)
                .await
                .map_err(|e| ctx::internal(ctx::request_lang(), e))?
                .is_some(),
        },
    })
}

/// Signs in with email and password and opens a session; on success the browser goes to the
/// inbox. Works as a plain form post too.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::i18n::{locked_message, t, Key};
    use crate::server::auth::{self, now_millis, AuthError};

    let lang = ctx::request_lang();
    if email.trim().is_empty() || password.is_empty() {
        return Err(AppError::Invalid {
            field: None,
            message: t(lang, Key::MissingCredentials).into(),
        });
    }
    let state = ctx::state()?;
    let addr = ctx::client_addr(state.settings.trust_proxy);
    let now = now_millis();
    match auth::login(&state.store, &email, &password, addr.as_deref(), now).await {
        Ok(token) => {
            ctx::set_cookie(&auth::session_cookie(
                &token,
                ctx::is_https(state.settings.trust_proxy),
            ));
            leptos_axum::redirect("/inbox/pending-human");
            Ok(())
        }
        Err(AuthError::BadCredentials) => Err(AppError::Invalid {
            field: Some("password".into()),
            message: t(lang, Key::BadCredentials).into(),
        }),
        Err(AuthError::Inactive) => Err(AppError::Forbidden(t(lang, Key::Inactive).into())),
        Err(AuthError::Locked { until }) => Err(AppError::TooManyAttempts(locked_message(
            lang,
            (until - now + 59_999) / 60_000,
        ))),
        Err(e) => Err(ctx::internal(lang, e)),
    }
}

/// Ends the session everywhere it is used (the server forgets it) and clears the cookie.
#[server(prefix = "/api", endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::ctx;
    use crate::server::auth::{self, token_hash};
    let state = ctx::state()?;
    if let Some(token) = ctx::session_token() {
        state
            .store
            .delete_session(&token_hash(&token))
            .await
            .map_err(|e| ctx::internal(ctx::request_lang(), e))?;
    }
    ctx::set_cookie(&auth::clear_session_cookie(ctx::is_https(
        state.settings.trust_proxy,
    )));
    leptos_axum::redirect("/login");
    Ok(())
}

/// Switches the UI language: remembered for the member when signed in, in a cookie otherwise.
#[server(prefix = "/api", endpoint = "set_lang")]
pub async fn set_lang(lang: String) -> Result<(), AppError> {
    use super::ctx;
    let Some(chosen) = Lang::parse(&lang) else {
        return Err(AppError::Invalid {
            field: Some("lang".into()),
            message: format!("zh-TW / en: {lang:?}"),
        });
    };
    let secure = if ctx::is_https(ctx::state()?.settings.trust_proxy) {
        "; Secure"
    } else {
        ""
    };
    ctx::set_cookie(&format!(
        "{}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
        ctx::LANG_COOKIE,
        chosen.as_str()
    ));
    if let Some(m) = ctx::session().await? {
        let state = ctx::state()?;
        state
            .store
            .set_member_lang(m.workspace_id, m.member_id, chosen)
            .await
            .map_err(|e| ctx::internal(chosen, e))?;
    }
    Ok(())
}
