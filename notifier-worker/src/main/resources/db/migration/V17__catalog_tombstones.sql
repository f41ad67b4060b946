-- The last version a deleted service or template had, so that one created again under the same name goes on
-- from there: an If-Match read before the delete must not match the new one (412, not an overwrite).
create table catalog_tombstones (
    kind         text   not null check (kind in ('service', 'template')),
    name         text   not null,
    last_version bigint not null,
    primary key (kind, name)
);
