-- A school's staff roles, as last read from the MIS (or the connector file's role map),
-- so staff alerts can be addressed to a role. No names: the MIS's staff id and the email
-- alerts go to. covers is the registration group a tutor, or the year group a head of
-- year, looks after; null for a role held school-wide. Plain SQL for PostgreSQL and H2 in
-- its PostgreSQL mode.
create table staff_role (
    school_id varchar(64) not null references school (id),
    role varchar(40) not null,
    staff_id varchar(100) not null,
    email varchar(320),
    covers varchar(50)
);

create index staff_role_school_role on staff_role (school_id, role);
