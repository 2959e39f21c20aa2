-- foreign keys and indices
create index if not exists ix_tasks_lease_expires_at on tasks (lease_expires_at);
