package tracker.db;

/**
 * The two databases the tracker runs on, named as in {@code /health} and the migration folders,
 * and what their SQL says differently: the one place that knows (features ask it, never compare
 * kinds).
 */
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

  /**
   * SQLite lets one transaction write at a time (the tracker queues writers in-process); on
   * PostgreSQL writers run together, so rules over many rows take locks and several server
   * instances hear of each other's changes.
   */
  public boolean hasSingleWriter() {
    return this == SQLITE;
  }

  /** SQL true when text {@code column} holds the statement's next parameter, case-sensitively (no pattern). */
  public String holds(String column) {
    return this == SQLITE ? "instr(" + column + ", ?) > 0" : "strpos(" + column + ", ?) > 0";
  }

  /** SQL true when text {@code column} matches the next parameter as a LIKE pattern ignoring case (a backslash escapes). */
  public String likeIgnoringCase(String column) {
    // SQLite's LIKE ignores ASCII case by itself and has no escape character unless told
    return this == SQLITE ? column + " like ? escape '\\'" : column + " ilike ?";
  }

  /** SQL for the seconds since 1970 of timestamp {@code column} (SQLite keeps milliseconds). */
  public String epochSeconds(String column) {
    return this == SQLITE ? column + " / 1000.0" : "extract(epoch from " + column + ")";
  }

  /**
   * Whether the text index answers a MATCH for {@code text} (SQLite's FTS5 trigram index needs 3
   * characters); otherwise a search is a LIKE, which PostgreSQL's pg_trgm index serves.
   */
  public boolean matchesTrigrams(String text) {
    return this == SQLITE && text.codePointCount(0, text.length()) >= 3;
  }

  /** Whether a new row may take the id of a deleted one (SQLite's max + 1), so ids need a mark (IdsNeverReused). */
  public boolean reusesDeletedIds() {
    return this == SQLITE;
  }

  /** Binds JSON text to a parameter: PostgreSQL's column is {@code json}, SQLite's is text. */
  public void bindJson(java.sql.PreparedStatement statement, int index, String json) throws java.sql.SQLException {
    if (this == SQLITE) {
      statement.setString(index, json);
    } else {
      statement.setObject(index, json, java.sql.Types.OTHER);
    }
  }

  /**
   * After rows were inserted with their own ids, the statement that moves {@code table}'s id
   * generator past them (PostgreSQL's identity sequence), or null where the next id follows the
   * rows by itself (SQLite).
   */
  public String idGeneratorPastRows(String table) {
    return this == SQLITE ? null : "select setval(pg_get_serial_sequence('" + table + "', 'id'),"
        + " coalesce((select max(id) from " + table + "), 0) + 1, false)";
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
