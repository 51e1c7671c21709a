-- Search (issue 13). Each conversation has one entry: the lexemes of its messages and notes and
-- of its customer's profile (`src/domain/search.rs` makes them: CJK characters and pairs, folded
-- words, phone spellings, emails, tags), space-separated with a space at each end, written by
-- the server in the transaction of every write that changes them. FTS5 indexes the entries
-- (external content: the index holds only the inverted lists, kept in step by the triggers
-- below); a search reads the index for a selective query and, for a common one, walks the
-- conversations by recency and looks into each one's entry.
create table search_docs (
    conversation_id  integer primary key,
    workspace_id     bigint not null,
    lexemes          bigint not null,  -- how many lexemes `terms` holds
    terms            text   not null
);

create virtual table search_index using fts5(
    terms,
    content = 'search_docs',
    content_rowid = 'conversation_id',
    -- every non-ASCII character and ASCII letters, digits and '_' are word characters: a
    -- lexeme (letters, digits, '_') is always one word, whatever script it is in
    tokenize = "ascii tokenchars '_'",
    detail = none
);

create trigger search_docs_added after insert on search_docs begin
    insert into search_index (rowid, terms) values (new.conversation_id, new.terms);
end;
create trigger search_docs_removed after delete on search_docs begin
    insert into search_index (search_index, rowid, terms) values ('delete', old.conversation_id, old.terms);
end;
create trigger search_docs_changed after update of terms on search_docs begin
    insert into search_index (search_index, rowid, terms) values ('delete', old.conversation_id, old.terms);
    insert into search_index (rowid, terms) values (new.conversation_id, new.terms);
end;

-- A deleted conversation (a delete, a blacklisting) leaves the index with it.
create trigger conversations_search_gone after delete on conversations begin
    delete from search_docs where conversation_id = old.id;
end;

-- Search results come newest activity first, in every status at once.
create index conversations_recent on conversations (workspace_id, last_message_at, id);
-- Searching by member: one member's conversations newest first, without sorting them all.
create index conversations_owner_recent on conversations (workspace_id, owner_id, last_message_at, id);
