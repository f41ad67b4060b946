-- Live worker instances, from their heartbeats: each service's max-qps is shared evenly between them.
create table worker_instances (
    instance_id  text        primary key,
    started_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now()
);
