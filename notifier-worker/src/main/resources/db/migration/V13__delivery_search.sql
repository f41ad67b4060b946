-- Delivery search (GET /api/deliveries): by number and by member, newest first. Neither column is ever updated,
-- so these indexes leave the ledger's in-place (HOT) updates alone (see V9); status, kind and service are
-- filters on rows found through these or through deliveries_created (V12).
create index deliveries_recipient on deliveries (recipient_key, created_at desc);
create index deliveries_member on deliveries (member_id, created_at desc) where member_id is not null;
