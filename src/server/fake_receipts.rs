//! `omni_inbox fake-platforms --receipts`: the fake platforms post delivery and read receipts
//! for every Messenger, Instagram and WhatsApp channel of the inbox in the settings (its
//! database and public URL), so a reply in the demo goes sending → sent → delivered → read.
//! Channels are read once the inbox answers and again every few seconds (channels connected
//! later get receipts too).

use super::config::Settings;
use super::db::{self, ChannelRecord};
use super::fake::{FakeState, ReceiptTarget};
use super::service::channel::webhook_path;
use crate::domain::ChannelKind;
use std::collections::HashSet;
use std::time::Duration;

/// How long after a send the fake reports it delivered, then read.
const RECEIPT_DELAY_MS: u64 = 1_500;

/// Runs for the life of the fake: registers receipt targets for the inbox's channels.
pub async fn register_for_inbox(settings: Settings, state: FakeState) {
    let public = settings.public_url.trim_end_matches('/').to_owned();
    let health = format!("{public}/healthz");
    let client = reqwest::Client::new();
    let mut store = None;
    let mut done = HashSet::new();
    loop {
        if store.is_none() {
            let up = client
                .get(&health)
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            // The inbox made and migrated the database first.
            if up {
                store = db::connect(&settings.database_url).await.ok();
            }
        }
        if let Some(s) = &store {
            match s.channel_records(None).await {
                Ok(channels) => {
                    for c in channels {
                        if let Some(target) = target(&public, &c) {
                            if done.insert(c.id) {
                                match state.register_receipts(target) {
                                    Ok(_) => println!(
                                        "receipts for {} {} go to {public}",
                                        c.kind.as_str(),
                                        c.account_id
                                    ),
                                    Err(e) => eprintln!("receipts for {}: {e}", c.account_id),
                                }
                            }
                        }
                    }
                }
                Err(e) => eprintln!("reading the inbox's channels: {e}"),
            }
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

/// Where the fake posts receipts for `c`'s sends, if its platform sends receipts.
fn target(public: &str, c: &ChannelRecord) -> Option<ReceiptTarget> {
    if !matches!(
        c.kind,
        ChannelKind::Messenger | ChannelKind::Instagram | ChannelKind::WhatsApp
    ) {
        return None;
    }
    let key = c.webhook_key.as_deref()?;
    let creds = &c.credentials;
    Some(ReceiptTarget {
        kind: c.kind.as_str().to_owned(),
        account_id: c.account_id.clone(),
        webhook_url: format!("{public}{}", webhook_path(c.kind, key)),
        secret: creds.secret.clone(),
        delay_ms: RECEIPT_DELAY_MS,
        states: Vec::new(),
        access_token: Some(creds.access_token.clone()).filter(|t| !t.is_empty()),
        waba_id: (c.kind == ChannelKind::WhatsApp && !creds.extra_id.is_empty())
            .then(|| creds.extra_id.clone()),
        display_phone_number: None,
    })
}
