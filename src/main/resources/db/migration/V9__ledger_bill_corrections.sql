-- Usage reported late for a settled day (policy §6a) is billed by a correcting bill of that day at the next
-- settlement run, never by changing the bill paid. A correction holds what the day now comes to minus what its bill
-- and earlier corrections charged, line by line; it is charged when it is made.
create table bill_correction (
    app_id        varchar(128) not null,
    billing_date  date         not null,
    correction    integer      not null check (correction > 0),
    account_id    varchar(128) not null references account (account_id),
    rules_version varchar(16)  not null,
    price_book    varchar(128),
    total         numeric(24, 8) not null,
    paid          numeric(24, 8) not null,
    lines         text         not null,
    settled_at    timestamp with time zone not null,
    primary key (app_id, billing_date, correction)
);
create index bill_correction_by_account on bill_correction (account_id, billing_date);
-- The days a settlement run settled (marked before it bills any account): usage of such a day that arrives later is
-- late usage.
create table settled_day (
    billing_date date not null primary key,
    settled_at   timestamp with time zone not null
);
-- Settled account-days whose usage changed since (written by the usage intake in the same transaction as the
-- reports): the next settlement run corrects them and clears the mark.
create table settlement_due (
    account_id   varchar(128) not null,
    billing_date date         not null,
    primary key (account_id, billing_date)
);
-- A bill's reference is its app and day, and a correction's adds its number: more than 128 characters for the longest
-- app ids.
alter table money_movement alter column reference set data type varchar(200);
