-- Snooze (issue 16): the owner of a conversation in progress puts it to sleep until a time
-- (`snooze_until`) or until the customer writes again (`snooze_until` null); `snoozed_at` is set
-- while it sleeps. A snoozed conversation leaves its owner's Mine · In progress for Mine ·
-- Snoozed and comes back (with a notification) when the time comes, the customer writes, or its
-- status changes. The Snoozed view and its count read the first index (a member's snoozed
-- conversations only); the worker finds the due ones by the second.
alter table conversations add column snoozed_at bigint;
alter table conversations add column snooze_until bigint;
create index conversations_snoozed on conversations (workspace_id, owner_id, last_message_at, id)
    where snoozed_at is not null;
create index conversations_snooze_due on conversations (snooze_until)
    where snooze_until is not null;
