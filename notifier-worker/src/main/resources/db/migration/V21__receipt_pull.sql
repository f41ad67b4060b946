-- Pulled receipts (issue 20): services set to `receipts: pull` (or both) have their SENT rows' handset reports asked
-- of the vendor. When a row was last asked: an instance claims rows by setting it (skipping rows another instance
-- holds) before it asks, so no two instances ask about one row, and none asks about it again within pull-after.
-- Nullable with no default: adding it rewrites nothing. Not indexed, so setting it stays a HOT update (V9); due
-- rows are found through deliveries_created (V12), within the pull horizon.
alter table deliveries add column receipt_pulled_at timestamptz;
