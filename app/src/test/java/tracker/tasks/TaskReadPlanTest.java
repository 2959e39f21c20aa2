package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;

/**
 * How SQLite runs the reads that must stay quick on a big plan: every part through an index. The
 * plans do not depend on the data (the database keeps no statistics), so a small file shows them.
 */
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

  @Test
  void the_open_prerequisites_of_a_task_and_its_ancestors_are_found_from_the_ancestors_not_a_scan_of_every_dependency()
      throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      assertThat(TestDatabases.queryPlan(tracker, TaskReads.OPEN_PREREQUISITES, 1L, 5))
          .contains("SEARCH d USING INDEX")
          .doesNotContain("SCAN d")
          .doesNotContain("SCAN p");
    }
  }

  @Test
  void a_claim_checks_its_task_and_its_ancestors_through_indexes_in_its_one_statement() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      assertThat(TestDatabases.queryPlan(tracker, TaskTransitions.CLAIM_SQL))
          .contains("SEARCH tasks USING INTEGER PRIMARY KEY (rowid=?)")
          .doesNotContain("SCAN d")
          .doesNotContain("SCAN p")
          .doesNotContain("SCAN s");
    }
  }

  @Test
  void a_subtask_waiting_for_its_ancestor_is_found_from_the_ancestors_not_a_scan_of_every_dependency() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      assertThat(TestDatabases.queryPlan(tracker, TaskService.WAITING_FOR_ANCESTOR, 1L, 5))
          .contains("SEARCH d USING")
          .doesNotContain("SCAN d");
    }
  }
}
