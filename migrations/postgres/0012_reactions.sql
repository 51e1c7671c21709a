-- What customers do to messages after they are sent (issue 10): a reaction (an emoji; none
-- when taken back) and an unsend (Instagram's delete, LINE's unsend): the thread shows the
-- message as withdrawn.
alter table messages add column reaction text;
alter table messages add column withdrawn_at bigint;
