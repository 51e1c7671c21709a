//! Who is signed in and what every page needs first.

use serde::{Deserialize, Serialize};

use crate::domain::sorting::Sort;
use crate::domain::{Lang, MemberId, Millis, Role, WorkspaceId};

/// The signed-in member, as the UI needs to know them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub member_id: MemberId,
    pub workspace_id: WorkspaceId,
    pub workspace_name: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub lang: Lang,
    /// The order their lists open in (the one they last chose, else the default).
    pub list_sort: Sort,
    /// A desktop notification and a sound for new pending conversations and transfers to them.
    pub alerts: bool,
    /// Enter sends from the composer (else Ctrl+Enter does; Shift+Enter is a new line).
    pub send_on_enter: bool,
    /// The status the member set (online, away, offline).
    pub presence: crate::domain::availability::Presence,
    pub avatar_url: Option<String>,
}

/// What every page needs first: who is signed in (if anyone) and in which language to speak.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageSession {
    pub me: Option<Me>,
    pub lang: Lang,
    /// The workspace's clock, for printing times the same way on the server and in the browser.
    pub utc_offset_minutes: i64,
    pub now: Millis,
    /// The demo workspace is in this database (the login page then names its password).
    pub demo: bool,
    /// The last live event handed on when the page was made: its stream resumes after it.
    pub live_from: i64,
}
