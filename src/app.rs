//! The HTML shell and the routes.

use crate::ui::account::login::LoginPage;
use crate::ui::account::set_password::SetPasswordPage;
use crate::ui::account::settings::AccountPage;
use crate::ui::admin::audit::AuditPage;
use crate::ui::admin::blacklist::BlacklistPage;
use crate::ui::admin::bot::BotSettingsPage;
use crate::ui::admin::channels::ChannelsPage;
use crate::ui::admin::members::MembersPage;
use crate::ui::admin::replies::RepliesPage;
use crate::ui::admin::structure::StructurePage;
use crate::ui::admin::tags::TagsPage;
use crate::ui::admin::workspace::WorkspacePage;
use crate::ui::inbox::InboxPage;
use crate::ui::not_found::NotFound;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1, interactive-widget=resizes-content" />
                <meta name="color-scheme" content="light" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <HashedStylesheet options=options.clone() id="leptos" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body class="h-full bg-slate-100 text-slate-900 antialiased">
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Omni Inbox · 森通客服收件匣" />
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/") view=|| view! { <Redirect path="/inbox/pending-human" /> } />
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                // One route for every view and conversation: moving between them keeps the page
                // (no new session read, no blank page, the list where it was scrolled).
                <Route path=path!("/inbox/:view/:id?") view=InboxPage ssr=SsrMode::Async />
                <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async />
                <Route path=path!("/blacklist") view=BlacklistPage ssr=SsrMode::Async />
                <Route path=path!("/channels") view=ChannelsPage ssr=SsrMode::Async />
                <Route path=path!("/bot") view=BotSettingsPage ssr=SsrMode::Async />
                <Route path=path!("/members") view=MembersPage ssr=SsrMode::Async />
                <Route path=path!("/structure") view=StructurePage ssr=SsrMode::Async />
                <Route path=path!("/tags") view=TagsPage ssr=SsrMode::Async />
                <Route path=path!("/workspace") view=WorkspacePage ssr=SsrMode::Async />
                <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async />
                <Route path=path!("/replies") view=RepliesPage ssr=SsrMode::Async />
                <Route path=path!("/set-password") view=SetPasswordPage ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
