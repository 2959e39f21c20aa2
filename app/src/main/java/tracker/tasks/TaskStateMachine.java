package tracker.tasks;

import tracker.domain.TaskStatus;

/**
 * The rules of a task's state, in one table: for each move from one status to another, what it
 * sets and what it clears. Every way a status changes (the status route, PATCH and the edit form,
 * a claim, a lease running out, blocker and solution comments, a group's task status, bulk
 * changes, both imports) asks this class and {@link TaskTransitions} applies the answer, so the
 * rules cannot differ between entry points. Pure: no database, tested alone.
 *
 * <pre>
 * from          to            sets                                  clears
 * any           the same      nothing: no change, no version, no history entry
 * not blocked   blocked       blocked_since, status_before_blocked   claim and lease
 * blocked       any other     -                                      blocked_since, status_before_blocked
 * in_progress   any other     -                                      claim and lease
 * any           completed     progress 100 %                         claim and lease
 *               (refused with 409 naming them while a blocks/requires prerequisite is open, unless forced)
 * not_started   in_progress   claim and lease (by a claim only)      -
 * in_progress   not_started   - (a lease ran out, a group task failed) claim and lease
 * </pre>
 *
 * Progress never goes down as a side effect: only a progress record a person or worker sends
 * lowers it. A solution comment on a blocked task restores the status it had before.
 */
public final class TaskStateMachine {

  private TaskStateMachine() {}

  /** What a move from one status to another does. */
  public record Move(TaskStatus from, TaskStatus to, boolean entersBlocked, boolean leavesBlocked, boolean endsClaim,
      boolean completes) {

    /** A move to the same status changes nothing. */
    public boolean changes() {
      return from != to;
    }
  }

  /** The move from {@code from} to {@code to}. */
  public static Move move(TaskStatus from, TaskStatus to) {
    boolean changes = from != to;
    return new Move(from, to,
        changes && to == TaskStatus.BLOCKED,
        changes && from == TaskStatus.BLOCKED,
        changes && (from == TaskStatus.IN_PROGRESS || to == TaskStatus.BLOCKED || to == TaskStatus.COMPLETED),
        changes && to == TaskStatus.COMPLETED);
  }

  /** The status a solution restores: the one before the block, else not started. */
  public static TaskStatus afterSolution(TaskStatus beforeBlocked) {
    return beforeBlocked == null || beforeBlocked == TaskStatus.BLOCKED ? TaskStatus.NOT_STARTED : beforeBlocked;
  }

  /** The status a task of a group takes when the group marks it failed: back in the ready queue. */
  public static final TaskStatus AFTER_FAILURE = TaskStatus.NOT_STARTED;

  /** Whether a progress figure completes the task it is recorded on (100 % does). */
  public static boolean completesAt(int percent) {
    return percent == 100;
  }
}
