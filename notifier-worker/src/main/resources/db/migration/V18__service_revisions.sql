-- A request whose answer was lost is asked about with the settings it was sent with (issue 19): the ledger row
-- records the stored service's version (null for a configured service), and every version a change or a delete
-- replaces is kept here, secrets still sealed, for as long as a row in doubt names it.
alter table deliveries add column service_revision bigint;

create table sms_service_revisions (
    name       text        not null,
    version    bigint      not null,
    settings   jsonb       not null,
    retired_at timestamptz not null default now(),
    primary key (name, version)
);

create table sms_service_revision_secrets (
    name    text   not null,
    version bigint not null,
    field   text   not null,
    key_id  text   not null,
    sealed  bytea  not null,
    primary key (name, version, field),
    foreign key (name, version) references sms_service_revisions (name, version) on delete cascade
);
