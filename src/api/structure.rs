//! Regions and branches (admins) and tags (admins, supervisors, cs_managers).

use crate::domain::{BranchId, RegionId, TagId};
use crate::wire::{AppError, Structure, TagRow};
use leptos::prelude::*;

/// The workspace's regions and branches.
#[server(prefix = "/api", endpoint = "team_structure")]
pub async fn team_structure() -> Result<Structure, AppError> {
    use crate::server::service::structure;
    super::ctx::for_member(|m, store| async move { structure::structure(&store, &m).await }).await
}

/// Creates (`id` none) or renames a region.
#[server(prefix = "/api", endpoint = "save_region")]
pub async fn save_region(id: Option<RegionId>, name: String) -> Result<RegionId, AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::save_region(&store, &m, id, &name, now_millis()).await
    })
    .await
}

/// Deletes an empty region.
#[server(prefix = "/api", endpoint = "delete_region")]
pub async fn delete_region(id: RegionId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::delete_region(&store, &m, id, now_millis()).await
    })
    .await
}

/// Creates (`id` none), renames or moves a branch.
#[server(prefix = "/api", endpoint = "save_branch")]
pub async fn save_branch(
    id: Option<BranchId>,
    region: RegionId,
    name: String,
) -> Result<BranchId, AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::save_branch(&store, &m, id, region, &name, now_millis()).await
    })
    .await
}

/// Deletes a branch nobody and nothing belongs to.
#[server(prefix = "/api", endpoint = "delete_branch")]
pub async fn delete_branch(id: BranchId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::delete_branch(&store, &m, id, now_millis()).await
    })
    .await
}

/// The workspace's tags with how many customers carry each.
#[server(prefix = "/api", endpoint = "tags")]
pub async fn tags() -> Result<Vec<TagRow>, AppError> {
    use crate::server::service::structure;
    super::ctx::for_member(|m, store| async move { structure::tags(&store, &m).await }).await
}

/// Creates (`id` none), renames or recolours a tag.
#[server(prefix = "/api", endpoint = "save_tag")]
pub async fn save_tag(id: Option<TagId>, name: String, color: String) -> Result<TagId, AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::save_tag(&store, &m, id, &name, &color, now_millis()).await
    })
    .await
    .inspect(|_| super::ctx::wake_reindex())
}

/// Merges tag `from` into `into`.
#[server(prefix = "/api", endpoint = "merge_tags")]
pub async fn merge_tags(from: TagId, into: TagId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::merge_tags(&store, &m, from, into, now_millis()).await
    })
    .await
    .inspect(|_| super::ctx::wake_reindex())
}

/// Deletes a tag, taking it off every customer.
#[server(prefix = "/api", endpoint = "delete_tag")]
pub async fn delete_tag(id: TagId) -> Result<(), AppError> {
    use crate::server::{auth::now_millis, service::structure};
    super::ctx::for_member(|m, store| async move {
        structure::delete_tag(&store, &m, id, now_millis()).await
    })
    .await
    .inspect(|_| super::ctx::wake_reindex())
}
