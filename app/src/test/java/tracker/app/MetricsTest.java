package tracker.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.support.ApiTests;

/** /metrics: a Prometheus scrape whose figures move with what the server does. */
class MetricsTest extends ApiTests {

  static double value(String scrape, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @Test
  void a_scrape_names_what_an_operator_watches_and_its_figures_move() {
    api(api -> {
      ApiClient.Reply first = api.get("/metrics");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.header("Content-Type")).startsWith("text/plain");
      assertThat(first.text()).contains("jvm_memory_used_bytes", "tracker_db_pool_busy", "tracker_db_statement_pool_busy", "tracker_events_streams",
          "jetty_threads_current", "process_uptime_seconds");

      api.post("/api/tasks", "{\"title\": \"t\", \"component_area\": \"X\", \"phase\": 1, \"source_document\": \"s\"}");
      api.post("/api/claim", "{\"worker\": \"w\"}");
      api.get("/api/tasks/1");
      api.get("/api/tasks/1");
      api.get("/api/tasks/999");
      pause(); // the history is picked up by the stream a moment after the commit

      String scrape = api.get("/metrics").text();
      assertThat(value(scrape, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/tasks/{id}\",status=\"200\"}"))
          .isEqualTo(2);
      assertThat(value(scrape, "http_server_requests_seconds_count{method=\"GET\",route=\"/api/tasks/{id}\",status=\"404\"}"))
          .isEqualTo(1);
      assertThat(scrape).contains("http_server_requests_seconds_bucket{method=\"POST\",route=\"/api/claim\"");
      assertThat(value(scrape, "tracker_activity_entries_total{action=\"claimed\"}")).isEqualTo(1);
      assertThat(value(scrape, "tracker_activity_entries_total{action=\"created\"}")).isEqualTo(1);
      assertThat(scrape).contains("tracker_activity_lag_seconds_count");
      if (database.equals("sqlite")) {
        assertThat(value(scrape, "tracker_db_writer_wait_seconds_count")).isGreaterThanOrEqualTo(2);
      }
      assertThat(scrape).doesNotContain("999\""); // ids never become series: one per route template
    });
  }

  static void pause() {
    try {
      Thread.sleep(600);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
