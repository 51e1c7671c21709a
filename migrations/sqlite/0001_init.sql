-- The inbox's data model (PRODUCT.md, "Core objects"). Every tenant table carries workspace_id,
-- and references between tenant tables are composite (workspace_id, id) foreign keys, so a row
-- can never point into another workspace. Times are Unix milliseconds (UTC) in BIGINT columns.
-- The only table without a workspace is auth_throttle: it is consulted before anyone is known.

create table workspaces (
    id            integer primary key,
    name          text   not null,
    utc_offset_minutes bigint not null default 480,  -- the team's clock, for showing times (Asia/Taipei by default)
    created_at    bigint not null
);

create table regions (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    name          text   not null,
    unique (workspace_id, id),
    unique (workspace_id, name)
);

create table branches (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    region_id     bigint not null,
    name          text   not null,
    unique (workspace_id, id),
    unique (workspace_id, name),
    foreign key (workspace_id, region_id) references regions (workspace_id, id)
);

create table members (
    id                  integer primary key,
    workspace_id        bigint  not null references workspaces (id),
    email               text    not null unique,  -- stored lower-case; one login per address
    name                text    not null,
    password_hash       text    not null,         -- argon2id PHC string
    role                text    not null check (role in ('admin','supervisor','cs_manager','agent','sales_manager','sales_rep')),
    region_id           bigint,
    branch_id           bigint,
    avatar_url          text,
    lang                text    not null default 'zh-TW' check (lang in ('zh-TW','en')),
    active              boolean not null default true,
    created_at          bigint  not null,
    unique (workspace_id, id),
    foreign key (workspace_id, region_id) references regions (workspace_id, id),
    foreign key (workspace_id, branch_id) references branches (workspace_id, id)
);
create index members_workspace_role on members (workspace_id, role);

-- Server-side sessions: the cookie holds a random token, the table only its SHA-256.
create table sessions (
    token_hash    text   primary key,
    workspace_id  bigint not null references workspaces (id),
    member_id     bigint not null,
    created_at    bigint not null,
    last_seen_at  bigint not null,
    expires_at    bigint not null,
    foreign key (workspace_id, member_id) references members (workspace_id, id) on delete cascade
);
create index sessions_member on sessions (member_id);

-- Failed-login bookkeeping per key ('email:...' or 'addr:...').
create table auth_throttle (
    key           text   primary key,
    failures      bigint not null,
    window_start  bigint not null,
    locked_until  bigint not null default 0
);

create table channels (
    id            integer primary key,
    workspace_id  bigint  not null references workspaces (id),
    kind          text    not null check (kind in ('web_chat','messenger','line','whatsapp','instagram')),
    name          text    not null,
    external_id   text    not null,             -- page id, LINE channel id, phone number id, ...
    branch_id     bigint,                       -- OMO: a store's own account
    credentials   text    not null default '{}', -- JSON; secrets never leave the server
    active        boolean not null default true,
    created_at    bigint  not null,
    unique (workspace_id, id),
    unique (kind, external_id),
    foreign key (workspace_id, branch_id) references branches (workspace_id, id)
);

create table customers (
    id            integer primary key,
    workspace_id  bigint  not null references workspaces (id),
    name          text    not null,
    phone         text,
    email         text,
    note          text    not null default '',
    avatar_url    text,
    branch_id     bigint,                       -- home branch, when known
    blocked       boolean not null default false,
    blocked_at    bigint,
    created_at    bigint  not null,
    updated_at    bigint  not null,
    unique (workspace_id, id),
    foreign key (workspace_id, branch_id) references branches (workspace_id, id)
);
create index customers_workspace_name on customers (workspace_id, name);

-- One identity per channel a customer used (PSID, LINE userId, WhatsApp number, visitor id).
create table customer_identities (
    id            integer primary key,
    workspace_id  bigint not null,
    customer_id   bigint not null,
    channel_id    bigint not null,
    external_id   text   not null,
    display_name  text   not null default '',
    created_at    bigint not null,
    unique (channel_id, external_id),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
    foreign key (workspace_id, channel_id) references channels (workspace_id, id)
);
create index customer_identities_customer on customer_identities (customer_id);

create table tags (
    id            integer primary key,
    workspace_id  bigint not null references workspaces (id),
    name          text   not null,
    created_at    bigint not null,
    unique (workspace_id, id),
    unique (workspace_id, name)
);

create table customer_tags (
    workspace_id  bigint not null,
    customer_id   bigint not null,
    tag_id        bigint not null,
    primary key (customer_id, tag_id),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
    foreign key (workspace_id, tag_id) references tags (workspace_id, id) on delete cascade
);
create index customer_tags_tag on customer_tags (tag_id);

-- One thread per (channel, customer), reused when a closed conversation comes back.
-- status/pending_handler/owner_id follow the status machine in src/domain/status.rs;
-- version increments on every change so concurrent writers can compare-and-set.
create table conversations (
    id                    integer primary key,
    workspace_id          bigint not null references workspaces (id),
    channel_id            bigint not null,
    customer_id           bigint not null,
    branch_id             bigint,
    status                text   not null check (status in ('pending','in_progress','closed')),
    pending_handler       text   check (pending_handler in ('human','bot')),
    pending_reason        text,
    owner_id              bigint,                 -- in progress: the owner; closed: the last owner
    version               bigint not null default 1,
    waiting_since         bigint,                 -- oldest customer message not yet answered
    last_message_at       bigint not null,
    last_message_preview  text   not null default '',
    last_message_kind     text   not null default 'inbound',
    inbound_count         bigint not null default 0, -- customer messages ever; unread = this - member's read mark
    created_at            bigint not null,
    closed_at             bigint,
    unique (workspace_id, id),
    unique (workspace_id, channel_id, customer_id),
    check ((status = 'pending') = (pending_handler is not null)),
    check (status <> 'in_progress' or owner_id is not null),
    check (status <> 'pending' or owner_id is null),
    foreign key (workspace_id, channel_id) references channels (workspace_id, id),
    foreign key (workspace_id, customer_id) references customers (workspace_id, id) on delete cascade,
    foreign key (workspace_id, owner_id) references members (workspace_id, id),
    foreign key (workspace_id, branch_id) references branches (workspace_id, id)
);
-- Keyset pagination of every view: (last_message_at, id) within a status (and owner / channel).
create index conversations_status_time on conversations (workspace_id, status, pending_handler, last_message_at, id);
create index conversations_channel_status_time on conversations (workspace_id, channel_id, status, pending_handler, last_message_at, id);
create index conversations_owner_status_time on conversations (workspace_id, owner_id, status, last_message_at, id);
create index conversations_customer on conversations (customer_id);

create table conversation_collaborators (
    workspace_id     bigint not null,
    conversation_id  bigint not null,
    member_id        bigint not null,
    added_by         bigint,
    added_at         bigint not null,
    primary key (conversation_id, member_id),
    foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
    foreign key (workspace_id, member_id) references members (workspace_id, id)
);
create index conversation_collaborators_member on conversation_collaborators (member_id, conversation_id);

-- Per-member read mark: how many customer messages the member had seen when last opening it.
create table conversation_reads (
    workspace_id        bigint not null,
    conversation_id     bigint not null,
    member_id           bigint not null,
    read_inbound_count  bigint not null,
    read_at             bigint not null,
    primary key (conversation_id, member_id),
    foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
    foreign key (workspace_id, member_id) references members (workspace_id, id)
);

create table messages (
    id               integer primary key,
    workspace_id     bigint not null,
    conversation_id  bigint not null,
    kind             text   not null check (kind in ('inbound','outbound','note','system')),
    author_id        bigint,                  -- member for outbound/note/system, null for customer and bot
    by_bot           boolean not null default false,
    body             text   not null,
    external_id      text,                    -- the platform's message id, for dedupe and receipts
    delivery         text   check (delivery in ('queued','sent','delivered','read','failed')),
    delivery_error   text,
    created_at       bigint not null,
    foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
    foreign key (workspace_id, author_id) references members (workspace_id, id)
);
create index messages_thread on messages (conversation_id, created_at, id);
create unique index messages_external on messages (conversation_id, external_id);

-- Every status change, transfer and collaborator change: who, when, from, to.
create table conversation_events (
    id               integer primary key,
    workspace_id     bigint not null,
    conversation_id  bigint not null,
    actor_id         bigint,                  -- null for the customer, the bot or the system
    change           text   not null,
    from_status      text,
    from_handler     text,
    from_owner_id    bigint,
    to_status        text   not null,
    to_handler       text,
    to_owner_id      bigint,
    detail           text   not null default '{}',
    created_at       bigint not null,
    foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade,
    foreign key (workspace_id, actor_id) references members (workspace_id, id)
);
create index conversation_events_conversation on conversation_events (conversation_id, id);

create table notifications (
    id            integer primary key,
    workspace_id  bigint not null,
    member_id     bigint not null,
    kind          text   not null,
    payload       text   not null default '{}',  -- JSON: who, how many, which conversations
    created_at    bigint not null,
    read_at       bigint,
    foreign key (workspace_id, member_id) references members (workspace_id, id)
);
create index notifications_member on notifications (member_id, read_at, id);
