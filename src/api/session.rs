//! Signing in and out, and the member's language.

use crate::wire::{AppError, PageSession};
use leptos::prelude::*;

/// Who is signed in (if anyone), in which language to speak, and the clock.
#[server(prefix = "/api", endpoint = "session")]
pub async fn session_info() -> Result<PageSession, AppError> {
    use super::ctx;
    use crate::server::service::account;
    let now = crate::server::auth::now_millis();
    let lang = ctx::request_lang();
    let live_from = ctx::state()?.hub.head();
    Ok(match ctx::session().await? {
        Some(m) => PageSession {
            lang: m.lang,
            utc_offset_minutes: m.utc_offset_minutes,
            now,
            demo: false,
            live_from,
            me: Some(crate::wire::Me {
                list_sort: m.list_sort(),
                alerts: m.alerts,
                send_on_enter: m.send_on_enter,
                presence: m.presence,
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
            live_from,
            me: None,
            lang,
            utc_offset_minutes: 480,
            now,
            demo: account::demo_present(&ctx::state()?.store)
                .await
                .map_err(|e| super::refusal::answer(lang, e))?,
        },
    })
}

/// Signs in with email and password and opens a session; on success the browser goes to the
/// inbox. Works as a plain form post too.
#[server(prefix = "/api", endpoint = "login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::server::auth::{self, now_millis};
    use crate::server::service::account;
    ctx::for_anyone(|state| async move {
        let addr = ctx::client_addr(&state.settings);
        let token = account::login(
            &state.store,
            &email,
            &password,
            addr.as_deref(),
            now_millis(),
        )
        .await?;
        ctx::set_cookie(&auth::session_cookie(&token, ctx::secure_cookies()));
        leptos_axum::redirect("/inbox/pending-human");
        Ok(())
    })
    .await
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
    ctx::set_cookie(&auth::clear_session_cookie(ctx::secure_cookies()));
    leptos_axum::redirect("/login");
    Ok(())
}

/// Switches the UI language: remembered for the member when signed in, in a cookie otherwise.
#[server(prefix = "/api", endpoint = "set_lang")]
pub async fn set_lang(lang: String) -> Result<(), AppError> {
    use super::ctx;
    use crate::domain::input::InputError;
    use crate::domain::Lang;
    use crate::server::service::account;
    let asked = ctx::request_lang();
    let Some(chosen) = Lang::parse(&lang) else {
        return Err(ctx::logged(super::refusal::answer(
            asked,
            InputError::Unknown("lang").into(),
        )));
    };
    let secure = if ctx::secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    ctx::set_cookie(&format!(
        "{}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
        ctx::LANG_COOKIE,
        chosen.as_str()
    ));
    // Signed in: remembered for the member too (the session is read once).
    if let Some(m) = ctx::session().await? {
        account::set_lang(&ctx::state()?.store, &m, chosen)
            .await
            .map_err(|e| ctx::logged(super::refusal::answer(m.lang, e)))?;
    }
    Ok(())
}
