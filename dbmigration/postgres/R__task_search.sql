-- Text search over task titles and descriptions (GET /api/tasks?q=): trigram GIN indexes let
-- ILIKE '%q%' use an index instead of scanning every row, with the same substring semantics as
-- the SQLite build. pg_trgm is a trusted extension (PostgreSQL 13+): a user who may create
-- objects in the database may install it.
create extension if not exists pg_trgm;
create index if not exists ix_tasks_title_trgm on tasks using gin (title gin_trgm_ops);
create index if not exists ix_tasks_description_trgm on tasks using gin (description gin_trgm_ops);
