-- Converting old packages (policy §6a): an old package converted at converted_at covers only the minutes it had
-- used by then (converted_used), whatever usage is reported late; the general package it became keeps its last
-- valid day (converted_expires_on) and names it (converted_from).
alter table package add column converted_used bigint;
alter table package add column converted_expires_on date;
