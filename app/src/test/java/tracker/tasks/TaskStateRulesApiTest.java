package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.support.ApiTests;

/** The state rules at the entry points an outside probe found gaps in, on SQLite and PostgreSQL. */
class TaskStateRulesApiTest extends ApiTests {

  static long task(ApiClient api, String title, String extra) {
    return api.post("/api/tasks", "{\"title\": \"" + title + "\", \"component_area\": \"X\", \"phase\": 1,"
        + " \"source_document\": \"d\"" + extra + "}").json().get("id").asLong();
  }

  static long lastEntry(ApiClient api) {
    JsonNode all = api.get("/api/activity?limit=1000").json();
    return all.isEmpty() ? 0 : all.get(all.size() - 1).get("id").asLong();
  }

  @Test
  void a_group_cannot_complete_a_task_whose_prerequisites_are_open_and_the_same_status_twice_is_no_change() {
    api(api -> {
      long prerequisite = task(api, "P", "");
      long dependent = task(api, "D", "");
      api.post("/api/tasks/" + dependent + "/dependencies", "{\"depends_on_task_id\": " + prerequisite + "}");
      long group = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + dependent + "]}").json().get("id")
          .asLong();
      ApiClient.Reply refused = api.patch("/api/groups/" + group + "/tasks/" + dependent, "{\"status\": \"completed\"}");
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.json().get("detail").asText()).contains("#" + prerequisite);
      assertThat(api.patch("/api/groups/" + group + "/tasks/" + dependent, "{\"status\": \"running\"}").status())
          .isEqualTo(200);
      long before = lastEntry(api);
      assertThat(api.patch("/api/groups/" + group + "/tasks/" + dependent, "{\"status\": \"running\"}").status())
          .isEqualTo(200);
      assertThat(lastEntry(api)).as("the same status again writes nothing").isEqualTo(before);
    });
  }

  @Test
  void bulk_cannot_create_a_completed_task_that_waits_for_an_open_one() {
    api(api -> {
      long open = task(api, "Open", "");
      ApiClient.Reply refused = api.post("/api/tasks/bulk", "{\"tasks\": [{\"title\": \"C\", \"component_area\": \"X\","
          + " \"phase\": 1, \"source_document\": \"d\", \"status\": \"completed\", \"depends_on\": [{\"task_id\": "
          + open + "}]}]}");
      assertThat(refused.status()).isEqualTo(422);
      assertThat(refused.text()).contains("cannot be completed while it waits for task " + open);
      ApiClient.Reply byRef = api.post("/api/tasks/bulk", "{\"tasks\": [{\"ref\": \"a\", \"title\": \"A\","
          + " \"component_area\": \"X\", \"phase\": 1, \"source_document\": \"d\"}, {\"title\": \"B\","
          + " \"component_area\": \"X\", \"phase\": 1, \"source_document\": \"d\", \"status\": \"completed\","
          + " \"depends_on\": [{\"ref\": \"a\"}]}]}");
      assertThat(byRef.status()).isEqualTo(422);
      assertThat(rows("tasks")).isOne();
    });
  }

  @Test
  void every_progress_record_has_its_entry_and_completed_stays_at_100() {
    api(api -> {
      long id = task(api, "T", "");
      long before = lastEntry(api);
      assertThat(api.post("/api/tasks/" + id + "/progress", "{\"progress_percentage\": 0}").status()).isEqualTo(201);
      assertThat(lastEntry(api)).as("a record at the same figure is still a change").isGreaterThan(before);
      api.post("/api/tasks/" + id + "/status", "{\"status\": \"completed\"}");
      ApiClient.Reply lower = api.post("/api/tasks/" + id + "/status",
          "{\"status\": \"completed\", \"progress_percentage\": 50}");
      assertThat(lower.status()).isEqualTo(409);
      assertThat(api.get("/api/tasks/" + id).json().get("progress_percentage").asInt()).isEqualTo(100);
    });
  }

  @Test
  void a_patch_of_status_and_another_field_is_one_version() {
    api(api -> {
      long id = task(api, "T", "");
      long version = api.get("/api/tasks/" + id).json().get("version").asLong();
      JsonNode patched = api.patch("/api/tasks/" + id, "{\"status\": \"blocked\", \"title\": \"T2\"}").json();
      assertThat(patched.get("version").asLong()).isEqualTo(version + 1);
      assertThat(patched.get("blocked_since").isNull()).isFalse();
    });
  }

  @Test
  void the_makespan_keeps_blocked_tasks_out_of_the_first_wave_like_the_waves() {
    api(api -> {
      long b1 = task(api, "B1", ", \"status\": \"blocked\", \"time_estimate_hours\": 1");
      task(api, "B2", ", \"status\": \"blocked\", \"time_estimate_hours\": 1");
      long n = task(api, "N", ", \"time_estimate_hours\": 1");
      api.post("/api/tasks/" + n + "/dependencies", "{\"depends_on_task_id\": " + b1 + "}");
      task(api, "F", ", \"time_estimate_hours\": 1");
      JsonNode plan = api.get("/api/plan?max_parallel_tasks=2").json();
      double waves = 0;
      for (JsonNode wave : plan.get("waves")) {
        waves += wave.get("hours").asDouble();
      }
      assertThat(plan.get("makespan_hours").asDouble()).isEqualTo(waves).isEqualTo(3.0);
    });
  }

  @Test
  void bulk_status_completes_a_chain_whatever_the_order_it_is_listed_in() {
    api(api -> {
      long first = task(api, "First", "");
      long second = task(api, "Second", "");
      api.post("/api/tasks/" + second + "/dependencies", "{\"depends_on_task_id\": " + first + "}");
      ApiClient.Reply done = api.post("/api/tasks/bulk-status", "{\"task_ids\": [" + second + ", " + first + "],"
          + " \"status\": \"completed\"}");
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.json().findValuesAsText("id")).containsExactly(String.valueOf(second), String.valueOf(first));
      assertThat(done.json().findValuesAsText("status")).containsOnly("completed");
    });
  }

  @Test
  void no_request_says_two_contrary_things_or_reaches_100_percent_behind_an_open_prerequisite() {
    api(api -> {
      long prerequisite = task(api, "P", "");
      long dependent = task(api, "D", "");
      api.post("/api/tasks/" + dependent + "/dependencies", "{\"depends_on_task_id\": " + prerequisite + "}");
      ApiClient.Reply full = api.post("/api/tasks/" + dependent + "/progress", "{\"progress_percentage\": 100}");
      assertThat(full.status()).as(full.text()).isEqualTo(409);
      assertThat(full.text()).contains("#" + prerequisite);
      assertThat(api.get("/api/tasks/" + dependent).json().get("progress_percentage").asInt()).isZero();

      ApiClient.Reply contrary = api.post("/api/tasks/" + prerequisite + "/status", "{\"status\": \"completed\","
          + " \"comment\": \"stuck\", \"comment_type\": \"blocker\"}");
      assertThat(contrary.status()).as(contrary.text()).isEqualTo(422);
      assertThat(api.get("/api/tasks/" + prerequisite).json().get("status").asText()).isEqualTo("not_started");

      long version = api.get("/api/tasks/" + prerequisite).json().get("version").asLong();
      assertThat(api.patch("/api/tasks/" + prerequisite, "{\"title\": \"P2\"}", "If-Match",
          "\"" + (version + 5) + "\", \"" + version + "\"").status()).as("a list matches when any tag does").isEqualTo(200);
      assertThat(api.patch("/api/tasks/" + prerequisite, "{\"title\": \"P3\"}", "If-Match",
          "\"" + (version + 5) + "\", \"" + (version + 6) + "\"").status()).isEqualTo(412);
      ApiClient.Reply twoKeys = api.post("/api/tasks", "{\"title\": \"K\", \"component_area\": \"X\", \"phase\": 1,"
          + " \"source_document\": \"d\"}", "Idempotency-Key", "one", "Idempotency-Key", "two");
      assertThat(twoKeys.status()).isEqualTo(400);
      assertThat(api.get("/api/tasks?q=K").json().get("total").asInt()).isZero();
    });
  }
}
