package tracker.support;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/** Legacy tracker files of shared/legacy/schema.sql's shape, made by the tests. */
public final class LegacyFiles {

  private LegacyFiles() {}

  /** A legacy file of schema.sql's shape; without the three parallel tables when asked. */
  public static Path legacyFile(Path dir, boolean withParallelTables, String... inserts) throws Exception {
    Path file = dir.resolve("implementation_tracker-" + System.nanoTime() + ".db");
    String schema;
    try (InputStream in = LegacyFiles.class.getResourceAsStream("/legacy/schema.sql")) {
      schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!withParallelTables) {
      schema = schema.substring(0, schema.indexOf("-- Created lazily by parallel_executor.py"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      for (String statement : schema.replaceAll("(?m)--.*$", "").split(";")) {
        if (!statement.isBlank()) {
          s.execute(statement);
        }
      }
      for (String insert : inserts) {
        s.execute(insert);
      }
    }
    return file;
  }

  /** A legacy file of {@code tasks} valid tasks, each with a progress record and a dependency on the previous one. */
  public static Path bigLegacyFile(Path dir, int tasks) throws Exception {
    Path file = legacyFile(dir, true);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.setAutoCommit(false);
      try (var task = c.prepareStatement("insert into tasks (id, title, component_area, phase, source_document,"
              + " created_at) values (?, ?, 'Area', 1, 'plan.md', '2025-01-15 10:30:00')");
          var progress = c.prepareStatement("insert into task_progress (task_id, progress_percentage, notes)"
              + " values (?, 0, 'created')");
          var dependency = c.prepareStatement("insert into task_dependencies (task_id, depends_on_task_id) values (?, ?)")) {
        for (int i = 1; i <= tasks; i++) {
          task.setInt(1, i);
          task.setString(2, "Task " + i);
          task.addBatch();
          progress.setInt(1, i);
          progress.addBatch();
          if (i > 1) {
            dependency.setInt(1, i);
            dependency.setInt(2, i - 1);
            dependency.addBatch();
          }
        }
        task.executeBatch();
        progress.executeBatch();
        dependency.executeBatch();
      }
      c.commit();
    }
    return file;
  }
}
