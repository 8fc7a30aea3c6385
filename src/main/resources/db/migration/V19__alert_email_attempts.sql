-- Each attempt to email an alert gets a record of its own, keyed on the action and the
-- attempt's number, so an attempt that outlived its lease can end only its own record,
-- never a later attempt's. STARTED: the attempt may hand its message over to the SMTP
-- server only while lease_until lasts (its lease). SENDING: it handed the message over
-- (its lease is then the time left for the answer); if no answer came, it may or may not
-- have arrived. NOT_ARRIVED: a person found that it did not arrive. ACCEPTED, REFUSED:
-- the server's answer. A row from before this change still SENDING stays in doubt.
create table alert_email_attempt (
    outbox_id bigint not null references outbox (id),
    attempt integer not null,
    message_id varchar(200) not null,
    recipients integer not null,
    state varchar(20) not null,
    started_at timestamp with time zone not null,
    lease_until timestamp with time zone,
    ended_at timestamp with time zone,
    server_reply varchar(500),
    constraint alert_email_attempt_key primary key (outbox_id, attempt)
);

insert into alert_email_attempt (outbox_id, attempt, message_id, recipients, state, started_at, ended_at, server_reply)
    select outbox_id, attempts, message_id, recipients, state, started_at, ended_at, server_reply from alert_email;

drop table alert_email;

alter table alert_email_attempt rename to alert_email;
