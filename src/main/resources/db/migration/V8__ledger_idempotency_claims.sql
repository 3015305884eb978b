-- An Idempotency-Key is claimed before its write runs (rtc.pricing.ledger.IdempotentWrites): while the write runs
-- the row holds the claim and no answer; the write's transaction stores the answer and clears the claim.
alter table idempotency alter column status drop not null;
alter table idempotency alter column response drop not null;
alter table idempotency add column claim varchar(36);
alter table idempotency add column claimed_at timestamp with time zone;
create index idempotency_by_age on idempotency (created_at);
