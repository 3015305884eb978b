-- Where each account's billing day stands: the last interval taken and the seconds so far per app and item, so that
-- reports later than everything taken extend the day instead of replaying it whole.
create table account_day_state (
    account_id    varchar(128) not null,
    billing_date  date         not null,
    last_interval timestamp with time zone not null,
    seconds       varchar(100000) not null,
    primary key (account_id, billing_date)
);
