-- a trash entry's id is what restore and purge name: never given twice (see IdsNeverReused)
insert into id_floor (table_name, last_id) values ('trash', (select coalesce(max(id), 0) from trash));
