-- drop dependencies
drop index if exists ix_task_progress_task_id;
-- foreign keys and indices
create index ix_tasks_lease_expires_at on tasks (lease_expires_at) where lease_expires_at is not null;
create index ix_task_progress_task_id_id on task_progress (task_id,id,progress_percentage);
