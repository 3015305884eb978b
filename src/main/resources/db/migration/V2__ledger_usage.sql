-- Usage reports, taken exactly once (the reportId is the key), and what each account's base-service usage of a
-- billing day took from its packages: the day's replay (rtc.pricing.packages.DeductionEngine) rewrites its rows.

create table usage_report (
    report_id      varchar(128) primary key,
    account_id     varchar(128) not null references account (account_id),
    app_id         varchar(128) not null,
    interval_start timestamp with time zone not null,
    billing_date   date         not null,
    service        varchar(16)  not null,
    category       varchar(8)   not null,
    tier           varchar(16),
    mode           varchar(8),
    codec          varchar(8),
    seconds        bigint       not null check (seconds >= 0),
    received_at    timestamp with time zone not null
);
create index usage_by_account_day on usage_report (account_id, billing_date);

-- Package minutes a billing day's base usage took from each package.
create table package_day_use (
    account_id   varchar(128) not null,
    billing_date date         not null,
    package_id   varchar(64)  not null references package (package_id),
    minutes      bigint       not null check (minutes > 0),
    primary key (account_id, billing_date, package_id)
);

-- Base minutes of a billing day that no package covered, per app and item (tier '' for audio): postpaid.
create table postpaid_day (
    account_id   varchar(128) not null,
    billing_date date         not null,
    app_id       varchar(128) not null,
    category     varchar(8)   not null,
    tier         varchar(16)  not null,
    minutes      bigint       not null check (minutes > 0),
    primary key (account_id, billing_date, app_id, category, tier)
);

-- What happened to the account, as the day's replay reported it (postpaid switched on, service stopped…).
create table account_event (
    account_id   varchar(128) not null,
    billing_date date         not null,
    seq          integer      not null,
    type         varchar(32)  not null,
    at           timestamp with time zone not null,
    package_id   varchar(64),
    primary key (account_id, billing_date, seq)
);
