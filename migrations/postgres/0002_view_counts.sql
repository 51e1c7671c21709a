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
--
-- PostgreSQL spelling: statement-level triggers over transition tables, so a multi-row insert
-- adds its counts with one upsert. Each upsert touches its counter rows in key order, and a
-- collaborator change first locks its conversations, so concurrent writers neither deadlock on
-- the counters nor miss each other's changes.

create table conversation_counts (
    workspace_id  bigint not null,
    status        text   not null,
    handler       text   not null,
    owner_id      bigint not null,
    branch_id     bigint not null,
    channel_id    bigint not null,
    n             bigint not null,
    primary key (workspace_id, status, handler, owner_id, branch_id, channel_id)
);

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
);

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
where c.owner_id is distinct from cc.member_id
group by 1, 2, 3, 4, 5, 6, 7;

create function conversations_counted_insert() returns trigger language plpgsql as $$
begin
    insert into conversation_counts as t (workspace_id, status, handler, owner_id, branch_id, channel_id, n)
    select workspace_id, status, coalesce(pending_handler, ''), coalesce(owner_id, 0),
           case when status = 'pending' then coalesce(branch_id, 0) else 0 end, channel_id, count(*)
    from inserted
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (workspace_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;
    return null;
end $$;

create trigger conversations_counted_insert after insert on conversations
referencing new table as inserted
for each statement execute function conversations_counted_insert();

create function conversations_counted_update() returns trigger language plpgsql as $$
begin
    insert into conversation_counts as t (workspace_id, status, handler, owner_id, branch_id, channel_id, n)
    select workspace_id, status, handler, owner_id, branch_id, channel_id, sum(d)
    from (
        select workspace_id, status, coalesce(pending_handler, '') as handler, coalesce(owner_id, 0) as owner_id,
               case when status = 'pending' then coalesce(branch_id, 0) else 0 end as branch_id, channel_id, -1 as d
        from before_rows
        union all
        select workspace_id, status, coalesce(pending_handler, ''), coalesce(owner_id, 0),
               case when status = 'pending' then coalesce(branch_id, 0) else 0 end, channel_id, 1
        from after_rows
    ) moved
    group by 1, 2, 3, 4, 5, 6
    having sum(d) <> 0
    order by 1, 2, 3, 4, 5, 6
    on conflict (workspace_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;

    insert into collaboration_counts as t (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, sum(d)
    from (
        select o.workspace_id, cc.member_id, o.status, coalesce(o.pending_handler, '') as handler,
               coalesce(o.owner_id, 0) as owner_id,
               case when o.status = 'pending' then coalesce(o.branch_id, 0) else 0 end as branch_id, o.channel_id, -1 as d
        from before_rows o
        join conversation_collaborators cc on cc.conversation_id = o.id
        where cc.member_id is distinct from o.owner_id
        union all
        select n.workspace_id, cc.member_id, n.status, coalesce(n.pending_handler, ''), coalesce(n.owner_id, 0),
               case when n.status = 'pending' then coalesce(n.branch_id, 0) else 0 end, n.channel_id, 1
        from after_rows n
        join conversation_collaborators cc on cc.conversation_id = n.id
        where cc.member_id is distinct from n.owner_id
    ) moved
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(d) <> 0
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;
    return null;
end $$;

create trigger conversations_counted_update after update on conversations
referencing old table as before_rows new table as after_rows
for each statement execute function conversations_counted_update();

-- Before a conversation goes, its collaborators go (their trigger still sees it); the cascade
-- then finds nothing left to delete.
create function conversations_uncollaborated() returns trigger language plpgsql as $$
begin
    delete from conversation_collaborators where conversation_id = old.id;
    return old;
end $$;

create trigger conversations_uncollaborated before delete on conversations
for each row execute function conversations_uncollaborated();

create function conversations_counted_delete() returns trigger language plpgsql as $$
begin
    insert into conversation_counts as t (workspace_id, status, handler, owner_id, branch_id, channel_id, n)
    select workspace_id, status, coalesce(pending_handler, ''), coalesce(owner_id, 0),
           case when status = 'pending' then coalesce(branch_id, 0) else 0 end, channel_id, -count(*)
    from removed
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict (workspace_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;
    return null;
end $$;

create trigger conversations_counted_delete after delete on conversations
referencing old table as removed
for each statement execute function conversations_counted_delete();

-- Collaborators added (d = 1) or removed (d = -1): each conversation is locked first, so a
-- concurrent status change either sees the collaborator or is seen by it.
create function collaborators_counted_insert() returns trigger language plpgsql as $$
begin
    perform 1 from conversations
    where id in (select conversation_id from added)
    order by id
    for no key update;
    insert into collaboration_counts as t (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select c.workspace_id, a.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
           case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id, count(*)
    from added a
    join conversations c on c.id = a.conversation_id
    where a.member_id is distinct from c.owner_id
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;
    return null;
end $$;

create trigger collaborators_counted_insert after insert on conversation_collaborators
referencing new table as added
for each statement execute function collaborators_counted_insert();

create function collaborators_counted_delete() returns trigger language plpgsql as $$
begin
    perform 1 from conversations
    where id in (select conversation_id from removed)
    order by id
    for no key update;
    insert into collaboration_counts as t (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select c.workspace_id, r.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
           case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id, -count(*)
    from removed r
    join conversations c on c.id = r.conversation_id
    where r.member_id is distinct from c.owner_id
    group by 1, 2, 3, 4, 5, 6, 7
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;
    return null;
end $$;

create trigger collaborators_counted_delete after delete on conversation_collaborators
referencing old table as removed
for each statement execute function collaborators_counted_delete();

-- An update that moves no row to another conversation or member (0004 copies sort keys onto
-- collaborator rows) changes no count: return at once.
create function collaborators_counted_update() returns trigger language plpgsql as $$
begin
    if not exists (select conversation_id, member_id from before_rows
                   except all
                   select conversation_id, member_id from after_rows) then
        return null;
    end if;
    perform 1 from conversations
    where id in (select conversation_id from before_rows union select conversation_id from after_rows)
    order by id
    for no key update;
    insert into collaboration_counts as t (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, n)
    select workspace_id, member_id, status, handler, owner_id, branch_id, channel_id, sum(d)
    from (
        select c.workspace_id, r.member_id, c.status, coalesce(c.pending_handler, '') as handler,
               coalesce(c.owner_id, 0) as owner_id,
               case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end as branch_id, c.channel_id, -1 as d
        from before_rows r
        join conversations c on c.id = r.conversation_id
        where r.member_id is distinct from c.owner_id
        union all
        select c.workspace_id, a.member_id, c.status, coalesce(c.pending_handler, ''), coalesce(c.owner_id, 0),
               case when c.status = 'pending' then coalesce(c.branch_id, 0) else 0 end, c.channel_id, 1
        from after_rows a
        join conversations c on c.id = a.conversation_id
        where a.member_id is distinct from c.owner_id
    ) moved
    group by 1, 2, 3, 4, 5, 6, 7
    having sum(d) <> 0
    order by 1, 2, 3, 4, 5, 6, 7
    on conflict (workspace_id, member_id, status, handler, owner_id, branch_id, channel_id) do update set n = t.n + excluded.n;
    return null;
end $$;

create trigger collaborators_counted_update after update on conversation_collaborators
referencing old table as before_rows new table as after_rows
for each statement execute function collaborators_counted_update();
