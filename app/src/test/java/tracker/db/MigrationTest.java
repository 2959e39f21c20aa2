package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebean.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tracker.support.TestDatabases;

class MigrationTest {

  @TempDir
  Path dir;

  static final List<String> TABLES = List.of("tasks", "task_dependencies", "task_progress", "task_comments",
      "execution_groups", "group_tasks", "parallel_execution_log");

  String url(String kind) {
    return kind.equals("sqlite") ? TestDatabases.sqliteUrl(dir) : TestDatabases.postgresUrl();
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void an_empty_database_gets_every_table_and_reports_its_schema_version(String kind) {
    try (TrackerDatabase db = TrackerDatabase.open(url(kind), null, null)) {
      assertThat(db.kind().label()).isEqualTo(kind);
      assertThat(db.schemaVersion()).isEqualTo(TestDatabases.SCHEMA_VERSION);
      for (String table : TABLES) {
        assertThat(count(db.ebean(), table)).as(table).isZero();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void a_second_start_changes_nothing(String kind) {
    String url = url(kind);
    String before;
    try (TrackerDatabase db = TrackerDatabase.open(url, null, null)) {
      before = schemaOf(db);
    }
    try (TrackerDatabase db = TrackerDatabase.open(url, null, null)) {
      assertThat(schemaOf(db)).isEqualTo(before);
      assertThat(count(db.ebean(), "db_migration")).isEqualTo(13); // the init row, 1.0 to 1.10 and R__task_search
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void the_database_itself_refuses_rows_that_break_the_rules(String kind) {
    try (TrackerDatabase db = TrackerDatabase.open(url(kind), null, null)) {
      Database ebean = db.ebean();
      String now = kind.equals("sqlite") ? "0" : "now()";
      String task = "insert into tasks (id, created_at, updated_at, title, component_area, phase, priority, complexity,"
          + " status, source_document, time_estimate_hours, version) values (%d, " + now + ", " + now
          + ", '%s', 'A', %d, '%s', 'Medium', 'not_started', 'doc', %s, 1)";
      ebean.sqlUpdate(String.format(task, 1, "ok", 1, "High", "1.0")).execute();
      ebean.sqlUpdate(String.format(task, 2, "ok", 2, "Low", "2.0")).execute();

      List<String> refused = List.of(
          String.format(task, 3, "bad phase", 5, "High", "1.0"),
          String.format(task, 4, "", 1, "High", "1.0"),
          String.format(task, 5, "bad priority", 1, "Urgent", "1.0"),
          String.format(task, 6, "bad hours", 1, "High", "200.5"),
          "insert into task_dependencies (created_at, task_id, depends_on_task_id, dependency_type) values ("
              + now + ", 1, 1, 'blocks')",
          "insert into task_dependencies (created_at, task_id, depends_on_task_id, dependency_type) values ("
              + now + ", 1, 99, 'blocks')",
          "insert into task_dependencies (created_at, task_id, depends_on_task_id, dependency_type) values ("
              + now + ", 1, 2, 'needs')",
          "insert into task_progress (created_at, task_id, progress_percentage, updated_by) values ("
              + now + ", 1, 101, 'x')",
          "insert into execution_groups (created_at, updated_at, name, total_hours, estimated_duration,"
              + " max_parallel_tasks, status, version) values (" + now + ", " + now + ", 'g', 0, 0, 51, 'pending', 1)");
      for (String sql : refused) {
        assertThatThrownBy(() -> ebean.sqlUpdate(sql).execute()).as(sql).isInstanceOf(RuntimeException.class);
      }
      String dependency = "insert into task_dependencies (created_at, task_id, depends_on_task_id, dependency_type)"
          + " values (" + now + ", 2, 1, 'requires')";
      ebean.sqlUpdate(dependency).execute();
      assertThatThrownBy(() -> ebean.sqlUpdate(dependency).execute()).isInstanceOf(RuntimeException.class);
      assertThat(count(ebean, "tasks")).isEqualTo(2);

      ebean.sqlUpdate("delete from tasks where id = 1").execute();
      assertThat(count(ebean, "task_dependencies")).isZero();
    }
  }

  @Test
  void regenerating_from_the_current_model_changes_nothing(@TempDir Path copy) throws IOException {
    Path source = Path.of("dbmigration");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path target = copy.resolve("dbmigration").resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }

    String generated = GenerateMigration.generate(copy, "drift");

    assertThat(generated).as("the model has changes that no migration in dbmigration/ covers").isNull();
  }

  static long count(Database db, String table) {
    return db.sqlQuery("select count(*) as n from " + table).findOne().getLong("n");
  }

  static String schemaOf(TrackerDatabase db) {
    String sql = db.kind() == DatabaseKind.SQLITE
        ? "select type || ' ' || name || ' ' || coalesce(sql, '') as d from sqlite_master order by name"
        : "select table_name || ' ' || column_name || ' ' || data_type as d from information_schema.columns"
            + " where table_schema = 'public' order by table_name, column_name";
    return String.join("\n", db.ebean().sqlQuery(sql).mapToScalar(String.class).findList());
  }

  @Test
  void a_sqlite_file_from_before_remembers_the_ids_its_history_names() throws Exception {
    Path file = dir.resolve("old.db");
    long deleted;
    try (tracker.app.Tracker old = tracker.app.Tracker.open("jdbc:sqlite:" + file)) {
      old.tasks().create(new tracker.tasks.TaskDraft("kept", null, "c", 1, "Low", null, null, "s", null, 1.0, null));
      deleted = old.tasks().create(new tracker.tasks.TaskDraft("gone", null, "c", 1, "Low", null, null, "s", null, 1.0,
          null)).id();
    }
    // as a file of schema 1.7 whose newest task was deleted for good: the id is only in its history
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); java.sql.Statement s = c.createStatement()) {
      s.execute("pragma foreign_keys = on");
      s.execute("delete from tasks where id = " + deleted);
      s.execute("drop table scenarios");
      s.execute("drop table id_floor");
      s.execute("drop table saved_views");
      s.execute("delete from db_migration where mversion in ('1.8', '1.9', '1.10')");
    }
    try (tracker.app.Tracker migrated = tracker.app.Tracker.open("jdbc:sqlite:" + file)) {
      assertThat(migrated.database().schemaVersion()).isEqualTo(TestDatabases.SCHEMA_VERSION);
      long fresh = migrated.tasks().create(new tracker.tasks.TaskDraft("fresh", null, "c", 1, "Low", null, null, "s",
          null, 1.0, null)).id();
      assertThat(fresh).isEqualTo(deleted + 1);
    }
  }

  @Test
  void a_sqlite_file_from_before_never_hands_out_the_id_of_a_trash_entry_already_restored() throws Exception {
    Path file = dir.resolve("trash.db");
    long restored;
    try (tracker.app.Tracker old = tracker.app.Tracker.open("jdbc:sqlite:" + file)) {
      long x = old.tasks().create(new tracker.tasks.TaskDraft("x", null, "c", 1, "Low", null, null, "s", null, 1.0,
          null)).id();
      long y = old.tasks().create(new tracker.tasks.TaskDraft("y", null, "c", 1, "Low", null, null, "s", null, 1.0,
          null)).id();
      old.trash().delete(x, null, false);
      restored = old.trash().delete(y, null, false).id();
      old.trash().restore(restored); // its id is now only in the history
    }
    // as a file of schema 1.9: no mark for the trash yet
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); java.sql.Statement s = c.createStatement()) {
      s.execute("delete from id_floor where table_name = 'trash'");
      s.execute("delete from db_migration where mversion = '1.10'");
    }
    try (tracker.app.Tracker migrated = tracker.app.Tracker.open("jdbc:sqlite:" + file)) {
      long z = migrated.tasks().create(new tracker.tasks.TaskDraft("z", null, "c", 1, "Low", null, null, "s", null, 1.0,
          null)).id();
      assertThat(migrated.trash().delete(z, null, false).id()).isGreaterThan(restored);
    }
  }
}
