-- drop dependencies
drop index if exists ix_tasks_component_area;
-- foreign keys and indices
create index ix_tasks_area_status on tasks (component_area,status,time_estimate_hours,blocked_since);
