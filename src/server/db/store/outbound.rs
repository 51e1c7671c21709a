//! Replies on their way to a platform: the queue a sending worker claims, what became of each
//! send, and what the platform lets a reply do now (its window, a blocked account).

use super::super::*;
use crate::domain::ChannelKind;
use async_trait::async_trait;

/// What decides whether a reply may reach a conversation's customer now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reach {
    pub kind: ChannelKind,
    /// When the customer last wrote (none: never).
    pub last_inbound: Option<Millis>,
    /// The customer blocked the account (LINE unfollow).
    pub unsubscribed: bool,
}

/// A queued reply claimed by a worker, with what sending it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboundJob {
    pub message_id: MessageId,
    pub workspace_id: WorkspaceId,
    pub channel_id: ChannelId,
    pub conversation_id: ConversationId,
    /// `false`: sent before without a readable answer; the platform's echo or status is
    /// awaited until now, and the message is not sent again.
    pub pending: bool,
    /// Claims so far, this one included.
    pub attempts: i64,
    /// Made once per message: LINE's `X-Line-Retry-Key`, and the tag of our own sends.
    pub retry_key: String,
    pub body: String,
    /// A file sent with the reply.
    pub file: Option<OutboundFile>,
    /// A bot's picture, at its own public address.
    pub image_url: Option<String>,
    /// A bot message's buttons: label and the payload a tap sends back.
    pub buttons: Vec<(String, String)>,
    /// The customer's id on the platform (none: the identity is gone).
    pub recipient: Option<String>,
    /// LINE: the reply token of the customer's latest message and when it came.
    pub reply_token: Option<(String, Millis)>,
    pub created_at: Millis,
}

/// A file a reply carries: the platform fetches it at `/media/<token>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboundFile {
    pub kind: crate::domain::MediaKind,
    pub token: String,
    pub file_name: Option<String>,
}

/// What became of a claimed send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendResult {
    /// The platform accepted it (with its message id when it names one).
    Sent { external_id: Option<String> },
    /// Try again at `at` (rate limit, 5xx, a connection that never reached the platform).
    Retry { at: Millis, error: String },
    /// The request may have reached the platform but no answer came: wait for the echo or
    /// status until `until`, then give up without sending again.
    Unknown { until: Millis, error: String },
    /// Refused for good, with the platform's reason.
    Failed { error: String },
}

#[async_trait]
pub trait OutboundStore: Send + Sync {
    /// The channel kind, the customer's last message and whether they blocked the account.
    async fn reach(&self, workspace: WorkspaceId, id: ConversationId) -> DbResult<Option<Reach>>;

    /// Claims up to `limit` due sends for `lease` ms under the name `claim`: rows another
    /// process holds are skipped, and a row whose lease ran out (its worker died) is claimed
    /// again.
    async fn claim_outbound(
        &self,
        claim: &str,
        limit: i64,
        now: Millis,
        lease: Millis,
    ) -> DbResult<Vec<OutboundJob>>;

    /// Takes the conversation's LINE reply token if it is still `token` (single use: of two
    /// workers, one gets it).
    async fn take_reply_token(
        &self,
        workspace: WorkspaceId,
        id: ConversationId,
        token: &str,
    ) -> DbResult<bool>;

    /// Records what became of a send claimed as `claim`, in one transaction with the message's
    /// delivery state (which only moves forward); nothing if the claim was lost meanwhile.
    async fn finish_outbound(
        &self,
        job: &OutboundJob,
        claim: &str,
        result: &SendResult,
        now: Millis,
    ) -> DbResult<bool>;

    /// The platform's echo of a send of ours (`message` on `channel`'s conversation): the
    /// message is sent with this platform id and its queue row is done.
    async fn confirm_own_send(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        message: MessageId,
        external_id: &str,
        now: Millis,
    ) -> DbResult<bool>;

    /// Queues a failed reply again (the member's Retry); `false` if it is not a failed reply
    /// of this conversation.
    async fn retry_outbound(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        message: MessageId,
        retry_key: &str,
        now: Millis,
    ) -> DbResult<bool>;

    /// Records a message the business sent from the platform's own app (an echo that is not
    /// ours) on the customer's conversation, once per platform id; `false` when the customer
    /// or conversation is unknown or it is already stored.
    async fn record_platform_send(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        recipient: &str,
        external_id: &str,
        body: &str,
        at: Millis,
    ) -> DbResult<bool>;

    /// LINE follow / unfollow: whether the customer may receive replies; `false` when the
    /// sender is unknown.
    async fn set_unsubscribed(
        &self,
        channel: ChannelId,
        sender: &str,
        at: Option<Millis>,
    ) -> DbResult<bool>;

    /// LINE follow: the customer may receive replies again; a sender seen for the first time
    /// becomes a customer named `name`, with no conversation until they write. `true` when a
    /// customer was created.
    async fn follow(
        &self,
        workspace: WorkspaceId,
        channel: ChannelId,
        sender: &str,
        name: &str,
        now: Millis,
    ) -> DbResult<bool>;

    /// A channel's last error (an expired token, say), shown on the settings page.
    async fn set_channel_error(&self, channel: ChannelId, error: &str, at: Millis) -> DbResult<()>;
}
