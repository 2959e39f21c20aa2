package tracker.support;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import tracker.app.Tracker;
import tracker.api.ApiClient;
import tracker.app.WebApp;

/**
 * A test with its own tracker on a fresh database, reached over HTTP: every such suite runs
 * once on a SQLite file and once on a real PostgreSQL.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
public abstract class ApiTests {

  @Parameter
  protected String database;

  @TempDir
  protected Path dir;
  protected Tracker tracker;

  @BeforeEach
  void openTracker() {
    tracker = TestDatabases.open(database, dir);
  }

  @AfterEach
  void closeTracker() {
    tracker.close();
  }

  /** Runs a test against the app on a free port (no token). */
  protected void api(Consumer<ApiClient> test) {
    JavalinTest.test(WebApp.create(tracker), (server, client) -> test.accept(new ApiClient(server.port())));
  }

  protected long rows(String table) {
    return tracker.database().ebean().sqlQuery("select count(*) as n from " + table).findOne().getLong("n");
  }
}
