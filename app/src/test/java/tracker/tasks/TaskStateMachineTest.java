package tracker.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tracker.domain.TaskStatus;

/** The rule table alone, without a database. */
class TaskStateMachineTest {

  @Test
  void every_move_sets_and_clears_what_the_table_says() {
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        TaskStateMachine.Move move = TaskStateMachine.move(from, to);
        String which = from + " → " + to;
        assertThat(move.changes()).as(which).isEqualTo(from != to);
        assertThat(move.entersBlocked()).as(which).isEqualTo(from != to && to == TaskStatus.BLOCKED);
        assertThat(move.leavesBlocked()).as(which).isEqualTo(from != to && from == TaskStatus.BLOCKED);
        assertThat(move.completes()).as(which).isEqualTo(from != to && to == TaskStatus.COMPLETED);
        assertThat(move.endsClaim()).as(which).isEqualTo(from != to
            && (from == TaskStatus.IN_PROGRESS || to == TaskStatus.BLOCKED || to == TaskStatus.COMPLETED));
      }
    }
  }

  @Test
  void a_solution_restores_the_status_before_the_block_and_a_failure_returns_to_the_queue() {
    assertThat(TaskStateMachine.afterSolution(TaskStatus.IN_PROGRESS)).isEqualTo(TaskStatus.IN_PROGRESS);
    assertThat(TaskStateMachine.afterSolution(null)).isEqualTo(TaskStatus.NOT_STARTED);
    assertThat(TaskStateMachine.afterSolution(TaskStatus.BLOCKED)).isEqualTo(TaskStatus.NOT_STARTED);
    assertThat(TaskStateMachine.AFTER_FAILURE).isEqualTo(TaskStatus.NOT_STARTED);
    assertThat(TaskStateMachine.completesAt(100)).isTrue();
    assertThat(TaskStateMachine.completesAt(99)).isFalse();
  }
}
