package tracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.cli.Main;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.demo.DemoPlan;
import tracker.groups.GroupRecords.GroupDraft;
import tracker.groups.GroupRecords.LogDraft;

class DataTransferTest {

  @TempDir
  Path dir;

  static int run(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
    if (exit != 0) {
      System.err.println(String.join(" ", args) + ": " + err);
    }
    return exit;
  }

  /** The demo plan plus a group with a task status, a log with metadata and a deleted task. */
  Path populated() {
    Path db = dir.resolve("source.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      DemoPlan.loadIfEmpty(tracker.tasks(), tracker.database().transactions());
      tracker.trash().delete(3, null, true);
      var group = tracker.groups().create(new GroupDraft("Sprint", 2, List.of(1L, 2L, 5L), Map.of("owner", "ops")));
      tracker.groups().changeTaskStatus(group.id(), 5, "running");
      tracker.groups().addLog(group.id(), new LogDraft("warning", "slow", 5L, Map.of("iops", 12)));
    }
    return db;
  }

  @Test
  void an_import_into_a_plan_with_data_never_takes_a_deleted_tasks_id() throws Exception {
    Path source = populated();
    Path file = dir.resolve("plan.json");
    assertThat(run("export", file.toString(), "--db", source.toString())).isZero();
    Path target = dir.resolve("target.db");
    long deleted;
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      tracker.tasks().create(new tracker.tasks.TaskDraft("kept", null, "c", 1, "Low", null, null, "s", null, 1.0, null));
      deleted = tracker.tasks().create(new tracker.tasks.TaskDraft("newest", null, "c", 1, "Low", null, null, "s", null,
          1.0, null)).id();
      tracker.trash().delete(deleted, null, false);
    }
    assertThat(run("import", file.toString(), "--db", target.toString())).isZero();
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + target)) {
      long lowestImported = tracker.database().ebean().sqlQuery("select min(id) as n from tasks where title <> 'kept'")
          .findOne().getLong("n");
      assertThat(lowestImported).as("the deleted task's id stays its own").isGreaterThan(deleted);
    }
  }

  @Test
  void export_import_export_is_identical() throws Exception {
    Path source = populated();
    Path first = dir.resolve("first.json");
    Path second = dir.resolve("second.json");
    Path copy = dir.resolve("copy.db");

    assertThat(run("export", first.toString(), "--db", source.toString())).isZero();
    assertThat(run("import", first.toString(), "--db", copy.toString())).isZero();
    assertThat(run("export", second.toString(), "--db", copy.toString())).isZero();

    assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
    assertThat(Files.readString(first)).contains("\"format_version\" : 1", "\"iops\"", "Sprint");
  }

  @Test
  void a_sqlite_database_moves_into_postgresql_with_everything_kept() throws Exception {
    Path source = populated();
    Path fromSqlite = dir.resolve("from-sqlite.json");
    Path fromPostgres = dir.resolve("from-postgres.json");
    String postgres = TestDatabases.postgresUrl(); // empty: the import applies the schema first

    assertThat(run("export", fromSqlite.toString(), "--db", source.toString())).isZero();
    assertThat(run("import", fromSqlite.toString(), "--db-url", postgres)).isZero();
    assertThat(run("export", fromPostgres.toString(), "--db-url", postgres)).isZero();

    assertThat(Files.readString(fromPostgres)).isEqualTo(Files.readString(fromSqlite));
    try (Tracker moved = Tracker.open(postgres)) {
      assertThat(moved.statistics().stats().totalTasks()).isEqualTo(34);
      assertThat(moved.activity().history(5)).isNotEmpty();
      // ids go on after the imported ones
      assertThat(moved.tasks().create(new tracker.tasks.TaskDraft("next", null, "X", 1, null, null, null, "s", null,
          null, null)).id()).isEqualTo(36);
    }
  }

  @Test
  void importing_into_a_database_with_data_adds_with_new_ids_and_repointed_references() throws Exception {
    Path source = populated();
    Path file = dir.resolve("plan.json");
    run("export", file.toString(), "--db", source.toString());

    assertThat(run("import", file.toString(), "--db", source.toString())).isZero();

    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + source)) {
      var db = tracker.database().ebean();
      assertThat(tracker.statistics().stats().totalTasks()).isEqualTo(68);
      long dangling = db.sqlQuery("select count(*) as n from task_dependencies d where d.task_id > 35"
          + " and d.depends_on_task_id <= 35").findOne().getLong("n");
      assertThat(dangling).as("copied dependencies point at copied tasks").isZero();
      assertThat(tracker.groups().list(null)).hasSize(2);
    }
  }

  @Test
  void a_file_of_another_kind_or_a_newer_format_is_refused() throws Exception {
    Path other = dir.resolve("other.json");
    Files.writeString(other, "{\"format\": \"something\"}");
    assertThat(run("import", other.toString(), "--db", dir.resolve("x.db").toString())).isEqualTo(2);
    Path newer = dir.resolve("newer.json");
    Files.writeString(newer, "{\"format\": \"implementation-tracker\", \"format_version\": 99}");
    assertThat(run("import", newer.toString(), "--db", dir.resolve("x.db").toString())).isEqualTo(2);
  }
}
