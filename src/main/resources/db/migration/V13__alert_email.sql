-- Staff alerts by email. SMTP cannot be asked afterwards whether a message arrived, so
-- each alert's message is recorded here around the send: SENDING is committed before the
-- SMTP conversation starts, ACCEPTED once the server took the message, REFUSED when it
-- refused it before taking it (safe to send again). A row still SENDING after the send
-- may or may not have arrived: it is never sent again without a person. One row per
-- outbox action; no address and no text is kept, only how many were written to.
create table alert_email (
    outbox_id bigint not null primary key references outbox (id),
    message_id varchar(200) not null,
    recipients integer not null,
    state varchar(20) not null,
    attempts integer not null,
    started_at timestamp with time zone not null,
    ended_at timestamp with time zone,
    server_reply varchar(500)
);
