-- Media (issue 10): what customers send besides text. A row is written with its message; a
-- worker downloads the bytes through the platform (`source`: a URL, a WhatsApp media id, a
-- LINE message id) into the file store (`APP_FILES_DIR`) and records where (`stored_path`,
-- relative), how big and of which checked type. Locations, contacts and stickers have nothing
-- to download (`none`).
create table attachments (
    id            integer primary key,
    workspace_id  bigint not null,
    message_id    bigint not null,
    kind          text   not null check (kind in ('image','video','audio','file','sticker','location','contacts','other')),
    source        text   not null check (source in ('url','platform','none')),
    media_ref     text,
    mime_type     text,
    file_name     text,
    caption       text,
    detail        text,
    state         text   not null default 'pending' check (state in ('pending','stored','failed','none')),
    attempts      bigint not null default 0,
    lease_until   bigint not null default 0,
    stored_path   text,
    size          bigint,
    inline        boolean not null default false,
    error         text,
    created_at    bigint not null,
    unique (workspace_id, id),
    foreign key (workspace_id, message_id) references messages (workspace_id, id) on delete cascade
);
create index attachments_message on attachments (message_id, id);
create index attachments_pending on attachments (id) where state = 'pending';
