-- Auto-close per channel (issue 16), off by default: a conversation in progress whose customer
-- is not waiting and in which nothing has been written for `auto_close_hours` is closed by the
-- workspace, after `auto_close_message` (if any) is sent. The sweep reads each channel's
-- in-progress conversations by (channel, status, last_message_at), an index of migration 0003.
alter table channels add column auto_close_hours bigint check (auto_close_hours between 1 and 720);
alter table channels add column auto_close_message text;
