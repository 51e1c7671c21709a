//! Search (issue 13): every conversation the member may see, by customer and by member.

use crate::wire::{AppError, SearchCursor, SearchOptions, SearchPage, SearchRequest};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// One page of results, newest activity first, after `after` (the previous page's `next`).
#[server(name = SearchFn, prefix = "/api", endpoint = "search", input = Json)]
pub async fn search(
    request: SearchRequest,
    after: Option<SearchCursor>,
) -> Result<SearchPage, AppError> {
    use crate::server::service::search;
    super::ctx::for_member(
        |m, store| async move { search::page(&store, &m, &request, after).await },
    )
    .await
}

/// What the filter panel offers: tags, channels, regions, branches and members.
#[server(name = SearchOptionsFn, prefix = "/api", endpoint = "search_options")]
pub async fn search_options() -> Result<SearchOptions, AppError> {
    use crate::server::service::search;
    super::ctx::for_member(|m, store| async move { search::options(&store, &m).await }).await
}
