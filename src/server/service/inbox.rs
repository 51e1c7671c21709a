//! The inbox lists and their navigation counts.

use super::ServiceError;
use crate::domain::input::{at_most, InputError};
use crate::domain::limits::{MAX_SHORT_TEXT, PAGE_SIZE};
use crate::domain::permission::scope;
use crate::domain::view::View;
use crate::domain::{ChannelId, MemberId, Millis};
use crate::server::db::{CountQuery, ListQuery, SessionMember, Store};
use crate::wire::{ConversationPage, Cursor, NavSummary, Sort};

/// The channels to filter by, each view's count and the unread notifications.
pub async fn nav(
    store: &Store,
    who: &SessionMember,
    channel: Option<ChannelId>,
) -> Result<NavSummary, ServiceError> {
    let q = CountQuery {
        workspace_id: who.workspace_id,
        me: who.member_id,
        scope: scope(&who.actor()),
        channel,
    };
    let (channels, counts, unread_notifications) = tokio::try_join!(
        store.channels(who.workspace_id),
        store.view_counts(&q),
        store.unread_notifications(who.workspace_id, who.member_id)
    )?;
    Ok(NavSummary {
        channels,
        counts,
        unread_notifications,
    })
}

/// One page of `view` in the order `sort`, after the cursor token `after` when given.
/// How a member narrowed a list: by channel, and in the Team views by the owner.
#[derive(Clone, Copy, Debug, Default)]
pub struct ListFilter {
    pub channel: Option<ChannelId>,
    pub owner: Option<MemberId>,
}

pub async fn page(
    store: &Store,
    who: &SessionMember,
    view: View,
    filter: ListFilter,
    sort: Sort,
    after: Option<&str>,
    now: Millis,
) -> Result<ConversationPage, ServiceError> {
    let after = match after {
        None | Some("") => None,
        Some(token) => {
            at_most("after", token, MAX_SHORT_TEXT)?;
            Some(Cursor::decode(token, sort).ok_or(InputError::Unknown("after"))?)
        }
    };
    let q = ListQuery {
        workspace_id: who.workspace_id,
        me: who.member_id,
        scope: scope(&who.actor()),
        view,
        channel: filter.channel,
        owner: filter.owner.filter(|_| view.by_member()),
        sort,
        after,
        now,
        limit: PAGE_SIZE,
    };
    Ok(store.list_conversations(&q).await?)
}
