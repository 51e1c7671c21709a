//! Who has which conversation open, and who is typing in it: kept in memory by every server
//! (announced to the others through the database on PostgreSQL), expired when a page stops
//! saying so, and handed to the streams of those who may see the conversation.

use super::{Hub, Out};
use crate::domain::live::Audience;
use crate::domain::{ConversationId, MemberId, WorkspaceId};
use crate::server::db::SessionMember;
use crate::server::service::{conversation::visible, ServiceError};
use crate::wire::Viewer;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A page with a conversation open says so this often…
pub const VIEWING_EVERY: Duration = Duration::from_secs(20);
/// …and counts as gone when it has not for this long.
pub const VIEWING_FOR: Duration = Duration::from_secs(45);
/// Typing shows this long after the last key.
pub const TYPING_FOR: Duration = Duration::from_secs(6);
/// What one member's pages may say in a minute (every open page says it every 20 s and at
/// most every 3 s while typing: a few tabs stay far below).
pub const SAID_PER_MINUTE: u32 = 120;
/// How often what lapsed is swept.
pub const SWEEP: Duration = Duration::from_secs(2);

/// The member id under which the customer (a widget visitor typing) is kept on the board.
pub const CUSTOMER: MemberId = MemberId(0);

/// One page's word about itself, as announced between servers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    #[serde(rename = "w")]
    pub workspace: WorkspaceId,
    #[serde(rename = "c")]
    pub conversation: ConversationId,
    #[serde(rename = "m")]
    pub member: MemberId,
    #[serde(rename = "n")]
    pub name: String,
    /// Has it open (false: closed it).
    #[serde(rename = "v")]
    pub viewing: bool,
    #[serde(rename = "t")]
    pub typing: bool,
}

struct Entry {
    name: String,
    until: Instant,
    typing_until: Option<Instant>,
}

/// Who has what open, in this server's memory.
#[derive(Default)]
pub struct Board {
    rooms: HashMap<(WorkspaceId, ConversationId), HashMap<MemberId, Entry>>,
}

impl Board {
    /// Who has `conversation` open at `now`, by name.
    pub fn viewers(
        &self,
        workspace: WorkspaceId,
        conversation: ConversationId,
        now: Instant,
    ) -> Vec<Viewer> {
        let mut out: Vec<Viewer> = self
            .rooms
            .get(&(workspace, conversation))
            .map(|room| {
                room.iter()
                    .filter(|(_, e)| e.until > now)
                    .map(|(m, e)| Viewer {
                        member_id: *m,
                        name: e.name.clone(),
                        typing: e.typing_until.is_some_and(|t| t > now),
                        customer: *m == CUSTOMER,
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.sort_by_key(|v| v.member_id);
        out
    }

    /// Takes `said` in; whether who is shown changed.
    pub fn apply(&mut self, said: &Said, now: Instant) -> bool {
        let key = (said.workspace, said.conversation);
        let before = self.viewers(key.0, key.1, now);
        let room = self.rooms.entry(key).or_default();
        if said.viewing {
            room.insert(
                said.member,
                Entry {
                    name: said.name.clone(),
                    // The customer is there only while they type.
                    until: now
                        + if said.member == CUSTOMER {
                            TYPING_FOR
                        } else {
                            VIEWING_FOR
                        },
                    typing_until: said.typing.then(|| now + TYPING_FOR),
                },
            );
        } else {
            room.remove(&said.member);
        }
        if room.is_empty() {
            self.rooms.remove(&key);
        }
        before != self.viewers(key.0, key.1, now)
    }

    /// Forgets what lapsed by `now`; the conversations whose viewers changed.
    pub fn sweep(&mut self, now: Instant) -> Vec<(WorkspaceId, ConversationId)> {
        let mut changed = Vec::new();
        self.rooms.retain(|key, room| {
            let before = room.len();
            room.retain(|_, e| e.until > now);
            let mut moved = room.len() != before;
            for e in room.values_mut() {
                if e.typing_until.is_some_and(|t| t <= now) {
                    e.typing_until = None;
                    moved = true;
                }
            }
            if moved {
                changed.push(*key);
            }
            !room.is_empty()
        });
        changed
    }
}

impl Hub {
    /// `who` has `conversation` open (or closed it), typing or not: checked against what they
    /// may see, told to every server, and answered with who has it open now.
    pub async fn say(
        self: &Arc<Self>,
        who: &SessionMember,
        conversation: ConversationId,
        viewing: bool,
        typing: bool,
    ) -> Result<Vec<Viewer>, ServiceError> {
        let key = format!("{}", who.member_id.get());
        if self
            .said
            .take(&key, SAID_PER_MINUTE, Instant::now())
            .is_err()
        {
            return Err(ServiceError::TooOften);
        }
        visible(&self.store, who, conversation).await?;
        let said = Said {
            workspace: who.workspace_id,
            conversation,
            member: who.member_id,
            name: who.name.clone(),
            viewing,
            typing: viewing && typing,
        };
        let payload =
            serde_json::to_string(&said).map_err(|e| ServiceError::Internal(e.to_string()))?;
        // Applied here at once; on PostgreSQL every server (this one too) hears it again, which
        // changes nothing here.
        if let Err(e) = self.store.announce_presence(&payload).await {
            tracing::warn!("live: presence not announced: {e}");
        }
        self.take(&said).await;
        let board = self.board.lock().unwrap_or_else(|e| e.into_inner());
        Ok(board.viewers(said.workspace, conversation, Instant::now()))
    }

    /// The customer of `conversation` is typing (a widget visitor): shown to those who see it
    /// like a colleague's typing, for a few seconds.
    pub async fn customer_typing(
        self: &Arc<Self>,
        workspace: WorkspaceId,
        conversation: ConversationId,
    ) {
        let said = Said {
            workspace,
            conversation,
            member: CUSTOMER,
            name: String::new(),
            viewing: true,
            typing: true,
        };
        if let Ok(payload) = serde_json::to_string(&said) {
            if let Err(e) = self.store.announce_presence(&payload).await {
                tracing::warn!("live: presence not announced: {e}");
            }
        }
        self.take(&said).await;
    }

    /// A presence change announced by some server.
    pub(super) async fn presence_heard(&self, payload: &str) {
        match serde_json::from_str::<Said>(payload) {
            Ok(said) => self.take(&said).await,
            Err(e) => tracing::warn!("live: presence payload unreadable: {e}"),
        }
    }

    async fn take(&self, said: &Said) {
        let changed = self
            .board
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .apply(said, Instant::now());
        if changed {
            self.show(said.workspace, said.conversation).await;
        }
    }

    pub(super) async fn sweep(&self) {
        let changed = self
            .board
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .sweep(Instant::now());
        for (ws, c) in changed {
            self.show(ws, c).await;
        }
    }

    /// Hands who has `conversation` open to the streams of those who may see it.
    async fn show(&self, workspace: WorkspaceId, conversation: ConversationId) {
        let viewers = self
            .board
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .viewers(workspace, conversation, Instant::now());
        let facts = match self.store.live_facts(workspace, &[conversation], &[]).await {
            Ok(f) => f,
            Err(e) => {
                tracing::warn!("live: presence facts: {e}");
                return;
            }
        };
        let audience = Audience {
            now: facts.conversations.first().map(|(_, seen)| *seen),
            collaborators: facts.collaborators.into_iter().map(|(_, m)| m).collect(),
            ..Audience::default()
        };
        let _ = self.tx.send(Arc::new(Out::Presence {
            workspace,
            conversation,
            audience,
            viewers,
        }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(member: i64, viewing: bool, typing: bool) -> Said {
        Said {
            workspace: WorkspaceId(1),
            conversation: ConversationId(7),
            member: MemberId(member),
            name: format!("m{member}"),
            viewing,
            typing,
        }
    }

    #[test]
    fn viewers_come_go_and_lapse() {
        let mut board = Board::default();
        let t0 = Instant::now();
        assert!(board.apply(&said(1, true, false), t0));
        // Saying it again changes nothing shown.
        assert!(!board.apply(&said(1, true, false), t0));
        assert!(board.apply(&said(2, true, true), t0));
        let shown = board.viewers(WorkspaceId(1), ConversationId(7), t0);
        assert_eq!(
            shown
                .iter()
                .map(|v| (v.member_id.0, v.typing))
                .collect::<Vec<_>>(),
            vec![(1, false), (2, true)]
        );
        // Typing lapses first, then the page that stopped saying anything.
        let later = t0 + TYPING_FOR + Duration::from_millis(1);
        assert_eq!(
            board.sweep(later),
            vec![(WorkspaceId(1), ConversationId(7))]
        );
        assert!(!board.viewers(WorkspaceId(1), ConversationId(7), later)[1].typing);
        assert!(board.apply(&said(1, false, false), later));
        let gone = t0 + VIEWING_FOR + Duration::from_millis(1);
        assert_eq!(board.sweep(gone).len(), 1);
        assert!(board
            .viewers(WorkspaceId(1), ConversationId(7), gone)
            .is_empty());
        assert!(board.rooms.is_empty());
    }
}
