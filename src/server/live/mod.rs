//! The live inbox (issue 11): one reader per process follows the numbered live events
//! (`store::live`), learns who may hear each one (the conversation's state now and before, its
//! collaborators), and hands them in batches to every open stream (`stream`), which keeps
//! what its member may hear (`domain::live::hears`). Who has which conversation open travels
//! beside them (`presence`).
//!
//! With PostgreSQL every server of the database listens (`live_new`: someone wrote events, which
//! this server then numbers unless another did first; `live_seq`: events were numbered), so a
//! change made through one server reaches the streams of all. With SQLite one process writes
//! everything and its reader looks for new events every [`POLL`].

pub mod presence;
pub mod stream;

use crate::domain::live::{Audience, Heard, Seen};
use crate::domain::{
    Actor, BranchId, ConvState, ConversationId, Handler, MemberId, Status, WorkspaceId,
};
use crate::server::db::{DbResult, LiveEvent, LiveTopic, Store};
use crate::wire::{LiveItem, LiveKind, Viewer};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often the reader looks for events when nothing tells it (SQLite), and how long it
/// gathers the wake-ups of a burst into one batch (PostgreSQL).
pub const POLL: Duration = Duration::from_millis(50);
/// With a listener, how often the reader looks anyway (a notification lost while the listener
/// reconnected).
const LOOK_ANYWAY: Duration = Duration::from_secs(1);
/// Events read at once.
const READ: i64 = 500;

/// One event and who may hear it.
#[derive(Clone, Debug)]
pub struct Fact {
    pub seq: i64,
    pub workspace: WorkspaceId,
    pub kind: LiveKind,
    pub conversation: Option<ConversationId>,
    /// A conversation was opened (its first event).
    pub opened: bool,
    pub gone: bool,
    pub audience: Audience,
}

impl Fact {
    /// What `actor` of `workspace` hears of it.
    pub fn heard_by(&self, workspace: WorkspaceId, actor: &Actor) -> Option<LiveItem> {
        if self.workspace != workspace {
            return None;
        }
        let left = match crate::domain::live::hears(actor, &self.audience) {
            Heard::No => return None,
            Heard::Yes => false,
            Heard::Left => true,
        };
        Some(LiveItem {
            seq: self.seq,
            kind: self.kind,
            conversation: self.conversation,
            left,
            opened: self.opened,
            gone: self.gone,
        })
    }
}

/// What the hub hands every stream.
#[derive(Debug)]
pub enum Out {
    /// The events numbered after the previous batch, up to `last`.
    Changes {
        last: i64,
        facts: Vec<Fact>,
        /// What a member who sees every conversation hears of them (all but notifications),
        /// written once per workspace for all such streams.
        everything: HashMap<WorkspaceId, Arc<str>>,
    },
    /// Who has a conversation open now.
    Presence {
        workspace: WorkspaceId,
        conversation: ConversationId,
        audience: Audience,
        viewers: Vec<Viewer>,
    },
}

/// The process's live hub (one, in `AppState`).
pub struct Hub {
    store: Store,
    tx: broadcast::Sender<Arc<Out>>,
    head: watch::Sender<i64>,
    closing: watch::Sender<bool>,
    board: Mutex<presence::Board>,
    /// How often each member's pages say what they have open (a page says it every 20 s and
    /// at pauses in typing; a burst beyond is refused before any look-up).
    said: crate::server::rate::Limiter,
}

impl Hub {
    /// A hub starting after the last event numbered so far, keeping `backlog` batches for
    /// streams that fall behind (a stream further behind is closed; its page resumes).
    pub async fn new(store: Store, backlog: usize) -> DbResult<Arc<Hub>> {
        let head = store.sequence_live().await?;
        Ok(Arc::new(Hub {
            store,
            tx: broadcast::channel(backlog).0,
            head: watch::channel(head).0,
            closing: watch::channel(false).0,
            board: Mutex::new(presence::Board::default()),
            said: Default::default(),
        }))
    }

    /// The last event handed to the streams: a page rendered now resumes after it.
    pub fn head(&self) -> i64 {
        *self.head.borrow()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Out>> {
        self.tx.subscribe()
    }

    /// Streams open now.
    pub fn streams(&self) -> usize {
        self.tx.receiver_count()
    }

    /// Ends every stream (the server is shutting down).
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Follows the events until the process ends: numbers them (PostgreSQL), reads them,
    /// hands them on; expires presence.
    pub async fn run(self: Arc<Self>) {
        let mut listener = None;
        let mut sweep = tokio::time::interval(presence::SWEEP);
        let mut last_read = std::time::Instant::now();
        loop {
            if listener.is_none() {
                listener = match self.store.listen_live().await {
                    Ok(l) => l.map(Some).unwrap_or(None),
                    Err(e) => {
                        tracing::warn!("live: cannot listen: {e}");
                        None
                    }
                };
            }
            let mut number = false;
            match listener.as_mut() {
                Some(l) => {
                    tokio::select! {
                        wake = l.wait() => match wake {
                            Ok(wake) => {
                                number = wake.written;
                                for p in wake.presence {
                                    self.presence_heard(&p).await;
                                }
                            }
                            Err(e) => {
                                tracing::warn!("live: listener lost: {e}");
                                listener = None;
                                tokio::time::sleep(LOOK_ANYWAY).await;
                            }
                        },
                        _ = tokio::time::sleep(LOOK_ANYWAY) => number = true,
                        _ = sweep.tick() => { self.sweep().await; continue; }
                    }
                    // Gather the rest of a burst into this batch, and hand batches on at most
                    // once per POLL: every batch is a write to every stream, so under a
                    // stream of changes fewer, larger batches cost the streams far less.
                    let since = last_read.elapsed();
                    tokio::time::sleep((POLL / 5).max(POLL.saturating_sub(since))).await;
                }
                None => {
                    tokio::select! {
                        _ = tokio::time::sleep(POLL) => {}
                        _ = sweep.tick() => self.sweep().await,
                    }
                }
            }
            if number {
                if let Err(e) = self.store.sequence_live().await {
                    tracing::warn!("live: numbering failed: {e}");
                }
            }
            last_read = std::time::Instant::now();
            if let Err(e) = self.read_on().await {
                tracing::warn!("live: reading failed: {e}");
                tokio::time::sleep(LOOK_ANYWAY).await;
            }
        }
    }

    /// Reads and hands on every event after the head.
    async fn read_on(&self) -> DbResult<()> {
        loop {
            let head = self.head();
            let events = self.store.live_after(None, head, READ).await?;
            let Some(last) = events.last().map(|e| e.seq) else {
                return Ok(());
            };
            let facts = facts_of(&self.store, &events).await?;
            self.head.send_replace(last);
            // No stream open is not a failure.
            let everything = everything(&facts);
            let _ = self.tx.send(Arc::new(Out::Changes {
                last,
                facts,
                everything,
            }));
            if (events.len() as i64) < READ {
                return Ok(());
            }
        }
    }
}

/// What a member whose scope is the whole workspace hears of `facts`, but for notifications
/// (which are each for one member), as the stream writes it, per workspace.
fn everything(facts: &[Fact]) -> HashMap<WorkspaceId, Arc<str>> {
    let mut items: HashMap<WorkspaceId, Vec<LiveItem>> = HashMap::new();
    for f in facts.iter().filter(|f| !f.audience.personal) {
        let left = match (&f.audience.now, &f.audience.before) {
            (Some(_), _) => false,
            (None, Some(_)) => true,
            (None, None) => continue,
        };
        items.entry(f.workspace).or_default().push(LiveItem {
            seq: f.seq,
            kind: f.kind,
            conversation: f.conversation,
            left,
            opened: f.opened,
            gone: f.gone,
        });
    }
    items
        .into_iter()
        .filter_map(|(ws, items)| {
            let json = serde_json::to_string(&crate::wire::LiveBatch { items }).ok()?;
            Some((ws, Arc::from(json)))
        })
        .collect()
}

/// The state a conversation was in before a change, from the event's columns.
fn seen_before(e: &LiveEvent, branches: &HashMap<MemberId, Option<BranchId>>) -> Option<Seen> {
    let (status, owner) = e.before?;
    let handler = (status == Status::Pending).then_some(Handler::Human);
    let owner = if status == Status::Pending {
        None
    } else {
        owner
    };
    let state = ConvState::from_columns(status, handler, owner)?;
    Some(Seen {
        state,
        branch_id: e.branch_before,
        owner_branch_id: owner.and_then(|o| branches.get(&o).copied().flatten()),
    })
}

/// Who may hear each of `events` (in their order): one look-up per workspace.
pub async fn facts_of(store: &Store, events: &[LiveEvent]) -> DbResult<Vec<Fact>> {
    let mut by_ws: BTreeMap<WorkspaceId, (Vec<ConversationId>, Vec<MemberId>)> = BTreeMap::new();
    for e in events {
        let (convs, members) = by_ws.entry(e.workspace_id).or_default();
        if let Some(c) = e.conversation_id {
            convs.push(c);
        }
        if let Some((_, Some(owner))) = e.before {
            members.push(owner);
        }
    }
    let mut now = HashMap::new();
    let mut collaborators: HashMap<ConversationId, Vec<MemberId>> = HashMap::new();
    let mut branches = HashMap::new();
    for (ws, (mut convs, mut members)) in by_ws {
        convs.sort_unstable();
        convs.dedup();
        members.sort_unstable();
        members.dedup();
        let facts = store.live_facts(ws, &convs, &members).await?;
        now.extend(facts.conversations);
        for (c, m) in facts.collaborators {
            collaborators.entry(c).or_default().push(m);
        }
        branches.extend(facts.branches);
    }
    Ok(events
        .iter()
        .map(|e| {
            let current = e.conversation_id.and_then(|c| now.get(&c).copied());
            let collaborators = e
                .conversation_id
                .and_then(|c| collaborators.get(&c).cloned())
                .unwrap_or_default();
            let audience = match e.topic {
                LiveTopic::Notification => Audience {
                    member: e.member_id,
                    personal: true,
                    ..Audience::default()
                },
                LiveTopic::Conversation => Audience {
                    now: if e.gone { None } else { current },
                    before: seen_before(e, &branches),
                    collaborators,
                    ..Audience::default()
                },
                LiveTopic::Collaborators => Audience {
                    now: current,
                    before: current,
                    collaborators,
                    member: e.member_id,
                    personal: false,
                },
                LiveTopic::Message | LiveTopic::Customer => Audience {
                    now: current,
                    collaborators,
                    ..Audience::default()
                },
            };
            Fact {
                seq: e.seq,
                workspace: e.workspace_id,
                kind: kind(e.topic),
                conversation: e.conversation_id,
                opened: e.topic == LiveTopic::Conversation && e.before.is_none() && !e.gone,
                gone: e.gone,
                audience,
            }
        })
        .collect())
}

fn kind(topic: LiveTopic) -> LiveKind {
    match topic {
        LiveTopic::Conversation => LiveKind::Conversation,
        LiveTopic::Message => LiveKind::Message,
        LiveTopic::Collaborators => LiveKind::Collaborators,
        LiveTopic::Notification => LiveKind::Notification,
        LiveTopic::Customer => LiveKind::Customer,
    }
}
