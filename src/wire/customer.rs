//! Customers: the profile beside the thread, the blacklist.

use serde::{Deserialize, Serialize};

use crate::domain::{ChannelId, ChannelKind, CustomerId, Millis};

/// One channel identity of a customer: who they are on that platform.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerIdentity {
    pub channel_id: ChannelId,
    pub channel_kind: ChannelKind,
    pub channel_name: String,
    /// The platform's id for the customer (PSID, LINE userId, WhatsApp number, visitor id).
    pub external_id: String,
    pub display_name: String,
}

/// A customer's profile as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub id: CustomerId,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub note: String,
    pub avatar_url: Option<String>,
    /// By name.
    pub tags: Vec<String>,
    /// Oldest first.
    pub identities: Vec<CustomerIdentity>,
    pub updated_at: Millis,
}

/// The profile panel of a conversation: its customer, the workspace's tags to pick from, and
/// whether the member may edit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilePanel {
    pub profile: CustomerProfile,
    /// Every tag of the workspace, by name.
    pub workspace_tags: Vec<String>,
    /// Each tag's colour (`domain::team::TAG_COLORS`), by name.
    pub tag_colors: Vec<(String, String)>,
    pub editable: bool,
    /// The customer's other conversations the member may see (one per channel), newest
    /// first, at most 20.
    pub history: Vec<crate::wire::ConversationRow>,
}

/// A blacklisted customer, as the admin list shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockedCustomer {
    pub id: CustomerId,
    pub name: String,
    pub blocked_at: Millis,
    pub blocked_by: Option<String>,
    pub unsubscribed: bool,
}
