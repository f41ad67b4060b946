-- UNKNOWN: a request carrying this row's number went to a vendor and no answer came back (or the worker died
-- waiting): it may have been sent. Such rows are resolved (asked of the vendor, or by policy) before any resend.
alter table deliveries drop constraint deliveries_status;
alter table deliveries add constraint deliveries_status
    check (status in ('PENDING', 'UNKNOWN', 'SENT', 'FAILED', 'SKIPPED', 'EXPIRED', 'RATE_LIMITED'));
alter table deliveries add column request_out_id text;
alter table deliveries add column sending_at timestamptz;
