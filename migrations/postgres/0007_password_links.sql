-- One-time links to set a password: the first admin of a workspace created with
-- `omni_inbox create-workspace` gets one. Only the SHA-256 of the token is stored.
create table password_links (
    token_hash    text   primary key,
    workspace_id  bigint not null,
    member_id     bigint not null,
    created_at    bigint not null,
    expires_at    bigint not null,
    foreign key (workspace_id, member_id) references members (workspace_id, id) on delete cascade
);
create index password_links_member on password_links (member_id);
