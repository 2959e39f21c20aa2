package tracker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.Tracker;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;

class PagesTest {

  @TempDir
  static Path dir;
  static Tracker tracker;

  @BeforeAll
  static void open() {
    tracker = TestDatabases.sqlite(dir);
    tracker.tasks().create(new TaskDraft("Design schema", null, "Database", 1, null, null, null, "plan.md", null, 3.0, null));
  }

  @AfterAll
  static void close() {
    tracker.close();
  }

  @Test
  void health_names_the_database_and_schema() {
    JavalinTest.test(WebApp.create(tracker), (server, client) -> {
      var response = client.get("/health");
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string())
          .isEqualTo("{\"status\":\"ok\",\"database\":\"sqlite\",\"schema_version\":\"" + TestDatabases.SCHEMA_VERSION + "\"}");
    });
  }

  @Test
  void dashboard_is_rendered_with_htmx_from_static() {
    JavalinTest.test(WebApp.create(tracker), (server, client) -> {
      var page = client.get("/");
      assertThat(page.code()).isEqualTo(200);
      assertThat(page.headers().get("Content-Type")).first().asString().startsWith("text/html");
      String html = page.body().string();
      assertThat(html).contains("<script src=\"/static/htmx-2.0.11.min.js\"", "id=\"stats\"", "3.0 h");
      assertThat(html).doesNotContain("://unpkg", "cdn");

      var htmx = client.get("/static/htmx-2.0.11.min.js");
      assertThat(htmx.code()).isEqualTo(200);
      assertThat(htmx.body().string()).contains("htmx");
    });
  }
}
