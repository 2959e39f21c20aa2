package tracker.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.app.Tracker;
import tracker.app.WebApp;
import tracker.support.ApiTests;
import tracker.support.TeamTokens;
import tracker.support.TestDatabases;

/** A task's assignee (an identity) and labels: set, filtered ("my tasks", unassigned), claimed by, in bulk, exported. */
class AssigneesAndLabelsTest extends ApiTests {

  private String tokenOf(String name, String role) {
    return TeamTokens.bearer(tracker, name, role);
  }

  private static String task(String title, String extra) {
    return "{\"title\":\"" + title + "\",\"component_area\":\"core\",\"phase\":1,\"source_document\":\"s\"" + extra + "}";
  }

  private static List<Long> ids(Reply page) {
    List<Long> ids = new ArrayList<>();
    page.json().get("items").forEach(t -> ids.add(t.get("id").asLong()));
    return ids;
  }

  @Test
  void tasks_carry_an_assignee_and_labels_that_filters_claims_and_bulk_use() {
    String ann = tokenOf("ann", "planner");
    String ben = tokenOf("ben", "worker");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      Reply first = api.post("/api/tasks", task("backend work", ",\"assignee\":\"ann\",\"labels\":[\" backend \",\"urgent\",\"backend\"]"), "Authorization", ann);
      assertThat(first.status()).isEqualTo(201);
      assertThat(first.json().get("assignee").asText()).isEqualTo("ann");
      assertThat(first.json().get("labels").toString()).isEqualTo("[\"backend\",\"urgent\"]");
      long backend = first.json().get("id").asLong();
      long docs = api.post("/api/tasks", task("docs", ",\"labels\":[\"docs\"]"), "Authorization", ann).json().get("id").asLong();
      long plain = api.post("/api/tasks", task("plain", ""), "Authorization", ann).json().get("id").asLong();

      Reply unknown = api.post("/api/tasks", task("x", ",\"assignee\":\"nobody-here\""), "Authorization", ann);
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.text()).contains("assignee", "must name an identity");
      Reply comma = api.post("/api/tasks", task("x", ",\"labels\":[\"a,b\",\"\"]"), "Authorization", ann);
      assertThat(comma.status()).isEqualTo(422);
      assertThat(comma.text()).contains("labels[0]", "labels[1]");
      assertThat(rows("tasks")).isEqualTo(3);

      assertThat(ids(api.get("/api/tasks?assignee=me", "Authorization", ann))).containsExactly(backend);
      assertThat(ids(api.get("/api/tasks?assignee=me", "Authorization", ben))).isEmpty();
      assertThat(ids(api.get("/api/tasks?assignee=none", "Authorization", ann))).containsExactly(docs, plain);
      assertThat(ids(api.get("/api/tasks?label=backend", "Authorization", ann))).containsExactly(backend);
      assertThat(ids(api.get("/api/tasks?label=back", "Authorization", ann))).as("a whole label, not a part").isEmpty();
      assertThat(ids(api.get("/api/tasks?label=%25", "Authorization", ann))).as("% is a character").isEmpty();
      assertThat(ids(api.get("/api/tasks?label=Backend", "Authorization", ann))).as("labels keep their case").isEmpty();
      long odd = api.post("/api/tasks", task("odd", ",\"labels\":[\"good_first\",\"50%\",\"a\\\\b\"]"),
          "Authorization", ann).json().get("id").asLong();
      for (String label : List.of("good_first", "50%25", "a%5Cb")) {
        assertThat(ids(api.get("/api/tasks?label=" + label, "Authorization", ann))).as(label).containsExactly(odd);
      }
      assertThat(ids(api.get("/api/tasks?label=good-first", "Authorization", ann))).isEmpty();
      api.delete("/api/tasks/" + odd, "Authorization", ann);

      Reply bulk = api.post("/api/tasks/bulk-labels", "{\"task_ids\":[" + docs + "," + plain + "],\"add\":[\"backend\"],"
          + "\"remove\":[\"docs\"]}", "Authorization", ann);
      assertThat(bulk.status()).isEqualTo(200);
      assertThat(bulk.json().get(0).get("labels").toString()).isEqualTo("[\"backend\"]");
      assertThat(api.post("/api/tasks/bulk-labels", "{\"task_ids\":[" + docs + ",999],\"add\":[\"x\"]}",
          "Authorization", ann).status()).as("all or nothing").isEqualTo(422);
      assertThat(api.get("/api/tasks/" + docs, "Authorization", ann).json().get("labels").toString())
          .isEqualTo("[\"backend\"]");
      assertThat(api.post("/api/tasks/bulk-labels", "{\"task_ids\":[" + docs + "],\"add\":[\"x\"]}",
          "Authorization", ben).status()).as("bulk is a planner's").isEqualTo(403);

      api.patch("/api/tasks/" + plain, "{\"labels\":[\"ops\"],\"assignee\":\"ben\"}", "Authorization", ann);
      Reply claimed = api.post("/api/claim", "{\"worker\":\"w\",\"labels\":[\"ops\",\"nothing\"]}", "Authorization", ben);
      assertThat(claimed.json().get("id").asLong()).as("only a task with one of the labels").isEqualTo(plain);
      Reply none = api.post("/api/claim", "{\"worker\":\"w\",\"labels\":[\"nothing\"]}", "Authorization", ben);
      assertThat(none.status()).isEqualTo(204);
      JsonNode history = api.get("/api/tasks/" + plain + "/history", "Authorization", ann).json();
      assertThat(history.toString()).contains("\"labels\":{\"from\":[\"backend\"],\"to\":[\"ops\"]}", "\"assignee\":{\"from\":null,\"to\":\"ben\"}");

      assertThat(api.patch("/api/tasks/" + plain, "{\"assignee\":null}", "Authorization", ann).json().get("assignee")
          .isNull()).isTrue();
      assertThat(api.get("/tasks?assignee=me", "Authorization", ann).text()).contains("backend work", "My tasks")
          .doesNotContain(">plain<");
    });
  }

  @Test
  void assignees_and_labels_survive_export_and_import() throws Exception {
    tokenOf("ann", "planner");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      api.post("/api/tasks", task("t", ",\"assignee\":\"ann\",\"labels\":[\"b\",\"a\"]"), "Authorization",
          tokenOf("root", "admin"));
    });
    Path file = dir.resolve("export.json");
    tracker.transfer().export(file);
    String url = database.equals(TestDatabases.SQLITE) ? TestDatabases.sqliteUrl(dir) : TestDatabases.migratedPostgresUrl();
    try (Tracker copy = Tracker.open(url)) {
      copy.transfer().importFrom(file);
      var task = copy.tasks().get(1L);
      assertThat(task.assignee()).isEqualTo("ann");
      assertThat(task.labels()).containsExactly("a", "b");
    }
  }
}
