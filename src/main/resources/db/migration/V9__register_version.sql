-- Counts the changes to a school's marks: every transaction that changes any of them
-- adds one, so a register held in memory can tell whether it is still the stored one.
alter table school add column register_version bigint default 0 not null;
