-- apply changes
create table execution_groups (
  id                            integer not null,
  created_at                    timestamp not null,
  updated_at                    timestamp not null,
  name                          varchar(200) check (length(name) >= 1) not null,
  total_hours                   double not null,
  estimated_duration            double not null,
  max_parallel_tasks            integer check (max_parallel_tasks between 1 and 50) not null,
  status                        varchar(20) not null,
  metadata                      clob,
  version                       integer not null,
  constraint ck_execution_groups_status check ( status in ('pending','running','completed','failed','cancelled')),
  constraint pk_execution_groups primary key (id)
);

create table parallel_execution_log (
  id                            integer not null,
  created_at                    timestamp not null,
  group_id                      integer not null,
  task_id                       integer,
  level                         varchar(20) not null,
  message                       varchar(2000) check (length(message) >= 1) not null,
  metadata                      clob,
  constraint ck_parallel_execution_log_level check ( level in ('info','warning','error','debug')),
  constraint pk_parallel_execution_log primary key (id),
  foreign key (group_id) references execution_groups (id) on delete cascade on update restrict,
  foreign key (task_id) references tasks (id) on delete set null on update restrict
);

create table group_tasks (
  id                            integer not null,
  created_at                    timestamp not null,
  updated_at                    timestamp not null,
  group_id                      integer not null,
  task_id                       integer not null,
  execution_order               integer not null,
  task_hours                    double not null,
  status                        varchar(20) not null,
  version                       integer not null,
  constraint ck_group_tasks_status check ( status in ('pending','running','completed','failed','cancelled')),
  constraint uq_group_tasks_group_id_task_id unique (group_id,task_id),
  constraint pk_group_tasks primary key (id),
  foreign key (group_id) references execution_groups (id) on delete cascade on update restrict,
  foreign key (task_id) references tasks (id) on delete cascade on update restrict
);

create table tasks (
  id                            integer not null,
  created_at                    timestamp not null,
  updated_at                    timestamp not null,
  title                         varchar(500) check (length(title) >= 1) not null,
  description                   varchar(2000),
  component_area                varchar(100) check (length(component_area) >= 1) not null,
  phase                         integer check (phase between 1 and 4) not null,
  priority                      varchar(20) not null,
  complexity                    varchar(20) not null,
  status                        varchar(20) not null,
  source_document               varchar(200) check (length(source_document) >= 1) not null,
  success_criteria              varchar(1000),
  time_estimate_hours           double precision check (time_estimate_hours between 0.1 and 200) not null,
  parent_task_id                integer,
  version                       integer not null,
  constraint ck_tasks_priority check ( priority in ('Critical','High','Medium','Low')),
  constraint ck_tasks_complexity check ( complexity in ('Simple','Medium','Complex','Expert')),
  constraint ck_tasks_status check ( status in ('not_started','in_progress','completed','blocked')),
  constraint pk_tasks primary key (id),
  foreign key (parent_task_id) references tasks (id) on delete cascade on update restrict
);

create table task_comments (
  id                            integer not null,
  created_at                    timestamp not null,
  task_id                       integer not null,
  comment                       varchar(2000) check (length(comment) >= 1) not null,
  comment_type                  varchar(20) not null,
  constraint ck_task_comments_comment_type check ( comment_type in ('note','decision','blocker','solution')),
  constraint pk_task_comments primary key (id),
  foreign key (task_id) references tasks (id) on delete cascade on update restrict
);

create table task_dependencies (
  id                            integer not null,
  created_at                    timestamp not null,
  task_id                       integer not null,
  depends_on_task_id            integer not null,
  dependency_type               varchar(20) check (task_id <> depends_on_task_id) not null,
  constraint ck_task_dependencies_dependency_type check ( dependency_type in ('blocks','requires','enhances')),
  constraint uq_task_dependencies_task_id_depends_on_task_id unique (task_id,depends_on_task_id),
  constraint pk_task_dependencies primary key (id),
  foreign key (task_id) references tasks (id) on delete cascade on update restrict,
  foreign key (depends_on_task_id) references tasks (id) on delete cascade on update restrict
);

create table task_progress (
  id                            integer not null,
  created_at                    timestamp not null,
  task_id                       integer not null,
  progress_percentage           integer check (progress_percentage between 0 and 100) not null,
  notes                         varchar(1000),
  updated_by                    varchar(100) not null,
  constraint pk_task_progress primary key (id),
  foreign key (task_id) references tasks (id) on delete cascade on update restrict
);

-- foreign keys and indices
create index ix_execution_groups_status on execution_groups (status);
create index ix_parallel_execution_log_group_id on parallel_execution_log (group_id);
create index ix_parallel_execution_log_task_id on parallel_execution_log (task_id);
create index ix_group_tasks_task_id on group_tasks (task_id);
create index ix_tasks_status on tasks (status);
create index ix_tasks_phase on tasks (phase);
create index ix_tasks_component_area on tasks (component_area);
create index ix_tasks_parent_task_id on tasks (parent_task_id);
create index ix_tasks_priority on tasks (priority);
create index ix_task_comments_task_id on task_comments (task_id);
create index ix_task_dependencies_depends_on_task_id on task_dependencies (depends_on_task_id);
create index ix_task_progress_task_id on task_progress (task_id);
