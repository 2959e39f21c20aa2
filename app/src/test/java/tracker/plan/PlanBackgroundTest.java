package tracker.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebean.datasource.DataSourcePool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;

/** The plan's background work (the first read, the lease sweep) ends before the database closes. */
class PlanBackgroundTest {

  @TempDir
  Path dir;

  @Test
  void a_stop_waits_for_the_first_read_under_way_and_starts_no_background_work_after() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      seedBigPlan(tracker);
      DataSourcePool pool = (DataSourcePool) tracker.database().ebean().dataSource();
      tracker.plan().readInTheBackground();
      Thread.sleep(150); // the read of 100k tasks and 300k dependencies is under way
      tracker.plan().close();
      assertThat(pool.status(false).busy()).as("connections still in use when the database may close").isZero();
      int takenBefore = pool.status(false).hitCount();
      tracker.plan().readInTheBackground();
      tracker.plan().startLeaseSweeper();
      Thread.sleep(1_500); // a sweep would have run by now, and the read begun
      assertThat(pool.status(false).hitCount()).as("connections taken after the stop").isEqualTo(takenBefore);
    }
  }

  private static void seedBigPlan(Tracker tracker) throws Exception {
    try (Connection c = tracker.database().ebean().dataSource().getConnection();
        PreparedStatement tasks = c.prepareStatement("insert into tasks (id, created_at, updated_at, title,"
            + " description, component_area, phase, priority, complexity, status, source_document,"
            + " time_estimate_hours, version) with recursive n(i) as (select 1 union all select i + 1 from n"
            + " where i < 100000) select i, ?, ?, 'Task ' || i, '', 'Area', 1, 'Medium', 'Medium', 'not_started',"
            + " 's', 1, 1 from n");
        PreparedStatement dependencies = c.prepareStatement("insert into task_dependencies (created_at, task_id,"
            + " depends_on_task_id, dependency_type) select ?, id, id - k, 'blocks' from tasks,"
            + " (select 1 as k union all select 7 union all select 31) where id > k")) {
      Timestamp now = Timestamp.from(Instant.now());
      tasks.setTimestamp(1, now);
      tasks.setTimestamp(2, now);
      assertThat(tasks.executeUpdate()).isEqualTo(100_000);
      dependencies.setTimestamp(1, now);
      assertThat(dependencies.executeUpdate()).isGreaterThan(299_000);
      c.commit();
    }
  }
}
