-- The live inbox (issue 11): every change a member may see writes an event here, in the
-- transaction of the change, by triggers, whoever writes. Open pages follow the events from
-- the last one they saw. With one writer, the id is the sequence: ids grow in commit order and
-- are never reused (`autoincrement`, so pruning old events cannot bring an id back).
--
-- A conversation event keeps the state and owner before the change, so a conversation leaving
-- someone's view (taken by another branch, deleted) still reaches them once; the state after is
-- read from the conversation itself.
create table live_events (
    id               integer primary key autoincrement,
    workspace_id     bigint not null,
    topic            text   not null check (topic in ('conversation','message','collaborators','notification','customer')),
    conversation_id  bigint,
    member_id        bigint,
    status_before    text,
    owner_before     bigint,
    branch_id        bigint,
    gone             boolean not null default false,
    at               bigint not null
);
create index live_events_workspace on live_events (workspace_id, id);

-- Off only inside a transaction that writes a whole new workspace (an import, a generated
-- workspace): a history nobody is watching yet writes no events. The one writer switches it
-- back on before it commits.
create table live_switch (enabled boolean not null);
insert into live_switch (enabled) values (true);

create trigger live_conversation_insert after insert on conversations
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, branch_id, at)
    values (new.workspace_id, 'conversation', new.id, new.branch_id, new.last_message_at);
end;

create trigger live_conversation_update
after update of status, pending_handler, owner_id, last_message_at, inbound_count, branch_id, version on conversations
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, status_before, owner_before, branch_id, at)
    values (new.workspace_id, 'conversation', new.id, old.status, old.owner_id, old.branch_id,
            cast((julianday('now') - 2440587.5) * 86400000 as integer));
end;

create trigger live_conversation_delete after delete on conversations
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, status_before, owner_before, branch_id, gone, at)
    values (old.workspace_id, 'conversation', old.id, old.status, old.owner_id, old.branch_id, true,
            cast((julianday('now') - 2440587.5) * 86400000 as integer));
end;

-- Customer and member messages move the conversation (its last message), which says so
-- already; notes and the thread's own lines do not.
create trigger live_message_insert after insert on messages
when new.kind in ('note', 'system') and (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, at)
    values (new.workspace_id, 'message', new.conversation_id, new.created_at);
end;

create trigger live_message_update
after update of delivery, delivery_error, reaction, withdrawn_at on messages
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, at)
    values (new.workspace_id, 'message', new.conversation_id,
            cast((julianday('now') - 2440587.5) * 86400000 as integer));
end;

create trigger live_collaborator_insert after insert on conversation_collaborators
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, member_id, at)
    values (new.workspace_id, 'collaborators', new.conversation_id, new.member_id, new.added_at);
end;

create trigger live_collaborator_delete after delete on conversation_collaborators
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, member_id, at)
    values (old.workspace_id, 'collaborators', old.conversation_id, old.member_id,
            cast((julianday('now') - 2440587.5) * 86400000 as integer));
end;

create trigger live_notification_insert after insert on notifications
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, member_id, at)
    values (new.workspace_id, 'notification', new.member_id, new.created_at);
end;

-- A profile edit shows in every conversation of the customer: one event each, so only those
-- who may see a conversation hear of it.
create trigger live_customer_update
after update of name, phone, email, note, avatar_url on customers
when (select enabled from live_switch)
begin
    insert into live_events (workspace_id, topic, conversation_id, at)
    select c.workspace_id, 'customer', c.id, new.updated_at
    from conversations c where c.customer_id = new.id;
end;
