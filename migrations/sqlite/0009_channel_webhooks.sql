-- Platform channels (issue 10): the unguessable key in a channel's webhook URL, and what the
-- channel settings page shows of its state.
alter table channels add column webhook_key text;
alter table channels add column last_event_at bigint;
alter table channels add column last_error text;
alter table channels add column last_error_at bigint;
create unique index channels_webhook_key on channels (webhook_key);

-- Webhook bodies exactly as received: stored before the platform gets its 200 and processed
-- after (CHANNELS.md §0.1), so a crash between the answer and the processing loses nothing.
-- A worker claims pending bodies by setting `lease_until`; a body whose lease ran out (its
-- worker died) is claimed again. Events inside are deduplicated where they are stored.
create table inbound_bodies (
    id            integer primary key,
    workspace_id  bigint not null,
    channel_id    bigint not null,
    body          blob   not null,
    received_at   bigint not null,
    state         text   not null default 'pending' check (state in ('pending','done','failed','disabled')),
    attempts      bigint not null default 0,
    lease_until   bigint not null default 0,
    processed_at  bigint,
    error         text,
    foreign key (workspace_id, channel_id) references channels (workspace_id, id)
);
create index inbound_bodies_pending on inbound_bodies (id) where state = 'pending';
