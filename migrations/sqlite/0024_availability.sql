-- Availability and load (issue 16). `presence` is the status a member sets (online, away,
-- offline), remembered for them; colleagues see offline while the member has no live session.
-- `capacity` is how many conversations they may have in progress before a follow-up or a
-- transfer to them warns (none: no limit); an admin sets it. Their load itself is read from
-- `conversation_counts`, never counted.
alter table members add column presence text not null default 'online'
    check (presence in ('online', 'away', 'offline'));
alter table members add column capacity bigint check (capacity between 1 and 500);
