-- The handover note of a transfer (issue 16): what the member who transferred a conversation
-- wrote to its new owner, pinned above the thread until the conversation next changes status
-- (the note also stays in the thread as an internal note). `handover_by` names a member, who is
-- never deleted (only deactivated); the column is added without a constraint, which SQLite's
-- `alter table` cannot add with the workspace.
alter table conversations add column handover_note text;
alter table conversations add column handover_by bigint;
alter table conversations add column handover_at bigint;
