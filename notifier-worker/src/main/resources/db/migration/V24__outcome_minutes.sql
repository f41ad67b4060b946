-- The console's outcome counts (issue 21): a rollup per minute, status, kind and service, added to by each instance
-- every few seconds from the outcomes it published, so that the overview's chart reads at most an hour of minutes
-- instead of scanning the ledger (V9 dropped the updated_at index the old count needed, to keep settles HOT).
-- The minute comes first in the key: the chart and the purge read a range of minutes.
create table outcome_minutes (
    minute  timestamptz not null,
    status  text        not null,
    kind    text        not null,
    service text        not null,
    count   bigint      not null,
    primary key (minute, status, kind, service)
);
