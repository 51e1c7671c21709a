//! The server binary: `omni_inbox` serves the app; `omni_inbox seed-demo` creates the demo
//! workspace in the configured database; `omni_inbox generate [options]` fills it with a large
//! generated workspace (see `server::generate`); `omni_inbox create-workspace --name N
//! --admin-email E [--admin-name A]` creates a workspace and prints its first admin's one-time
//! link to set a password; `omni_inbox fake-platforms [--listen ADDR]` serves fake messaging
//! platforms for tests and the demo (see `server::fake`); `omni_inbox channels list|add` and
//! `omni_inbox simulate` connect platform channels and post a signed customer message into a
//! running server (see `server::operator`).

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use omni_inbox::{server, startup};
    startup::init_tracing();
    let settings = match server::config::Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let result = match std::env::args().nth(1).as_deref() {
        None | Some("serve") => startup::run(settings).await,
        Some("seed-demo") => startup::seed_demo(&settings).await,
        Some("generate") => server::generate::run(&settings, std::env::args().skip(2)).await,
        Some("create-workspace") => {
            startup::create_workspace(&settings, std::env::args().skip(2)).await
        }
        Some("fake-platforms") => {
            // `--receipts`: post receipts back to the inbox of these settings.
            let (receipts, rest): (Vec<String>, Vec<String>) =
                std::env::args().skip(2).partition(|a| a == "--receipts");
            let state = server::fake::FakeState::new();
            if !receipts.is_empty() {
                tokio::spawn(server::fake_receipts::register_for_inbox(
                    settings.clone(),
                    state.clone(),
                ));
            }
            server::fake::run_cli_with(rest.into_iter(), state).await
        }
        Some("channels") => server::operator::channels(&settings, std::env::args().skip(2)).await,
        Some("simulate") => server::operator::simulate(&settings, std::env::args().skip(2)).await,
        Some(other) => {
            eprintln!(
                "unknown command {other:?}; use `serve` (default), `create-workspace`, `channels`, `simulate`, `seed-demo`, `generate` or `fake-platforms`"
            );
            return std::process::ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "ssr"))]
fn main() {}
