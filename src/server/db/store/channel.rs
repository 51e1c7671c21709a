//! Platform channels: their settings and credentials, and the webhook bodies waiting to be
//! processed.

use super::super::*;
use crate::domain::ChannelKind;
use async_trait::async_trait;
use serde::{Deserialize, Serialize};

/// A channel's secrets, stored as JSON in `channels.credentials` and never sent to a browser.
/// Which are needed depends on the kind (CHANNELS.md): Meta kinds sign with `app_secret` and
/// answer the handshake with `verify_token`; LINE signs with `channel_secret`; every kind sends
/// with `access_token`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub secret: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub access_token: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verify_token: String,
    /// WhatsApp: the business account id; LINE: the channel id (the account id is the bot's
    /// user id, which webhooks name).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub extra_id: String,
}

impl std::fmt::Debug for Credentials {
    /// Secrets never reach a log: only whether each is set.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("secret", &!self.secret.is_empty())
            .field("access_token", &!self.access_token.is_empty())
            .field("verify_token", &!self.verify_token.is_empty())
            .field("extra_id", &self.extra_id)
            .finish()
    }
}

/// A channel as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelRecord {
    pub id: ChannelId,
    pub workspace_id: WorkspaceId,
    pub kind: ChannelKind,
    pub name: String,
    /// The platform's id of the account: page id, Instagram account id, phone number id, LINE
    /// bot user id.
    pub account_id: String,
    /// The last segment of the channel's webhook URL; none for channels made before webhooks.
    pub webhook_key: Option<String>,
    pub credentials: Credentials,
    pub enabled: bool,
    pub last_event_at: Option<Millis>,
    pub last_error: Option<String>,
    pub last_error_at: Option<Millis>,
    pub created_at: Millis,
    /// Closing quiet conversations by themselves (none: off).
    pub auto_close: Option<crate::domain::snooze::AutoClose>,
}

/// A channel to connect.
#[derive(Clone, Debug)]
pub struct NewChannel {
    pub workspace_id: WorkspaceId,
    pub kind: ChannelKind,
    pub name: String,
    pub account_id: String,
    pub webhook_key: String,
    pub credentials: Credentials,
    pub now: Millis,
}

/// A webhook body claimed for processing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InboundBody {
    pub id: i64,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub body: Vec<u8>,
    /// Claims so far, this one included.
    pub attempts: i64,
}

/// A platform's report on messages the business sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// `Sent`, `Delivered`, `Read` or `Failed`.
    pub state: crate::domain::Delivery,
    /// These platform message ids, or (`None`) everything sent up to `watermark`.
    pub ids: Option<Vec<String>>,
    pub watermark: Millis,
    /// The platform's reason, for `Failed`.
    pub error: Option<String>,
}

/// How processing a body ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BodyOutcome {
    Done,
    /// Try again after the lease (a database error, say), or give up after too many attempts.
    Retry {
        error: String,
    },
    Failed {
        error: String,
    },
}

#[async_trait]
pub trait ChannelStore: Send + Sync {
    /// Connects a channel. `Duplicate` when the platform account is already connected (to any
    /// workspace).
    /// Connects a channel, with its audit line.
    async fn create_channel(&self, channel: &NewChannel, by: &AuditBy) -> DbResult<ChannelId>;

    /// The channels of `workspace` (of every workspace for `None`: operators' command line),
    /// oldest first.
    async fn channel_records(&self, workspace: Option<WorkspaceId>)
        -> DbResult<Vec<ChannelRecord>>;

    /// The channel of a webhook URL.
    async fn channel_by_webhook(
        &self,
        kind: ChannelKind,
        key: &str,
    ) -> DbResult<Option<ChannelRecord>>;

    /// One channel of the workspace.
    async fn channel(
        &self,
        workspace: WorkspaceId,
        id: ChannelId,
    ) -> DbResult<Option<ChannelRecord>>;

    /// Gives a channel its webhook key and credentials (the demo's channels, made by import);
    /// `false` when it is not in the workspace.
    async fn set_channel_webhook(
        &self,
        workspace: WorkspaceId,
        id: ChannelId,
        webhook_key: &str,
        credentials: &Credentials,
    ) -> DbResult<bool>;

    /// Records that an outbound message reached the platform, which gave it `external_id`
    /// (a queued message becomes sent); `false` when it is not an outbound message of the
    /// workspace.
    async fn record_sent(
        &self,
        workspace: WorkspaceId,
        message: MessageId,
        external_id: &str,
    ) -> DbResult<bool>;

    /// Moves the delivery state of what the channel sent to `sender` (the customer's platform
    /// id) **only forward** (sent → delivered → read; failed from any state before read):
    /// the messages named by platform id, or every message sent up to a watermark. Returns how
    /// many changed; receipts arriving late or twice change nothing.
    async fn apply_receipt(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        receipt: &Receipt,
    ) -> DbResult<u64>;

    /// Whether the channel already knows this platform user (a customer identity).
    async fn knows_sender(&self, channel: ChannelId, external_id: &str) -> DbResult<bool>;

    /// Enables or disables a channel; `false` when it is not in the workspace.
    async fn set_channel_enabled(
        &self,
        workspace: WorkspaceId,
        id: ChannelId,
        enabled: bool,
        by: &AuditBy,
    ) -> DbResult<bool>;

    /// Stores a verified webhook body (pending, or `disabled` for a disabled channel, kept but
    /// never processed) and the channel's last event time, in one transaction.
    async fn store_inbound_body(
        &self,
        channel: &ChannelRecord,
        body: &[u8],
        now: Millis,
    ) -> DbResult<i64>;

    /// Claims up to `limit` pending bodies whose lease has run out, oldest first, leasing them
    /// until `now + lease`. Two workers never claim the same body (PostgreSQL: `for update skip
    /// locked`; SQLite: its one writer).
    async fn claim_inbound_bodies(
        &self,
        limit: i64,
        now: Millis,
        lease: Millis,
    ) -> DbResult<Vec<InboundBody>>;

    /// Records how processing a claimed body ended; a failure is also the channel's last error.
    async fn finish_inbound_body(
        &self,
        body: &InboundBody,
        outcome: &BodyOutcome,
        now: Millis,
    ) -> DbResult<()>;
}
