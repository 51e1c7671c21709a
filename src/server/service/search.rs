//! Search (issue 13): the member's query checked at the edge and compiled
//! (`domain::search`), member criteria resolved to the workspace's own members, one storage
//! search inside the member's scope, then each result's view and excerpt.

use super::ServiceError;
use crate::domain::input::{at_most, at_most_items, InputError};
use crate::domain::limits::PAGE_SIZE;
use crate::domain::permission::scope;
use crate::domain::search::{
    day_start, excerpt, phone_terms, Field, Query, QueryError, MAX_QUERY_CHARS, MAX_QUERY_TERMS,
};
use crate::domain::view::View;
use crate::domain::{ConvState, ConversationId, Handler, MessageKind, Status};
use crate::server::db::{CustomerFields, MemberCriteria, SearchQuery, SessionMember, Store};
use crate::wire::{
    ConversationRow, ExcerptSource, SearchCursor, SearchExcerpt, SearchHit, SearchOptions,
    SearchPage, SearchRequest, StatusPick,
};
use std::collections::HashMap;

/// The most tags, roles and statuses one search may pick.
pub const MAX_TAGS: usize = 20;
/// How many of a result's newest messages its excerpt is looked for in.
const EXCERPT_MESSAGES: i64 = 40;
/// The longest date text (`YYYY-MM-DD`).
const MAX_DATE_CHARS: usize = 10;

/// The request's sizes, before any work.
fn check(req: &SearchRequest) -> Result<Query, ServiceError> {
    at_most("text", &req.text, MAX_QUERY_CHARS)?;
    at_most_items("tags", &req.tags, MAX_TAGS)?;
    at_most_items("roles", &req.roles, crate::domain::Role::ALL.len())?;
    at_most_items("statuses", &req.statuses, StatusPick::ALL.len())?;
    for date in [&req.from, &req.to].into_iter().flatten() {
        at_most("date", date, MAX_DATE_CHARS)?;
    }
    Query::parse(&req.text).map_err(|e| {
        ServiceError::Input(match e {
            QueryError::TooLong => InputError::TooLong {
                field: "text",
                max: MAX_QUERY_CHARS,
            },
            QueryError::TooMany => InputError::TooMany {
                field: "text",
                max: MAX_QUERY_TERMS,
            },
        })
    })
}

fn status_of(pick: StatusPick) -> (Status, Option<Handler>) {
    match pick {
        StatusPick::PendingHuman => (Status::Pending, Some(Handler::Human)),
        StatusPick::PendingBot => (Status::Pending, Some(Handler::Bot)),
        StatusPick::InProgress => (Status::InProgress, None),
        StatusPick::Closed => (Status::Closed, None),
    }
}

/// One page of results for `who`, newest activity first.
pub async fn page(
    store: &Store,
    who: &SessionMember,
    req: &SearchRequest,
    after: Option<SearchCursor>,
) -> Result<SearchPage, ServiceError> {
    let Some((query, q)) = prepare(store, who, req, after).await? else {
        return Ok(SearchPage::default());
    };
    let found = store.search(&q).await?;
    let hits = explain(store, who, &query, found.rows).await?;
    Ok(SearchPage {
        hits,
        next: found.next,
    })
}

/// The request checked and compiled into storage's query for `who` (their scope, the member
/// criteria resolved to the workspace's own members), or `None` when it asks for nothing.
pub async fn prepare(
    store: &Store,
    who: &SessionMember,
    req: &SearchRequest,
    after: Option<SearchCursor>,
) -> Result<Option<(Query, SearchQuery)>, ServiceError> {
    let query = check(req)?;
    let offset = who.utc_offset_minutes;
    let day = |field: &'static str, date: &Option<String>| -> Result<Option<i64>, ServiceError> {
        match date.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(d) => Ok(Some(
                day_start(d, offset).ok_or(InputError::Unknown(field))?,
            )),
        }
    };
    let from = day("from", &req.from)?;
    let to = day("to", &req.to)?.map(|t| t + 86_400_000);
    let expr = query.compile(&req.tags.iter().map(|t| t.get()).collect::<Vec<_>>());
    let typed_nothing = !req.text.trim().is_empty() && expr.is_empty() && req.tags.is_empty();
    if req.is_empty() || typed_nothing {
        return Ok(None);
    }
    let owners = if req.has_member_criteria() {
        let criteria = MemberCriteria {
            roles: req.roles.clone(),
            region: req.region,
            branch: req.branch,
            member: req.member,
        };
        Some(store.members_matching(who.workspace_id, &criteria).await?)
    } else {
        None
    };
    let mut statuses: Vec<_> = req.statuses.iter().copied().map(status_of).collect();
    statuses.sort_by_key(|(s, h)| (s.as_str(), h.map(Handler::as_str)));
    statuses.dedup();
    let q = SearchQuery {
        workspace_id: who.workspace_id,
        me: who.member_id,
        scope: scope(&who.actor()),
        expr,
        owners,
        with_collaborations: req.with_collaborations,
        statuses,
        channel: req.channel,
        from,
        to,
        after,
        limit: PAGE_SIZE,
        index_limit: None,
    };
    Ok(Some((query, q)))
}

/// Storage's rows explained for `who` (tests that took storage's other path use this).
pub async fn hits(
    store: &Store,
    who: &SessionMember,
    query: &Query,
    rows: Vec<ConversationRow>,
) -> Result<Vec<SearchHit>, ServiceError> {
    explain(store, who, query, rows).await
}

/// Each row with the view that lists it for `who` and the excerpt of what it matched.
async fn explain(
    store: &Store,
    who: &SessionMember,
    query: &Query,
    rows: Vec<ConversationRow>,
) -> Result<Vec<SearchHit>, ServiceError> {
    let needles = query.needles();
    let ids: Vec<ConversationId> = rows.iter().map(|r| r.id).collect();
    let customers: Vec<_> = rows.iter().map(|r| r.customer_id).collect();
    let wants_messages =
        !query.free.is_empty() || query.fields.iter().any(|(f, _)| *f == Field::Message);
    let (texts, fields) = if needles.is_empty() {
        (HashMap::new(), HashMap::new())
    } else {
        let texts = if wants_messages {
            store
                .recent_texts(who.workspace_id, &ids, EXCERPT_MESSAGES)
                .await?
        } else {
            HashMap::new()
        };
        (
            texts,
            store.customer_fields(who.workspace_id, &customers).await?,
        )
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let excerpt = texts
                .get(&row.id)
                .and_then(|list| {
                    list.iter().find_map(|(kind, body)| {
                        excerpt(body, &needles).map(|e| (source_of(*kind), e))
                    })
                })
                .or_else(|| {
                    fields
                        .get(&row.customer_id)
                        .and_then(|f| from_profile(f, query, &needles))
                })
                .map(|(source, e)| SearchExcerpt {
                    source,
                    text: e.text,
                    marks: e.marks.iter().map(|&(a, b)| (a as u32, b as u32)).collect(),
                });
            SearchHit {
                view: view_of(&row, who),
                excerpt,
                row,
            }
        })
        .collect())
}

fn source_of(kind: MessageKind) -> ExcerptSource {
    match kind {
        MessageKind::Inbound => ExcerptSource::Inbound,
        MessageKind::Note => ExcerptSource::Note,
        MessageKind::Outbound | MessageKind::System => ExcerptSource::Outbound,
    }
}

/// The customer field a result matched by, marked.
fn from_profile(
    f: &CustomerFields,
    query: &Query,
    needles: &[String],
) -> Option<(ExcerptSource, crate::domain::search::Excerpt)> {
    let fields = [
        (ExcerptSource::Name, Some(f.name.as_str())),
        (ExcerptSource::Phone, f.phone.as_deref()),
        (ExcerptSource::Email, f.email.as_deref()),
        (ExcerptSource::CustomerNote, Some(f.note.as_str())),
    ];
    for (source, text) in fields {
        if let Some(e) = text.and_then(|t| excerpt(t, needles)) {
            return Some((source, e));
        }
    }
    for tag in &f.tags {
        if let Some(e) = excerpt(tag, needles) {
            return Some((ExcerptSource::Tag, e));
        }
    }
    // A phone typed in another spelling: the number is the match.
    let phone = f.phone.as_deref()?;
    let stored = phone_terms(phone);
    let typed = query.free.iter().chain(
        query
            .fields
            .iter()
            .filter(|(f, _)| *f == Field::Phone)
            .map(|(_, t)| t),
    );
    for t in typed {
        if phone_terms(t).iter().any(|p| stored.contains(p)) {
            let n = phone.chars().count();
            return Some((
                ExcerptSource::Phone,
                crate::domain::search::Excerpt {
                    text: phone.to_owned(),
                    marks: vec![(0, n)],
                },
            ));
        }
    }
    None
}

/// The view that lists a result for `who`.
fn view_of(row: &ConversationRow, who: &SessionMember) -> View {
    let owner = row.members.first().map(|m| m.id);
    let state = match (row.status, row.handler) {
        (Status::Pending, Some(h)) => ConvState::Pending(h),
        (Status::Pending, None) => ConvState::Pending(Handler::Human),
        (Status::InProgress, _) => ConvState::InProgress {
            owner: owner.unwrap_or(who.member_id),
        },
        (Status::Closed, _) => ConvState::Closed { last_owner: owner },
    };
    let collaborates = row.members.iter().skip(1).any(|m| m.id == who.member_id);
    // A row does not say whether it is snoozed: opened, the page moves a snoozed one of the
    // member's to Mine · Snoozed.
    View::listing(
        state,
        false,
        who.member_id,
        collaborates,
        View::PendingHuman,
    )
}

/// What the filter panel offers.
pub async fn options(store: &Store, who: &SessionMember) -> Result<SearchOptions, ServiceError> {
    Ok(store.search_options(who.workspace_id).await?)
}
