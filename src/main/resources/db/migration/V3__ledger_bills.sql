-- Daily settlement (policy §3, §6): one bill per app and billing day, priced by the rules (its rulesVersion kept,
-- so it can be priced again to the same figures), charged to the balance at the end of its day; paid: what the
-- balance held of it then (the rest is arrears). The key makes a second run charge nothing.
create table bill (
    app_id        varchar(128) not null,
    billing_date  date         not null,
    account_id    varchar(128) not null references account (account_id),
    rules_version varchar(16)  not null,
    price_book    varchar(128),
    total         numeric(24, 8) not null,
    paid          numeric(24, 8) not null,
    lines         varchar(100000) not null,
    settled_at    timestamp with time zone not null,
    primary key (app_id, billing_date)
);
create index bill_by_account on bill (account_id, billing_date);
