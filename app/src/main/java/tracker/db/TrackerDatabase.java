package tracker.db;

import io.ebean.Database;
import io.ebean.DatabaseFactory;
import io.ebean.config.DatabaseConfig;
import io.ebean.datasource.DataSourceConfig;
import io.ebean.datasource.DataSourceFactory;
import io.ebean.datasource.DataSourcePool;
import io.ebean.migration.MigrationConfig;
import io.ebean.migration.MigrationRunner;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the database: connection settings, pending migrations, then the Ebean database. */
public final class TrackerDatabase implements AutoCloseable {

  private final DatabaseKind kind;
  private final DataSourcePool pool;
  private final Database ebean;
  private final Transactions transactions;

  private TrackerDatabase(DatabaseKind kind, DataSourcePool pool, Database ebean) {
    this.kind = kind;
    this.pool = pool;
    this.ebean = ebean;
    this.transactions = new Transactions(ebean, kind);
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
        .maxConnections(kind == DatabaseKind.SQLITE ? 8 : 20);
    if (kind == DatabaseKind.SQLITE) {
      ds.driver("org.sqlite.JDBC");
      ds.customProperties(sqlitePragmas());
    } else {
      ds.driver("org.postgresql.Driver");
    }
    DataSourcePool pool = DataSourceFactory.create(name, ds);
    try {
      migrate(pool, kind);
      DatabaseConfig config = new DatabaseConfig();
      config.setName(name);
      config.setDataSource(pool);
      // "default" makes the generated entity register apply; not registering keeps DB.getDefault()
      // empty, so tests can open several databases in one JVM.
      config.setDefaultServer(true);
      config.setRegister(false);
      config.setRunMigration(false);
      config.setDdlGenerate(false);
      config.setDdlRun(false);
      Database ebean = DatabaseFactory.create(config);
      return new TrackerDatabase(kind, pool, ebean);
    } catch (RuntimeException e) {
      pool.shutdown();
      throw e;
    }
  }

  /**
   * Applied to every SQLite connection as it opens: enforce foreign keys, WAL so readers never
   * block the writer, NORMAL sync (safe with WAL), wait rather than fail on a lock, temp in memory.
   */
  static Map<String, String> sqlitePragmas() {
    Map<String, String> pragmas = new LinkedHashMap<>();
    pragmas.put("foreign_keys", "true");
    pragmas.put("journal_mode", "WAL");
    pragmas.put("synchronous", "NORMAL");
    pragmas.put("busy_timeout", "15000");
    pragmas.put("temp_store", "MEMORY");
    return pragmas;
  }

  private static String urlParameter(String jdbcUrl, String name, String fallback) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]" + name + "=([^&]*)").matcher(jdbcUrl);
    return m.find() ? java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8) : fallback;
  }

  private static void migrate(DataSourcePool pool, DatabaseKind kind) {
    MigrationConfig config = new MigrationConfig();
    config.setMigrationPath("dbmigration/" + kind.migrationFolder());
    config.setPlatform(kind.migrationFolder());
    new MigrationRunner(config).run(pool);
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
    pool.shutdown();
  }
}
