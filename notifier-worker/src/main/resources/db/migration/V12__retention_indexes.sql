-- Retention (RetentionPurger): old rows are found by when they were made, a column no update touches, so these
-- indexes leave the ledger's in-place (HOT) updates alone (see V9).
create index deliveries_created on deliveries (created_at);
create index login_code_sends_sent on login_code_sends (sent_at);
create index dead_letter_actions_acted on dead_letter_actions (acted_at);
