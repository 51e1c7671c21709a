-- Search (issue 13). Each conversation has one entry: the lexemes of its messages and notes and
-- of its customer's profile (`src/domain/search.rs` makes them: CJK characters and pairs, folded
-- words, phone spellings, emails, tags), written by the server in the transaction of every
-- write that changes them, as a tsvector built from the lexemes themselves
-- (`array_to_tsvector`: no parser, no dictionary), under a GIN index. A search reads the index
-- for a selective query and, for a common one, walks the conversations by recency and looks
-- into each one's entry.
create table search_docs (
    conversation_id  bigint primary key,
    workspace_id     bigint not null,
    terms            tsvector not null,
    foreign key (workspace_id, conversation_id) references conversations (workspace_id, id) on delete cascade
);
create index search_docs_terms on search_docs using gin (terms);

-- Search results come newest activity first, in every status at once.
create index conversations_recent on conversations (workspace_id, last_message_at, id);
-- Searching by member: one member's conversations newest first, without sorting them all.
create index conversations_owner_recent on conversations (workspace_id, owner_id, last_message_at, id);
