-- Indexes that let every tier of every sort (src/domain/sorting.rs) read its first rows in
-- index order and stop, however many conversations there are (README, "Benchmark").
--
-- In progress and closed conversations have no pending handler, so the views on them are
-- ordered by (status, last_message_at, id) with the handler left out; the overdue tier of the
-- Waiting sort reads (status, waiting_since, id) over the conversations that wait at all.
-- Each also exists with the channel first, for the channel filter.

create index conversations_status_time_any on conversations (workspace_id, status, last_message_at, id);
create index conversations_channel_status_time_any on conversations (workspace_id, channel_id, status, last_message_at, id);
create index conversations_status_waiting on conversations (workspace_id, status, waiting_since, id)
    where waiting_since is not null;
create index conversations_channel_status_waiting on conversations (workspace_id, channel_id, status, waiting_since, id)
    where waiting_since is not null;
create index conversations_owner_status_waiting on conversations (workspace_id, owner_id, status, waiting_since, id)
    where waiting_since is not null;
