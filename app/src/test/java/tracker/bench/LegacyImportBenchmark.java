package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.legacy.LegacyImporter;
import tracker.support.LegacyFiles;

/** import-legacy of 100k tasks, 300k dependencies, 300k progress records, 100k comments: target ≥ 100k rows/s. */
@Tag("benchmark")
class LegacyImportBenchmark {

  static final int TASKS = 100_000;

  @TempDir
  Path dir;

  @Test
  void importing_800k_legacy_rows() throws Exception {
    Path legacy = LegacyFiles.legacyFile(dir, true);
    Random random = new Random(7);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy)) {
      c.setAutoCommit(false);
      try (PreparedStatement task = c.prepareStatement("insert into tasks (id, title, component_area, phase,"
              + " source_document, created_at) values (?, ?, 'Area', 2, 'plan.md', '2025-01-15 10:30:00')");
          PreparedStatement dep = c.prepareStatement("insert or ignore into task_dependencies (task_id,"
              + " depends_on_task_id, dependency_type) values (?, ?, 'blocks')");
          PreparedStatement progress = c.prepareStatement("insert into task_progress (task_id, progress_percentage,"
              + " notes, created_at) values (?, ?, 'step', '2025-02-01T08:15:30.123')");
          PreparedStatement comment = c.prepareStatement("insert into task_comments (task_id, comment, comment_type)"
              + " values (?, 'a comment', 'note')")) {
        for (int i = 1; i <= TASKS; i++) {
          task.setInt(1, i);
          task.setString(2, "Task " + i);
          task.addBatch();
          for (int k = 0; k < 3; k++) {
            if (i > 1) {
              dep.setInt(1, i);
              dep.setInt(2, Math.max(1, i - 1 - random.nextInt(Math.min(i - 1, 1000))));
              dep.addBatch();
            }
            progress.setInt(1, i);
            progress.setInt(2, 30 * k);
            progress.addBatch();
          }
          comment.setInt(1, i);
          comment.addBatch();
        }
        task.executeBatch();
        dep.executeBatch();
        progress.executeBatch();
        comment.executeBatch();
      }
      c.commit();
    }
    try (Tracker tracker = Tracker.open("jdbc:sqlite:" + dir.resolve("target.db"))) {
      long start = System.nanoTime();
      LegacyImporter.Outcome outcome = tracker.legacy().run(legacy, false, false);
      double seconds = (System.nanoTime() - start) / 1e9;
      long rows = 0;
      for (String line : outcome.report().text()) {
        if (line.matches("^[a-z_]+: \\d+ imported, \\d+ skipped$")) {
          String[] parts = line.split("[: ,]+");
          rows += Long.parseLong(parts[1]) + Long.parseLong(parts[3]);
        }
      }
      Bench bench = new Bench("import-legacy into SQLite");
      bench.figure(rows + " legacy rows in " + String.format("%.1f", seconds) + " s", rows / seconds, "rows/s",
          "≥ 100,000", rows / seconds >= 100_000);
      System.out.println(bench.table());
      assertThat(outcome.written()).isTrue();
    }
  }
}
