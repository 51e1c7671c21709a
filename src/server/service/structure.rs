//! Regions and branches (admins) and tags (admins, supervisors, cs_managers), issue 15.

use super::members::audit_by;
use super::{Missing, ServiceError};
use crate::domain::permission::{role_may, Action};
use crate::domain::team::{self, TeamProblem};
use crate::domain::{BranchId, Millis, RegionId, TagId};
use crate::server::db::{SessionMember, Store};
use crate::wire::{Structure, TagRow};

fn may(who: &SessionMember, action: Action) -> Result<(), ServiceError> {
    if role_may(who.role, action) {
        Ok(())
    } else {
        Err(ServiceError::NotAllowed)
    }
}

/// A store answer: saved (`Some`), not there (`missing`), or refused.
fn found<T>(r: Result<Option<T>, TeamProblem>, missing: Missing) -> Result<T, ServiceError> {
    r.map_err(ServiceError::Team)?
        .ok_or(ServiceError::NotFound(missing))
}

pub async fn structure(store: &Store, who: &SessionMember) -> Result<Structure, ServiceError> {
    // Everyone who manages members picks branches; only admins edit them.
    if !role_may(who.role, Action::Manage) {
        may(who, Action::ManageStructure)?;
    }
    Ok(store.structure(who.workspace_id).await?)
}

pub async fn save_region(
    store: &Store,
    who: &SessionMember,
    id: Option<RegionId>,
    name: &str,
    now: Millis,
) -> Result<RegionId, ServiceError> {
    may(who, Action::ManageStructure)?;
    let name = team::name(name).map_err(ServiceError::Team)?;
    found(
        store
            .save_region(who.workspace_id, id, &name, &audit_by(who, now))
            .await?,
        Missing::Region,
    )
}

pub async fn delete_region(
    store: &Store,
    who: &SessionMember,
    id: RegionId,
    now: Millis,
) -> Result<(), ServiceError> {
    may(who, Action::ManageStructure)?;
    found(
        store
            .delete_region(who.workspace_id, id, &audit_by(who, now))
            .await?,
        Missing::Region,
    )
}

pub async fn save_branch(
    store: &Store,
    who: &SessionMember,
    id: Option<BranchId>,
    region: RegionId,
    name: &str,
    now: Millis,
) -> Result<BranchId, ServiceError> {
    may(who, Action::ManageStructure)?;
    let name = team::name(name).map_err(ServiceError::Team)?;
    found(
        store
            .save_branch(who.workspace_id, id, region, &name, &audit_by(who, now))
            .await?,
        Missing::Branch,
    )
}

pub async fn delete_branch(
    store: &Store,
    who: &SessionMember,
    id: BranchId,
    now: Millis,
) -> Result<(), ServiceError> {
    may(who, Action::ManageStructure)?;
    found(
        store
            .delete_branch(who.workspace_id, id, &audit_by(who, now))
            .await?,
        Missing::Branch,
    )
}

pub async fn tags(store: &Store, who: &SessionMember) -> Result<Vec<TagRow>, ServiceError> {
    may(who, Action::ManageTags)?;
    Ok(store.tag_rows(who.workspace_id).await?)
}

pub async fn save_tag(
    store: &Store,
    who: &SessionMember,
    id: Option<TagId>,
    name: &str,
    color: &str,
    now: Millis,
) -> Result<TagId, ServiceError> {
    may(who, Action::ManageTags)?;
    let name = team::tag_name(name).map_err(ServiceError::Team)?;
    let color = team::tag_color(color).map_err(ServiceError::Team)?;
    found(
        store
            .save_tag(who.workspace_id, id, &name, color, &audit_by(who, now))
            .await?,
        Missing::Tag,
    )
}

/// Puts `from` on every customer that had it as `into`, and deletes `from`.
pub async fn merge_tags(
    store: &Store,
    who: &SessionMember,
    from: TagId,
    into: TagId,
    now: Millis,
) -> Result<(), ServiceError> {
    may(who, Action::ManageTags)?;
    found(
        store
            .merge_tags(who.workspace_id, from, into, &audit_by(who, now))
            .await?,
        Missing::Tag,
    )
}

/// Deletes a tag and takes it off every customer.
pub async fn delete_tag(
    store: &Store,
    who: &SessionMember,
    id: TagId,
    now: Millis,
) -> Result<(), ServiceError> {
    may(who, Action::ManageTags)?;
    if store
        .delete_tag(who.workspace_id, id, &audit_by(who, now))
        .await?
    {
        Ok(())
    } else {
        Err(ServiceError::NotFound(Missing::Tag))
    }
}
