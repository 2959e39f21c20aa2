package tracker.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.Tracker;
import tracker.support.TestDatabases;

class LeaseSweepTest {

  @TempDir
  Path dir;

  @Test
  void the_sweep_seeks_expired_leases_in_their_index_instead_of_reading_every_task_in_progress() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir);
        Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement plan = c.prepareStatement("explain query plan " + PlanService.EXPIRED_LEASES)) {
      plan.setObject(1, Instant.now().toEpochMilli());
      StringBuilder steps = new StringBuilder();
      try (ResultSet rs = plan.executeQuery()) {
        while (rs.next()) {
          steps.append(rs.getString("detail")).append('\n');
        }
      }
      c.rollback();
      assertThat(steps.toString()).contains("USING INDEX ix_tasks_lease_expires_at (lease_expires_at<?)");
    }
  }

  @Test
  void the_lease_index_holds_only_tasks_with_a_lease_so_other_writes_leave_it_alone() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir);
        Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement indexes = c.prepareStatement("select partial from pragma_index_list('tasks') where name = ?")) {
      indexes.setString(1, "ix_tasks_lease_expires_at");
      try (ResultSet rs = indexes.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("partial")).isEqualTo(1);
      }
      c.rollback();
    }
  }
}
