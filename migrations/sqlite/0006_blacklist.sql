-- The blacklist (issue 4, PRODUCT.md "Batch management"). `customers.blocked`/`blocked_at` exist
-- since 0001; a blacklisted customer is also unsubscribed (no broadcasts), which lifting the block
-- does not undo: only the customer can subscribe again. Their identities stay, so a message they
-- send later is recognised and dropped before any conversation is created.
alter table customers add column blocked_by bigint;
alter table customers add column unsubscribed_at bigint;
-- The admin list of blacklisted customers, newest first.
create index customers_blocked on customers (workspace_id, blocked_at, id) where blocked;
