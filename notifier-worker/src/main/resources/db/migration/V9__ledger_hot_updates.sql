-- Each ledger row is updated three to four times within a second of its insert (sending, settled, published,
-- released). With no index on the columns those updates change, and room left on each page, PostgreSQL can
-- update in place (HOT) instead of adding an entry to every index each time. The (status, updated_at) index
-- served no query of the worker; ops looking for rows stuck open can afford a scan.
drop index if exists deliveries_status_updated;
alter table deliveries set (fillfactor = 80);
