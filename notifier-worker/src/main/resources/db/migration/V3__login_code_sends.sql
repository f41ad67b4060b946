-- Login codes counted per phone for the per-minute / hour / day limits, shared by every worker instance.
-- One row per event (a retried event is counted once). The code itself is never stored.
create table login_code_sends (
    event_id text primary key,
    phone    text        not null,
    sent_at  timestamptz not null default now()
);
create index login_code_sends_phone on login_code_sends (phone, sent_at);
