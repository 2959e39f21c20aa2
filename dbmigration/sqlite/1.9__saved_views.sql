-- apply changes
create table saved_views (
  id                            integer not null,
  created_at                    timestamp not null,
  name                          varchar(60) not null,
  query                         varchar(2000) not null,
  created_by                    varchar(100) not null,
  constraint uq_saved_views_name unique (name),
  constraint pk_saved_views primary key (id)
);

-- a saved view's link names its id: never given twice (see IdsNeverReused)
insert into id_floor (table_name, last_id) values ('saved_views', 0);
