package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient.Reply;
import tracker.support.ApiTests;
import tracker.core.Actor;
import tracker.support.EventStream;
import tracker.support.LegacyFiles;

/** The activity history: one entry per change with its diff, none for a refusal, and live events that resume. */
class ActivityTest extends ApiTests {

  /** The entries after {@code since}, checked against the contract. */
  private static List<JsonNode> after(ApiClient api, long since) {
    Reply reply = api.get("/api/activity?since_id=" + since + "&limit=1000");
    assertThat(reply.status()).isEqualTo(200);
    List<JsonNode> entries = new ArrayList<>();
    reply.json().forEach(entries::add);
    return entries;
  }

  private static long last(ApiClient api) {
    List<JsonNode> all = after(api, 0);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).get("id").asLong();
  }

  /** Runs a change and answers the one entry it made. */
  private static JsonNode onlyEntryOf(ApiClient api, Runnable change) {
    long before = last(api);
    change.run();
    List<JsonNode> made = after(api, before);
    assertThat(made).hasSize(1);
    return made.get(0);
  }

  private static void assertChange(JsonNode entry, String field, Object from, Object to) {
    JsonNode change = entry.get("changes").get(field);
    assertThat(change).as(entry + " changes " + field).isNotNull();
    assertThat(change.get("from").isNull() ? null : change.get("from").asText()).isEqualTo(from == null ? null : from.toString());
    assertThat(change.get("to").isNull() ? null : change.get("to").asText()).isEqualTo(to == null ? null : to.toString());
  }

  @Test
  void each_kind_of_change_makes_exactly_one_entry_with_its_diff() {
    api(api -> {
      JsonNode created = onlyEntryOf(api, () -> PlanApiTest.task(api, "Design", 3, "High", "Core"));
      assertThat(created.get("action").asText()).isEqualTo("created");
      assertThat(created.get("entity").asText()).isEqualTo("task");
      assertThat(created.get("actor").asText()).isEqualTo("api");
      assertChange(created, "title", null, "Design");
      long task = created.get("task_id").asLong();
      long other = PlanApiTest.task(api, "Build", 2, "Low", "Core");

      JsonNode edited = onlyEntryOf(api, () -> api.patch("/api/tasks/" + task, "{\"title\": \"Design it\", \"phase\": 2}",
          "X-Actor", "alice"));
      assertThat(edited.get("action").asText()).isEqualTo("updated");
      assertThat(edited.get("actor").asText()).isEqualTo("alice");
      assertChange(edited, "title", "Design", "Design it");
      assertChange(edited, "phase", 1, 2);
      assertThat(edited.get("changes").has("priority")).isFalse();

      JsonNode status = onlyEntryOf(api, () -> api.post("/api/tasks/" + task + "/status",
          "{\"status\": \"in_progress\", \"progress_percentage\": 20, \"updated_by\": \"agent-1\"}", "X-Actor", "bob"));
      assertThat(status.get("action").asText()).isEqualTo("status_changed");
      assertThat(status.get("actor").asText()).isEqualTo("agent-1");
      assertChange(status, "status", "not_started", "in_progress");
      assertChange(status, "progress_percentage", 0, 20);

      JsonNode progress = onlyEntryOf(api, () -> api.post("/api/tasks/" + task + "/progress",
          "{\"progress_percentage\": 50, \"notes\": \"half\"}"));
      assertThat(progress.get("action").asText()).isEqualTo("progress_added");
      assertChange(progress, "progress_percentage", 20, 50);
      assertChange(progress, "notes", null, "half");

      JsonNode blocker = onlyEntryOf(api, () -> api.post("/api/tasks/" + task + "/comments",
          "{\"comment\": \"waiting on db\", \"comment_type\": \"blocker\"}"));
      assertThat(blocker.get("action").asText()).isEqualTo("comment_added");
      assertChange(blocker, "comment_type", null, "blocker");
      assertChange(blocker, "status", "in_progress", "blocked");

      JsonNode added = onlyEntryOf(api, () -> PlanApiTest.depends(api, other, task, "requires"));
      assertThat(added.get("action").asText()).isEqualTo("dependency_added");
      assertThat(added.get("task_id").asLong()).isEqualTo(other);
      assertChange(added, "depends_on_task_id", null, task);
      assertChange(added, "dependency_type", null, "requires");
      JsonNode removed = onlyEntryOf(api, () -> api.delete("/api/tasks/" + other + "/dependencies/" + task));
      assertThat(removed.get("action").asText()).isEqualTo("dependency_removed");
      assertChange(removed, "depends_on_task_id", task, null);

      JsonNode claimed = onlyEntryOf(api, () -> api.post("/api/claim", "{\"worker\": \"w-9\", \"lease_seconds\": 1}"));
      assertThat(claimed.get("action").asText()).isEqualTo("claimed");
      assertThat(claimed.get("actor").asText()).isEqualTo("w-9");
      assertThat(claimed.get("task_id").asLong()).isEqualTo(other);
      assertChange(claimed, "claimed_by", null, "w-9");

      long beforeExpiry = last(api);
      tracker.plan().expireLeases();
      long deadline = System.currentTimeMillis() + 5000;
      while (after(api, beforeExpiry).isEmpty() && System.currentTimeMillis() < deadline) {
        sleep(100);
        tracker.plan().expireLeases();
      }
      List<JsonNode> expiry = after(api, beforeExpiry);
      assertThat(expiry).hasSize(1);
      assertThat(expiry.get(0).get("action").asText()).isEqualTo("lease_expired");
      assertChange(expiry.get(0), "status", "in_progress", "not_started");

      JsonNode group = onlyEntryOf(api, () -> api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + other + "]}"));
      assertThat(group.get("entity").asText()).isEqualTo("group");
      assertThat(group.get("action").asText()).isEqualTo("created");
      long groupId = group.get("group_id").asLong();
      JsonNode started = onlyEntryOf(api, () -> api.post("/api/groups/" + groupId + "/status", "{\"status\": \"running\"}"));
      assertChange(started, "status", "pending", "running");
      JsonNode logged = onlyEntryOf(api, () -> api.post("/api/groups/" + groupId + "/logs", "{\"message\": \"go\"}"));
      assertThat(logged.get("action").asText()).isEqualTo("log_added");

      long beforeMember = last(api);
      api.patch("/api/groups/" + groupId + "/tasks/" + other, "{\"status\": \"completed\"}");
      List<String> actions = after(api, beforeMember).stream()
          .map(e -> e.get("entity").asText() + ":" + e.get("action").asText()).toList();
      // the member's change, the task it drives, and the group completing with its last task
      assertThat(actions).containsExactly("group:task_status_changed", "task:status_changed", "group:status_changed");

      JsonNode deleted = onlyEntryOf(api, () -> api.delete("/api/tasks/" + task));
      assertThat(deleted.get("action").asText()).isEqualTo("deleted");
      Reply history = api.get("/api/tasks/" + task + "/history");
      assertThat(history.status()).isEqualTo(200);
      assertThat(history.json().get(0).get("action").asText()).isEqualTo("created");
      assertThat(history.json().get(history.json().size() - 1).get("action").asText()).isEqualTo("deleted");
    });
  }

  @Test
  void a_bulk_plan_and_a_legacy_import_are_in_the_history() throws Exception {
    api(api -> {
      Reply bulk = api.post("/api/tasks/bulk", "{\"tasks\": ["
          + "{\"ref\": \"a\", \"title\": \"A\", \"component_area\": \"C\", \"phase\": 1, \"source_document\": \"s\"},"
          + "{\"ref\": \"b\", \"title\": \"B\", \"component_area\": \"C\", \"phase\": 1, \"source_document\": \"s\","
          + " \"depends_on\": [{\"ref\": \"a\"}]}]}", "X-Actor", "planner");
      assertThat(bulk.status()).isEqualTo(201);
      List<String> actions = after(api, 0).stream()
          .map(e -> e.get("action").asText() + ":" + e.get("task_id").asText() + ":" + e.get("actor").asText()).toList();
      assertThat(actions).containsExactly("created:1:planner", "created:2:planner", "dependency_added:2:planner");
    });
    Path legacy = LegacyFiles.legacyFile(dir, false,
        "insert into tasks (id, title, component_area, phase, source_document) values (1, 'Old', 'Core', 1, 'x')");
    Actor.as("import-legacy", () -> {
      try {
        return tracker.legacy().run(legacy, false, false);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    var entries = tracker.activity().recent(1);
    assertThat(entries.get(0).action()).isEqualTo("imported");
    assertThat(entries.get(0).actor()).isEqualTo("import-legacy");
    assertThat(entries.get(0).changes().get("tasks").get("to")).isEqualTo(1);
  }

  @Test
  void a_refused_change_makes_no_entry() {
    api(api -> {
      long task = PlanApiTest.task(api, "Design", 3, "High", "Core");
      long before = last(api);
      api.patch("/api/tasks/" + task, "{\"phase\": 9}");
      api.patch("/api/tasks/" + task, "{\"title\": \"x\"}", "If-Match", "\"99\"");
      api.post("/api/tasks/" + task + "/status", "{\"status\": \"done\"}");
      api.post("/api/tasks/" + task + "/comments", "{\"comment\": \"\"}");
      api.post("/api/tasks/" + task + "/dependencies", "{\"depends_on_task_id\": " + task + "}");
      api.post("/api/tasks/" + task + "/heartbeat", "{\"worker\": \"nobody\"}");
      api.post("/api/tasks/bulk", "{\"tasks\": [{\"title\": \"a\"}]}");
      api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [999]}");
      assertThat(after(api, before)).isEmpty();
    });
  }

  @Test
  void the_history_is_filtered_and_paged_and_bad_parameters_are_refused() {
    api(api -> {
      long a = PlanApiTest.task(api, "A", 1, "Low", "Core");
      long b = PlanApiTest.task(api, "B", 1, "Low", "Core");
      api.post("/api/tasks/" + a + "/progress", "{\"progress_percentage\": 10}");
      JsonNode ofA = api.get("/api/activity?task_id=" + a).json();
      assertThat(ofA).hasSize(2);
      JsonNode page = api.get("/api/activity?limit=1&since_id=1").json();
      assertThat(page).hasSize(1);
      assertThat(page.get(0).get("task_id").asLong()).isEqualTo(b);
      assertThat(api.get("/api/activity?group_id=5").json()).isEmpty();
      for (String bad : List.of("since_id=x", "limit=0", "limit=1001", "task_id=-1", "colour=red")) {
        assertThat(api.get("/api/activity?" + bad).status()).as(bad).isEqualTo(400);
      }
      assertThat(api.get("/api/tasks/77/history").status()).isEqualTo(404);
      tracker.database().ebean().sqlUpdate("delete from activity where task_id = :id").setParameter("id", b).execute();
      var withoutEntries = api.get("/api/tasks/" + b + "/history"); // e.g. imported without its history
      assertThat(withoutEntries.status()).isEqualTo(200);
      assertThat(withoutEntries.json()).isEmpty();
      assertThat(api.get("/api/tasks/abc/history").status()).isEqualTo(400);
    });
  }

  @Test
  void a_client_reconnecting_with_last_event_id_gets_every_missed_change_in_order_once() {
    api(api -> {
      int port = Integer.parseInt(api.baseUrl().replaceAll(".*:", ""));
      long task = PlanApiTest.task(api, "Watched", 1, "Low", "Core");
      String lastSeen;
      try (EventStream first = new EventStream(port, "", null)) {
        api.post("/api/tasks/" + task + "/progress", "{\"progress_percentage\": 1}");
        EventStream.Event event = first.next(2000);
        assertThat(event).isNotNull();
        assertThat(event.name()).isEqualTo("task-updated");
        lastSeen = event.id();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      // disconnected: 50 changes
      List<String> made = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        api.post("/api/tasks/" + task + "/progress", "{\"progress_percentage\": " + (i + 2) + "}");
      }
      after(api, Long.parseLong(lastSeen)).forEach(e -> made.add(e.get("id").asText()));
      assertThat(made).hasSize(50);

      try (EventStream again = new EventStream(port, "", lastSeen)) {
        List<String> received = new ArrayList<>();
        EventStream.Event event;
        while ((event = again.next(1000)) != null) {
          received.add(event.id());
        }
        assertThat(received).containsExactlyElementsOf(made);

        api.post("/api/tasks/" + task + "/progress", "{\"progress_percentage\": 99}");
        EventStream.Event live = again.next(2000);
        assertThat(live).isNotNull();
        assertThat(Long.parseLong(live.id())).isEqualTo(Long.parseLong(made.get(49)) + 1);
        assertThat(again.next(500)).isNull();
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    });
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
