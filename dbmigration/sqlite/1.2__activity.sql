-- apply changes
create table activity (
  id                            integer not null,
  created_at                    timestamp not null,
  actor                         varchar(100) not null,
  entity                        varchar(20) not null,
  entity_id                     integer,
  task_id                       integer,
  group_id                      integer,
  action                        varchar(40) not null,
  changes                       clob not null,
  constraint pk_activity primary key (id)
);

-- foreign keys and indices
create index ix_activity_task_id on activity (task_id);
create index ix_activity_group_id on activity (group_id);
