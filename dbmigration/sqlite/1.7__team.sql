-- apply changes
create table access_tokens (
  id                            integer not null,
  created_at                    timestamp not null,
  identity_id                   integer not null,
  name                          varchar(100) not null,
  secret_hash                   varchar(64) not null,
  expires_at                    timestamp,
  last_used_at                  timestamp,
  revoked_at                    timestamp,
  constraint uq_access_tokens_secret_hash unique (secret_hash),
  constraint pk_access_tokens primary key (id),
  foreign key (identity_id) references identities (id) on delete cascade on update restrict
);

create table identities (
  id                            integer not null,
  created_at                    timestamp not null,
  name                          varchar(50) not null,
  kind                          varchar(20) not null,
  role                          varchar(20) not null,
  constraint ck_identities_kind check ( kind in ('person','agent')),
  constraint ck_identities_role check ( role in ('reader','worker','planner','admin')),
  constraint uq_identities_name unique (name),
  constraint pk_identities primary key (id)
);

create table settings (
  name                          varchar(100) not null,
  value                         varchar(1000) not null,
  constraint pk_settings primary key (name)
);

create table trash (
  id                            integer not null,
  created_at                    timestamp not null,
  task_id                       integer not null,
  title                         varchar(500) not null,
  task_count                    integer not null,
  deleted_by                    varchar(100) not null,
  snapshot                      clob not null,
  constraint pk_trash primary key (id)
);

-- apply alter tables
alter table task_comments add column author varchar(100);
alter table tasks add column optimistic_hours double;
alter table tasks add column pessimistic_hours double;
alter table tasks add column assignee varchar(50);
alter table tasks add column labels varchar(1100);
-- foreign keys and indices
create index ix_access_tokens_identity_id on access_tokens (identity_id);
create index ix_tasks_assignee on tasks (assignee);
create index ix_trash_created_at on trash (created_at);
