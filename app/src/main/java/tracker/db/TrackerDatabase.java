package tracker.db;

import io.ebean.Database;
import io.ebean.DatabaseFactory;
import io.ebean.config.DatabaseConfig;
import io.ebean.datasource.DataSourceConfig;
import io.ebean.datasource.DataSourceFactory;
import io.ebean.datasource.DataSourcePool;
import io.ebean.migration.MigrationConfig;
import io.ebean.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.LoggerFactory;

/** Opens the database: connection settings, pending migrations, then the Ebean database. */
public final class TrackerDatabase implements AutoCloseable {

  private final DatabaseKind kind;
  private final DataSourcePool pool;
  private final Database ebean;
  private final Transactions transactions;
  private final DataSourceConfig settings;

  /** Connections in autocommit mode for reads of one statement: {@link Transactions#oneStatement}. */
  private final DataSourcePool statementReads;

  private TrackerDatabase(DatabaseKind kind, DataSourcePool pool, DataSourcePool statementReads, Database ebean,
      DataSourceConfig settings) {
    this.kind = kind;
    this.pool = pool;
    this.statementReads = statementReads;
    this.ebean = ebean;
    this.settings = settings;
    this.transactions = new Transactions(ebean, kind, statementReads);
  }

  /**
   * A connection of its own, outside the pool, for work that holds one for as long as the
   * process runs (PostgreSQL LISTEN); the caller closes it.
   */
  public Connection dedicatedConnection() throws SQLException {
    java.util.Properties credentials = new java.util.Properties();
    credentials.setProperty("user", settings.getUsername());
    credentials.setProperty("password", settings.getPassword() == null ? "" : settings.getPassword());
    return java.sql.DriverManager.getConnection(settings.getUrl(), credentials);
  }

  /**
   * Connects to {@code jdbcUrl}, applies pending migrations and returns the ready database.
   */
  public static TrackerDatabase open(String jdbcUrl, String user, String password) {
    DatabaseKind kind = DatabaseKind.of(jdbcUrl);
    String name = "tracker-" + Integer.toHexString(System.identityHashCode(jdbcUrl)) + "-" + System.nanoTime();
    DataSourceConfig ds = new DataSourceConfig();
    ds.name(name)
        .url(jdbcUrl)
        // the pool insists on a user; SQLite ignores it, PostgreSQL takes DB_USER or the URL's user=
        .username(user != null ? user : urlParameter(jdbcUrl, "user", kind == DatabaseKind.SQLITE ? "sqlite" : "postgres"))
        .password(password != null ? password : urlParameter(jdbcUrl, "password", ""))
        .minConnections(1)
        // as many as the requests a busy machine serves at once: a request that has to wait for
        // a connection costs a thread hand-off, and at 16 concurrent readers on 8 connections the
        // hand-offs halved the reads per second (ApiBenchmark); an idle SQLite connection is cheap
        .maxConnections(kind == DatabaseKind.SQLITE ? 32 : 16)
        // the pool's own JVM shutdown hook ran beside the server's and closed the pool under
        // requests still finishing, whose next connection then logged "RESOLVED FATAL ... is back
        // up!" as an ERROR: the server closes the pool itself, last (see close)
        .shutdownOnJvmExit(false);
    if (kind == DatabaseKind.SQLITE) {
      ds.driver(SqliteDriver.class.getName());
      ds.customProperties(sqlitePragmas());
    } else {
      ds.driver("org.postgresql.Driver");
    }
    DataSourcePool pool = DataSourceFactory.create(name, ds);
    DataSourcePool statementReads = null;
    try {
      migrate(pool, kind, jdbcUrl);
      DatabaseConfig config = new DatabaseConfig();
      config.setName(name);
      config.setDataSource(pool);
      // "default" makes the generated entity register apply; not registering keeps DB.getDefault()
      // empty, so tests can open several databases in one JVM.
      config.setDefaultServer(true);
      config.setRegister(false);
      config.setRunMigration(false);
      // Ebean's own JVM shutdown hook would close the database beside the server's hook, under
      // requests still finishing: the server closes it itself, after the web server stopped
      config.shutdownHook(false);
      if (kind == DatabaseKind.SQLITE) {
        config.add(new IdsNeverReused());
      }
      config.setDdlGenerate(false);
      config.setDdlRun(false);
      Database ebean = DatabaseFactory.create(config);
      // fewer than the main pool: only the by-id read and the change stamp use them; on
      // PostgreSQL the two pools share the 20 connections one instance had before, since every
      // instance's connections count against the server's max_connections
      DataSourceConfig autocommit = ds.copy();
      autocommit.setAutoCommit(true);
      autocommit.setMaxConnections(kind == DatabaseKind.SQLITE ? 16 : 4);
      statementReads = DataSourceFactory.create(name + "-statements", autocommit);
      return new TrackerDatabase(kind, pool, statementReads, ebean, ds);
    } catch (RuntimeException e) {
      if (statementReads != null) {
        statementReads.shutdown();
      }
      pool.shutdown();
      throw e;
    }
  }

  /**
   * Applied to every SQLite connection as it opens: enforce foreign keys, WAL so readers never
   * block the writer, NORMAL sync (safe with WAL), wait rather than fail on a lock, temp in
   * memory. The page cache is 1 MiB per connection, half SQLite's default: the operating system
   * caches the file for every connection at once, so a connection's own cache saves only the copy
   * of a page, while it multiplies resident memory by the pool's size (32 connections at most).
   */
  static Map<String, String> sqlitePragmas() {
    Map<String, String> pragmas = new LinkedHashMap<>();
    pragmas.put("foreign_keys", "true");
    pragmas.put("journal_mode", "WAL");
    pragmas.put("synchronous", "NORMAL");
    pragmas.put("busy_timeout", "15000");
    pragmas.put("temp_store", "MEMORY");
    pragmas.put("cache_size", "-1024");
    return pragmas;
  }

  private static String urlParameter(String jdbcUrl, String name, String fallback) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]" + name + "=([^&]*)").matcher(jdbcUrl);
    return m.find() ? java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8) : fallback;
  }

  private static void migrate(DataSourcePool pool, DatabaseKind kind, String jdbcUrl) {
    MigrationConfig config = new MigrationConfig();
    config.setMigrationPath("dbmigration/" + kind.migrationFolder());
    config.setPlatform(kind.migrationFolder());
    MigrationRunner runner = new MigrationRunner(config);
    if (kind == DatabaseKind.SQLITE) {
      backUpBeforeMigrating(runner, pool, Backups.sqliteFile(jdbcUrl));
    }
    runner.run(pool);
  }

  /**
   * A SQLite file that holds data is copied beside itself before a pending migration touches it
   * ({@code tracker.db.bak-<version>-<timestamp>}); see the README for restoring one.
   */
  private static void backUpBeforeMigrating(MigrationRunner runner, DataSourcePool pool, java.nio.file.Path file) {
    try (java.sql.Connection c = pool.getConnection()) {
      boolean holdsData = Backups.holdsData(c);
      c.rollback();
      if (!holdsData) {
        return;
      }
      java.util.List<io.ebean.migration.MigrationResource> pending = runner.checkState(pool);
      if (pending.isEmpty()) {
        return;
      }
      String version = pending.stream().map(r -> r.version().asString()).filter(v -> v.matches("[0-9.]+"))
          .reduce((first, second) -> second).orElse("repeatable");
      java.nio.file.Path backup = Backups.beforeMigration(file, version);
      Backups.copy(file, backup);
      LoggerFactory.getLogger(TrackerDatabase.class).warn("Backed up {} to {} before migrating", file, backup);
      System.err.println("Backed up " + file + " to " + backup + " before applying migration " + version);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not back up " + file + " before migrating: " + e.getMessage(), e);
    }
  }

  public DatabaseKind kind() {
    return kind;
  }

  public Database ebean() {
    return ebean;
  }

  public Transactions transactions() {
    return transactions;
  }

  /** The connections in autocommit mode for reads of one statement, for an operator's gauges. */
  public DataSourcePool statementPool() {
    return statementReads;
  }

  /** The newest applied migration version, e.g. "1.0". */
  public String schemaVersion() {
    return ebean.sqlQuery("select mversion from db_migration where mtype = 'V' order by id desc")
        .setMaxRows(1)
        .mapToScalar(String.class)
        .findOne();
  }

  @Override
  public void close() {
    ebean.shutdown(false, false);
    statementReads.shutdown();
    pool.shutdown();
  }
}
