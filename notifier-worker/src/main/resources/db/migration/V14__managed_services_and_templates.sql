-- SMS services and templates managed through the admin API, next to the ones configuration declares.
-- Settings are the service's configuration properties in camelCase, without its secrets; every secret is sealed
-- (AEAD, notifier.secrets.key) and records the id of the key that sealed it, for rotation.
create table sms_services (
    name       text primary key,
    settings   jsonb       not null,
    version    bigint      not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    updated_by text        not null
);

create table sms_service_secrets (
    service_name text  not null references sms_services (name) on delete cascade,
    field        text  not null,
    key_id       text  not null,
    sealed       bytea not null,
    primary key (service_name, field)
);

create table sms_templates (
    code       text primary key,
    content    text        not null,
    params     jsonb       not null,
    codes      jsonb       not null,
    login_code boolean     not null default false,
    version    bigint      not null default 1,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    updated_by text        not null
);

-- One row: bumped by every change of the two tables above, in the same transaction. Every instance polls it and
-- reloads when it moved.
create table catalog_version (
    id      integer primary key check (id = 1),
    version bigint not null
);
insert into catalog_version (id, version) values (1, 0);
