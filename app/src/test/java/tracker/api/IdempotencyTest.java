package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;
import static tracker.api.PlanApiTest.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;
import tracker.support.DatabaseSnapshot;

/** Idempotency-Key on every write: a retry answers the first response and has no second effect. */
class IdempotencyTest extends ApiTests {

  /** Each write of the API, sent twice with one key: the same answer, one effect. */
  @Test
  void every_write_sent_twice_with_one_key_takes_effect_once() {
    api(api -> {
      long a = task(api, "a", 1, "Low", "X");
      long b = task(api, "b", 1, "Low", "X");
      long c = task(api, "c", 1, "Low", "X");
      String[][] writes = {
          {"POST", "/api/tasks", "{\"title\": \"new\", \"component_area\": \"X\", \"phase\": 1, \"source_document\": \"s\"}"},
          {"POST", "/api/tasks/bulk", "{\"tasks\": [{\"title\": \"bulk\", \"component_area\": \"X\", \"phase\": 1,"
              + " \"source_document\": \"s\"}]}"},
          {"POST", "/api/tasks/" + a + "/dependencies", "{\"depends_on_task_id\": " + b + "}"},
          {"POST", "/api/claim", "{\"worker\": \"w\"}"},
          {"POST", "/api/tasks/" + c + "/progress", "{\"progress_percentage\": 40}"},
          {"POST", "/api/tasks/" + c + "/comments", "{\"comment\": \"note\"}"},
          {"POST", "/api/tasks/" + c + "/status", "{\"status\": \"blocked\"}"},
          {"PATCH", "/api/tasks/" + c, "{\"title\": \"renamed\"}"},
          {"POST", "/api/groups", "{\"name\": \"g\", \"task_ids\": [" + b + "]}"},
          {"DELETE", "/api/tasks/" + a + "/dependencies/" + b, null},
      };
      int n = 0;
      for (String[] write : writes) {
        String key = "key-" + n++;
        ApiClient.Reply first = send(api, write, key);
        assertThat(first.status()).as("%s %s: %s", write[0], write[1], first.text()).isBetween(200, 299);
        String afterFirst = snapshot();
        ApiClient.Reply again = send(api, write, key);
        assertThat(again.status()).as("%s %s", write[0], write[1]).isEqualTo(first.status());
        assertThat(again.text()).isEqualTo(first.text());
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(snapshot()).as("%s %s replayed without a second effect", write[0], write[1]).isEqualTo(afterFirst);
      }
    });
  }

  @Test
  void the_same_key_with_another_request_is_refused() {
    api(api -> {
      long a = task(api, "a", 1, "Low", "X");
      assertThat(api.post("/api/tasks/" + a + "/progress", "{\"progress_percentage\": 10}", "Idempotency-Key", "k")
          .status()).isEqualTo(201);
      String before = snapshot();
      ApiClient.Reply other = api.post("/api/tasks/" + a + "/progress", "{\"progress_percentage\": 20}",
          "Idempotency-Key", "k");
      assertThat(other.status()).isEqualTo(422);
      assertThat(other.json().get("detail").asText()).contains("another request");
      assertThat(api.post("/api/tasks/" + a + "/progress", "{\"progress_percentage\": 20}", "Idempotency-Key", "")
          .status()).isEqualTo(400);
      assertThat(api.post("/api/tasks/" + a + "/progress", "{\"progress_percentage\": 20}", "Idempotency-Key",
          "x".repeat(256)).status()).isEqualTo(400);
      assertThat(snapshot()).isEqualTo(before);
    });
  }

  @Test
  void a_refused_write_is_not_kept_and_may_be_sent_again() {
    api(api -> {
      long a = task(api, "a", 1, "Low", "X");
      long b = task(api, "b", 1, "Low", "X");
      api.post("/api/tasks/" + a + "/dependencies", "{\"depends_on_task_id\": " + b + "}");
      String complete = "{\"status\": \"completed\"}";
      assertThat(api.post("/api/tasks/" + a + "/status", complete, "Idempotency-Key", "k").status()).isEqualTo(409);
      api.post("/api/tasks/" + b + "/status", complete);
      assertThat(api.post("/api/tasks/" + a + "/status", complete, "Idempotency-Key", "k").status()).isEqualTo(200);
    });
  }

  @Test
  void concurrent_retries_with_one_key_claim_once() {
    api(api -> {
      for (int i = 0; i < 5; i++) {
        task(api, "t" + i, 1, "Low", "X");
      }
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<ApiClient.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        replies.add(pool.submit(() -> api.post("/api/claim", "{\"worker\": \"w\"}", "Idempotency-Key", "one-claim")));
      }
      List<String> bodies = new ArrayList<>();
      for (Future<ApiClient.Reply> reply : replies) {
        try {
          ApiClient.Reply answer = reply.get();
          assertThat(answer.status()).isEqualTo(200);
          bodies.add(answer.text());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }
      pool.shutdown();
      assertThat(bodies).containsOnly(bodies.get(0));
      assertThat(api.get("/api/tasks?status=in_progress").json().get("total").asInt()).isEqualTo(1);
    });
  }

  private static ApiClient.Reply send(ApiClient api, String[] write, String key) {
    return write[2] == null ? api.send(write[0], write[1], null, "Idempotency-Key", key)
        : api.send(write[0], write[1], write[2], "Content-Type", "application/json", "Idempotency-Key", key);
  }

  private String snapshot() {
    return DatabaseSnapshot.of(tracker.database().ebean());
  }
}
