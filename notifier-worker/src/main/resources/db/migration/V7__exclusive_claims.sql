-- An open row is worked on by one consumer at a time: the one whose record claimed it (claim_token, the record's
-- topic/partition/offset), until it settles, lets go, or claim_until passes (its worker died).
alter table deliveries add column claim_token text;
alter table deliveries add column claim_until timestamptz;
