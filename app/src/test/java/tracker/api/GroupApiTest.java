package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;

class GroupApiTest extends ApiTests {

  static long task(ApiClient api, String title, double hours) {
    return PlanApiTest.task(api, title, hours, "Medium", "G");
  }

  @Test
  void a_group_orders_its_tasks_by_dependencies_and_estimates_its_duration() {
    api(api -> {
      long a = task(api, "a", 2);
      long b = task(api, "b", 3);
      long c = task(api, "c", 1);
      PlanApiTest.depends(api, a, b, "blocks"); // a after b

      ApiClient.Reply created = api.post("/api/groups", "{\"name\": \"Sprint 1\", \"max_parallel_tasks\": 2,"
          + " \"task_ids\": [" + a + ", " + b + ", " + c + "], \"metadata\": {\"owner\": \"ops\"}}");

      assertThat(created.status()).isEqualTo(201);
      JsonNode group = created.json();
      assertThat(created.header("Location")).isEqualTo("/api/groups/" + group.get("id").asLong());
      assertThat(group.get("status").asText()).isEqualTo("pending");
      assertThat(group.get("total_hours").asDouble()).isEqualTo(6.0);
      assertThat(group.get("estimated_duration").asDouble()).isEqualTo(300.0); // b then a: 5 h, c alongside
      assertThat(group.get("metadata").get("owner").asText()).isEqualTo("ops");
      JsonNode members = group.get("tasks");
      int orderOfA = 0;
      int orderOfB = 0;
      for (JsonNode m : members) {
        if (m.get("task_id").asLong() == a) {
          orderOfA = m.get("execution_order").asInt();
        }
        if (m.get("task_id").asLong() == b) {
          orderOfB = m.get("execution_order").asInt();
        }
      }
      assertThat(orderOfB).isLessThan(orderOfA);
      assertThat(api.get("/api/groups/" + group.get("id").asLong()).json()).isEqualTo(group);
    });
  }

  @Test
  void a_task_deleted_from_the_plan_leaves_its_group_and_the_groups_total_hours() {
    api(api -> {
      long two = task(api, "two", 2);
      long four = task(api, "four", 4);
      long id = api.post("/api/groups", "{\"name\": \"G\", \"task_ids\": [" + two + ", " + four + "]}").json()
          .get("id").asLong();
      assertThat(api.get("/api/groups/" + id).json().get("total_hours").asDouble()).isEqualTo(6.0);

      assertThat(api.delete("/api/tasks/" + four).status()).isEqualTo(204);
      JsonNode group = api.get("/api/groups/" + id).json();
      assertThat(group.get("tasks").findValuesAsText("task_id")).containsExactly(String.valueOf(two));
      assertThat(group.get("total_hours").asDouble()).isEqualTo(2.0);
      assertThat(api.get("/api/groups").json().findValues("total_hours").get(0).asDouble()).as("in the list too")
          .isEqualTo(2.0);
    });
  }

  @Test
  void unknown_or_repeated_task_ids_and_bad_fields_are_422_and_store_nothing() {
    api(api -> {
      long a = task(api, "a", 2);
      assertThat(api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + a + ", 999999]}").status()).isEqualTo(422);
      ApiClient.Reply repeated = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + a + ", " + a + "]}");
      assertThat(repeated.status()).isEqualTo(422);
      assertThat(repeated.json().get("errors").get(0).get("field").asText()).isEqualTo("task_ids[1]");
      assertThat(api.post("/api/groups", "{\"name\": \"\", \"max_parallel_tasks\": 51, \"task_ids\": []}").json()
          .get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "max_parallel_tasks");
      assertThat(api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": \"1\"}").status()).isEqualTo(400);
      assertThat(api.get("/api/groups").json()).isEmpty();
    });
  }

  @Test
  void status_transitions_are_checked_and_logged() {
    api(api -> {
      long a = task(api, "a", 2);
      long id = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + a + "]}").json().get("id").asLong();

      assertThat(api.post("/api/groups/" + id + "/status", "{\"status\": \"completed\"}").status()).isEqualTo(409);
      assertThat(api.post("/api/groups/" + id + "/status", "{\"status\": \"running\"}").json().get("status").asText())
          .isEqualTo("running");
      assertThat(api.post("/api/groups/" + id + "/status", "{\"status\": \"pending\"}").status()).isEqualTo(409);
      assertThat(api.post("/api/groups/" + id + "/status", "{\"status\": \"cancelled\"}").status()).isEqualTo(200);
      assertThat(api.post("/api/groups/" + id + "/status", "{\"status\": \"running\"}").status()).isEqualTo(409);
      assertThat(api.post("/api/groups/" + id + "/status", "{\"status\": \"paused\"}").status()).isEqualTo(422);

      JsonNode logs = api.get("/api/groups/" + id + "/logs?level=info").json();
      assertThat(logs.findValuesAsText("message")).containsExactly("Group created with 1 tasks",
          "Group pending → running", "Group running → cancelled");
      assertThat(api.get("/api/groups?status=cancelled").json()).hasSize(1);
      assertThat(api.get("/api/groups?status=odd").status()).isEqualTo(400);
    });
  }

  @Test
  void group_task_status_drives_the_task_and_completes_the_group() {
    api(api -> {
      long a = task(api, "a", 2);
      long b = task(api, "b", 1);
      long id = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + a + ", " + b + "]}").json().get("id").asLong();

      JsonNode running = api.patch("/api/groups/" + id + "/tasks/" + a, "{\"status\": \"running\"}").json();
      assertThat(running.get("status").asText()).isEqualTo("running");
      assertThat(api.get("/api/tasks/" + a).json().get("status").asText()).isEqualTo("in_progress");

      api.patch("/api/groups/" + id + "/tasks/" + b, "{\"status\": \"failed\"}");
      assertThat(api.get("/api/tasks/" + b).json().get("status").asText())
          .as("a failed task goes back to the ready queue").isEqualTo("not_started");
      assertThat(api.get("/api/groups/" + id + "/logs?level=error&task_id=" + b).json().findValuesAsText("message"))
          .containsExactly("Task " + b + " failed");

      api.patch("/api/groups/" + id + "/tasks/" + a, "{\"status\": \"completed\"}");
      JsonNode taskA = api.get("/api/tasks/" + a).json();
      assertThat(taskA.get("status").asText()).isEqualTo("completed");
      assertThat(taskA.get("progress_percentage").asInt()).isEqualTo(100);
      assertThat(api.get("/api/groups/" + id).json().get("status").asText()).isEqualTo("running");

      JsonNode done = api.patch("/api/groups/" + id + "/tasks/" + b, "{\"status\": \"completed\"}").json();
      assertThat(done.get("status").asText()).isEqualTo("completed");
      assertThat(api.patch("/api/groups/" + id + "/tasks/" + b, "{\"status\": \"running\"}").status()).isEqualTo(409);
      assertThat(api.patch("/api/groups/" + id + "/tasks/999999", "{\"status\": \"running\"}").status()).isEqualTo(404);
    });
  }

  @Test
  void logs_can_be_added_and_groups_deleted_with_them() {
    api(api -> {
      long a = task(api, "a", 2);
      long id = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + a + "]}").json().get("id").asLong();
      ApiClient.Reply added = api.post("/api/groups/" + id + "/logs", "{\"level\": \"warning\", \"message\": \"slow disk\","
          + " \"task_id\": " + a + ", \"metadata\": {\"iops\": 12}}");
      assertThat(added.status()).isEqualTo(201);
      assertThat(added.json().get("metadata").get("iops").asInt()).isEqualTo(12);
      assertThat(api.post("/api/groups/" + id + "/logs", "{\"message\": \"\"}").status()).isEqualTo(422);
      for (String inexact : java.util.List.of("1e16", "9007199254740994.0", "12345678901234567890.5", "9007199254740993",
          "9.007199254740993e15", "9007199254740992.5")) {
        ApiClient.Reply refused = api.post("/api/groups/" + id + "/logs", "{\"message\": \"x\", \"metadata\": {\"a\": "
            + inexact + "}}");
        assertThat(refused.status()).as(inexact).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("metadata.a");
      }
      assertThat(api.post("/api/groups/" + id + "/logs", "{\"message\": \"x\", \"metadata\": {\"a\": 2.5e-3}}")
          .status()).as("a small fraction is exact enough").isEqualTo(201);
      assertThat(api.post("/api/groups/" + id + "/logs", "{\"message\": \"x\", \"level\": \"loud\"}").status()).isEqualTo(422);
      assertThat(api.post("/api/groups/999999/logs", "{\"message\": \"x\"}").status()).isEqualTo(404);

      assertThat(api.delete("/api/groups/" + id).status()).isEqualTo(204);
      assertThat(api.get("/api/groups/" + id).status()).isEqualTo(404);
      long logs = tracker.database().ebean().sqlQuery("select count(*) as n from parallel_execution_log").findOne().getLong("n");
      assertThat(logs).isZero();
      assertThat(api.get("/api/tasks/" + a).status()).isEqualTo(200);
    });
  }

  @Test
  void groups_from_the_plan_leave_a_shared_transaction_as_they_found_it() {
    api(api -> {
      task(api, "a", 2);
      // on SQLite other writers' work may share the transaction: it must not go on batched
      boolean batchedAfter = tracker.database().transactions().write(() -> {
        tracker.groups().fromPlan(2, null);
        return tracker.database().ebean().currentTransaction().isBatchMode();
      });
      assertThat(batchedAfter).isFalse();
      assertThat(rows("execution_groups")).isEqualTo(1);
    });
  }

  @Test
  void groups_from_plan_make_one_pending_group_per_wave() {
    api(api -> {
      long a = task(api, "a", 2);
      long b = task(api, "b", 3);
      long c = task(api, "c", 1);
      PlanApiTest.depends(api, c, a, "blocks");
      ApiClient.Reply created = api.post("/api/groups/from-plan", "{\"max_parallel_tasks\": 2, \"name_prefix\": \"Run\"}");
      assertThat(created.status()).isEqualTo(201);
      JsonNode groups = created.json();
      assertThat(groups).hasSize(2);
      assertThat(groups.get(0).get("name").asText()).isEqualTo("Run 1");
      assertThat(groups.get(0).get("tasks").findValuesAsText("task_id"))
          .containsExactlyInAnyOrder(String.valueOf(a), String.valueOf(b));
      assertThat(groups.get(1).get("tasks").findValuesAsText("task_id")).containsExactly(String.valueOf(c));
      assertThat(api.post("/api/groups/from-plan", "").status()).isEqualTo(201);
      assertThat(api.post("/api/groups/from-plan", "{\"max_parallel_tasks\": 0}").status()).isEqualTo(422);

      // a page at a time, newest first, with the total
      ApiClient.Reply first = api.get("/api/groups?limit=3");
      assertThat(first.header("X-Total-Count")).isEqualTo("4");
      assertThat(first.json()).hasSize(3);
      ApiClient.Reply last = api.get("/api/groups?limit=3&offset=3");
      assertThat(last.json()).hasSize(1);
      assertThat(last.json().get(0).get("name").asText()).isEqualTo("Run 1");
      for (String bad : List.of("limit=0", "limit=1001", "offset=-1", "limit=x")) {
        assertThat(api.get("/api/groups?" + bad).status()).as(bad).isEqualTo(400);
      }
      String page = api.get("/groups").text();
      assertThat(page).contains("1–4 of 4").containsSubsequence("Run 1", "Run 2");
    });
  }
}
