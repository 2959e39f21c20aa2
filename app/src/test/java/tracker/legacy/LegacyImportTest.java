package tracker.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.Cli;
import tracker.support.LegacyFiles;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskQuery;
import tracker.tasks.TaskView;

class LegacyImportTest {

  @TempDir
  Path dir;



  static String task(int id, String title, String area, String phase, String priority, String status, String parent,
      String created) {
    return "insert into tasks (id, title, component_area, phase, priority, status, source_document,"
        + " time_estimate_hours, parent_task_id, created_at, updated_at) values (" + id + ", " + title + ", " + area
        + ", " + phase + ", " + priority + ", " + status + ", 'plan.md', 2.5, " + parent + ", " + created + ", "
        + created + ")";
  }

  static final String[] QUIRKS = {
      task(1, "'Design schema'", "'Database'", "1", "'High'", "'completed'", "NULL", "'2025-01-15 10:30:00'"),
      task(2, "'Write <b>\"migrations\"</b> — ünïcode'", "'Database'", "2", "'Medium'", "'in_progress'", "1",
          "'2025-02-01T08:15:30.123456'"),
      task(3, "'Urgent one'", "'API'", "1", "'Urgent'", "'not_started'", "NULL", "'2025-01-16 09:00:00'"),
      task(4, "'Orphan'", "'API'", "1", "'Low'", "'not_started'", "99", "'2025-01-16 09:00:00'"),
      task(5, "'Phase seven'", "'API'", "7", "'Low'", "'not_started'", "NULL", "NULL"),
      task(6, "'No timestamp'", "'API'", "3", "'Low'", "'blocked'", "NULL", "NULL"),
      "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (1, 2, 1, 'blocks')",
      "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (2, 1, 2, 'requires')",
      "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (3, 6, 6, 'blocks')",
      "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (4, 6, 42, 'blocks')",
      "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (5, 6, 1, 'needs')",
      "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (6, 6, 2, NULL)",
      "insert into task_progress (id, task_id, progress_percentage, notes, created_at) values (1, 1, 100, 'done', '2025-01-20 12:00:00')",
      "insert into task_progress (id, task_id, progress_percentage, notes) values (2, 99, 10, 'ghost')",
      "insert into task_progress (id, task_id, progress_percentage, notes) values (3, 2, 150, 'too much')",
      "insert into task_comments (id, task_id, comment, comment_type) values (1, 1, 'Chose SQLite', 'decision')",
      "insert into task_comments (id, task_id, comment, comment_type) values (2, 3, 'on a skipped task', 'note')",
      "insert into task_comments (id, task_id, comment, comment_type) values (3, 2, 'why', 'rant')",
      "insert into execution_groups (id, name, metadata) values (1, 'Wave 1', '{\"owner\": \"ops\"}')",
      "insert into execution_groups (id, name, metadata) values (2, 'Wave 2', 'not json')",
      "insert into execution_groups (id, name, status) values (3, 'Wave 3', 'weird')",
      "insert into group_tasks (id, group_id, task_id, status) values (1, 1, 1, 'completed')",
      "insert into group_tasks (id, group_id, task_id) values (2, 1, 99)",
      "insert into group_tasks (id, group_id, task_id) values (3, 3, 1)",
      "insert into parallel_execution_log (id, group_id, task_id, level, message) values (1, 1, 1, 'info', 'started')",
      "insert into parallel_execution_log (id, group_id, task_id, level, message) values (2, 1, 3, 'info', 'skipped task')",
      "insert into parallel_execution_log (id, group_id, task_id, level, message) values (3, 2, NULL, 'loud', 'bad level')",
  };

  static String sha(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void every_quirk_is_reported_row_by_row_and_the_valid_rest_is_imported() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true, QUIRKS);
    String before = sha(legacy);
    Path db = dir.resolve("tracker.db");

    Cli.Result result = Cli.run("import-legacy", legacy.toString(), "--db", db.toString());

    assertThat(result.code()).as(result.err()).isZero();
    assertThat(sha(legacy)).as("the legacy file is never changed").isEqualTo(before);
    List<String> lines = result.out().lines().toList();
    assertThat(lines).contains(
        "tasks: 3 imported, 3 skipped",
        "task_dependencies: 1 imported, 5 skipped",
        "task_progress: 1 imported, 2 skipped",
        "task_comments: 1 imported, 2 skipped",
        "execution_groups: 2 imported, 1 skipped",
        "group_tasks: 1 imported, 2 skipped",
        "parallel_execution_log: 1 imported, 2 skipped");
    assertThat(result.out()).contains(
        "tasks 3: skipped: priority must be one of Critical, High, Medium, Low",
        "tasks 4: skipped: parent_task_id 99 is not an importable task",
        "tasks 5: skipped: phase must be between 1 and 4",
        // 2 is a subtask of 1: neither may wait for the other, as the API refuses
        "task_dependencies 1: skipped: task 2 waiting for task 1 would leave a task waiting for itself",
        "task_dependencies 2: skipped: task 1 waiting for task 2 would leave a task waiting for itself",
        "task_dependencies 3: skipped: a task cannot depend on itself",
        "task_dependencies 4: skipped: refers to task 42, which is not imported",
        "task_dependencies 5: skipped: unknown dependency_type 'needs'",
        "task_progress 2: skipped: refers to task 99",
        "task_progress 3: skipped: progress_percentage must be between 0 and 100",
        "task_comments 3: skipped: unknown comment_type 'rant'",
        "execution_groups 2: note: metadata is not a JSON object",
        "execution_groups 3: skipped: unknown status 'weird'",
        "parallel_execution_log 3: skipped: unknown level 'loud'");

    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      List<TaskView> tasks = tracker.listing().list(new TaskQuery(null, null, null, null, null, null, null, "id", null, null)).items();
      assertThat(tasks).extracting(TaskView::title)
          .containsExactly("Design schema", "Write <b>\"migrations\"</b> — ünïcode", "No timestamp");
      assertThat(tasks.get(0).createdAt()).hasToString("2025-01-15T10:30:00Z");
      // SQLite keeps times to the millisecond
      assertThat(tasks.get(1).createdAt()).hasToString("2025-02-01T08:15:30.123Z");
      assertThat(tasks.get(1).parentTaskId()).isEqualTo(tasks.get(0).id());
      assertThat(tasks.get(2).createdAt()).isAfter(java.time.Instant.parse("2026-01-01T00:00:00Z"));
      assertThat(tracker.tasks().detail(tasks.get(1).id()).dependencies()).as("a subtask waits not for its parent")
          .isEmpty();
      assertThat(tracker.tasks().detail(tasks.get(2).id()).dependencies()).extracting(d -> d.dependsOnTaskId())
          .containsExactly(tasks.get(1).id());
      assertThat(tracker.groups().list(null)).extracting(g -> g.metadata())
          .contains(java.util.Map.of("owner", "ops"), java.util.Map.of("legacy_metadata", "not json"));
      assertThat(tracker.groups().list(null)).filteredOn(g -> g.name().equals("Wave 1"))
          .extracting(g -> g.totalHours()).as("its one imported task's hours (the file left the member's at 0)")
          .containsExactly(2.5);
      // the indexes and search triggers set aside for the import are all back, and search finds the rows
      assertThat(TestDatabases.scalar(db, "select count(*) from sqlite_master where type in ('index', 'trigger')"
          + " and sql is not null")).isEqualTo(schemaObjectsOfAnEmptyDatabase());
      assertThat(tracker.listing().list(new TaskQuery(null, null, null, null, null, null, "migrat", null, null, null))
          .items()).extracting(TaskView::title).containsExactly("Write <b>\"migrations\"</b> — ünïcode");
      tracker.tasks().create(new tracker.tasks.TaskDraft("Searchable after import", null, "X", 1, null, null, null,
          "s", null, null, null));
      assertThat(tracker.listing().list(new TaskQuery(null, null, null, null, null, null, "after imp", null, null, null))
          .total()).isEqualTo(1);
    }
  }

  private String schemaObjectsOfAnEmptyDatabase() throws Exception {
    Path empty = dir.resolve("empty.db");
    Tracker.open("jdbc:sqlite:" + empty).close();
    return TestDatabases.scalar(empty, "select count(*) from sqlite_master where type in ('index', 'trigger')"
        + " and sql is not null");
  }

  @Test
  void rows_with_control_characters_are_skipped_and_named_while_the_rest_is_imported() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true,
        task(1, "'Fine'", "'API'", "1", "'High'", "'not_started'", "NULL", "'2025-01-15 10:30:00'"),
        task(2, "char(0) || 'NUL first'", "'API'", "1", "'High'", "'not_started'", "NULL", "'2025-01-15 10:30:00'"),
        task(3, "'Bell in area'", "'AP' || char(7) || 'I'", "1", "'Low'", "'not_started'", "NULL", "NULL"),
        "insert into task_comments (id, task_id, comment, comment_type) values (1, 1, 'esc' || char(27) || '[31m', 'note')",
        "insert into task_comments (id, task_id, comment, comment_type) values (2, 1, 'two' || char(10) || 'lines', 'note')",
        "insert into parallel_execution_log (id, group_id, task_id, level, message) values (1, 1, NULL, 'info', 'x' || char(0))",
        "insert into execution_groups (id, name) values (1, 'Wave' || char(9) || '1')");
    Cli.Result run = Cli.run("import-legacy", legacy.toString(), "--db", dir.resolve("new.db").toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains(
        "tasks 2: skipped: title must be one line without control characters (U+0000 at position 1)",
        "tasks 3: skipped: component_area must be one line without control characters (U+0007 at position 3)",
        "task_comments 1: skipped: comment must not contain control characters other than tab and line breaks (U+001B",
        "execution_groups 1: skipped: name must be one line without control characters (U+0009",
        "tasks: 1 imported, 2 skipped", "task_comments: 1 imported, 1 skipped");
  }

  @Test
  void a_loop_of_parents_and_a_parent_waiting_for_its_own_subtask_are_skipped_and_the_rest_imported() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true,
        task(1, "'Epic'", "'API'", "1", "'High'", "'not_started'", "NULL", "NULL"),
        task(2, "'Loop A'", "'API'", "1", "'High'", "'not_started'", "3", "NULL"),
        task(3, "'Loop B'", "'API'", "1", "'High'", "'not_started'", "2", "NULL"),
        task(4, "'Under the loop'", "'API'", "1", "'High'", "'not_started'", "2", "NULL"),
        task(5, "'Part of the epic'", "'API'", "1", "'High'", "'not_started'", "1", "NULL"),
        task(6, "'Plain'", "'API'", "1", "'High'", "'not_started'", "NULL", "NULL"),
        "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (1, 1, 5, 'blocks')",
        "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (2, 6, 1, 'blocks')",
        "insert into task_dependencies (id, task_id, depends_on_task_id, dependency_type) values (3, 1, 6, 'blocks')");
    Path db = dir.resolve("new.db");
    Cli.Result run = Cli.run("import-legacy", legacy.toString(), "--db", db.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("tasks 2: skipped: parent_task_id 3 leads back to the task itself",
        "tasks 3: skipped: parent_task_id 2 leads back", "tasks 4: skipped: parent_task_id 2 is not an importable task",
        "task_dependencies 1: skipped: task 1 waiting for task 5 would leave a task waiting for itself",
        "task_dependencies 3: skipped: would close the cycle 1 → 6 → 1", "tasks: 3 imported, 3 skipped");
    assertThat(TestDatabases.scalar(db, "select count(*) from task_dependencies")).isEqualTo("1");
  }

  @Test
  void every_refused_value_is_named_in_the_report() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true,
        task(1, "'Urgent one'", "'API'", "1", "'Urgent'", "'not_started'", "NULL", "NULL"),
        task(2, "'Phase nine'", "'API'", "9", "'Low'", "'not_started'", "NULL", "NULL"),
        task(3, "'Paused'", "'API'", "1", "'Low'", "'paused'", "NULL", "NULL"),
        // SQLite keeps what was written whatever the column's type: read as numbers these were 2, 0 and 0.0
        task(4, "'Phase and a half'", "'API'", "2.5", "'Low'", "'not_started'", "NULL", "NULL"),
        task(5, "'Phase abc'", "'API'", "'abc'", "'Low'", "'not_started'", "NULL", "NULL"),
        task(6, "'Hours abc'", "'API'", "1", "'Low'", "'not_started'", "NULL", "NULL")
            .replace("2.5, NULL", "'abc', NULL"),
        task(7, "'Phase as text'", "'API'", "'3'", "'Low'", "'not_started'", "NULL", "NULL"),
        "insert into task_progress (id, task_id, progress_percentage, notes) values (1, 7, 12.5, 'a fraction')",
        "insert into task_progress (id, task_id, progress_percentage, notes) values (2, 7, 'half', 'a word')");
    Path db = dir.resolve("new.db");
    Cli.Result run = Cli.run("import-legacy", legacy.toString(), "--db", db.toString());
    assertThat(run.out()).contains("priority must be one of Critical, High, Medium, Low, not 'Urgent'",
        "phase must be between 1 and 4, not 9", "status must be one of not_started, in_progress, completed, blocked,"
            + " not 'paused'", "phase must be a whole number, not 2.5", "phase must be a number, not 'abc'",
        "time_estimate_hours must be a number, not 'abc'", "progress_percentage must be a whole number, not 12.5",
        "progress_percentage must be a number, not 'half'");
    assertThat(TestDatabases.scalar(db, "select group_concat(title || ':' || phase) from tasks"))
        .as("a number written as text is read as that number").isEqualTo("Phase as text:3");
    assertThat(TestDatabases.scalar(db, "select count(*) from task_progress")).isEqualTo("0");
  }

  @Test
  void a_completed_task_ends_at_100_percent_and_its_legacy_progress_stays_as_history() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true,
        task(1, "'Done at sixty'", "'API'", "1", "'Low'", "'completed'", "NULL", "'2025-01-15 10:30:00'"),
        task(2, "'Done without a record'", "'API'", "1", "'Low'", "'completed'", "NULL", "'2025-01-15 10:30:00'"),
        task(3, "'Half way'", "'API'", "1", "'Low'", "'in_progress'", "NULL", "'2025-01-15 10:30:00'"),
        "insert into task_progress (id, task_id, progress_percentage, notes) values (1, 1, 60, 'most of it')",
        "insert into task_progress (id, task_id, progress_percentage, notes) values (2, 3, 50, 'half')");
    Path db = dir.resolve("new.db");
    Cli.Result run = Cli.run("import-legacy", legacy.toString(), "--db", db.toString());
    assertThat(run.out()).contains("completed at 60 %: a progress record of 100 % was added",
        "completed at no recorded progress: a progress record of 100 % was added");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      List<TaskView> tasks = tracker.listing().list(new TaskQuery(null, null, null, null, null, null, null, "id", null, null)).items();
      assertThat(tasks).extracting(TaskView::progressPercentage).containsExactly(100, 100, 50);
      assertThat(tracker.tasks().progress(tasks.get(0).id())).extracting(p -> p.progressPercentage())
          .as("newest first: the one added, then the legacy record").containsExactly(100, 60);
    }
  }

  @Test
  void every_form_of_timestamp_is_read_and_an_impossible_one_is_noted() throws Exception {
    String[] times = {"'2025-01-15 10:30:00'", "'2025-01-15 10:30:00.250'", "'2025-01-15T10:30:00+02:00'",
        "'2025-01-15T10:30:00Z'", "'2025-02-30 10:30:00'", "'2025-01-15 1a:30:00'", "'2025-01-15 24:00:00'"};
    String[] rows = new String[times.length];
    for (int i = 0; i < times.length; i++) {
      rows[i] = task(i + 1, "'Task " + (i + 1) + "'", "'API'", "1", "'Low'", "'not_started'", "NULL", times[i]);
    }
    Path db = dir.resolve("times.db");
    Cli.Result run = Cli.run("import-legacy", LegacyFiles.legacyFile(dir, true, rows).toString(), "--db", db.toString());
    assertThat(run.out()).contains("tasks 5: note: created_at '2025-02-30 10:30:00' is not a timestamp",
        "tasks 6: note: created_at '2025-01-15 1a:30:00' is not a timestamp",
        "tasks 7: note: created_at '2025-01-15 24:00:00' is not a timestamp").doesNotContain("tasks 1:", "tasks 2:",
        "tasks 3:", "tasks 4:");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      List<TaskView> tasks = tracker.listing().list(new TaskQuery(null, null, null, null, null, null, null, "id", null,
          null)).items();
      assertThat(tasks.subList(0, 4)).extracting(t -> t.createdAt().toString()).containsExactly("2025-01-15T10:30:00Z",
          "2025-01-15T10:30:00.250Z", "2025-01-15T08:30:00Z", "2025-01-15T10:30:00Z");
      assertThat(tasks.get(4).createdAt()).isAfter(java.time.Instant.parse("2026-01-01T00:00:00Z"));
    }
  }

  @Test
  void a_file_without_the_parallel_tables_imports_its_tasks() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, false, QUIRKS[0], QUIRKS[1]);
    Cli.Result result = Cli.run("import-legacy", legacy.toString(), "--db", dir.resolve("t.db").toString());
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("tasks: 2 imported, 0 skipped", "execution_groups: 0 imported, 0 skipped");
  }

  @Test
  void an_import_never_gives_the_id_of_a_task_deleted_before_it() throws Exception {
    Path db = dir.resolve("used.db");
    long deleted;
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      tracker.tasks().create(new tracker.tasks.TaskDraft("kept", null, "c", 1, "Low", null, null, "s", null, 1.0, null));
      deleted = tracker.tasks().create(new tracker.tasks.TaskDraft("gone", null, "c", 1, "Low", null, null, "s", null,
          1.0, null)).id();
      tracker.trash().delete(deleted, null, false);
      tracker.trash().purge(tracker.trash().list().get(0).id());
    }
    Path legacy = LegacyFiles.legacyFile(dir, false, QUIRKS[0], QUIRKS[1]);
    assertThat(Cli.run("import-legacy", legacy.toString(), "--db", db.toString()).code()).isZero();
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      List<TaskView> tasks = tracker.listing().list(new TaskQuery(null, null, null, null, null, null, null, "id", null,
          null)).items();
      assertThat(tasks).hasSize(3);
      assertThat(tasks.get(1).id()).as("past the deleted task's id").isGreaterThan(deleted);
      long fresh = tracker.tasks().create(new tracker.tasks.TaskDraft("after", null, "c", 1, "Low", null, null, "s",
          null, 1.0, null)).id();
      assertThat(fresh).isGreaterThan(tasks.get(2).id());
    }
  }

  @Test
  void strict_aborts_at_the_first_bad_row_and_leaves_the_target_byte_identical() throws Exception {
    Path db = dir.resolve("target.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      tracker.tasks().create(new TaskDraft("existing", null, "A", 1, null, null, null, "s", null, null, null));
    }
    String before = sha(db);
    Path legacy = LegacyFiles.legacyFile(dir, true, QUIRKS);

    Cli.Result result = Cli.run("import-legacy", legacy.toString(), "--db", db.toString(), "--strict");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("aborted (--strict) at tasks 3");
    assertThat(sha(db)).isEqualTo(before);
  }

  @Test
  void a_dry_run_writes_nothing_and_prints_the_same_report() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true, QUIRKS);
    Path db = dir.resolve("dry.db");
    Cli.Result dry = Cli.run("import-legacy", legacy.toString(), "--db", db.toString(), "--dry-run");
    assertThat(dry.code()).isZero();
    assertThat(dry.out()).contains("Dry run: nothing was written.");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      assertThat(tracker.statistics().stats().totalTasks()).isZero();
    }
    Cli.Result real = Cli.run("import-legacy", legacy.toString(), "--db", db.toString());
    assertThat(dry.out().replace("Dry run: nothing was written.\n", "")).isEqualTo(real.out());
  }


  @Test
  void a_file_of_50k_tasks_imports_whole_and_shows_progress_on_stderr() throws Exception {
    Path legacy = LegacyFiles.bigLegacyFile(dir, 50_000);
    Cli.Result result = Cli.run("import-legacy", legacy.toString(), "--db", dir.resolve("big.db").toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("tasks: 50000 imported, 0 skipped", "task_dependencies: 49999 imported, 0 skipped",
        "task_progress: 50000 imported, 0 skipped");
    assertThat(result.err()).contains("imported 149,999 of 149,999 rows");
  }

  @Test
  void a_missing_or_foreign_file_is_a_clear_usage_error() throws Exception {
    Cli.Result missing = Cli.run("import-legacy", dir.resolve("nope.db").toString(), "--db", dir.resolve("x.db").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("no legacy database at");
  }
}
