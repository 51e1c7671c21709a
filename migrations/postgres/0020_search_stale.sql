-- Customers whose search entries wait to be rewritten after a tag they carry was renamed,
-- merged or deleted. Marked in the tag change's transaction (one statement, however many
-- customers), rewritten a few hundred at a time by `server::worker::run_reindex`, each batch
-- in its own transaction: a tag on thousands of customers never holds the writer for long.
create table search_stale (
    workspace_id  bigint not null,
    customer_id   bigint not null,
    primary key (workspace_id, customer_id)
);
