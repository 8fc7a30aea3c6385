-- Dispatch of the outbox. Plain SQL for PostgreSQL and H2 in its PostgreSQL mode.

-- Why an action waits in PROPOSED: 'dry-run' (never sent), 'approval' (sent once an
-- operator approves it) or, once refused, 'rejected' (never sent, never replayed).
alter table outbox add column held_for varchar(20);

-- One row per gateway: the requests of the current minute, shared by every instance
-- (the row is locked FOR UPDATE while permits are taken), and how long the gateway asked
-- us to wait after a 429.
create table gateway_rate (
    gateway varchar(50) primary key,
    window_start timestamp with time zone not null,
    used integer not null,
    paused_until timestamp with time zone
);

-- A channel halted for a school by a circuit breaker (the SMS mass-text breaker), until
-- an operator releases it for the day.
create table dispatch_hold (
    school_id varchar(64) not null,
    kind varchar(20) not null,
    reason varchar(1000) not null,
    held_at timestamp with time zone not null,
    released_at timestamp with time zone,
    released_by varchar(100),
    primary key (school_id, kind)
);

insert into gateway_rate (gateway, window_start, used) values ('notify', timestamp with time zone '2000-01-01 00:00:00+00', 0);
