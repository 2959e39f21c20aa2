package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.app.WebApp;

/** POST /api/tasks/bulk with 10,000 tasks and 30,000 dependencies by ref: target under 5 s. */
@Tag("benchmark")
class BulkBenchmark {

  @TempDir
  Path dir;

  static String plan(int tasks, int edgesPerTask, long seed) {
    Random random = new Random(seed);
    StringBuilder body = new StringBuilder("{\"tasks\": [");
    for (int i = 0; i < tasks; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"ref\": \"t").append(i).append("\", \"title\": \"Task ").append(i)
          .append("\", \"component_area\": \"Area ").append(i % 20).append("\", \"phase\": ").append(1 + i % 4)
          .append(", \"source_document\": \"bulk.md\", \"time_estimate_hours\": ").append(1 + i % 8)
          .append(", \"depends_on\": [");
      java.util.Set<Integer> chosen = new java.util.TreeSet<>();
      while (i >= edgesPerTask && chosen.size() < edgesPerTask) {
        chosen.add(Math.max(0, i - 1 - random.nextInt(Math.min(i, 500))));
      }
      int k = 0;
      for (int p : chosen) {
        body.append(k++ > 0 ? "," : "").append("{\"ref\": \"t").append(p).append("\"}");
      }
      body.append("]}");
    }
    return body.append("]}").toString();
  }

  @Test
  void ten_thousand_tasks_with_thirty_thousand_dependencies_in_one_request() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      try {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Bench bench = new Bench("Bulk create over HTTP, SQLite");
        // warm up on a small plan, then the real one
        send(http, app.port(), plan(500, 3, 1));
        String body = plan(10_000, 3, 42);
        long edgesBefore = edges(tracker);
        long start = System.nanoTime();
        HttpResponse<String> response = send(http, app.port(), body);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        bench.figure("10,000 tasks + " + (edges(tracker) - edgesBefore) + " dependencies, body " + body.length() / 1024 + " KiB",
            seconds, "s", "< 5 s", seconds < 5);
        System.out.println(bench.table());
      } finally {
        app.stop();
      }
    }
  }

  static long edges(Tracker tracker) {
    return tracker.database().ebean().sqlQuery("select count(*) as n from task_dependencies").findOne().getLong("n");
  }

  static HttpResponse<String> send(HttpClient http, int port, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks/bulk"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
