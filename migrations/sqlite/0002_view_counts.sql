-- The navigation counts without counting conversations (README, "Benchmark").
--
-- conversation_counts holds how many conversations each (status, handler, owner, branch,
-- channel) has; collaboration_counts holds, per member, how many of those the member
-- collaborates on without owning them. Every view count of every scope is a sum over a few
-- hundred of these rows (src/server/db/engine/counts.rs), however many conversations there are.
--
-- Triggers keep both exact on every insert, update and delete of a conversation or a
-- collaborator, in the writer's own transaction, whoever the writer is (status changes,
-- inbound messages, import, the generator, deletes by cascade). Keys spell "none" as ''
-- (handler) and 0 (owner, branch); the branch is kept only for pending conversations (a sales
-- rep sees the pending conversations of their branch), 0 otherwise.

create table conversation_counts (
    workspace_id  bigint not null,
    status        text   not null,
    handler       text   not null,
    owner_id      bigint not null,
    branch_id     bigint not null,
    channel_id    bigint not null,
    n             bigint not null,
    primary key (workspace_id, status, handler, owner_id, branch_id, channel_id)
) without rowid;

create table collaboration_counts (
    workspace_id  bigint not null,
    member_id     bigint not null,
    status        text   not null,
    handler       text   not null,
    owner_id      bigint not null,
    branch_id     bigint not null,
    channel_id    bigint not null,
    n             bigint not null,
    primary key (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id)
) without rowid;

insert into conversation_counts (workspace_id, status, handler, owner_id, branch_id, channel_id, n)
select workspace_id, status, coalesce(pending_handler, ''), coalesce(owner_id, 0),
       case when status = 'pending' then coalesce(branch_id, 0) else 0 end, channel_id, count(*)
from conversations
group by 1, 2, 3, 4, 5, 6;

insert into collaboration_counts (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
select c.workspace_id, cc.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
       case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id, count(*)
from conversation_collaborators cc
join conversations c on c.id = cc.conversation_id
where c.owner_id is not cc.member_id
group by 1, 2, 3, 4, 5, 6, 7;

create trigger conversations_counted_insert after insert on conversations
begin
    insert into conversation_counts (workspace_id, status, handler, owner_id, branch_id, channel_id, n)
    values (new.workspace_id, new.status, coalesce(new.pending_handler, ''), coalesce(new.owner_id, 0),
            case when new.status = 'pending' then coalesce(new.branch_id, 0) else 0 end, new.channel_id, 1)
    on conflict (workspace_id, status, handler, owner_id, branch_id, channel_id) do update set n = n + 1;
end;

create trigger conversations_counted_update
after update of status, pending_handler, owner_id, branch_id, channel_id on conversations
when old.status is not new.status or old.pending_handler is not new.pending_handler
  or old.owner_id is not new.owner_id or old.branch_id is not new.branch_id
  or old.channel_id is not new.channel_id
begin
    update conversation_counts set n = n - 1
    where workspace_id = old.workspace_id and status = old.status
      and handler = coalesce(old.pending_handler, '') and owner_id = coalesce(old.owner_id, 0)
      and branch_id = case when old.status = 'pending' then coalesce(old.branch_id, 0) else 0 end
      and channel_id = old.channel_id;
    insert into conversation_counts (workspace_id, status, handler, owner_id, branch_id, channel_id, n)
    values (new.workspace_id, new.status, coalesce(new.pending_handler, ''), coalesce(new.owner_id, 0),
            case when new.status = 'pending' then coalesce(new.branch_id, 0) else 0 end, new.channel_id, 1)
    on conflict (workspace_id, status, handler, owner_id, branch_id, channel_id) do update set n = n + 1;
    update collaboration_counts set n = n - 1
    where workspace_id = old.workspace_id and status = old.status
      and handler = coalesce(old.pending_handler, '') and owner_id = coalesce(old.owner_id, 0)
      and branch_id = case when old.status = 'pending' then coalesce(old.branch_id, 0) else 0 end
      and channel_id = old.channel_id
      and member_id in (select member_id from conversation_collaborators
                        where conversation_id = old.id and member_id is not old.owner_id);
    insert into collaboration_counts (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select new.workspace_id, member_id, new.status, coalesce(new.pending_handler, ''), coalesce(new.owner_id, 0),
           case when new.status = 'pending' then coalesce(new.branch_id, 0) else 0 end, new.channel_id, 1
    from conversation_collaborators
    where conversation_id = new.id and member_id is not new.owner_id
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = n + 1;
end;

-- Before the conversation goes, its collaborators go (their trigger still sees it), then it
-- leaves its count; the cascade then finds nothing left to delete.
create trigger conversations_counted_delete before delete on conversations
begin
    delete from conversation_collaborators where conversation_id = old.id;
    update conversation_counts set n = n - 1
    where workspace_id = old.workspace_id and status = old.status
      and handler = coalesce(old.pending_handler, '') and owner_id = coalesce(old.owner_id, 0)
      and branch_id = case when old.status = 'pending' then coalesce(old.branch_id, 0) else 0 end
      and channel_id = old.channel_id;
end;

create trigger collaborators_counted_insert after insert on conversation_collaborators
begin
    insert into collaboration_counts (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select c.workspace_id, new.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
           case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id, 1
    from conversations c
    where c.id = new.conversation_id and c.owner_id is not new.member_id
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = n + 1;
end;

create trigger collaborators_counted_delete after delete on conversation_collaborators
begin
    update collaboration_counts set n = n - 1
    where (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) in (
        select c.workspace_id, old.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
               case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id
        from conversations c
        where c.id = old.conversation_id and c.owner_id is not old.member_id);
end;

create trigger collaborators_counted_update after update of conversation_id, member_id on conversation_collaborators
begin
    update collaboration_counts set n = n - 1
    where (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) in (
        select c.workspace_id, old.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
               case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id
        from conversations c
        where c.id = old.conversation_id and c.owner_id is not old.member_id);
    insert into collaboration_counts (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select c.workspace_id, new.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
           case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id, 1
    from conversations c
    where c.id = new.conversation_id and c.owner_id is not new.member_id
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = n + 1;
end;
