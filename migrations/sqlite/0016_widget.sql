-- The website chat widget (issue 12). A widget is a `web_chat` channel: its public key is the
-- channel's `webhook_key` (and `external_id`), its identity secret `credentials.secret`. Here
-- are the sites it may run on and how it looks, and its visitors: each holds a token (only its
-- SHA-256 is kept) and the sender id it writes as (`v_…` anonymous, `u:<site user id>` once
-- the site vouched for them with the identity secret).
create table widget_settings (
    channel_id    bigint not null primary key,
    workspace_id  bigint not null,
    origins       text   not null,               -- JSON array of origins
    colour        text   not null,
    greeting      text   not null default '',
    display_name  text   not null,
    avatar_url    text,
    ask_contact   boolean not null default false,
    updated_at    bigint not null,
    foreign key (workspace_id, channel_id) references channels (workspace_id, id) on delete cascade
);

create table widget_visitors (
    id            integer primary key,
    workspace_id  bigint not null,
    channel_id    bigint not null,
    token_hash    text   not null unique,
    sender        text   not null,
    verified      boolean not null default false,
    name          text,
    email         text,
    created_at    bigint not null,
    foreign key (workspace_id, channel_id) references channels (workspace_id, id) on delete cascade
);
create index widget_visitors_sender on widget_visitors (channel_id, sender);
