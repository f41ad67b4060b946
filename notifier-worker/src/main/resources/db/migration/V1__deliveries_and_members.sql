-- The directory's members as the worker knows them (deepened by the directory capability).
create table members (
    member_id     text primary key,
    nick          text,
    phone         text,
    phone_e164    text,
    phone_problem text,
    active        boolean     not null default true,
    updated_at    timestamptz not null default now()
);

-- The delivery ledger: one row per (event, recipient, channel), claimed before sending and settled after.
-- recipient_key is the E.164 number, or 'member:<id>' / 'given:<raw>' for recipients without a usable number.
create table deliveries (
    id                  bigserial primary key,
    event_id            text        not null,
    recipient_key       text        not null,
    channel             text        not null,
    kind                text        not null,
    member_id           text,
    phone_masked        text,
    status              text        not null,
    service             text,
    provider_message_id text,
    error_code          text,
    provider_error_code text,
    reason              text,
    attempt             integer     not null default 0,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now(),
    constraint deliveries_once unique (event_id, recipient_key, channel),
    constraint deliveries_status check (status in ('PENDING', 'SENT', 'FAILED', 'SKIPPED', 'EXPIRED', 'RATE_LIMITED'))
);

create index deliveries_status_updated on deliveries (status, updated_at);
