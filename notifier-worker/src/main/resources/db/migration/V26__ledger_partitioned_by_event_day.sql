-- The ledger partitioned by day (issue 21, decision 0014): retention drops a day's partition instead of deleting
-- rows one by one, and the ledger's keys are shaped for a distributed PostgreSQL (Citus) by event id.
--
-- The day is the UTC day of the event's occurredAt (ledger_day): every copy of an event (a redelivery, a retry, a
-- replay, a producer's republish of the same event) carries the same occurredAt, so all of them meet the same row
-- in the same partition, and the unique key (event, recipient, channel, day) keeps a number from being sent twice
-- without looking into any other partition. The primary key is that key: it holds the event id, the column the
-- ledger is distributed by on Citus, and the day, the column it is partitioned by, as both require. The row's id
-- (from the same sequence as before) is indexed for the statements that find rows by it.
--
-- The existing ledger is not copied: it becomes a partition of its own (deliveries_before_partitions) holding day
-- '-infinity', which every claim looks into besides its event's day, until retention drops it once its newest row is
-- older than the retention. Adding ledger_day with a constant default rewrites nothing; what takes time on a large
-- ledger is building the two indexes the new keys need and proving that every old row holds '-infinity'. This
-- migration holds the ledger for that long: 2.8 s for 1,000,000 rows on the 2-core test machine (LedgerMigrationTests
-- prints it), so about half a minute for 10,000,000. On a large ledger, do both beforehand while delivery goes on
-- (3.2 s for 1,000,000 rows there), and this migration finds them and holds the ledger for 0.5 s:
--
--   alter table deliveries add column if not exists ledger_day date not null default '-infinity';
--   create unique index concurrently if not exists deliveries_legacy_key
--       on deliveries (event_id, recipient_key, channel, ledger_day);
--   alter table deliveries add constraint deliveries_legacy_key unique using index deliveries_legacy_key;
--   create index concurrently if not exists deliveries_legacy_id on deliveries (id);
--   alter table deliveries add constraint deliveries_legacy_day check (ledger_day = '-infinity') not valid;
--   alter table deliveries validate constraint deliveries_legacy_day;
alter table deliveries rename to deliveries_before_partitions;
alter index deliveries_pkey rename to deliveries_before_partitions_pkey;
alter table deliveries_before_partitions rename constraint deliveries_once to deliveries_before_partitions_once;
alter index deliveries_created rename to deliveries_before_partitions_created;
alter index deliveries_recipient rename to deliveries_before_partitions_recipient;
alter index deliveries_member rename to deliveries_before_partitions_member;
alter index deliveries_receipted rename to deliveries_before_partitions_receipted;
alter table deliveries_before_partitions add column if not exists ledger_day date not null default '-infinity';

create table deliveries (like deliveries_before_partitions including defaults including constraints)
    partition by range (ledger_day);
alter table deliveries alter column ledger_day set default (now() at time zone 'UTC')::date;
alter table deliveries add constraint deliveries_key primary key (event_id, recipient_key, channel, ledger_day);
create index deliveries_id on deliveries (id);
create index deliveries_created on deliveries (created_at);
create index deliveries_recipient on deliveries (recipient_key, created_at desc);
create index deliveries_member on deliveries (member_id, created_at desc) where member_id is not null;
create index deliveries_receipted on deliveries (receipt_at) where receipt_at is not null;
alter sequence deliveries_id_seq owned by deliveries.id;

do $$
begin
    if not exists (select 1 from deliveries_before_partitions) then
        drop table deliveries_before_partitions;
        return;
    end if;
    if not exists (select 1 from pg_constraint where conname = 'deliveries_legacy_key') then
        create unique index if not exists deliveries_legacy_key
            on deliveries_before_partitions (event_id, recipient_key, channel, ledger_day);
        alter table deliveries_before_partitions
            add constraint deliveries_legacy_key unique using index deliveries_legacy_key;
    end if;
    create index if not exists deliveries_legacy_id on deliveries_before_partitions (id);
    if not exists (select 1 from pg_constraint where conname = 'deliveries_legacy_day') then
        alter table deliveries_before_partitions
            add constraint deliveries_legacy_day check (ledger_day = '-infinity');
    end if;
    -- Until the first day a real event can have: the check above proves every row belongs here, so nothing is read.
    alter table deliveries attach partition deliveries_before_partitions for values from (minvalue) to ('0001-01-01');
end $$;

-- The days the default retention (30 days) accepts, and two ahead; the worker creates and drops them from here on
-- (LedgerPartitions), for the retention it is given.
do $$
declare
    today date := (now() at time zone 'UTC')::date;
    day date;
begin
    for day in select generate_series(today - 31, today + 2, interval '1 day')::date loop
        execute format('create table %I partition of deliveries for values from (%L) to (%L) with (fillfactor = 80)',
                       'deliveries_' || to_char(day, 'YYYYMMDD'), day, day + 1);
    end loop;
end $$;
