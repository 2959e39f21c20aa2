package tracker;

import tracker.db.TrackerDatabase;
import tracker.tasks.TaskService;

/** The assembled application: the database and the services every front end (API, pages, CLI) shares. */
public final class Tracker implements AutoCloseable {

  private final TrackerDatabase database;
  private final TaskService tasks;

  private Tracker(TrackerDatabase database) {
    this.database = database;
    this.tasks = new TaskService(database.ebean(), database.transactions(), database.kind());
  }

  /** Opens the database at a JDBC URL (applying pending migrations) and builds the services. */
  public static Tracker open(String jdbcUrl) {
    return new Tracker(TrackerDatabase.open(jdbcUrl, System.getenv("DB_USER"), System.getenv("DB_PASSWORD")));
  }

  public TrackerDatabase database() {
    return database;
  }

  public TaskService tasks() {
    return tasks;
  }

  @Override
  public void close() {
    database.close();
  }
}
