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

alter table conversations add column owner_read bigint not null default 0;

alter table conversation_collaborators add column status text not null default 'pending';
alter table conversation_collaborators add column channel_id bigint not null default 0;
alter table conversation_collaborators add column last_message_at bigint not null default 0;
alter table conversation_collaborators add column waiting_since bigint;
alter table conversation_collaborators add column inbound_count bigint not null default 0;
alter table conversation_collaborators add column read_count bigint not null default 0;
-- Unread as a column of its own, which the partial indexes name and planners keep statistics
-- on (a comparison of two columns gets a blind guess, and PostgreSQL then walks every row the
-- member ever owned to find the few unread ones).
alter table conversations add column owner_unread boolean generated always as (inbound_count > owner_read) virtual;
alter table conversation_collaborators add column unread boolean generated always as (inbound_count > read_count) virtual;

update conversations set owner_read = coalesce(
    (select r.read_inbound_count from conversation_reads r
     where r.conversation_id = conversations.id and r.member_id = conversations.owner_id), 0);

update conversation_collaborators set
    status = (select c.status from conversations c where c.id = conversation_id),
    channel_id = (select c.channel_id from conversations c where c.id = conversation_id),
    last_message_at = (select c.last_message_at from conversations c where c.id = conversation_id),
    waiting_since = (select c.waiting_since from conversations c where c.id = conversation_id),
    inbound_count = (select c.inbound_count from conversations c where c.id = conversation_id),
    read_count = coalesce((select r.read_inbound_count from conversation_reads r
                           where r.conversation_id = conversation_collaborators.conversation_id
                             and r.member_id = conversation_collaborators.member_id), 0);

create index conversations_owner_unread on conversations (workspace_id, owner_id, status, last_message_at, id)
    where owner_unread;

create index collaborators_member_time on conversation_collaborators (member_id, status, last_message_at, conversation_id);
create index collaborators_member_channel_time on conversation_collaborators (member_id, channel_id, status, last_message_at, conversation_id);
create index collaborators_member_waiting on conversation_collaborators (member_id, status, waiting_since, conversation_id)
    where waiting_since is not null;
create index collaborators_member_unread on conversation_collaborators (member_id, status, last_message_at, conversation_id)
    where unread;

-- A new owner brings their own read mark.
create trigger conversations_owner_read after update of owner_id on conversations
when old.owner_id is not new.owner_id
begin
    update conversations set owner_read = coalesce(
        (select r.read_inbound_count from conversation_reads r
         where r.conversation_id = new.id and r.member_id = new.owner_id), 0)
    where id = new.id;
end;

-- A conversation's status, channel and sort keys follow it onto its collaborator rows.
create trigger conversations_collaborator_keys
after update of status, channel_id, last_message_at, waiting_since, inbound_count on conversations
when old.status is not new.status or old.channel_id is not new.channel_id
  or old.last_message_at is not new.last_message_at or old.waiting_since is not new.waiting_since
  or old.inbound_count is not new.inbound_count
begin
    update conversation_collaborators
    set status = new.status, channel_id = new.channel_id, last_message_at = new.last_message_at,
        waiting_since = new.waiting_since, inbound_count = new.inbound_count
    where conversation_id = new.id;
end;

-- A new collaborator row starts from its conversation and the collaborator's read mark.
create trigger collaborators_keys_insert after insert on conversation_collaborators
begin
    update conversation_collaborators set
        status = (select c.status from conversations c where c.id = new.conversation_id),
        channel_id = (select c.channel_id from conversations c where c.id = new.conversation_id),
        last_message_at = (select c.last_message_at from conversations c where c.id = new.conversation_id),
        waiting_since = (select c.waiting_since from conversations c where c.id = new.conversation_id),
        inbound_count = (select c.inbound_count from conversations c where c.id = new.conversation_id),
        read_count = coalesce((select r.read_inbound_count from conversation_reads r
                               where r.conversation_id = new.conversation_id and r.member_id = new.member_id), 0)
    where conversation_id = new.conversation_id and member_id = new.member_id;
end;

-- A read mark reaches the owner's copy and the collaborator's copy.
create trigger reads_copied_insert after insert on conversation_reads
begin
    update conversations set owner_read = new.read_inbound_count
    where id = new.conversation_id and owner_id = new.member_id;
    update conversation_collaborators set read_count = new.read_inbound_count
    where conversation_id = new.conversation_id and member_id = new.member_id;
end;

create trigger reads_copied_update after update of read_inbound_count on conversation_reads
when old.read_inbound_count is not new.read_inbound_count
begin
    update conversations set owner_read = new.read_inbound_count
    where id = new.conversation_id and owner_id = new.member_id;
    update conversation_collaborators set read_count = new.read_inbound_count
    where conversation_id = new.conversation_id and member_id = new.member_id;
end;
