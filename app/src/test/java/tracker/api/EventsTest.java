package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;

class EventsTest extends ApiTests {

  @Test
  void a_change_through_the_api_reaches_an_open_event_stream_within_a_second() {
    api(api -> {
      long task = PlanApiTest.task(api, "watched", 1, "Low", "E");
      int port = Integer.parseInt(api.baseUrl().replaceAll(".*:", ""));
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var stream = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
              .header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofLines());
      try {
        HttpResponse<Stream<String>> response = stream.get(5, TimeUnit.SECONDS);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> response.body().forEach(lines::add));
        reader.setDaemon(true);
        reader.start();
        assertThat(poll(lines, "connected")).isNotNull();

        api.post("/api/tasks/" + task + "/comments", "{\"comment\": \"hello\"}");
        long group = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + task + "]}").json().get("id").asLong();

        assertThat(poll(lines, "event: task-updated")).isNotNull();
        assertThat(poll(lines, "data: ")).isEqualTo("data: " + task);
        assertThat(poll(lines, "event: group-updated")).isNotNull();
        assertThat(poll(lines, "data: ")).isEqualTo("data: " + group);

        // a refused change announces nothing
        api.post("/api/tasks/" + task + "/comments", "{\"comment\": \"\"}");
        assertThat(poll(lines, "event: ")).isNull();
      } catch (Exception e) {
        throw new AssertionError(e);
      } finally {
        stream.cancel(true);
      }
    });
  }

  @Test
  void every_event_id_names_one_event_so_a_resume_never_skips_part_of_a_change() {
    api(api -> {
      StringBuilder many = new StringBuilder("{\"tasks\": [");
      for (int i = 0; i < 5_001; i++) { // a history long enough to fall far behind
        many.append(i == 0 ? "" : ",").append("{\"title\": \"t").append(i)
            .append("\", \"component_area\": \"E\", \"phase\": 1, \"source_document\": \"s\"}");
      }
      assertThat(api.post("/api/tasks/bulk", many.append("]}").toString()).status()).isEqualTo(201);
      long a = PlanApiTest.task(api, "a", 1, "Low", "E");
      long b = PlanApiTest.task(api, "b", 1, "Low", "E");
      int port = Integer.parseInt(api.baseUrl().replaceAll(".*:", ""));
      try (tracker.support.EventStream stream = new tracker.support.EventStream(port, "", null)) {
        api.post("/api/tasks/" + b + "/dependencies", "{\"depends_on_task_id\": " + a + "}");
        tracker.support.EventStream.Event first = stream.next(2000);
        tracker.support.EventStream.Event second = stream.next(2000);
        assertThat(first.name()).isEqualTo("task-updated");
        assertThat(second.name()).isEqualTo("task-updated");
        assertThat(List.of(first.data(), second.data())).containsExactlyInAnyOrder(String.valueOf(a), String.valueOf(b));
        assertThat(first.id()).as("only the entry's last event carries its id").isNull();
        assertThat(second.id()).isNotNull();
        long entry = Long.parseLong(second.id());
        try (tracker.support.EventStream resumed = new tracker.support.EventStream(port, "", String.valueOf(entry - 1))) {
          assertThat(resumed.next(2000).data()).isEqualTo(first.data());
          assertThat(resumed.next(2000).id()).isEqualTo(second.id());
        }
        // far behind: a reset instead of a long replay
        try (tracker.support.EventStream behind = new tracker.support.EventStream(port, "?since=" + (entry - 5_003), null)) {
          tracker.support.EventStream.Event reset = behind.next(2000);
          assertThat(reset.name()).isEqualTo("reset");
          assertThat(reset.id()).isEqualTo(second.id());
        }
        // a page's first connection names where it was rendered, as a query parameter
        try (tracker.support.EventStream fromPage = new tracker.support.EventStream(port, "?since=" + (entry - 1), null)) {
          assertThat(fromPage.next(2000).data()).isEqualTo(first.data());
          assertThat(fromPage.next(2000).id()).isEqualTo(second.id());
        }
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  @Test
  void a_cursor_or_parameter_that_is_not_what_it_documents_is_a_400_not_a_stream_from_now() {
    api(api -> {
      for (String query : List.of("?since=abc", "?since=99999999999999999999", "?since=-1", "?since=1&since=2",
          "?foo=1", "?per_entity=maybe")) {
        ApiClient.Reply refused = api.get("/events" + query, "Accept", "text/event-stream");
        assertThat(refused.status()).as(query).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      }
      ApiClient.Reply header = api.get("/events", "Accept", "text/event-stream", "Last-Event-ID", "abc");
      assertThat(header.status()).isEqualTo(400);
      assertThat(header.text()).contains("Last-Event-ID");
    });
  }

  /** The next line starting with {@code prefix} within a second, or null. */
  static String poll(BlockingQueue<String> lines, String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.contains(prefix)) {
        return line;
      }
    }
    return null;
  }
}
