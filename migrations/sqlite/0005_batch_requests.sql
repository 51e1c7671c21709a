-- Batch requests by idempotency key (issue 4): a retried batch (double click, network retry)
-- finds its key and gets the report of the first attempt instead of applying again. `report`
-- is null while the first attempt is still running.
create table batch_requests (
    workspace_id     bigint not null,
    member_id        bigint not null,
    idempotency_key  text   not null,
    action           text   not null,
    report           text,
    created_at       bigint not null,
    primary key (member_id, idempotency_key),
    foreign key (workspace_id, member_id) references members (workspace_id, id)
);
