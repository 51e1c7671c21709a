-- Saved replies (issue 16): the team's (owner_id null; admins, supervisors and CS managers
-- keep them) and each member's own. A shortcut is unique among the team's and among each
-- member's own; `uses` counts insertions, to sort the composer's picker.
create table saved_replies (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    owner_id      bigint,
    title         text   not null,
    shortcut      text   not null,
    body          text   not null,
    uses          bigint not null default 0,
    created_at    bigint not null,
    updated_at    bigint not null,
    unique (workspace_id, id),
    foreign key (workspace_id, owner_id) references members (workspace_id, id)
);
create unique index saved_replies_team on saved_replies (workspace_id, shortcut)
    where owner_id is null;
create unique index saved_replies_own on saved_replies (workspace_id, owner_id, shortcut)
    where owner_id is not null;
