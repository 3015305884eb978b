-- Texts whose size follows the account, not a fixed bound: a stored answer (an account with many packages) and a
-- day's seconds per app and item (an account with many apps) would overflow 100,000 characters.
alter table idempotency alter column response set data type text;
alter table account_day_state alter column seconds set data type text;
alter table bill alter column lines set data type text;
