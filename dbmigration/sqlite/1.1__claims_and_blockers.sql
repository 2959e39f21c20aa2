-- apply alter tables
alter table tasks add column claimed_by varchar(100);
alter table tasks add column lease_expires_at timestamp;
alter table tasks add column lease_seconds integer;
alter table tasks add column blocked_since timestamp;
alter table tasks add column status_before_blocked varchar(20);
-- apply post alter
-- not supported: alter table tasks add constraint ck_tasks_status_before_blocked check ( status_before_blocked in ('not_started','in_progress','completed','blocked'));
