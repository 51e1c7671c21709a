-- Running a team (issue 15): invitations and reset links, pictures (avatars, the logo), the
-- workspace's settings, tags with a colour, a comparison key and a usage count, and the
-- audit log.

-- A link is an invitation (7 days), a reset an admin made (7 days) or the first admin's
-- (`create-workspace`, 72 hours); one use each.
alter table password_links add column purpose text not null default 'password'
    check (purpose in ('password','invite','reset'));

-- A picture members uploaded, already resized (an avatar, the workspace's logo); served at
-- /pictures/<id> to members of its workspace.
create table pictures (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    mime_type     text   not null,
    bytes         blob   not null,
    created_at    bigint not null,
    unique (workspace_id, id)
);

alter table workspaces add column logo_url text;
alter table workspaces add column default_lang text not null default 'zh-TW'
    check (default_lang in ('zh-TW','en'));
-- Serialises edits of the team's structure (regions, branches, tags, members' roles), so
-- each checks what the one before left.
alter table workspaces add column team_version bigint not null default 0;

-- Whether a branch is still in use, without counting: members, customers (their home
-- branch) and conversations by branch.
create index members_branch on members (workspace_id, branch_id) where branch_id is not null;
create index customers_branch on customers (workspace_id, branch_id) where branch_id is not null;
create index conversations_branch on conversations (workspace_id, branch_id) where branch_id is not null;

-- Tags: a colour of the chip palette, the key two names compare by (letter case and width
-- aside, `domain::team::name_key`; filled at start-up for tags from before), and how many
-- customers carry each, kept by triggers so the tags page never counts.
alter table tags add column color text not null default 'slate';
alter table tags add column name_key text;
alter table tags add column usage bigint not null default 0;
create unique index tags_name_key on tags (workspace_id, name_key) where name_key is not null;
update tags set usage = (select count(*) from customer_tags ct where ct.tag_id = tags.id);

create trigger customer_tags_counted_insert after insert on customer_tags
begin
    update tags set usage = usage + 1 where id = new.tag_id;
end;

create trigger customer_tags_counted_delete after delete on customer_tags
begin
    update tags set usage = usage - 1 where id = old.tag_id;
end;

-- Who changed which member, role, branch, tag, channel, rule or setting, when, from what to
-- what (`changes`: JSON array of {field, from, to}). Written in the transaction of the
-- change; never updated or deleted.
create table audit_log (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    at            bigint not null,
    actor_id      bigint,
    actor_name    text   not null,
    object_kind   text   not null,
    object_id     bigint,
    object_name   text   not null,
    action        text   not null,
    changes       text   not null default '[]'
);
create index audit_log_recent on audit_log (workspace_id, id);
create index audit_log_kind on audit_log (workspace_id, object_kind, id);
create index audit_log_actor on audit_log (workspace_id, actor_id, id);

create trigger audit_log_kept_update before update on audit_log
begin
    select raise(abort, 'the audit log is never edited');
end;

create trigger audit_log_kept_delete before delete on audit_log
begin
    select raise(abort, 'the audit log is never edited');
end;
