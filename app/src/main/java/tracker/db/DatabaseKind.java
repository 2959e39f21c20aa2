package tracker.db;

/** The two databases the tracker runs on, named as in {@code /health} and the migration folders. */
public enum DatabaseKind {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String label;

  DatabaseKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /** Folder under {@code dbmigration/} holding this database's migrations. */
  public String migrationFolder() {
    return this == SQLITE ? "sqlite" : "postgres";
  }

  /** The database a JDBC URL selects; anything but SQLite or PostgreSQL is refused. */
  public static DatabaseKind of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "DB_URL must start with jdbc:sqlite: or jdbc:postgresql:, not '" + jdbcUrl + "'");
  }
}
