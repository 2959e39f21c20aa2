-- apply changes
create table web_sessions (
  id                            integer not null,
  created_at                    timestamp not null,
  session_hash                  varchar(64) not null,
  token_hash                    varchar(64) not null,
  expires_at                    timestamp not null,
  ended_at                      timestamp,
  constraint uq_web_sessions_session_hash unique (session_hash),
  constraint pk_web_sessions primary key (id)
);

-- foreign keys and indices
create index ix_web_sessions_expires_at on web_sessions (expires_at);
