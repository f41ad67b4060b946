-- What each instance can open of the stored secrets, written with every heartbeat: a re-seal under a key that a
-- live instance does not hold would leave that instance without the stored services, so it waits until all hold it.
-- Null key ids: a row written by a version from before this migration, which says nothing about its keys.
alter table worker_instances
    add column host_name      text,
    add column secret_key_id  text,
    add column secret_key_ids text[];
