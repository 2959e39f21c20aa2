package tracker.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tracker.db.DatabaseKind;

/** Which database a command works on: {@code --db FILE}, else {@code --db-url}/DB_URL, else ./tracker.db. */
public final class DatabaseOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--db", paramLabel = "FILE", description = "SQLite database file (overrides DB_URL).")
  String file;

  @Option(names = "--db-url", defaultValue = "${env:DB_URL:-jdbc:sqlite:tracker.db}", paramLabel = "JDBC_URL",
      description = "JDBC URL of the database (env DB_URL, default ${DEFAULT-VALUE}); "
          + "a jdbc:postgresql:// URL selects PostgreSQL.")
  String url;

  @Option(names = "--db-echo", defaultValue = "${env:DB_ECHO:-false}", paramLabel = "BOOL", arity = "0..1",
      fallbackValue = "true", description = "Log every SQL statement (env DB_ECHO).")
  boolean echo;

  /** The JDBC URL to open; also switches on SQL logging when asked. */
  public String jdbcUrl() {
    if (echo) {
      System.setProperty("org.slf4j.simpleLogger.log.io.ebean.SQL", "trace");
      System.setProperty("org.slf4j.simpleLogger.log.io.ebean.TXN", "debug");
    }
    String jdbcUrl = file != null ? "jdbc:sqlite:" + file : url;
    try {
      DatabaseKind.of(jdbcUrl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (file != null) {
      String unusable = unusableFile(java.nio.file.Path.of(file).toAbsolutePath());
      if (unusable != null) {
        throw new ParameterException(spec.commandLine(), "--db " + file + ": " + unusable);
      }
    }
    return jdbcUrl;
  }

  /** Why a file cannot hold the database, before SQLite is asked (its errors name no file); null when it can. */
  private static String unusableFile(java.nio.file.Path path) {
    if (java.nio.file.Files.isDirectory(path)) {
      return "is a folder; give the database file's name";
    }
    if (!java.nio.file.Files.exists(path)) {
      java.nio.file.Path folder = path.getParent();
      return folder == null || java.nio.file.Files.isDirectory(folder) ? null
          : "the folder " + folder + " does not exist; make it first, or choose another file";
    }
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(path)) {
      byte[] header = in.readNBytes(16);
      return header.length == 0 || new String(header, java.nio.charset.StandardCharsets.ISO_8859_1)
          .equals("SQLite format 3\0") ? null : "is not a SQLite database";
    } catch (java.io.IOException e) {
      return "cannot be read (" + e.getMessage() + ")";
    }
  }

  /** Whether the database is a SQLite file that does not exist yet (opening it would create it). */
  public boolean isNewSqliteFile() {
    String jdbcUrl = jdbcUrl();
    return DatabaseKind.of(jdbcUrl) == DatabaseKind.SQLITE
        && !java.nio.file.Files.exists(tracker.db.Backups.sqliteFile(jdbcUrl));
  }

  /** Whether a file is a SQLite database that holds the tracker's tables (read-only: nothing is written). */
  private static boolean isTrackerDatabase(java.nio.file.Path file) {
    org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
    config.setReadOnly(true);
    try (java.sql.Connection c = config.createConnection("jdbc:sqlite:" + file);
        java.sql.ResultSet rs = c.createStatement().executeQuery("""
            select count(*) as n from sqlite_master where type = 'table' and name in ('tasks', 'db_migration')""")) {
      return rs.next() && rs.getInt("n") == 2;
    } catch (java.sql.SQLException e) {
      return false; // not a database at all
    }
  }

  /**
   * The JDBC URL of a database that must exist already: a command that only reads (export,
   * backup) must not leave an empty file behind a typo.
   */
  public String existingJdbcUrl() {
    String jdbcUrl = jdbcUrl();
    if (DatabaseKind.of(jdbcUrl) == DatabaseKind.SQLITE) {
      java.nio.file.Path file = tracker.db.Backups.sqliteFile(jdbcUrl);
      if (!java.nio.file.Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "there is no database " + file
            + "; this command reads an existing one (serve or import creates one)");
      }
      if (!isTrackerDatabase(file)) {
        throw new ParameterException(spec.commandLine(), file + " is not a tracker database;"
            + " this command reads one and changes nothing in it");
      }
    }
    return jdbcUrl;
  }
}
