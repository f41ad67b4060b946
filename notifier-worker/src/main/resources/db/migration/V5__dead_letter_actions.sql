-- What ops did with each dead letter: replayed to its original topic, or discarded with a reason (the audit).
create table dead_letter_actions (
    topic         text        not null,
    partition_no  integer     not null,
    record_offset bigint      not null,
    action        text        not null check (action in ('REPLAYED', 'DISCARDED')),
    reason        text,
    actor         text        not null,
    acted_at      timestamptz not null default now(),
    primary key (topic, partition_no, record_offset)
);
