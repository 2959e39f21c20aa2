-- apply changes
create table idempotent_answers (
  id                            integer not null,
  created_at                    timestamp not null,
  idempotency_key               varchar(255) not null,
  fingerprint                   varchar(64) not null,
  status                        integer not null,
  content_type                  varchar(100),
  etag                          varchar(100),
  location                      varchar(200),
  body                          clob,
  constraint uq_idempotent_answers_idempotency_key unique (idempotency_key),
  constraint pk_idempotent_answers primary key (id)
);

-- apply alter tables
alter table tasks add column claim_token integer default 0 not null;
-- foreign keys and indices
create index ix_idempotent_answers_created_at on idempotent_answers (created_at);
