package tracker.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Consistent copies of a SQLite database with {@code VACUUM INTO}: it reads one snapshot, so the
 * copy is whole even while a server keeps writing (WAL lets the writer go on meanwhile).
 */
public final class Backups {

  private Backups() {}

  /** The database file of a SQLite JDBC URL. */
  public static Path sqliteFile(String jdbcUrl) {
    String rest = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = rest.indexOf('?');
    return Path.of(query < 0 ? rest : rest.substring(0, query));
  }

  /** Copies the database at {@code source} to {@code target}, which must not exist yet. */
  public static void copy(Path source, Path target) throws SQLException {
    if (!Files.exists(source)) {
      throw new IllegalArgumentException("no database at " + source);
    }
    if (Files.exists(target)) {
      throw new IllegalArgumentException(target + " already exists; choose a new file");
    }
    java.util.Properties settings = new java.util.Properties();
    settings.setProperty("busy_timeout", "15000");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + source, settings);
        NamedSql.Bound vacuum = NamedSql.of("vacuum into :file").prepare(c)) {
      vacuum.set("file", target.toAbsolutePath().toString()).jdbc().execute();
    }
  }

  /** True when the file has a tasks table with at least one row. */
  static boolean holdsData(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet table = s.executeQuery(
            "select count(*) as n from sqlite_master where type = 'table' and name = 'tasks'")) {
      if (!table.next() || table.getInt("n") == 0) {
        return false;
      }
    }
    try (Statement s = c.createStatement();
        ResultSet any = s.executeQuery("select exists (select 1 from tasks) as held")) {
      return any.next() && any.getInt("held") == 1;
    }
  }

  /** {@code tracker.db.bak-<version>-<timestamp>} beside the database. */
  static Path beforeMigration(Path database, String version) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return database.resolveSibling(database.getFileName() + ".bak-" + version + "-" + stamp);
  }
}
