package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;
import tracker.support.DatabaseSnapshot;

class BulkApiTest extends ApiTests {

  static String item(String ref, String title, String extra) {
    return "{\"ref\": \"" + ref + "\", \"title\": \"" + title + "\", \"component_area\": \"Bulk\", \"phase\": 1,"
        + " \"source_document\": \"plan.md\"" + extra + "}";
  }

  @Test
  void a_plan_with_refs_loads_with_its_parents_and_edges_in_request_order() {
    api(api -> {
      long stored = PlanApiTest.task(api, "stored", 1, "Low", "Old");
      ApiClient.Reply reply = api.post("/api/tasks/bulk", "{\"tasks\": ["
          + item("schema", "Design schema", "") + ", "
          + item("migrate", "Migrate data", ", \"depends_on\": [{\"ref\": \"schema\"}, {\"task_id\": " + stored
              + ", \"dependency_type\": \"requires\"}]") + ", "
          + item("sub", "Migrate table A", ", \"parent_ref\": \"migrate\", \"depends_on\": [{\"ref\": \"schema\","
              + " \"dependency_type\": \"enhances\"}]") + "]}");

      assertThat(reply.status()).isEqualTo(201);
      JsonNode created = reply.json();
      assertThat(created.findValuesAsText("title")).containsExactly("Design schema", "Migrate data", "Migrate table A");
      long schema = created.get(0).get("id").asLong();
      long migrate = created.get(1).get("id").asLong();
      long sub = created.get(2).get("id").asLong();
      JsonNode migrateDetail = api.get("/api/tasks/" + migrate).json();
      assertThat(migrateDetail.get("dependencies").findValuesAsText("depends_on_task_id"))
          .containsExactly(String.valueOf(schema), String.valueOf(stored));
      assertThat(migrateDetail.get("dependencies").get(1).get("dependency_type").asText()).isEqualTo("requires");
      assertThat(migrateDetail.get("subtask_ids").get(0).asLong()).isEqualTo(sub);
      assertThat(api.get("/api/tasks/" + sub + "/progress").json().get(0).get("notes").asText()).isEqualTo("Task created");
    });
  }

  @Test
  void one_bad_item_refuses_the_whole_request_naming_it_and_stores_nothing() {
    api(api -> {
      String before = DatabaseSnapshot.of(tracker.database().ebean());
      ApiClient.Reply reply = api.post("/api/tasks/bulk", "{\"tasks\": [" + item("a", "A", "") + ", "
          + item("b", "B", "").replace("\"phase\": 1", "\"phase\": 7") + ", "
          + item("c", "C", ", \"depends_on\": [{\"ref\": \"zzz\"}, {\"task_id\": 424242}]") + ", "
          + item("a", "A again", "") + "]}");

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().get("errors").findValuesAsText("field")).contains("tasks[3].ref");
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).isEqualTo(before);

      ApiClient.Reply fields = api.post("/api/tasks/bulk", "{\"tasks\": [" + item("a", "A", "") + ", "
          + item("b", "B", "").replace("\"phase\": 1", "\"phase\": 7") + ", "
          + item("c", "C", ", \"depends_on\": [{\"ref\": \"zzz\"}, {\"task_id\": 424242}]") + "]}");
      assertThat(fields.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
          "tasks[1].phase", "tasks[2].depends_on[0].ref", "tasks[2].depends_on[1].task_id");
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).isEqualTo(before);
      assertThat(api.post("/api/tasks/bulk", "{\"tasks\": []}").status()).isEqualTo(422);
      assertThat(api.post("/api/tasks/bulk", "{\"tasks\": [{\"title\": 5}]}").status()).isEqualTo(400);
    });
  }

  @Test
  void a_cycle_among_the_new_edges_is_refused() {
    api(api -> {
      String before = DatabaseSnapshot.of(tracker.database().ebean());
      ApiClient.Reply reply = api.post("/api/tasks/bulk", "{\"tasks\": ["
          + item("a", "A", ", \"depends_on\": [{\"ref\": \"c\"}]") + ", "
          + item("b", "B", ", \"depends_on\": [{\"ref\": \"a\"}]") + ", "
          + item("c", "C", ", \"depends_on\": [{\"ref\": \"b\"}]") + "]}");
      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.json().get("detail").asText()).contains("cycle").contains("tasks[0]");
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).isEqualTo(before);
    });
  }

  @Test
  void bulk_status_changes_every_task_or_none() {
    api(api -> {
      long a = PlanApiTest.task(api, "a", 1, "Low", "X");
      long b = PlanApiTest.task(api, "b", 1, "Low", "X");
      String before = DatabaseSnapshot.of(tracker.database().ebean());
      ApiClient.Reply unknown = api.post("/api/tasks/bulk-status",
          "{\"task_ids\": [" + a + ", 999999], \"status\": \"completed\"}");
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("errors").get(0).get("field").asText()).isEqualTo("task_ids[1]");
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).isEqualTo(before);

      ApiClient.Reply done = api.post("/api/tasks/bulk-status", "{\"task_ids\": [" + b + ", " + a + "],"
          + " \"status\": \"completed\", \"notes\": \"release\", \"updated_by\": \"ci\"}");
      assertThat(done.status()).isEqualTo(200);
      assertThat(done.json().findValuesAsText("id")).containsExactly(String.valueOf(b), String.valueOf(a));
      assertThat(done.json().findValuesAsText("status")).containsOnly("completed");
      assertThat(api.get("/api/tasks/" + a + "/progress").json().get(0).get("notes").asText()).isEqualTo("release");
      assertThat(api.post("/api/tasks/bulk-status", "{\"task_ids\": [" + a + "], \"status\": \"finished\"}").status())
          .isEqualTo(422);
    });
  }

  @Test
  void bulk_update_sets_the_fields_given_on_every_task_or_none() {
    api(api -> {
      long a = PlanApiTest.task(api, "a", 1, "Low", "X");
      long b = PlanApiTest.task(api, "b", 2, "Low", "X");
      String before = DatabaseSnapshot.of(tracker.database().ebean());
      for (String body : new String[] {
          "{\"task_ids\": [" + a + ", 999999], \"priority\": \"High\"}",
          "{\"task_ids\": [" + a + ", " + b + "], \"priority\": \"Urgent\"}",
          "{\"task_ids\": [" + a + ", " + b + "], \"component_area\": \"\"}",
          "{\"task_ids\": [" + a + ", " + b + "], \"phase\": 9}",
          "{\"task_ids\": [" + a + ", " + b + "], \"assignee\": \"nobody-by-that-name\"}",
          "{\"task_ids\": [" + a + ", " + b + "]}",
          "{\"task_ids\": [], \"priority\": \"High\"}",
          "{\"task_ids\": [" + a + ", " + a + "], \"priority\": \"High\"}"}) {
        assertThat(api.post("/api/tasks/bulk-update", body).status()).as(body).isEqualTo(422);
      }
      assertThat(api.post("/api/tasks/bulk-update", "{\"task_ids\": [" + a + "], \"title\": \"x\"}").status())
          .as("only the fields many tasks take at once").isEqualTo(400);
      assertThat(api.get("/api/tasks/bulk-update").status()).isEqualTo(405);
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).as("nothing changed").isEqualTo(before);

      ApiClient.Reply changed = api.post("/api/tasks/bulk-update", "{\"task_ids\": [" + b + ", " + a + "],"
          + " \"priority\": \"Critical\", \"component_area\": \"Moved\", \"phase\": 3}");
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().findValuesAsText("id")).containsExactly(String.valueOf(b), String.valueOf(a));
      assertThat(changed.json().findValuesAsText("priority")).containsOnly("Critical");
      assertThat(changed.json().findValuesAsText("component_area")).containsOnly("Moved");
      assertThat(changed.json().findValuesAsText("phase")).containsOnly("3");
      assertThat(changed.json().findValuesAsText("complexity")).as("a field not given stays").containsOnly("Medium");
      assertThat(api.get("/api/activity?task_id=" + a).json().toString()).contains("Moved");
    });
  }
}
