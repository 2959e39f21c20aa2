package tracker.graph;

import java.util.List;

/**
 * Stored dependencies that form a cycle, found while planning. Every way in refuses a cycle, so
 * this means data written around the rules (an old file, a hand edit of the database); the
 * plan cannot be computed until one of the cycle's dependencies is removed.
 */
public final class CyclicPlanException extends IllegalStateException {

  private final List<Long> cycle;

  public CyclicPlanException(List<Long> cycle) {
    super("the stored dependencies form the cycle " + CycleFinder.describe(cycle)
        + "; remove one of them (DELETE /api/tasks/{id}/dependencies/{depends_on_task_id}) to plan again");
    this.cycle = List.copyOf(cycle);
  }

  public List<Long> cycle() {
    return cycle;
  }
}
