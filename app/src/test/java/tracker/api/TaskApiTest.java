package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.support.ApiTests;

class TaskApiTest extends ApiTests {

  static String task(String title) {
    return "{\"title\": \"" + title + "\", \"component_area\": \"API\", \"phase\": 2, \"source_document\": \"plan.md\"}";
  }

  long create(ApiClient api, String title) {
    ApiClient.Reply reply = api.post("/api/tasks", task(title));
    assertThat(reply.status()).isEqualTo(201);
    return reply.json().get("id").asLong();
  }

  @Test
  void POST_tasks_returns_201_with_location_etag_and_the_task() {
    api(api -> {
      ApiClient.Reply reply = api.post("/api/tasks", "{\"title\": \"Write API\", \"component_area\": \"API\","
          + " \"phase\": 3, \"priority\": \"High\", \"source_document\": \"plan.md\", \"time_estimate_hours\": 2.5}");

      assertThat(reply.status()).isEqualTo(201);
      JsonNode task = reply.json();
      assertThat(reply.header("Location")).isEqualTo("/api/tasks/" + task.get("id").asLong());
      assertThat(reply.header("ETag")).isEqualTo("\"" + task.get("version").asLong() + "\"");
      assertThat(task.get("priority").asText()).isEqualTo("High");
      assertThat(task.get("complexity").asText()).isEqualTo("Medium");
      assertThat(task.get("status").asText()).isEqualTo("not_started");
      assertThat(task.get("progress_percentage").asInt()).isZero();
      assertThat(task.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
      JsonNode progress = api.get("/api/tasks/" + task.get("id").asLong() + "/progress").json();
      assertThat(progress.get(0).get("notes").asText()).isEqualTo("Task created");
    });
  }

  @Test
  void POST_tasks_with_phase_9_and_no_title_returns_422_naming_both_and_stores_nothing() {
    api(api -> {
      long before = rows("tasks");
      ApiClient.Reply reply = api.post("/api/tasks",
          "{\"title\": \"\", \"component_area\": \"API\", \"phase\": 9, \"source_document\": \"plan.md\"}");

      assertThat(reply.status()).isEqualTo(422);
      assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
      assertThat(reply.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("title", "phase");
      assertThat(rows("tasks")).isEqualTo(before);
    });
  }

  @Test
  void malformed_json_wrong_types_and_unknown_fields_are_400() {
    api(api -> {
      long before = rows("tasks");
      assertThat(api.post("/api/tasks", "{\"title\": ").status()).isEqualTo(400);
      assertThat(api.post("/api/tasks", "[1, 2]").status()).isEqualTo(400);
      ApiClient.Reply wrongType = api.post("/api/tasks", task("x").replace("\"phase\": 2", "\"phase\": \"two\""));
      assertThat(wrongType.status()).isEqualTo(400);
      assertThat(wrongType.json().get("errors").get(0).get("field").asText()).isEqualTo("phase");
      assertThat(api.post("/api/tasks", task("x").replace("\"phase\": 2", "\"phase\": 2.5")).status()).isEqualTo(400);
      assertThat(api.post("/api/tasks", task("x").replace("\"phase\": 2", "\"phase\": \"2\"")).status()).isEqualTo(400);
      assertThat(api.post("/api/tasks", task("x").replace("\"title\": \"x\"", "\"title\": 5")).status()).isEqualTo(400);
      assertThat(api.get("/api/forecast?runs=100&target=%2B12026-01-01").status()).as("a five-digit year").isEqualTo(400);
      assertThat(api.get("/api/plan?max_parallel_tasks=1000000").text()).as("the value sent, not a clamped one")
          .contains("not 1000000");
      assertThat(api.get("/api/ready?limit=123456789012").text()).contains("not 123456789012");
      assertThat(api.get("/events?since=999999", "Accept", "text/event-stream").status())
          .as("a resume point past the newest entry").isEqualTo(400);
      ApiClient.Reply twice = api.post("/api/tasks", task("x").replace("}", ", \"title\": \"y\"}"));
      assertThat(twice.status()).isEqualTo(400);
      assertThat(twice.json().get("errors").get(0).get("field").asText()).isEqualTo("title");
      for (String spaced : List.of("limit=%205", "limit=5%20", "offset=%091", "phase=%201", "parent_task_id=%201",
          "phase=1,%202")) {
        assertThat(api.get("/api/tasks?" + spaced).status()).as(spaced).isEqualTo(400);
      }
      assertThat(api.get("/events?since=%205", "Accept", "text/event-stream").status()).isEqualTo(400);
      ApiClient.Reply huge = api.post("/api/tasks", task("x").replace("\"phase\": 2", "\"phase\": 2147483648"));
      assertThat(huge.status()).isEqualTo(400);
      assertThat(huge.json().get("errors").get(0).get("field").asText()).isEqualTo("phase");
      assertThat(huge.json().get("errors").get(0).get("message").asText()).contains("out of range", "2147483648");
      ApiClient.Reply hugeId = api.post("/api/tasks/bulk-status",
          "{\"task_ids\": [1, 99999999999999999999], \"status\": \"blocked\"}");
      assertThat(hugeId.status()).isEqualTo(400);
      assertThat(hugeId.json().get("errors").get(0).get("field").asText()).isEqualTo("task_ids[1]");
      for (String notANumber : List.of("\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"2.5\"")) {
        ApiClient.Reply text = api.post("/api/tasks", task("x").replace("}", ", \"time_estimate_hours\": " + notANumber + "}"));
        assertThat(text.status()).as(notANumber + " is text, not a number").isEqualTo(400);
        assertThat(text.json().get("errors").get(0).get("field").asText()).isEqualTo("time_estimate_hours");
      }
      ApiClient.Reply typo = api.post("/api/tasks", task("x").replace("}", ", \"priorty\": \"High\"}"));
      assertThat(typo.status()).isEqualTo(400);
      assertThat(typo.json().get("detail").asText()).contains("priorty");
      assertThat(api.post("/api/tasks", "").status()).isEqualTo(400);
      assertThat(api.send("POST", "/api/tasks", task("x"), "Content-Type", "text/plain").status()).isEqualTo(415);
      assertThat(rows("tasks")).isEqualTo(before);
    });
  }

  @Test
  void a_one_line_field_takes_no_unicode_line_break_nor_a_mark_that_reorders_it() {
    api(api -> {
      for (String title : new String[] {"two\\u2028lines", "para\\u2029graph", "evil\\u202Egnp.exe", "iso\\u2066late"}) {
        ApiClient.Reply refused = api.post("/api/tasks", task(title));
        assertThat(refused.status()).as(title).isEqualTo(422);
        assertThat(refused.text()).contains("title", "one line");
      }
      assertThat(api.post("/api/tasks", "{\"title\": \"ok\", \"description\": \"first\\u2028second\","
          + " \"component_area\": \"API\", \"phase\": 1, \"source_document\": \"plan.md\"}").status())
          .as("a paragraph may break its lines").isEqualTo(201);
      assertThat(api.post("/api/tasks", task("\u05e9\u05dc\u05d5\u05dd \u200f right-to-left")).status())
          .as("right-to-left text and its marks are fine").isEqualTo(201);
    });
  }

  @Test
  void a_body_over_one_mebibyte_is_413() {
    api(api -> {
      String huge = task("x".repeat(1024 * 1024 + 10));
      for (int i = 0; i < 10; i++) { // the client, still sending, always gets to read the answer
        assertThat(api.post("/api/tasks", huge).status()).isEqualTo(413);
      }
    });
  }

  @Test
  void GET_task_has_dependencies_dependents_subtasks_and_an_etag() {
    api(api -> {
      long a = create(api, "A");
      long b = create(api, "B");
      api.post("/api/tasks", "{\"title\": \"B.1\", \"component_area\": \"API\", \"phase\": 2,"
          + " \"source_document\": \"plan.md\", \"parent_task_id\": " + b + "}");
      assertThat(api.post("/api/tasks/" + b + "/dependencies", "{\"depends_on_task_id\": " + a + "}").status())
          .isEqualTo(201);

      ApiClient.Reply reply = api.get("/api/tasks/" + b);

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("ETag")).isEqualTo("\"" + reply.json().get("version").asLong() + "\"");
      JsonNode task = reply.json();
      assertThat(task.get("dependencies").get(0).get("depends_on_task_id").asLong()).isEqualTo(a);
      assertThat(task.get("dependencies").get(0).get("dependency_type").asText()).isEqualTo("blocks");
      assertThat(task.get("subtask_ids")).hasSize(1);
      assertThat(api.get("/api/tasks/" + a).json().get("dependents").get(0).get("task_id").asLong()).isEqualTo(b);
    });
  }

  @Test
  void GET_missing_or_malformed_ids_are_404_and_400() {
    api(api -> {
      assertThat(api.get("/api/tasks/999999").status()).isEqualTo(404);
      assertThat(api.get("/api/tasks/abc").status()).isEqualTo(400);
      assertThat(api.get("/api/tasks/-3").status()).isEqualTo(400);
      assertThat(api.get("/api/nothing-here").status()).isEqualTo(404);
    });
  }

  @Test
  void PATCH_changes_given_fields_and_a_stale_if_match_is_412() {
    api(api -> {
      long id = create(api, "Old");
      String etag = api.get("/api/tasks/" + id).header("ETag");

      ApiClient.Reply changed = api.patch("/api/tasks/" + id, "{\"title\": \"New\", \"description\": null}",
          "If-Match", etag);
      assertThat(changed.status()).isEqualTo(200);
      assertThat(changed.json().get("title").asText()).isEqualTo("New");
      assertThat(changed.header("ETag")).isNotEqualTo(etag);

      ApiClient.Reply stale = api.patch("/api/tasks/" + id, "{\"title\": \"Lost\"}", "If-Match", etag);
      assertThat(stale.status()).isEqualTo(412);
      assertThat(api.get("/api/tasks/" + id).json().get("title").asText()).isEqualTo("New");
      assertThat(api.patch("/api/tasks/" + id, "{\"phase\": 0}").status()).isEqualTo(422);
      assertThat(api.patch("/api/tasks/" + id, "{\"parent_task_id\": 987654}").status()).isEqualTo(422);
      assertThat(api.patch("/api/tasks/987654", "{\"title\": \"x\"}").status()).isEqualTo(404);
    });
  }

  @Test
  void DELETE_removes_the_task_and_its_children() {
    api(api -> {
      long a = create(api, "A");
      long b = create(api, "B");
      api.post("/api/tasks/" + b + "/dependencies", "{\"depends_on_task_id\": " + a + "}");
      api.post("/api/tasks/" + a + "/comments", "{\"comment\": \"hi\"}");

      assertThat(api.delete("/api/tasks/" + a, "If-Match", "\"77\"").status()).isEqualTo(412);
      String current = api.get("/api/tasks/" + a).header("ETag");
      String digits = current.replace("\"", "");
      for (String notAsIssued : List.of(digits, "\"0" + digits + "\"", "W/" + current)) {
        assertThat(api.patch("/api/tasks/" + a, "{\"title\": \"x\"}", "If-Match", notAsIssued).status())
            .as(notAsIssued).isEqualTo(412);
      }
      assertThat(api.patch("/api/tasks/" + a, "{\"title\": \"y\"}", "If-Match", "\"9999\"", "If-Match", current)
          .status()).as("two If-Match headers are one list").isEqualTo(200);
      assertThat(api.delete("/api/tasks/" + a).status()).as("B depends on it: issue #17 asks for cascade").isEqualTo(409);
      assertThat(api.delete("/api/tasks/" + a + "?cascade=true").status()).isEqualTo(204);
      assertThat(api.get("/api/tasks/" + a).status()).isEqualTo(404);
      assertThat(api.get("/api/tasks/" + b).json().get("dependencies")).isEmpty();
      assertThat(api.delete("/api/tasks/" + a).status()).isEqualTo(404);
    });
  }

  @Test
  void POST_status_sets_status_with_progress_and_comment_in_one_go() {
    api(api -> {
      long id = create(api, "Work");
      ApiClient.Reply reply = api.post("/api/tasks/" + id + "/status", "{\"status\": \"in_progress\","
          + " \"progress_percentage\": 25, \"notes\": \"started\", \"comment\": \"Use WAL\", \"comment_type\": \"decision\","
          + " \"updated_by\": \"agent-7\"}");

      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("status").asText()).isEqualTo("in_progress");
      assertThat(reply.json().get("progress_percentage").asInt()).isEqualTo(25);
      assertThat(api.get("/api/tasks/" + id + "/progress").json().get(0).get("updated_by").asText()).isEqualTo("agent-7");
      assertThat(api.get("/api/tasks/" + id + "/comments").json().get(0).get("comment_type").asText()).isEqualTo("decision");

      long comments = rows("task_comments");
      ApiClient.Reply bad = api.post("/api/tasks/" + id + "/status", "{\"status\": \"done\", \"comment\": \"x\"}");
      assertThat(bad.status()).isEqualTo(422);
      assertThat(rows("task_comments")).isEqualTo(comments);
      assertThat(api.post("/api/tasks/" + id + "/status", "{}").status()).isEqualTo(422);
      assertThat(api.post("/api/tasks/999999/status", "{\"status\": \"blocked\"}").status()).isEqualTo(404);
    });
  }

  @Test
  void progress_and_comments_are_listed_in_their_orders() {
    api(api -> {
      long id = create(api, "Work");
      assertThat(api.post("/api/tasks/" + id + "/progress", "{\"progress_percentage\": 50}").status()).isEqualTo(201);
      assertThat(api.post("/api/tasks/" + id + "/progress", "{\"progress_percentage\": 101}").status()).isEqualTo(422);
      assertThat(api.post("/api/tasks/" + id + "/comments", "{\"comment\": \"one\"}").status()).isEqualTo(201);
      assertThat(api.post("/api/tasks/" + id + "/comments", "{\"comment\": \"two\", \"comment_type\": \"blocker\"}")
          .status()).isEqualTo(201);
      assertThat(api.post("/api/tasks/" + id + "/comments", "{\"comment\": \"\"}").status()).isEqualTo(422);

      assertThat(api.get("/api/tasks/" + id + "/progress").json().findValuesAsText("progress_percentage"))
          .containsExactly("50", "0");
      assertThat(api.get("/api/tasks/" + id + "/comments").json().findValuesAsText("comment"))
          .containsExactly("one", "two");
      assertThat(api.get("/api/tasks/999999/comments").status()).isEqualTo(404);
    });
  }

  @Test
  void dependencies_201_new_200_existing_422_cycle_named_404_missing() {
    api(api -> {
      long a = create(api, "A");
      long b = create(api, "B");
      long c = create(api, "C");
      assertThat(api.post("/api/tasks/" + b + "/dependencies", "{\"depends_on_task_id\": " + a + "}").status()).isEqualTo(201);
      assertThat(api.post("/api/tasks/" + c + "/dependencies", "{\"depends_on_task_id\": " + b + ","
          + " \"dependency_type\": \"requires\"}").status()).isEqualTo(201);
      ApiClient.Reply again = api.post("/api/tasks/" + b + "/dependencies", "{\"depends_on_task_id\": " + a + "}");
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.json().get("dependency_type").asText()).isEqualTo("blocks");

      ApiClient.Reply cycle = api.post("/api/tasks/" + a + "/dependencies", "{\"depends_on_task_id\": " + c + "}");
      assertThat(cycle.status()).isEqualTo(422);
      assertThat(cycle.json().get("detail").asText()).contains(a + " → " + c + " → " + b + " → " + a);
      assertThat(api.post("/api/tasks/" + a + "/dependencies", "{\"depends_on_task_id\": " + a + "}").status()).isEqualTo(422);
      assertThat(api.post("/api/tasks/" + a + "/dependencies", "{\"depends_on_task_id\": 999999}").status()).isEqualTo(404);
      assertThat(api.post("/api/tasks/" + a + "/dependencies", "{\"depends_on_task_id\": \"b\"}").status()).isEqualTo(400);

      assertThat(api.delete("/api/tasks/" + b + "/dependencies/" + a).status()).isEqualTo(204);
      assertThat(api.delete("/api/tasks/" + b + "/dependencies/" + a).status()).isEqualTo(404);
    });
  }

  @Test
  void GET_tasks_filters_sorts_pages_and_refuses_unknown_parameters() {
    api(api -> {
      String area = "Listing" + System.nanoTime();
      for (String p : new String[] {"Low", "Critical", "Medium", "High"}) {
        api.post("/api/tasks", "{\"title\": \"" + p + " needle\", \"component_area\": \"" + area + "\", \"phase\": 1,"
            + " \"priority\": \"" + p + "\", \"source_document\": \"s\"}");
      }
      JsonNode page = api.get("/api/tasks?component_area=" + area + "&sort=priority&limit=3").json();
      assertThat(page.get("total").asInt()).isEqualTo(4);
      assertThat(page.get("limit").asInt()).isEqualTo(3);
      assertThat(page.get("items").findValuesAsText("priority")).containsExactly("Critical", "High", "Medium");
      assertThat(api.get("/api/tasks?component_area=" + area + "&sort=-priority&offset=3").json().get("items")
          .findValuesAsText("priority")).containsExactly("Critical");
      assertThat(api.get("/api/tasks?q=NEEDLE&priority=High").json().get("items").findValuesAsText("title"))
          .containsExactly("High needle");

      assertThat(api.get("/api/tasks?stauts=blocked").status()).isEqualTo(400);
      assertThat(api.get("/api/tasks?limit=501").status()).isEqualTo(400);
      assertThat(api.get("/api/tasks?sort=colour").status()).isEqualTo(400);
      assertThat(api.get("/api/tasks?phase=x").status()).isEqualTo(400);
    });
  }

  @Test
  void a_filter_takes_several_values_repeated_or_separated_by_commas_and_refuses_any_wrong_one() {
    api(api -> {
      String area = "Several" + System.nanoTime();
      String other = area + ", with a comma";
      for (String p : new String[] {"Low", "Critical", "Medium", "High"}) {
        api.post("/api/tasks", "{\"title\": \"" + p + "\", \"component_area\": \"" + (p.equals("Low") ? other : area)
            + "\", \"phase\": " + (p.equals("High") ? 3 : 1) + ", \"priority\": \"" + p
            + "\", \"source_document\": \"s\", \"labels\": [\"" + p.toLowerCase() + "\"]}");
      }
      String areas = "component_area=" + area + "&component_area=" + java.net.URLEncoder.encode(other,
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(titles(api, areas + "&priority=Critical&priority=Low")).containsExactlyInAnyOrder("Critical", "Low");
      assertThat(titles(api, areas + "&priority=Critical,High")).containsExactlyInAnyOrder("Critical", "High");
      assertThat(titles(api, areas + "&phase=3,4")).containsExactly("High");
      assertThat(titles(api, areas + "&label=medium,low")).containsExactlyInAnyOrder("Medium", "Low");
      assertThat(titles(api, areas + "&label=medium&label=high")).containsExactlyInAnyOrder("Medium", "High");
      assertThat(titles(api, "component_area=" + area)).as("a component area with a comma is never split")
          .containsExactlyInAnyOrder("Critical", "Medium", "High");
      assertThat(titles(api, areas + "&status=not_started,blocked")).hasSize(4);
      assertThat(titles(api, areas + "&status=blocked&status=completed")).isEmpty();
      assertThat(titles(api, areas + "&priority=&phase=")).as("an empty value is no filter").hasSize(4);

      ApiClient.Reply wrong = api.get("/api/tasks?priority=High,Urgent&phase=1,9");
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("priority", "phase");
      assertThat(api.get("/api/tasks?status=blocked&status=doing").status()).isEqualTo(400);
    });
  }

  private static java.util.List<String> titles(ApiClient api, String query) {
    ApiClient.Reply reply = api.get("/api/tasks?" + query);
    assertThat(reply.status()).as(query).isEqualTo(200);
    return reply.json().get("items").findValuesAsText("title");
  }

  @Test
  void GET_stats_answers_the_contract_shape() {
    api(api -> {
      create(api, "Counted");
      JsonNode stats = api.get("/api/stats").json();
      assertThat(stats.get("total_tasks").asLong()).isEqualTo(rows("tasks"));
      assertThat(stats.has("phase_breakdown")).isTrue();
    });
  }

  @Test
  void health_and_openapi_are_served() {
    api(api -> {
      assertThat(api.get("/health").json().get("status").asText()).isEqualTo("ok");
      ApiClient.Reply doc = api.get("/openapi.json");
      assertThat(doc.status()).isEqualTo(200);
      assertThat(doc.json().get("paths").has("/api/tasks/{id}")).isTrue();
    });
  }
}
