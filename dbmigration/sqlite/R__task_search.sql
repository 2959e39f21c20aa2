-- Text search over task titles and descriptions (GET /api/tasks?q=). An FTS5 index with the
-- trigram tokenizer answers case-insensitive substring queries of 3+ characters from the index,
-- so a search stays fast on 100k tasks where LIKE '%q%' would scan every row. Kept in step with
-- the tasks table by triggers (cascading deletes fire them too). Each trigger sits in a
-- delimiter block so the migration runner keeps its inner statements together.
create virtual table if not exists task_search using fts5(
  title, description, content='tasks', content_rowid='id', tokenize='trigram');

delimiter $$
create trigger if not exists task_search_insert after insert on tasks begin
  insert into task_search(rowid, title, description) values (new.id, new.title, new.description);
end;
$$

delimiter $$
create trigger if not exists task_search_delete after delete on tasks begin
  insert into task_search(task_search, rowid, title, description) values ('delete', old.id, old.title, old.description);
end;
$$

delimiter $$
create trigger if not exists task_search_update after update of title, description on tasks begin
  insert into task_search(task_search, rowid, title, description) values ('delete', old.id, old.title, old.description);
  insert into task_search(rowid, title, description) values (new.id, new.title, new.description);
end;
$$

insert into task_search(task_search) values ('rebuild');
