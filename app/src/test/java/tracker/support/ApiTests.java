package tracker.support;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import tracker.Tracker;
import tracker.api.ApiClient;
import tracker.web.WebApp;

/** A test with its own tracker on a fresh SQLite file, reached over HTTP. */
public abstract class ApiTests {

  @TempDir
  protected Path dir;
  protected Tracker tracker;

  @BeforeEach
  void openTracker() {
    tracker = TestDatabases.sqlite(dir);
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
