-- The Mine views as index ranges, however many conversations a member owns, has read or
-- collaborates on (README, "Benchmark").
--
-- 1. conversations.owner_read is the owner's read mark (conversation_reads.read_inbound_count
--    of the owner, 0 when none), and owner_unread says whether the owner has unread messages,
--    so "owned by me and unread" is the partial index conversations_owner_unread instead of a
--    walk over everything I own.
-- 2. Each collaborator row carries its conversation's status, channel and sort keys, and the
--    collaborator's own read mark, so "collaborated on by me" is a range of an index of
--    conversation_collaborators in the order of the list.
--
-- Triggers keep both copies equal to their sources in the writer's own transaction, whoever
-- writes: status changes, inbound messages, reads, collaborator changes, import, generator.
-- Lock order stays that of 0002: a writer of a conversation locks it, then its collaborator
-- rows; a read mark locks its own row, then the owner's conversation or the collaborator's row.

alter table conversations add column owner_read bigint not null default 0;

alter table conversation_collaborators
    add column status text not null default 'pending',
    add column channel_id bigint not null default 0,
    add column last_message_at bigint not null default 0,
    add column waiting_since bigint,
    add column inbound_count bigint not null default 0,
    add column read_count bigint not null default 0;

-- Unread as a column of its own, which the partial indexes name and the planner keeps
-- statistics on (a comparison of two columns gets a blind guess of a third of the rows, and
-- the planner then walks every conversation the member ever owned to find the few unread).
alter table conversations
    add column owner_unread boolean generated always as (inbound_count > owner_read) stored;
alter table conversation_collaborators
    add column unread boolean generated always as (inbound_count > read_count) stored;

update conversations c set owner_read = r.read_inbound_count
from conversation_reads r
where r.conversation_id = c.id and r.member_id = c.owner_id;

update conversation_collaborators cc set
    status = c.status, channel_id = c.channel_id, last_message_at = c.last_message_at,
    waiting_since = c.waiting_since, inbound_count = c.inbound_count,
    read_count = coalesce((select r.read_inbound_count from conversation_reads r
                           where r.conversation_id = cc.conversation_id and r.member_id = cc.member_id), 0)
from conversations c
where c.id = cc.conversation_id;

-- Only pending conversations have a handler. Without this PostgreSQL multiplies the two
-- selectivities, expects a couple of pending conversations where there are hundreds, and
-- joins them all before sorting instead of reading the first page in index order.
create statistics conversations_status_handler (dependencies, mcv) on status, pending_handler from conversations;
analyze conversations;

create index conversations_owner_unread on conversations (workspace_id, owner_id, status, last_message_at, id)
    where owner_unread;

create index collaborators_member_time on conversation_collaborators (member_id, status, last_message_at, conversation_id);
create index collaborators_member_channel_time on conversation_collaborators (member_id, channel_id, status, last_message_at, conversation_id);
create index collaborators_member_waiting on conversation_collaborators (member_id, status, waiting_since, conversation_id)
    where waiting_since is not null;
create index collaborators_member_unread on conversation_collaborators (member_id, status, last_message_at, conversation_id)
    where unread;

-- A new owner brings their own read mark.
create function conversations_owner_read() returns trigger language plpgsql as $$
begin
    if new.owner_id is distinct from old.owner_id then
        new.owner_read := coalesce((select r.read_inbound_count from conversation_reads r
                                    where r.conversation_id = new.id and r.member_id = new.owner_id), 0);
    end if;
    return new;
end $$;

create trigger conversations_owner_read before update of owner_id on conversations
for each row execute function conversations_owner_read();

-- A conversation's status, channel and sort keys follow it onto its collaborator rows.
create function conversations_collaborator_keys() returns trigger language plpgsql as $$
begin
    update conversation_collaborators cc
    set status = n.status, channel_id = n.channel_id, last_message_at = n.last_message_at,
        waiting_since = n.waiting_since, inbound_count = n.inbound_count
    from after_rows n
    where cc.conversation_id = n.id
      and (cc.status, cc.channel_id, cc.last_message_at, cc.waiting_since, cc.inbound_count)
          is distinct from (n.status, n.channel_id, n.last_message_at, n.waiting_since, n.inbound_count);
    return null;
end $$;

create trigger conversations_collaborator_keys after update on conversations
referencing new table as after_rows
for each statement execute function conversations_collaborator_keys();

-- A new collaborator row starts from its conversation and the collaborator's read mark.
create function collaborators_keys_insert() returns trigger language plpgsql as $$
begin
    select c.status, c.channel_id, c.last_message_at, c.waiting_since, c.inbound_count
    into new.status, new.channel_id, new.last_message_at, new.waiting_since, new.inbound_count
    from conversations c where c.id = new.conversation_id;
    new.read_count := coalesce((select r.read_inbound_count from conversation_reads r
                                where r.conversation_id = new.conversation_id and r.member_id = new.member_id), 0);
    return new;
end $$;

create trigger collaborators_keys_insert before insert on conversation_collaborators
for each row execute function collaborators_keys_insert();

-- A read mark reaches the owner's copy and the collaborator's copy.
create function reads_copied() returns trigger language plpgsql as $$
begin
    update conversations c set owner_read = n.read_inbound_count
    from new_rows n
    where c.id = n.conversation_id and c.owner_id = n.member_id and c.owner_read <> n.read_inbound_count;
    update conversation_collaborators cc set read_count = n.read_inbound_count
    from new_rows n
    where cc.conversation_id = n.conversation_id and cc.member_id = n.member_id
      and cc.read_count <> n.read_inbound_count;
    return null;
end $$;

create trigger reads_copied_insert after insert on conversation_reads
referencing new table as new_rows
for each statement execute function reads_copied();

create trigger reads_copied_update after update on conversation_reads
referencing new table as new_rows
for each statement execute function reads_copied();
