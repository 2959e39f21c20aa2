-- apply changes
create table scenarios (
  id                            integer not null,
  created_at                    timestamp not null,
  name                          varchar(100) not null,
  max_parallel                  integer,
  changes                       clob not null,
  created_by                    varchar(100) not null,
  constraint uq_scenarios_name unique (name),
  constraint pk_scenarios primary key (id)
);


-- ids are never given twice (tracker.db.IdsNeverReused): each table's high-water mark, from its
-- rows and, for tasks and groups, from the history and the trash, which remember deleted ones
create table id_floor (
  table_name                    varchar(100) not null,
  last_id                       integer not null,
  constraint pk_id_floor primary key (table_name)
);
insert into id_floor (table_name, last_id) values
  ('tasks', max((select coalesce(max(id), 0) from tasks), (select coalesce(max(task_id), 0) from activity),
    (select coalesce(max(task_id), 0) from trash))),
  ('execution_groups', max((select coalesce(max(id), 0) from execution_groups),
    (select coalesce(max(group_id), 0) from activity))),
  ('scenarios', (select coalesce(max(id), 0) from scenarios)),
  ('identities', max((select coalesce(max(id), 0) from identities),
    (select coalesce(max(entity_id), 0) from activity where entity = 'identity'))),
  ('access_tokens', (select coalesce(max(id), 0) from access_tokens));
