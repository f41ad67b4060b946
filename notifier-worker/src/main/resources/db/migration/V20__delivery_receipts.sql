-- Delivery receipts (issue 20): the vendor's handset report turns a SENT row into DELIVERED or UNDELIVERED, once.
alter table deliveries drop constraint deliveries_status;
alter table deliveries add constraint deliveries_status
    check (status in ('PENDING', 'UNKNOWN', 'SENT', 'FAILED', 'SKIPPED', 'EXPIRED', 'RATE_LIMITED',
                      'DELIVERED', 'UNDELIVERED'));
-- The vendor's code and text (DELIVERED, MK:0001 ...), when the handset got it (or gave up), when we heard.
-- Nullable columns with no default: adding them rewrites nothing. Not indexed, so settling stays a HOT update (V9);
-- a receipt finds its row through deliveries_recipient (V13): a number has few rows.
alter table deliveries add column receipt_code text;
alter table deliveries add column receipt_message text;
alter table deliveries add column handset_at timestamptz;
alter table deliveries add column receipt_at timestamptz;

-- Reports that arrived while their send was not settled yet (the vendor can be faster than our settle): applied by
-- a sweep once the row is SENT and published, dropped after a bounded time; their number is capped by the code.
create table early_receipts (
    id            bigserial   primary key,
    service       text        not null,
    biz_id        text        not null,
    recipient_key text        not null,
    status        text        not null check (status in ('DELIVERED', 'UNDELIVERED')),
    code          text,
    message       text,
    handset_at    timestamptz,
    received_at   timestamptz not null default now()
);
create index early_receipts_received on early_receipts (received_at);

-- Each service's receipt address carries a secret (the vendors do not sign their pushes): sealed by SecretBox with
-- 'receipt:<service>' as associated data, as sms_service_secrets are.
create table receipt_secrets (
    service    text        primary key,
    key_id     text        not null,
    sealed     bytea       not null,
    created_at timestamptz not null default now()
);
