-- Whether a settled row's outcome reached sms.delivery: a redelivered event republishes the ones that did not
-- (the worker died, or the broker was away, between settling and publishing).
alter table deliveries add column outcome_published boolean not null default true;
