-- The rest of the directory: departments (a tree, though cycles in the data must not hang resolution) and
-- each member's departments and roles, replaced as a whole on every member update.
create table departments (
    department_id text primary key,
    parent_id     text,
    name          text,
    updated_at    timestamptz not null default now()
);
create index departments_parent on departments (parent_id);

create table member_departments (
    member_id     text not null references members (member_id) on delete cascade,
    department_id text not null,
    primary key (department_id, member_id)
);
create index member_departments_member on member_departments (member_id);

create table member_roles (
    member_id text not null references members (member_id) on delete cascade,
    role_id   text not null,
    primary key (role_id, member_id)
);
create index member_roles_member on member_roles (member_id);
