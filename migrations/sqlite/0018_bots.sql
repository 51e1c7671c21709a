-- Bots (issue 14): keyword rules and flows, and what routing keeps on a conversation.
-- A workspace's words that ask for a person (JSON array, folded) and how many automatic
-- replies a conversation may get in an hour; `bot_version` moves with every change of rules,
-- flows or these settings, so a server's compiled copy knows when it is stale.
alter table workspaces add column bot_person_words text not null default '["真人","客服","專人","human","agent"]';
alter table workspaces add column bot_replies_per_hour bigint not null default 10;
alter table workspaces add column bot_version bigint not null default 0;

-- A flow (the DIY chatbot): its steps as one JSON document (each a message with buttons,
-- `domain::bot::Flow`), edited whole. `greeting`: the channels whose new conversations it
-- greets ('none', 'all', or a JSON array of channel ids).
create table bot_flows (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    name          text   not null,
    greeting      text   not null default 'none',
    steps         text   not null,
    created_at    bigint not null,
    updated_at    bigint not null,
    unique (workspace_id, id)
);

-- A keyword rule: keywords (JSON array, as typed), how they match, the channels ('all' or a
-- JSON array of ids), active hours (JSON or null), its place in the order, on or off, and
-- what it does: its reply (JSON array of parts: text, image, buttons) or a flow to start.
create table bot_rules (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    name          text   not null,
    position      bigint not null,
    enabled       boolean not null default true,
    mode          text   not null check (mode in ('exact','contains','starts_with')),
    keywords      text   not null,
    channels      text   not null,
    hours         text,
    flow_id       bigint,
    reply         text   not null,
    created_at    bigint not null,
    updated_at    bigint not null,
    unique (workspace_id, id),
    foreign key (workspace_id, flow_id) references bot_flows (workspace_id, id)
);
create index bot_rules_order on bot_rules (workspace_id, position, id);

-- The flow step the bot last sent on a conversation (its buttons are what a typed number
-- answers).
alter table conversations add column bot_flow bigint;
alter table conversations add column bot_step bigint;

-- A bot message's buttons (JSON array of [label, payload] pairs), for the thread and the sender.
alter table messages add column buttons text;
-- The bot's replies of a conversation in the last hour are counted from here (at most the
-- hourly limit of them).
create index messages_bot_recent on messages (conversation_id, created_at) where by_bot;
