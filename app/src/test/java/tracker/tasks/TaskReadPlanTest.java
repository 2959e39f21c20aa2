package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.Tracker;
import tracker.support.TestDatabases;

/** How SQLite runs the most frequent read, the task lookup: every part through an index. */
class TaskReadPlanTest {

  @TempDir
  Path dir;

  @Test
  void a_task_lookup_reads_the_current_progress_from_an_index_alone_and_scans_no_table() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir);
        Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement plan = c.prepareStatement("explain query plan " + TaskReads.WITH_RELATIONS)) {
      for (int i = 1; i <= 4; i++) {
        plan.setLong(i, 1);
      }
      StringBuilder steps = new StringBuilder();
      try (ResultSet rs = plan.executeQuery()) {
        while (rs.next()) {
          steps.append(rs.getString("detail")).append('\n');
        }
      }
      c.rollback();
      assertThat(steps.toString())
          .contains("SEARCH p USING COVERING INDEX ix_task_progress_task_id_id (task_id=?)")
          .doesNotContain("SCAN");
    }
  }
}
