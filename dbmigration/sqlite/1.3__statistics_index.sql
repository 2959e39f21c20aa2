-- drop dependencies
drop index if exists ix_tasks_status;
-- foreign keys and indices
create index ix_tasks_status_area on tasks (status,component_area,time_estimate_hours,blocked_since);
