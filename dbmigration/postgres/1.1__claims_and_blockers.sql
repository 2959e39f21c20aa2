-- apply alter tables
alter table tasks add column if not exists claimed_by varchar(100);
alter table tasks add column if not exists lease_expires_at timestamptz;
alter table tasks add column if not exists lease_seconds integer;
alter table tasks add column if not exists blocked_since timestamptz;
alter table tasks add column if not exists status_before_blocked varchar(20);
-- apply post alter
alter table tasks add constraint ck_tasks_status_before_blocked check ( status_before_blocked in ('not_started','in_progress','completed','blocked'));
