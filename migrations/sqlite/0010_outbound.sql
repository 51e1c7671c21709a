-- Outbound (issue 10): every reply to a platform customer has a queue row, written in the
-- reply's own transaction, that a worker claims (a lease; `for update skip locked` on
-- PostgreSQL) and sends through the platform's API. `state`: `pending` (to send at
-- `next_at`), `unknown` (sent, but the answer was lost: wait for the platform's echo or
-- status until `next_at`, never send again blindly), `done`, `failed`. `retry_key` is made
-- once per message (LINE's `X-Line-Retry-Key`, Meta's `metadata` tag of our own sends).
-- `claim` names the worker's current claim, so it reads what it claimed in one query.
create unique index messages_workspace_id on messages (workspace_id, id);
create table outbound_queue (
    message_id    bigint primary key,
    workspace_id  bigint not null,
    channel_id    bigint not null,
    state         text   not null default 'pending' check (state in ('pending','unknown','done','failed')),
    attempts      bigint not null default 0,
    next_at       bigint not null,
    lease_until   bigint not null default 0,
    claim         text,
    retry_key     text   not null,
    last_error    text,
    updated_at    bigint not null,
    foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete cascade,
    foreign key (workspace_id, channel_id) references channels (workspace_id, id)
);
create index outbound_queue_due on outbound_queue (next_at) where state in ('pending','unknown');
create index outbound_queue_claim on outbound_queue (claim);

-- LINE: the reply token of the customer's latest message (single use, about a minute).
alter table conversations add column reply_token text;
alter table conversations add column reply_token_at bigint;

-- LINE unfollow (the customer blocked the account): replies are refused until they follow
-- again.
alter table customer_identities add column unsubscribed_at bigint;
