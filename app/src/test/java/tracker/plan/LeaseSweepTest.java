package tracker.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.db.Backups;
import tracker.support.TestDatabases;

class LeaseSweepTest {

  @TempDir
  Path dir;

  @Test
  void the_sweep_seeks_expired_leases_in_their_index_instead_of_reading_every_task_in_progress() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      assertThat(TestDatabases.queryPlan(tracker, PlanService.EXPIRED_LEASES, Instant.now().toEpochMilli()))
          .contains("USING INDEX ix_tasks_lease_expires_at (lease_expires_at<?)");
    }
  }

  @Test
  void the_lease_index_holds_only_tasks_with_a_lease_so_other_writes_leave_it_alone() throws Exception {
    String url = TestDatabases.sqliteUrl(dir);
    try (Tracker ignored = Tracker.open(url)) {
      assertThat(TestDatabases.scalar(Backups.sqliteFile(url),
          "select partial from pragma_index_list('tasks') where name = 'ix_tasks_lease_expires_at'")).isEqualTo("1");
    }
  }
}
