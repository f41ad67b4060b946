-- Template reviews (issue 20): each template's review at each vendor service, as the poll last learnt it, shared by
-- every instance (each reads the table into memory after its poll; routing never queries it). vendor_code is the
-- template's code at the service when asked: a review of an old code does not count for a new one. One row per
-- (service, template), overwritten; rows of deleted services or templates are harmless and few.
create table template_reviews (
    service       text        not null,
    template_code text        not null,
    vendor_code   text        not null,
    status        text        not null check (status in ('IN_REVIEW', 'APPROVED', 'REJECTED')),
    reason        text        check (length(reason) <= 200),
    checked_at    timestamptz not null,
    primary key (service, template_code)
);
