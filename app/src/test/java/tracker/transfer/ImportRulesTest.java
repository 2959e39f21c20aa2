package tracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.testtools.JavalinTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.Cli;
import tracker.api.ApiClient;
import tracker.demo.DemoPlan;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/** An import keeps every rule the API keeps, writes nothing when a file breaks one, and tells the history. */
class ImportRulesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;


  /** An export of the demo plan, edited by {@code edit}. */
  Path editedExport(Consumer<ObjectNode> edit) throws Exception {
    Path source = dir.resolve("source.db");
    if (!Files.exists(source)) {
      try (Tracker tracker = Tracker.open("jdbc:sqlite:" + source)) {
        DemoPlan.loadIfEmpty(tracker.tasks(), tracker.database().transactions());
      }
    }
    Path file = Files.createTempFile(dir, "export", ".json");
    Files.delete(file);
    assertThat(Cli.run("export", file.toString(), "--db", source.toString()).code()).isZero();
    ObjectNode document = (ObjectNode) JSON.readTree(file.toFile());
    edit.accept(document);
    JSON.writeValue(file.toFile(), document);
    return file;
  }

  static ObjectNode row(ObjectNode document, String table, long id) {
    for (var row : document.withArray(table)) {
      if (row.get("id").asLong() == id) {
        return (ObjectNode) row;
      }
    }
    throw new AssertionError("no " + table + " row " + id);
  }

  static void addDependency(ObjectNode document, long task, long dependsOn) {
    ArrayNode dependencies = document.withArray("task_dependencies");
    ObjectNode edge = dependencies.addObject();
    edge.put("id", 9000 + dependencies.size());
    edge.put("task_id", task);
    edge.put("depends_on_task_id", dependsOn);
    edge.put("dependency_type", "blocks");
    edge.put("created_at", "2026-01-01T00:00:00Z");
  }

  /** Refused into an empty database and into one with data, with nothing written either way. */
  void refused(Path file, String... named) throws Exception {
    Path empty = dir.resolve("empty-" + file.getFileName() + ".db");
    Cli.Result intoEmpty = Cli.run("import", file.toString(), "--db", empty.toString());
    assertThat(intoEmpty.code()).as(intoEmpty.err()).isEqualTo(1);
    assertThat(intoEmpty.err()).contains("nothing was imported").contains(named);
    Path withData = dir.resolve("data-" + file.getFileName() + ".db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + withData)) {
      tracker.tasks().create(new TaskDraft("Mine", null, "X", 1, null, null, null, "s", null, null, null));
    }
    assertThat(Cli.run("import", file.toString(), "--db", withData.toString()).code()).isEqualTo(1);
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + empty)) {
      assertThat(tracker.statistics().stats().totalTasks()).isZero();
      assertThat(tracker.activity().lastId()).isZero();
    }
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + withData)) {
      assertThat(tracker.statistics().stats().totalTasks()).isOne();
    }
  }

  @Test
  void an_export_edited_to_hold_a_dependency_cycle_is_refused_naming_it() throws Exception {
    // in the demo plan 2 depends on 1; closing 1 → 2 makes a cycle
    refused(editedExport(d -> addDependency(d, 1, 2)), "form the cycle", "1", "2");
    refused(editedExport(d -> addDependency(d, 4, 4)), "task_dependencies", "a task cannot depend on itself");
    refused(editedExport(d -> addDependency(d, 2, 1)), "task_dependencies", "repeats the dependency of task 2 on task 1");
  }

  @Test
  void a_range_that_does_not_hold_the_estimate_is_refused_as_the_api_refuses_it() throws Exception {
    refused(editedExport(d -> row(d, "tasks", 3).put("time_estimate_hours", 5).put("optimistic_hours", 10)
        .put("pessimistic_hours", 2)), "id 3: optimistic_hours", "must be at most time_estimate_hours",
        "pessimistic_hours");
  }

  @Test
  void a_task_that_is_its_own_parent_or_ancestor_is_refused() throws Exception {
    refused(editedExport(d -> row(d, "tasks", 5).put("parent_task_id", 5)), "tasks id 5", "is the task itself");
    refused(editedExport(d -> {
      row(d, "tasks", 6).put("parent_task_id", 7);
      row(d, "tasks", 7).put("parent_task_id", 6);
    }), "its own ancestor", "#6");
    refused(editedExport(d -> row(d, "tasks", 8).put("parent_task_id", 999)), "999 is not a task of the file");
    // in the demo plan 2 depends on 1: 1 as a subtask of 2 could never start
    refused(editedExport(d -> row(d, "tasks", 1).put("parent_task_id", 2)), "waits for itself through the hierarchy");
  }

  @Test
  void a_task_twice_in_a_group_or_a_year_past_four_digits_is_refused_by_row() throws Exception {
    refused(editedExport(d -> {
      d.withArray("execution_groups").addObject().put("id", 1).put("name", "g").put("total_hours", 1.0)
          .put("estimated_duration", 1.0).put("max_parallel_tasks", 2).put("status", "pending").put("version", 1)
          .put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z");
      for (int id = 1; id <= 2; id++) {
        d.withArray("group_tasks").addObject().put("id", id).put("group_id", 1).put("task_id", 1)
            .put("execution_order", id).put("task_hours", 1.0).put("status", "pending").put("version", 1)
            .put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z");
      }
      row(d, "tasks", 2).put("created_at", "+12026-02-03T00:00:00Z");
    }), "group_tasks[1] id 2: task_id repeats task 1 in group 1", "created_at must be an ISO-8601 UTC time with a four-digit year");
  }

  @Test
  void an_id_version_or_token_too_large_for_the_next_one_is_refused_not_wrapped() throws Exception {
    java.math.BigInteger twentyDigits = new java.math.BigInteger("99999999999999999999");
    refused(editedExport(d -> {
      row(d, "tasks", 1).put("id", twentyDigits);
      row(d, "tasks", 2).put("id", Long.MAX_VALUE);
      row(d, "tasks", 3).put("version", Long.MAX_VALUE);
      row(d, "tasks", 4).put("parent_task_id", twentyDigits);
      ((ObjectNode) d.withArray("task_dependencies").get(0)).put("task_id", twentyDigits);
    }), "tasks[0]: id must be a whole number between 1 and 9007199254740992, not 99999999999999999999",
        "tasks[1] id 9223372036854775807: id must be a whole number between 1 and 9007199254740992",
        "version must be a whole number between 1 and 9007199254740992, not 9223372036854775807",
        "parent_task_id must be a whole number between 1 and 9007199254740992, not 99999999999999999999",
        "task_id 99999999999999999999 is not a row of tasks in the file");
    // the largest allowed id imports, and the next task made gets the id after it
    Path source = dir.resolve("one.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + source)) {
      tracker.tasks().create(new TaskDraft("Only", null, "X", 1, null, null, null, "s", null, null, null));
    }
    Path file = dir.resolve("one.json");
    assertThat(Cli.run("export", file.toString(), "--db", source.toString()).code()).isZero();
    ObjectNode document = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) document.withArray("tasks").get(0)).put("id", 1L << 53);
    document.forEach(table -> table.forEach(row -> {
      if (row.has("task_id")) {
        ((ObjectNode) row).put("task_id", 1L << 53); // the progress record and the history
      }
    }));
    JSON.writeValue(file.toFile(), document);
    Path target = dir.resolve("largest.db");
    Cli.Result imported = Cli.run("import", file.toString(), "--db", target.toString());
    assertThat(imported.code()).as(imported.err()).isZero();
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      long next = tracker.tasks().create(new TaskDraft("Next", null, "X", 1, null, null, null, "s", null, null, null))
          .id();
      assertThat(next).isEqualTo((1L << 53) + 1);
    }
  }

  @Test
  void every_field_rule_of_the_api_holds_and_each_refusal_names_row_field_and_value() throws Exception {
    refused(editedExport(d -> {
      row(d, "tasks", 1).put("title", "\u0000starts with NUL");
      row(d, "tasks", 2).put("priority", "Urgent");
      row(d, "tasks", 3).put("phase", 9);
      row(d, "tasks", 4).put("time_estimate_hours", 0);
      row(d, "tasks", 5).put("component_area", "x".repeat(101));
      row(d, "tasks", 6).put("colour", "red");
      row(d, "tasks", 7).put("status", "paused");
      ((ObjectNode) d.withArray("task_progress").get(0)).put("progress_percentage", 101);
      ((ObjectNode) d.withArray("task_progress").get(1)).put("task_id", 4242);
    }), "tasks[0] id 1: title must be one line without control characters (U+0000",
        "priority must be one of Critical, High, Medium, Low, not \"Urgent\"",
        "phase must be a whole number between 1 and 4, not 9",
        "time_estimate_hours must be a number between 0.1 and 200.0, not 0",
        "component_area must be at most 100 characters, not 101",
        "colour is not a column of tasks",
        "status must be one of not_started, in_progress, completed, blocked, not \"paused\"",
        "progress_percentage must be a whole number between 0 and 100, not 101",
        "task_id 4242 is not a row of tasks in the file");
  }

  @Test
  void the_history_metadata_and_the_document_itself_keep_the_rules_the_server_reads_them_by() throws Exception {
    refused(editedExport(d -> {
      ((ObjectNode) d.withArray("activity").get(0)).put("changes", "not json");
      ((ObjectNode) d.withArray("activity").get(1)).put("action", "hacked");
      ((ObjectNode) d.withArray("activity").get(2)).put("entity", "zzz");
      ((ObjectNode) d.withArray("activity").get(3)).put("actor", "a".repeat(5000));
      d.put("surprise", 1);
    }), "changes must be a JSON object written as text", "action must be one of", "entity must be one of",
        "actor must be at most 100 characters", "surprise: is not a table of the tracker");
    Path withGroup = editedExport(d -> {
      ObjectNode group = d.withArray("execution_groups").addObject();
      group.put("id", 1).put("name", "g").put("total_hours", 1.0).put("estimated_duration", 1.0)
          .put("max_parallel_tasks", 2).put("status", "pending").put("version", 1)
          .put("created_at", "2026-01-01T00:00:00Z").put("updated_at", "2026-01-01T00:00:00Z");
      group.putArray("metadata").add(1);
    });
    refused(withGroup, "metadata must be a JSON object, not array");
    Path trailing = editedExport(d -> { });
    Files.writeString(trailing, Files.readString(trailing) + "{}");
    Cli.Result run = Cli.run("import", trailing.toString(), "--db", dir.resolve("never.db").toString());
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("is not JSON");
    assertThat(dir.resolve("never.db")).as("a refused file creates no database").doesNotExist();
    Path stringVersion = editedExport(d -> d.put("format_version", "1"));
    Cli.Result stringRun = Cli.run("import", stringVersion.toString(), "--db", dir.resolve("never.db").toString());
    assertThat(stringRun.code()).isEqualTo(2);
    assertThat(stringRun.err()).contains("has format_version \"1\"");
    assertThat(dir.resolve("never.db")).doesNotExist();
  }

  @Test
  void an_imported_task_keeps_the_state_rules() throws Exception {
    refused(editedExport(d -> row(d, "tasks", 3).put("status", "blocked").put("status_before_blocked", "blocked")),
        "status_before_blocked cannot be blocked");
    Path file = editedExport(d -> {
      for (var progress : d.withArray("task_progress")) {
        if (progress.get("task_id").asLong() == 1) {
          ((ObjectNode) progress).put("progress_percentage", 40); // task 1 of the demo is completed
        }
      }
      row(d, "tasks", 4).put("status", "in_progress").putNull("claimed_by").put("lease_expires_at",
          "2030-01-01T00:00:00Z").put("lease_seconds", 60);
    });
    Path target = dir.resolve("state.db");
    assertThat(Cli.run("import", file.toString(), "--db", target.toString()).code()).isZero();
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      assertThat(tracker.tasks().get(1).status().value()).isEqualTo("completed");
      assertThat(tracker.tasks().get(1).progressPercentage()).as("completed is 100 %").isEqualTo(100);
      assertThat(tracker.tasks().get(4).leaseExpiresAt()).as("no lease without a claim").isNull();
    }
  }

  @Test
  void importing_into_a_database_with_data_records_one_entry_per_task_for_followers() throws Exception {
    Path file = editedExport(d -> { });
    Path target = dir.resolve("target.db");
    long before;
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      tracker.tasks().create(new TaskDraft("Mine", null, "X", 1, null, null, null, "s", null, null, null));
      before = tracker.activity().lastId();
    }
    assertThat(Cli.run("import", file.toString(), "--db", target.toString()).code()).isZero();
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      var entries = tracker.activity().after(before, 1000);
      assertThat(entries).hasSize(35);
      assertThat(entries).allSatisfy(e -> {
        assertThat(e.action()).isEqualTo("imported");
        assertThat(e.taskId()).isGreaterThan(1);
        assertThat(e.changes().toString()).contains(file.getFileName().toString(), "old_id");
      });
    }
  }

  @Test
  void export_and_backup_refuse_a_database_that_does_not_exist_and_create_none() {
    Path typo = dir.resolve("typo.db");
    Cli.Result export = Cli.run("export", dir.resolve("out.json").toString(), "--db", typo.toString());
    assertThat(export.code()).isEqualTo(2);
    assertThat(export.err().lines()).hasSize(1);
    assertThat(export.err()).contains("there is no database " + typo);
    Cli.Result backup = Cli.run("backup", dir.resolve("copy.db").toString(), "--db", typo.toString());
    assertThat(backup.code()).isEqualTo(2);
    assertThat(typo).doesNotExist();
    assertThat(dir.resolve("out.json")).doesNotExist();
  }

  @Test
  void a_cycle_stored_around_the_rules_is_a_409_naming_it_never_a_500() {
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + dir.resolve("cyclic.db"))) {
      long first = tracker.tasks().create(new TaskDraft("First", null, "X", 1, null, null, null, "s", null, null,
          null)).id();
      long second = tracker.tasks().create(new TaskDraft("Second", null, "X", 1, null, null, null, "s", null, null,
          null)).id();
      tracker.tasks().addDependency(second, first, "blocks");
      tracker.database().ebean().sqlUpdate("insert into task_dependencies (task_id, depends_on_task_id,"
          + " dependency_type, created_at) values (?, ?, 'blocks', 0)").setParameter(first).setParameter(second)
          .execute();
      JavalinTest.test(WebApp.create(tracker), (server, http) -> {
        ApiClient api = new ApiClient(server.port());
        for (String path : new String[] {"/api/critical-path", "/api/ready", "/api/plan"}) {
          ApiClient.Reply reply = api.get(path);
          assertThat(reply.status()).as(path).isEqualTo(409);
          assertThat(reply.json().get("detail").asText()).contains("cycle", "1", "2");
        }
        assertThat(api.post("/api/claim", "{\"worker\": \"w\"}").status()).isEqualTo(409);
        assertThat(api.get("/plan").status()).isEqualTo(409);
        assertThat(api.get("/").status()).isEqualTo(409);
      });
    }
  }
}
