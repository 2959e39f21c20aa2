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

