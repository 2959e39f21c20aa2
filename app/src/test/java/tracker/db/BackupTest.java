package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.cli.Main;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;

class BackupTest {

  @TempDir
  Path dir;

  static TaskDraft draft(String title) {
    return new TaskDraft(title, null, "Ops", 1, null, null, null, "s", null, null, null);
  }


  @Test
  void backup_copies_a_live_database_that_opens_and_passes_integrity_check() throws Exception {
    Path db = dir.resolve("live.db");
    Path copy = dir.resolve("copy.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      AtomicBoolean writing = new AtomicBoolean(true);
      Thread writer = new Thread(() -> {
        for (int i = 0; writing.get(); i++) {
          tracker.tasks().create(draft("w" + i));
        }
      });
      writer.start();
      Thread.sleep(300);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), "backup", copy.toString(), "--db",
          db.toString());
      writing.set(false);
      writer.join();

      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("Backed up");
      assertThat(TestDatabases.scalar(copy, "pragma integrity_check")).isEqualTo("ok");
      assertThat(Long.parseLong(TestDatabases.scalar(copy, "select count(*) from tasks"))).isPositive();

      StringWriter again = new StringWriter();
      assertThat(Main.run(new PrintWriter(new StringWriter()), new PrintWriter(again, true), "backup", copy.toString(),
          "--db", db.toString())).isEqualTo(2);
      assertThat(again.toString()).contains("already exists");
    }
  }

  @Test
  void a_file_with_data_is_backed_up_beside_itself_before_a_pending_migration() throws Exception {
    Path db = dir.resolve("tracker.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      tracker.tasks().create(draft("keep me"));
    }
    // take the file back to schema 1.0: as if it came from an older release
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("drop index ix_tasks_status_area");
      s.execute("drop index ix_tasks_assignee");
      s.execute("drop index ix_tasks_lease_expires_at");
      s.execute("drop index ix_task_progress_task_id_id");
      s.execute("create index ix_task_progress_task_id on task_progress (task_id)");
      s.execute("create index ix_tasks_status on tasks (status)");
      for (String column : new String[] {"claimed_by", "lease_expires_at", "lease_seconds", "blocked_since",
          "status_before_blocked", "claim_token", "assignee", "labels", "optimistic_hours", "pessimistic_hours"}) {
        s.execute("alter table tasks drop column " + column);
      }
      s.execute("drop table activity");
      s.execute("drop table web_sessions");
      s.execute("drop table idempotent_answers");
      s.execute("drop table access_tokens");
      s.execute("drop table identities");
      s.execute("drop table trash");
      s.execute("drop table settings");
      s.execute("drop table scenarios");
      s.execute("drop table saved_views");
      s.execute("drop table id_floor");
      s.execute("alter table task_comments drop column author");
      s.execute("delete from db_migration where mversion in ('1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7', '1.8', '1.9', '1.10')");
    }

    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      assertThat(tracker.database().schemaVersion()).isEqualTo(TestDatabases.SCHEMA_VERSION);
    }

    Path backup;
    try (Stream<Path> files = Files.list(dir)) {
      backup = files.filter(f -> f.getFileName().toString().startsWith("tracker.db.bak-" + TestDatabases.SCHEMA_VERSION + "-")).findFirst().orElseThrow();
    }
    assertThat(TestDatabases.scalar(backup, "select title from tasks")).isEqualTo("keep me");
    assertThat(TestDatabases.scalar(backup, "select max(mversion) from db_migration where mtype = 'V'")).isEqualTo("1.0");
  }

  @Test
  void a_new_or_up_to_date_database_is_not_backed_up() throws Exception {
    Path db = dir.resolve("fresh.db");
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      tracker.tasks().create(draft("x"));
    }
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + db)) {
      assertThat(tracker.statistics().stats().totalTasks()).isEqualTo(1);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.filter(f -> f.getFileName().toString().contains(".bak-"))).isEmpty();
    }
  }
}
