-- the trash's identity column never gives an id twice; SQLite's 1.10 marks its ids (see IdsNeverReused)
comment on table trash is 'deleted tasks, each restorable or purged by its id, which is never given twice';
