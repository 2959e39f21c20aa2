package tracker.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import tracker.app.Tracker;
import tracker.db.NamedSql;

/** Real databases for tests: a SQLite file in a temp folder, or a fresh database on one embedded PostgreSQL. */
public final class TestDatabases {

  /** The newest migration version in dbmigration/. */
  public static final String SCHEMA_VERSION = "1.10";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  /** The first column of the first row of a query on a SQLite file, read with plain JDBC. */
  public static String scalar(Path db, String sql) throws SQLException {
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * How SQLite would run a statement on the tracker's database: one line per step of its plan.
   * The parameters are given in order of appearance, named or not.
   */
  public static String queryPlan(Tracker tracker, String sql, Object... parameters) throws SQLException {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        java.sql.PreparedStatement plan = c.prepareStatement("explain query plan " + NamedSql.of(sql).positional())) {
      for (int i = 0; i < parameters.length; i++) {
        plan.setObject(i + 1, parameters[i]);
      }
      StringBuilder steps = new StringBuilder();
      try (java.sql.ResultSet rs = plan.executeQuery()) {
        while (rs.next()) {
          steps.append(rs.getString("detail")).append('\n');
        }
      } finally {
        c.rollback();
      }
      return steps.toString();
    }
  }

  public static String sqliteUrl(Path dir) {
    return "jdbc:sqlite:" + dir.resolve("tracker-" + COUNTER.incrementAndGet() + ".db");
  }

  public static Tracker sqlite(Path dir) {
    return Tracker.open(sqliteUrl(dir));
  }

  /** The databases every service and API suite runs on. */
  public static final String SQLITE = "sqlite";
  public static final String POSTGRESQL = "postgresql";

  /** A tracker on a fresh database of the kind named: a SQLite file in {@code dir}, or a new PostgreSQL database. */
  public static Tracker open(String database, Path dir) {
    return switch (database) {
      case SQLITE -> sqlite(dir);
      case POSTGRESQL -> Tracker.open(migratedPostgresUrl());
      default -> throw new IllegalArgumentException(database);
    };
  }

  /**
   * A new database with the current schema, copied from a template migrated once per run
   * (creating from a template takes milliseconds; migrating, most of a second).
   */
  public static synchronized String migratedPostgresUrl() {
    if (!templateReady) {
      String template = postgresUrl("tracker_template");
      Tracker.open(template).close();
      templateReady = true;
    }
    return postgresUrl("tracker_" + COUNTER.incrementAndGet() + " template tracker_template");
  }

  private static boolean templateReady;

  /** A JDBC URL of a new, empty database on the PostgreSQL started once for the whole test run. */
  public static synchronized String postgresUrl() {
    return postgresUrl("tracker_" + COUNTER.incrementAndGet());
  }

  private static String postgresUrl(String nameAndOptions) {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            postgres.close();
          } catch (IOException ignored) {
            // the JVM is going away
          }
        }));
      }
      try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
        s.execute("create database " + nameAndOptions);
      }
      return postgres.getJdbcUrl("postgres", nameAndOptions.split(" ")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
