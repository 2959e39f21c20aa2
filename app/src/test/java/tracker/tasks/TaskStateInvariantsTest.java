package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.ebean.SqlRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import tracker.api.ApiClient;
import tracker.app.Tracker;
import tracker.app.WebApp;
import tracker.graph.CycleFinder;
import tracker.support.TestDatabases;

/**
 * Random sequences of every way a task's state changes, through the HTTP routes and the
 * services (status, PATCH, progress, blocker and solution comments, claims, heartbeats, leases
 * running out, a group's task status, bulk, dependencies), on SQLite and PostgreSQL. After each
 * step the rules of TaskStateMachine hold for every task: blocked ⇔ blocked since a time; a claim
 * ⇒ in progress; completed ⇒ 100 %, no claim, no lease; progress goes down only by a progress the
 * step sent; a refused or empty change writes no history entry and a one-task change exactly one;
 * the dependencies form no cycle.
 */
class TaskStateInvariantsTest {

  private static final Map<String, Env> ENVS = new HashMap<>();

  /** A tracker and its server, one per database kind for the whole container. */
  record Env(Tracker tracker, Javalin app, ApiClient api) {}

  private static synchronized Env env(String kind) {
    return ENVS.computeIfAbsent(kind, k -> {
      try {
        Path dir = Files.createTempDirectory("tracker-invariants");
        Tracker tracker = TestDatabases.open(k, dir);
        Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
        return new Env(tracker, app, new ApiClient(app.port()));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  @AfterContainer
  static void stop() {
    ENVS.values().forEach(env -> {
      env.app().stop();
      env.tracker().close();
    });
    ENVS.clear();
  }

  /** One step: what to do, to which of the try's tasks, with which value. */
  record Step(String op, int task, int other, int value) {}

  static final List<String> OPS = List.of("patch_status", "patch_both", "status", "status_force", "progress", "blocker",
      "solution",
      "note", "claim", "heartbeat", "expire", "group_running", "group_completed", "group_failed", "bulk_status",
      "dependency", "patch_title", "create_blocked", "create_completed");
  static final List<String> STATUSES = List.of("not_started", "in_progress", "completed", "blocked");

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.of(OPS), Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 100))
        .as(Step::new).list().ofMinSize(5).ofMaxSize(25);
  }

  @Property(tries = 25)
  void the_state_rules_hold_after_every_step_on_sqlite(@ForAll("steps") List<Step> steps) {
    run(env(TestDatabases.SQLITE), steps);
  }

  @Property(tries = 15)
  void the_state_rules_hold_after_every_step_on_postgresql(@ForAll("steps") List<Step> steps) {
    run(env(TestDatabases.POSTGRESQL), steps);
  }

  private void run(Env env, List<Step> steps) {
    ApiClient api = env.api();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(api.post("/api/tasks", "{\"title\": \"T" + i + "\", \"component_area\": \"P\", \"phase\": 1,"
          + " \"source_document\": \"s\"}").json().get("id").asLong());
    }
    long group = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": " + ids + "}").json().get("id").asLong();
    for (Step step : steps) {
      long id = ids.get(step.task());
      Map<Long, Integer> progressBefore = progress(env, ids);
      long entriesBefore = env.tracker().activity().lastId();
      long versionBefore = version(env, id);
      int status = apply(env, step, id, ids.get(step.other()), group, ids);
      long entries = env.tracker().activity().after(entriesBefore, 1000).size();
      String context = step + " -> " + status;
      if (status >= 400) {
        assertThat(entries).as("a refused change writes no history: " + context).isZero();
      } else if (step.op().startsWith("group_")) {
        assertThat(entries).as("a group's task status: its entry, the task's, and the group's own move: " + context)
            .isLessThanOrEqualTo(3);
      } else if (!step.op().startsWith("group_") && !step.op().equals("bulk_status") && !step.op().startsWith("create")
          && !step.op().equals("expire")) {
        assertThat(entries).as("one change, at most one entry: " + context).isLessThanOrEqualTo(1);
        assertThat(version(env, id) - versionBefore).as("one change, one version: " + context).isLessThanOrEqualTo(1);
        if (version(env, id) != versionBefore && !step.op().equals("heartbeat")) {
          assertThat(entries).as("a change of the task writes its entry: " + context).isEqualTo(1);
        }
      }
      boolean sentProgress = step.op().equals("progress") || step.op().equals("status")
          || step.op().equals("status_force");
      for (SqlRow row : rows(env, ids)) {
        long task = row.getLong("id");
        String state = row.getString("status");
        String where = "task " + task + " after " + context;
        assertThat(state.equals("blocked")).as("blocked ⇔ blocked_since: " + where)
            .isEqualTo(row.get("blocked_since") != null);
        if (row.getString("claimed_by") != null) {
          assertThat(state).as("a claim ⇒ in progress: " + where).isEqualTo("in_progress");
        }
        int progress = progress(env, List.of(task)).get(task);
        if (state.equals("completed")) {
          assertThat(row.get("claimed_by")).as("completed ⇒ no claim: " + where).isNull();
          assertThat(row.get("lease_expires_at")).as("completed ⇒ no lease: " + where).isNull();
          assertThat(progress).as("completed ⇒ 100 %: " + where).isEqualTo(100);
        }
        if (!(sentProgress && task == id) && progressBefore.containsKey(task)) {
          assertThat(progress).as("progress goes down only when sent: " + where)
              .isGreaterThanOrEqualTo(progressBefore.get(task));
        }
      }
      Map<Long, List<Long>> edges = new HashMap<>();
      env.tracker().database().ebean().sqlQuery("select task_id, depends_on_task_id from task_dependencies")
          .findEachRow((rs, n) -> edges.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2)));
      assertThat(CycleFinder.anyCycle(edges)).as("acyclic after " + context).isEmpty();
    }
  }

  /** Runs a step; answers the HTTP status (200 for a service call that went through). */
  private static int apply(Env env, Step step, long id, long other, long group, List<Long> ids) {
    ApiClient api = env.api();
    String status = STATUSES.get(step.value() % 4);
    return switch (step.op()) {
      case "patch_status" -> api.patch("/api/tasks/" + id, "{\"status\": \"" + status + "\"}").status();
      case "patch_both" -> api.patch("/api/tasks/" + id, "{\"status\": \"" + status + "\", \"title\": \"P"
          + step.value() + "\"}").status();
      case "status" -> api.post("/api/tasks/" + id + "/status", "{\"status\": \"" + status + "\","
          + " \"progress_percentage\": " + step.value() + "}").status();
      case "status_force" -> api.post("/api/tasks/" + id + "/status", "{\"status\": \"" + status + "\","
          + " \"force\": true}").status();
      case "progress" -> api.post("/api/tasks/" + id + "/progress", "{\"progress_percentage\": " + step.value() + "}")
          .status();
      case "blocker", "solution", "note" -> api.post("/api/tasks/" + id + "/comments", "{\"comment\": \"c\","
          + " \"comment_type\": \"" + step.op() + "\"}").status();
      case "claim" -> api.post("/api/claim", "{\"worker\": \"w" + step.other() + "\", \"lease_seconds\": 600}")
          .status();
      case "heartbeat" -> api.post("/api/tasks/" + id + "/heartbeat", "{\"worker\": \"w" + step.other() + "\"}")
          .status();
      case "expire" -> {
        SqlRow row = env.tracker().database().ebean().sqlQuery("select claimed_by from tasks where id = ?")
            .setParameter(id).findOne();
        env.tracker().tasks().transitions().expireLease(id, row.getString("claimed_by"),
            Instant.now().plusSeconds(3600));
        yield 200;
      }
      case "group_running", "group_completed", "group_failed" -> api.patch("/api/groups/" + group + "/tasks/" + id,
          "{\"status\": \"" + step.op().substring(6) + "\"}").status();
      case "bulk_status" -> api.post("/api/tasks/bulk-status", "{\"task_ids\": [" + id + (id == other ? "" : ", " + other)
          + "], \"status\": \"" + status + "\"}").status();
      case "dependency" -> api.post("/api/tasks/" + id + "/dependencies", "{\"depends_on_task_id\": " + other + "}")
          .status();
      case "patch_title" -> api.patch("/api/tasks/" + id, "{\"title\": \"T" + step.value() + "\"}").status();
      default -> {
        String created = step.op().equals("create_blocked") ? "blocked" : "completed";
        long newId = api.post("/api/tasks", "{\"title\": \"N\", \"component_area\": \"P\", \"phase\": 1,"
            + " \"source_document\": \"s\", \"status\": \"" + created + "\"}").json().get("id").asLong();
        ids.set(step.task(), newId); // the try goes on with the new task in this place
        yield 201;
      }
    };
  }

  private static List<SqlRow> rows(Env env, List<Long> ids) {
    return env.tracker().database().ebean().sqlQuery("select id, status, claimed_by, lease_expires_at, blocked_since"
        + " from tasks where id in (:ids)").setParameter("ids", ids).findList();
  }

  private static long version(Env env, long id) {
    return env.tracker().database().ebean().sqlQuery("select version from tasks where id = ?").setParameter(id)
        .findOne().getLong("version");
  }

  private static Map<Long, Integer> progress(Env env, List<Long> ids) {
    Map<Long, Integer> figures = new HashMap<>();
    for (long id : ids) {
      figures.put(id, env.tracker().tasks().get(id).progressPercentage());
    }
    return figures;
  }
}
