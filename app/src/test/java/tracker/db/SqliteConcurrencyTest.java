package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskRecords.ProgressDraft;
import tracker.tasks.TaskRecords.StatusChange;
import tracker.tasks.TaskView;

class SqliteConcurrencyTest {

  @TempDir
  Path dir;

  @Test
  void every_connection_gets_the_pragmas() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir);
        Connection connection = tracker.database().ebean().dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      assertThat(pragma(statement, "foreign_keys")).isEqualTo("1");
      assertThat(pragma(statement, "journal_mode")).isEqualTo("wal");
      assertThat(pragma(statement, "synchronous")).isEqualTo("1"); // NORMAL
      assertThat(Integer.parseInt(pragma(statement, "busy_timeout"))).isGreaterThanOrEqualTo(5000);
      assertThat(pragma(statement, "temp_store")).isEqualTo("2"); // MEMORY
      assertThat(pragma(statement, "cache_size")).isEqualTo("-1024"); // 1 MiB of pages per connection
    }
  }

  @Test
  void sixteen_writers_times_two_hundred_all_land_without_an_exception() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      TaskView task = tracker.tasks().create(new TaskDraft("Shared", null, "DB", 1, null, null, null, "s", null, null, null));
      ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int thread = t;
        Thread worker = new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < 200; i++) {
              // a mix of writes: new rows and a read-then-write of one shared row
              switch (i % 3) {
                case 0 -> tracker.tasks().create(
                    new TaskDraft("t" + thread + "-" + i, null, "DB", 1, null, null, null, "s", null, null, null));
                case 1 -> tracker.tasks().addProgress(task.id(), new ProgressDraft(i % 101, "w" + thread, null));
                default -> tracker.tasks().updateStatus(task.id(),
                    new StatusChange(i % 2 == 0 ? "in_progress" : "blocked", null, null, "c" + thread + "-" + i, null, null));
              }
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        worker.start();
        threads.add(worker);
      }
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }

      assertThat(failures).isEmpty();
      var db = tracker.database().ebean();
      long tasks = db.sqlQuery("select count(*) as n from tasks").findOne().getLong("n") - 1;
      long progress = db.sqlQuery("select count(*) as n from task_progress where notes like 'w%'").findOne().getLong("n");
      long comments = db.sqlQuery("select count(*) as n from task_comments").findOne().getLong("n");
      assertThat(tasks + progress + comments).isEqualTo(16 * 200);
      assertThat(tasks).isEqualTo(16 * 67);
    }
  }

  private static String pragma(Statement statement, String name) throws Exception {
    try (ResultSet rs = statement.executeQuery("pragma " + name)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
