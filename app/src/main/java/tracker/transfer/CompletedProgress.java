package tracker.transfer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import tracker.db.NamedSql;
import tracker.domain.Task;

/**
 * Completed is 100 % (tasks.TaskStateMachine), for both imports: a file from before the rules
 * held everywhere (a legacy database, an old or edited export) may hold a completed task whose
 * newest progress record says less, or that has none. Such a task keeps its records as history
 * and gets one more at 100 %, dated when the task last changed.
 */
public final class CompletedProgress {

  private static final String BELOW_FULL = " from tasks t where t.status = 'completed' and "
      + Task.progressOf("t") + " < 100";
  private static final NamedSql FOUND = NamedSql.of("select t.id, " + Task.latestProgressOf("t") + " as latest"
      + BELOW_FULL);
  private static final NamedSql ADDED = NamedSql.of("""
      insert into task_progress (task_id, progress_percentage, notes, updated_by, created_at)
      select t.id, 100, :notes, 'system', t.updated_at""" + BELOW_FULL);

  private CompletedProgress() {}

  /**
   * Adds the records, on the connection of the import's transaction, with {@code notes}; answers
   * each task given one and the percentage it was at before (null: it had no record).
   */
  public static Map<Long, Integer> complete(Connection c, String notes) throws SQLException {
    Map<Long, Integer> before = new LinkedHashMap<>();
    try (NamedSql.Bound found = FOUND.prepare(c); java.sql.ResultSet rs = found.query()) {
      while (rs.next()) {
        Object latest = rs.getObject("latest");
        before.put(rs.getLong("id"), latest == null ? null : ((Number) latest).intValue());
      }
    }
    if (!before.isEmpty()) {
      try (NamedSql.Bound added = ADDED.prepare(c).set("notes", notes)) {
        added.update();
      }
    }
    return before;
  }
}
