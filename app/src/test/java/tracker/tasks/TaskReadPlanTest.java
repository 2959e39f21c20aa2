package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;

/** How SQLite runs the most frequent read, the task lookup: every part through an index. */
class TaskReadPlanTest {

  @TempDir
  Path dir;

  @Test
  void a_task_lookup_reads_the_current_progress_from_an_index_alone_and_scans_no_table() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      assertThat(TestDatabases.queryPlan(tracker, TaskReads.WITH_RELATIONS.positional(), 1L, 1L, 1L, 1L))
          .contains("SEARCH p USING COVERING INDEX ix_task_progress_task_id_id (task_id=?)")
          .doesNotContain("SCAN");
    }
  }
}
