-- The live inbox (issue 11): every change a member may see writes an event here, in the
-- transaction of the change, by triggers, whoever writes. Open pages follow the events from
-- the last one they saw.
--
-- Writers commit side by side, so ids do not grow in commit order: an event is written without
-- a sequence number, and `live_sequence` numbers the committed ones afterwards, one caller at a
-- time (an advisory lock), each after every number already given. A page that has seen number
-- n can never be handed a smaller one later. Each event NOTIFYs `live_new` (folded to one per
-- transaction) so that a server numbers them at once; the numbering NOTIFYs `live_seq`.
--
-- A conversation event keeps the state and owner before the change, so a conversation leaving
-- someone's view (taken by another branch, deleted) still reaches them once; the state after is
-- read from the conversation itself.
create table live_events (
    id               bigserial primary key,
    seq              bigint unique,
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
create index live_events_unsequenced on live_events (id) where seq is null;
create index live_events_workspace on live_events (workspace_id, seq);

-- Off only inside a transaction that writes a whole new workspace (an import, a generated
-- workspace: `set local inbox.live = 'off'`): a history nobody is watching writes no events.
create function live_quiet() returns boolean language sql stable as $$
    select coalesce(current_setting('inbox.live', true), '') = 'off'
$$;

create function live_now() returns bigint language sql as $$
    select (extract(epoch from clock_timestamp()) * 1000)::bigint
$$;

create function live_announce() returns trigger language plpgsql as $$
begin
    perform pg_notify('live_new', '');
    return null;
end $$;

create trigger live_announce after insert on live_events
for each statement execute function live_announce();

-- The last number given, kept apart from the events so that pruning them never lowers it.
create table live_head (n bigint not null);
insert into live_head (n) values (0);

-- Numbers up to `lim` committed events after the last number given; answers the last number.
create function live_sequence(lim integer) returns bigint language plpgsql as $$
declare
    base bigint;
    numbered bigint;
begin
    perform pg_advisory_xact_lock(7411011);
    select n into base from live_head;
    with todo as (select id, row_number() over (order by id) as rn
                  from live_events where seq is null order by id limit lim)
    update live_events e set seq = base + todo.rn from todo where e.id = todo.id;
    get diagnostics numbered = row_count;
    if numbered > 0 then
        update live_head set n = base + numbered;
        perform pg_notify('live_seq', (base + numbered)::text);
    end if;
    return base + numbered;
end $$;

create function live_conversation() returns trigger language plpgsql as $$
begin
    if live_quiet() then
        return null;
    end if;
    if tg_op = 'INSERT' then
        insert into live_events (workspace_id, topic, conversation_id, branch_id, at)
        values (new.workspace_id, 'conversation', new.id, new.branch_id, new.last_message_at);
        return null;
    elsif tg_op = 'UPDATE' then
        insert into live_events (workspace_id, topic, conversation_id, status_before, owner_before, branch_id, at)
        values (new.workspace_id, 'conversation', new.id, old.status, old.owner_id, old.branch_id, live_now());
        return null;
    else
        insert into live_events (workspace_id, topic, conversation_id, status_before, owner_before, branch_id, gone, at)
        values (old.workspace_id, 'conversation', old.id, old.status, old.owner_id, old.branch_id, true, live_now());
        return null;
    end if;
end $$;

create trigger live_conversation_insert after insert on conversations
for each row execute function live_conversation();
create trigger live_conversation_update
after update of status, pending_handler, owner_id, last_message_at, inbound_count, branch_id, version on conversations
for each row execute function live_conversation();
create trigger live_conversation_delete after delete on conversations
for each row execute function live_conversation();

-- Customer and member messages move the conversation (its last message), which says so
-- already; notes and the thread's own lines do not.
create function live_message() returns trigger language plpgsql as $$
begin
    if live_quiet() then
        return null;
    end if;
    insert into live_events (workspace_id, topic, conversation_id, at)
    values (new.workspace_id, 'message', new.conversation_id,
            case when tg_op = 'INSERT' then new.created_at else live_now() end);
    return null;
end $$;

create trigger live_message_insert after insert on messages
for each row when (new.kind in ('note', 'system')) execute function live_message();
create trigger live_message_update
after update of delivery, delivery_error, reaction, withdrawn_at on messages
for each row execute function live_message();

create function live_collaborator() returns trigger language plpgsql as $$
begin
    if live_quiet() then
        return null;
    end if;
    if tg_op = 'INSERT' then
        insert into live_events (workspace_id, topic, conversation_id, member_id, at)
        values (new.workspace_id, 'collaborators', new.conversation_id, new.member_id, new.added_at);
    else
        insert into live_events (workspace_id, topic, conversation_id, member_id, at)
        values (old.workspace_id, 'collaborators', old.conversation_id, old.member_id, live_now());
    end if;
    return null;
end $$;

create trigger live_collaborator_insert after insert on conversation_collaborators
for each row execute function live_collaborator();
create trigger live_collaborator_delete after delete on conversation_collaborators
for each row execute function live_collaborator();

create function live_notification() returns trigger language plpgsql as $$
begin
    if live_quiet() then
        return null;
    end if;
    insert into live_events (workspace_id, topic, member_id, at)
    values (new.workspace_id, 'notification', new.member_id, new.created_at);
    return null;
end $$;

create trigger live_notification_insert after insert on notifications
for each row execute function live_notification();

-- A profile edit shows in every conversation of the customer: one event each, so only those
-- who may see a conversation hear of it.
create function live_customer() returns trigger language plpgsql as $$
begin
    if live_quiet() then
        return null;
    end if;
    insert into live_events (workspace_id, topic, conversation_id, at)
    select c.workspace_id, 'customer', c.id, new.updated_at
    from conversations c where c.customer_id = new.id;
    return null;
end $$;

create trigger live_customer_update
after update of name, phone, email, note, avatar_url on customers
for each row execute function live_customer();
