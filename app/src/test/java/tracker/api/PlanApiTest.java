package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;

class PlanApiTest extends ApiTests {

  static long task(ApiClient api, String title, double hours, String priority, String area) {
    return api.post("/api/tasks", "{\"title\": \"" + title + "\", \"component_area\": \"" + area + "\", \"phase\": 1,"
        + " \"source_document\": \"s\", \"time_estimate_hours\": " + hours + ", \"priority\": \"" + priority + "\"}")
        .json().get("id").asLong();
  }

  static void depends(ApiClient api, long task, long on, String type) {
    assertThat(api.post("/api/tasks/" + task + "/dependencies", "{\"depends_on_task_id\": " + on
        + ", \"dependency_type\": \"" + type + "\"}").status()).isEqualTo(201);
  }

  /** a(2) → b(5) → d(1); a → c(1) → d; e(10) enhances-depends on d (enhances never orders). */
  long[] diamond(ApiClient api) {
    long a = task(api, "a", 2, "Low", "X");
    long b = task(api, "b", 5, "Medium", "X");
    long c = task(api, "c", 1, "Critical", "Y");
    long d = task(api, "d", 1, "High", "X");
    long e = task(api, "e", 10, "Low", "Y");
    depends(api, b, a, "blocks");
    depends(api, c, a, "requires");
    depends(api, d, b, "blocks");
    depends(api, d, c, "blocks");
    depends(api, e, d, "enhances");
    return new long[] {a, b, c, d, e};
  }

  @Test
  void critical_path_is_the_longest_chain_by_hours_and_a_what_if_changes_nothing() {
    api(api -> {
      long[] t = diamond(api);
      JsonNode path = api.get("/api/critical-path").json();
      assertThat(path.get("total_hours").asDouble()).isEqualTo(10.0); // e alone, 10 h
      long[] ids = {t[0], t[1], t[3]};
      long before = api.get("/api/tasks/" + t[2]).json().get("version").asLong();

      JsonNode whatIf = api.get("/api/critical-path?delay_task=" + t[2] + "&delay_hours=9").json();

      assertThat(whatIf.get("baseline_total_hours").asDouble()).isEqualTo(10.0);
      assertThat(whatIf.get("total_hours").asDouble()).isEqualTo(13.0); // a 2 + c 10 + d 1
      assertThat(whatIf.get("tasks").findValuesAsText("id")).containsExactly(
          String.valueOf(t[0]), String.valueOf(t[2]), String.valueOf(t[3]));
      assertThat(whatIf.get("newly_critical_task_ids")).extracting(JsonNode::asLong).contains(t[0], t[2], t[3]);
      assertThat(api.get("/api/tasks/" + t[2]).json().get("version").asLong()).isEqualTo(before);

      api.post("/api/tasks/" + t[4] + "/status", "{\"status\": \"completed\"}");
      JsonNode open = api.get("/api/critical-path").json();
      assertThat(open.get("total_hours").asDouble()).isEqualTo(8.0);
      assertThat(open.get("tasks").findValuesAsText("id")).containsExactly(
          String.valueOf(ids[0]), String.valueOf(ids[1]), String.valueOf(ids[2]));
      assertThat(open.get("tasks").get(1).get("earliest_start_hours").asDouble()).isEqualTo(2.0);
      assertThat(api.get("/api/critical-path?scope=all").json().get("total_hours").asDouble()).isEqualTo(10.0);
      assertThat(api.get("/api/critical-path?delay_task=999999&delay_hours=1").status()).isEqualTo(404);
      assertThat(api.get("/api/critical-path?delay_task=" + t[0]).status()).isEqualTo(400);
      assertThat(api.get("/api/critical-path?scope=some").status()).isEqualTo(400);
    });
  }

  @Test
  void ready_lists_startable_tasks_critical_first_then_by_slack_and_claim_takes_them_in_that_order() {
    api(api -> {
      long[] t = diamond(api);
      long f = task(api, "f", 3, "Low", "Y");
      // ready now: a (Low, on the critical chain: slack 0), e (Low, enhances does not order), f (Low)
      JsonNode ready = api.get("/api/ready").json();
      assertThat(ready.findValuesAsText("title")).containsExactly("e", "a", "f");
      assertThat(api.get("/api/ready?component_area=Y&limit=1").json().findValuesAsText("title")).containsExactly("e");

      ApiClient.Reply claim = api.post("/api/claim", "{\"worker\": \"w1\"}");
      assertThat(claim.status()).isEqualTo(200);
      assertThat(claim.json().get("title").asText()).isEqualTo("e");
      assertThat(claim.json().get("status").asText()).isEqualTo("in_progress");
      assertThat(claim.json().get("claimed_by").asText()).isEqualTo("w1");
      assertThat(api.get("/api/tasks/" + t[4] + "/progress").json().get(0).get("notes").asText()).isEqualTo("Claimed by w1");

      api.post("/api/claim", "{\"worker\": \"w2\"}");
      api.post("/api/claim", "{\"worker\": \"w3\"}");
      assertThat(api.post("/api/claim", "{\"worker\": \"w4\"}").status()).isEqualTo(204);
      assertThat(api.post("/api/claim", "{}").status()).isEqualTo(422);
      assertThat(api.post("/api/claim", "{\"worker\": \"w\", \"lease_seconds\": 0}").status()).isEqualTo(422);

      api.post("/api/tasks/" + t[0] + "/status", "{\"status\": \"completed\"}");
      // b (5 h, slack 4 h behind e's 10 h) before c (Critical, but 1 h with 8 h of slack)
      assertThat(api.get("/api/ready").json().findValuesAsText("title")).containsExactly("b", "c");
    });
  }

  @Test
  void a_lease_that_runs_out_returns_the_task_and_a_heartbeat_keeps_it() throws Exception {
    api(api -> {
      long a = task(api, "a", 1, "High", "X");
      long b = task(api, "b", 1, "Low", "X");
      assertThat(api.post("/api/claim", "{\"worker\": \"keeper\", \"lease_seconds\": 2}").json().get("id").asLong()).isEqualTo(a);
      assertThat(api.post("/api/claim", "{\"worker\": \"sleeper\", \"lease_seconds\": 1}").json().get("id").asLong()).isEqualTo(b);
      var notKeepers = api.post("/api/tasks/" + b + "/heartbeat", "{\"worker\": \"keeper\"}");
      assertThat(notKeepers.status()).isEqualTo(409);
      assertThat(notKeepers.json().get("detail").asText()).contains("it is held by sleeper");
      long c = task(api, "c", 1, "Low", "X");
      assertThat(api.post("/api/claim", "{\"worker\": \"forever\"}").json().get("id").asLong()).isEqualTo(c);
      var noLease = api.post("/api/tasks/" + c + "/heartbeat", "{\"worker\": \"forever\"}");
      assertThat(noLease.status()).isEqualTo(409);
      assertThat(noLease.json().get("detail").asText()).contains("its claim has no lease");

      for (int i = 0; i < 4; i++) {
        sleep(600);
        assertThat(api.post("/api/tasks/" + a + "/heartbeat", "{\"worker\": \"keeper\"}").status()).isEqualTo(200);
      }

      JsonNode kept = api.get("/api/tasks/" + a).json();
      assertThat(kept.get("status").asText()).isEqualTo("in_progress");
      JsonNode returned = api.get("/api/tasks/" + b).json();
      assertThat(returned.get("status").asText()).isEqualTo("not_started");
      assertThat(returned.get("claimed_by").isNull()).isTrue();
      assertThat(api.get("/api/tasks/" + b + "/progress").json().get(0).get("notes").asText())
          .isEqualTo("Lease of sleeper expired; back in the ready queue");
      assertThat(api.get("/api/ready").json().findValuesAsText("title")).containsExactly("b");
      assertThat(api.post("/api/tasks/" + b + "/heartbeat", "{\"worker\": \"sleeper\"}").status()).isEqualTo(409);
      assertThat(api.post("/api/tasks/999999/heartbeat", "{\"worker\": \"x\"}").status()).isEqualTo(404);
    });
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void plan_previews_waves_under_the_limit_and_saves_nothing() {
    api(api -> {
      long[] t = diamond(api);
      long groupsBefore = tracker.groups().list(null).size();
      JsonNode plan = api.get("/api/plan?max_parallel_tasks=2").json();
      List<List<Long>> waves = new ArrayList<>();
      plan.get("waves").forEach(w -> {
        List<Long> ids = new ArrayList<>();
        w.get("task_ids").forEach(id -> ids.add(id.asLong()));
        waves.add(ids);
        assertThat(ids).hasSizeLessThanOrEqualTo(2);
      });
      assertThat(waves.get(0)).containsExactlyInAnyOrder(t[0], t[4]);
      assertThat(waves.get(1)).containsExactlyInAnyOrder(t[2], t[1]);
      assertThat(waves.get(2)).containsExactly(t[3]);
      assertThat(plan.get("makespan_hours").asDouble()).isEqualTo(10.0);
      assertThat(tracker.groups().list(null)).hasSize((int) groupsBefore);
      assertThat(api.get("/api/plan?max_parallel_tasks=0").status()).isEqualTo(400);
      assertThat(api.get("/api/plan?max_parallel_tasks=x").status()).isEqualTo(400);
    });
  }

  @Test
  void a_blocker_comment_blocks_and_a_solution_restores_and_stats_count_blocked_hours() {
    api(api -> {
      long a = task(api, "a", 4, "High", "Storage");
      api.post("/api/tasks/" + a + "/status", "{\"status\": \"in_progress\"}");

      api.post("/api/tasks/" + a + "/comments", "{\"comment\": \"disk full\", \"comment_type\": \"blocker\"}");
      JsonNode blocked = api.get("/api/tasks/" + a).json();
      assertThat(blocked.get("status").asText()).isEqualTo("blocked");
      assertThat(blocked.get("blocked_since").asText()).isNotEmpty();
      JsonNode stats = api.get("/api/stats").json();
      assertThat(stats.get("blocked_hours_by_component").get(0).get("area").asText()).isEqualTo("Storage");
      assertThat(stats.get("blocked_hours_by_component").get(0).get("estimated_hours").asDouble()).isEqualTo(4.0);

      api.post("/api/tasks/" + a + "/comments", "{\"comment\": \"freed space\", \"comment_type\": \"solution\"}");
      JsonNode restored = api.get("/api/tasks/" + a).json();
      assertThat(restored.get("status").asText()).isEqualTo("in_progress");
      assertThat(restored.get("blocked_since").isNull()).isTrue();
      assertThat(api.get("/api/stats").json().get("blocked_hours_by_component")).isEmpty();
    });
  }
}
