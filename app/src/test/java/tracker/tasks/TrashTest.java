package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.app.WebApp;
import tracker.groups.GroupRecords.GroupDraft;
import tracker.support.ApiTests;
import tracker.support.TeamTokens;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.ProgressDraft;

/** Nothing deleted for good by accident: the trash, cascade, dry runs, confirmed bulk deletes, purge. */
class TrashTest extends ApiTests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private long task(String title, Long parent) {
    return tracker.tasks().create(new TaskDraft(title, "about " + title, "core", 1, null, null, null, "spec", null,
        3.0, parent)).id();
  }

  /** The export, without the history (a deletion and a restore are new entries in it). */
  private JsonNode exportWithoutHistory(String name) throws Exception {
    Path file = dir.resolve(name);
    tracker.transfer().export(file);
    ObjectNode document = (ObjectNode) JSON.readTree(file.toFile());
    document.remove("activity");
    return document;
  }

  private String adminToken() {
    return TeamTokens.bearer(tracker, "root", "admin");
  }

  @Test
  void a_deleted_task_with_dependents_progress_and_comments_comes_back_byte_for_byte() throws Exception {
    long a = task("schema", null);
    long sub = task("schema part", a);
    long b = task("api", null);
    long c = task("other", null);
    tracker.tasks().addDependency(b, a, "blocks");
    tracker.tasks().addDependency(a, c, "requires");
    tracker.tasks().addProgress(a, new ProgressDraft(40, "halfway", "ann"));
    tracker.tasks().addComment(a, new CommentDraft("decided on SQL", "decision"));
    tracker.tasks().update(a, new TaskDraft(null, null, null, null, null, null, null, null, null, null, null, null,
        List.of("db")), java.util.Set.of("labels"), null);
    tracker.groups().create(new GroupDraft("Sprint", 2, List.of(a, c), Map.of()));
    JsonNode before = exportWithoutHistory("before.json");
    String admin = adminToken();

    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      Reply refused = api.delete("/api/tasks/" + a, "Authorization", admin);
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.json().get("detail").asText()).contains("#" + b + " api (blocks on #" + a + ")", "cascade");
      Reply dryRun = api.delete("/api/tasks/" + a + "?dry_run=true&cascade=true", "Authorization", admin);
      assertThat(dryRun.status()).isEqualTo(200);
      assertThat(dryRun.json().get("task_ids").toString()).isEqualTo("[" + a + "," + sub + "]");
      assertThat(dryRun.json().get("dependencies").asInt()).isEqualTo(2);
      assertThat(dryRun.json().get("progress_records").asLong())
          .isEqualTo(tracker.database().ebean().sqlQuery("select count(*) as n from task_progress where task_id in ("
              + a + ", " + sub + ")").findOne().getLong("n"));
      assertThat(dryRun.json().get("comments").asInt()).isEqualTo(1);
      assertThat(rows("tasks")).as("a dry run changes nothing").isEqualTo(4);

      assertThat(api.delete("/api/tasks/" + a + "?cascade=true", "Authorization", admin).status()).isEqualTo(204);
      assertThat(api.get("/api/tasks/" + a, "Authorization", admin).status()).isEqualTo(404);
      assertThat(rows("tasks")).isEqualTo(2);
      assertThat(rows("task_dependencies")).isZero();
      JsonNode trash = api.get("/api/trash", "Authorization", admin).json();
      assertThat(trash).hasSize(1);
      assertThat(trash.get(0).get("task_count").asInt()).isEqualTo(2);
      assertThat(trash.get(0).get("deleted_by").asText()).isEqualTo("root");
      assertThat(api.get("/trash", "Authorization", admin).text()).contains("schema", "Restore");

      for (String body : java.util.List.of("{not json", "[]", "{\"x\": 1}")) {
        assertThat(api.post("/api/trash/" + trash.get(0).get("id").asLong() + "/restore", body, "Authorization", admin)
            .status()).as(body).isEqualTo(400);
      }
      assertThat(api.get("/api/trash", "Authorization", admin).json().size()).as("still in the trash").isOne();
      Reply restored = api.post("/api/trash/" + trash.get(0).get("id").asLong() + "/restore", null,
          "Authorization", admin);
      assertThat(restored.status()).isEqualTo(200);
      assertThat(restored.json().get("title").asText()).isEqualTo("schema");
      assertThat(api.get("/api/trash", "Authorization", admin).json()).isEmpty();
      assertThat(api.get("/api/tasks?q=schema", "Authorization", admin).json().get("total").asInt())
          .as("searchable again").isEqualTo(2);
      List<String> actions = new java.util.ArrayList<>();
      api.get("/api/tasks/" + a + "/history", "Authorization", admin).json()
          .forEach(entry -> actions.add(entry.get("action").asText()));
      assertThat(actions).contains("created", "progress_added", "comment_added", "deleted", "restored");
    });
    assertThat(exportWithoutHistory("after.json")).isEqualTo(before);
  }

  @Test
  void a_big_bulk_deletion_needs_the_confirmation_of_its_dry_run_and_the_trash_is_purged() {
    long[] ids = {task("one", null), task("two", null), task("three", null)};
    tracker.trash().setPolicy(new TaskTrash.Policy(Duration.ofDays(30), 2));
    String admin = adminToken();
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      String body = "{\"task_ids\":[" + ids[0] + "," + ids[1] + "," + ids[2] + "]";
      Reply repeated = api.post("/api/tasks/bulk-delete", "{\"task_ids\":[" + ids[0] + "," + ids[0] + "]}",
          "Authorization", admin);
      assertThat(repeated.status()).as("as every bulk route").isEqualTo(422);
      assertThat(repeated.json().get("errors").get(0).get("field").asText()).isEqualTo("task_ids[1]");
      Reply unknown = api.post("/api/tasks/bulk-delete", "{\"task_ids\":[" + ids[0] + ", 999999]}",
          "Authorization", admin);
      assertThat(unknown.status()).isEqualTo(422);
      assertThat(unknown.json().get("errors").get(0).get("message").asText()).contains("999999 does not exist");
      Reply unconfirmed = api.post("/api/tasks/bulk-delete", body + "}", "Authorization", admin);
      assertThat(unconfirmed.status()).isEqualTo(428);
      assertThat(unconfirmed.json().get("detail").asText()).contains("dry run");
      Reply dryRun = api.post("/api/tasks/bulk-delete", body + ",\"dry_run\":true}", "Authorization", admin);
      assertThat(dryRun.json().get("trashed")).isEmpty();
      String confirm = dryRun.json().get("confirm").asText();
      assertThat(rows("tasks")).isEqualTo(3);
      api.patch("/api/tasks/" + ids[0], "{\"title\":\"one, renamed\"}", "Authorization", admin);
      assertThat(api.post("/api/tasks/bulk-delete", body + ",\"confirm\":\"" + confirm + "\"}", "Authorization", admin)
          .status()).as("the tasks changed since the dry run").isEqualTo(428);
      confirm = api.post("/api/tasks/bulk-delete", body + ",\"dry_run\":true}", "Authorization", admin).json()
          .get("confirm").asText();
      Reply deleted = api.post("/api/tasks/bulk-delete", body + ",\"confirm\":\"" + confirm + "\"}", "Authorization",
          admin);
      assertThat(deleted.status()).isEqualTo(200);
      assertThat(deleted.json().get("trashed")).hasSize(3);
      assertThat(rows("tasks")).isZero();

      long first = deleted.json().get("trashed").get(0).get("id").asLong();
      assertThat(api.delete("/api/trash/" + first).status()).as("purging is an admin's").isEqualTo(401);
      assertThat(api.delete("/api/trash/" + first, "Authorization", admin).status()).isEqualTo(204);
      assertThat(rows("trash")).isEqualTo(2);
      tracker.trash().setPolicy(new TaskTrash.Policy(Duration.ofNanos(1), 2));
      assertThat(api.get("/api/trash", "Authorization", admin).json()).as("past the retention").isEmpty();
      assertThat(rows("trash")).isZero();
    });
  }

  @Test
  void a_restore_never_leaves_a_task_waiting_for_itself_through_its_parent() {
    long parent = task("parent", null);
    long child = task("child", parent);
    long other = task("other", null);
    tracker.tasks().addDependency(other, child, "blocks");
    TaskTrash.TrashView gone = tracker.trash().delete(child, null, true);
    tracker.tasks().addDependency(parent, other, "blocks"); // fine while the child is away
    tracker.trash().restore(gone.id());
    assertThat(tracker.tasks().get(child).parentTaskId()).isEqualTo(parent);
    assertThat(tracker.tasks().detail(other).dependencies()).as("other → child stayed out").isEmpty();
    var history = tracker.activity().history(child);
    assertThat(history.get(history.size() - 1).changes().toString()).contains("waiting for itself");
    assertThat(tracker.tasks().readiness(child).ready()).as("the child waits for other, which waits for nothing")
        .isFalse();
    assertThat(tracker.tasks().readiness(other).ready()).isTrue();
  }

  @Test
  void a_restore_never_closes_a_cycle_and_a_bulk_deletion_takes_edges_among_its_tasks_in_any_order() {
    long x = task("x", null);
    long t = task("t", null);
    long y = task("y", null);
    tracker.tasks().addDependency(x, t, "blocks");
    tracker.tasks().addDependency(t, y, "blocks");
    TaskTrash.TrashView gone = tracker.trash().delete(t, null, true);
    tracker.tasks().addDependency(y, x, "blocks"); // no cycle while t is away
    tracker.trash().restore(gone.id());
    assertThat(tracker.plan().criticalPath(false, null, null).totalHours()).as("the plan still has an order").isPositive();
    assertThat(rows("task_dependencies")).as("one of t's edges stayed out").isEqualTo(2);
    var history = tracker.activity().history(t);
    assertThat(history.get(history.size() - 1).changes().toString()).contains("would close the cycle");

    long a = task("a", null);
    long b = task("b", null);
    tracker.tasks().addDependency(b, a, "blocks");
    var both = tracker.trash().deleteMany(List.of(a, b), false, false, null);
    assertThat(both.trashed()).hasSize(2);
  }

  @Test
  void a_deleted_tasks_id_is_never_given_away_and_it_comes_back_under_it_with_all_that_hangs_on_it() {
    long keep = task("keep", null);
    long newest = task("newest", null);
    long sub = task("newest part", newest);
    tracker.tasks().addDependency(newest, keep, "blocks");
    tracker.tasks().addComment(sub, new CommentDraft("a note", "note"));
    TaskTrash.TrashView gone = tracker.trash().delete(newest, null, false);
    long other = task("made meanwhile", null);
    assertThat(other).as("the newest ids were deleted; still none is given twice").isGreaterThan(sub);
    TaskView back = tracker.trash().restore(gone.id());
    assertThat(back.title()).isEqualTo("newest");
    assertThat(back.id()).isEqualTo(newest);
    assertThat(tracker.tasks().get(other).title()).isEqualTo("made meanwhile");
    assertThat(rows("tasks")).isEqualTo(4);
    var detail = tracker.tasks().detail(back.id());
    assertThat(detail.dependencies()).extracting(TaskDetail.Dependency::dependsOnTaskId).containsExactly(keep);
    assertThat(detail.subtaskIds()).hasSize(1);
    assertThat(tracker.tasks().comments(detail.subtaskIds().get(0))).extracting(c -> c.comment())
        .containsExactly("a note");
  }
}
