-- a trash entry's id is what restore and purge name: never given twice (see IdsNeverReused); an
-- entry restored or purged before now is gone from the table, its id only in the history
insert into id_floor (table_name, last_id) values ('trash', max((select coalesce(max(id), 0) from trash),
  (select coalesce(max(cast(json_extract(changes, '$.trash_id.to') as integer)), 0) from activity
    where action in ('deleted', 'restored', 'purged'))));
