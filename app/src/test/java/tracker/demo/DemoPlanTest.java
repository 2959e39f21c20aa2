package tracker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;
import tracker.tasks.TaskStats;

class DemoPlanTest {

  @Test
  void the_demo_plan_loads_once_into_an_empty_database(@TempDir Path dir) {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      int loaded = DemoPlan.loadIfEmpty(tracker.tasks(), tracker.database().transactions());

      TaskStats stats = tracker.statistics().stats();
      assertThat(loaded).isGreaterThanOrEqualTo(30).isEqualTo((int) stats.totalTasks());
      assertThat(stats.phaseBreakdown()).extracting(TaskStats.PhaseCount::phase).containsExactly(1, 2, 3, 4);
      assertThat(stats.componentBreakdown()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(stats.completedTasks()).isPositive();
      var db = tracker.database().ebean();
      assertThat(db.sqlQuery("select count(*) as n from task_dependencies").findOne().getLong("n")).isGreaterThanOrEqualTo(40);
      assertThat(db.sqlQuery("select count(*) as n from task_comments").findOne().getLong("n")).isPositive();

      assertThat(DemoPlan.loadIfEmpty(tracker.tasks(), tracker.database().transactions())).isZero();
      assertThat(tracker.statistics().stats().totalTasks()).isEqualTo(loaded);
    }
  }
}
