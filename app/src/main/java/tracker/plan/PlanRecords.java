package tracker.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The answers of the plan routes. */
public final class PlanRecords {

  private PlanRecords() {}

  /** One task of the critical chain. */
  public record ChainTask(long id, String title, double timeEstimateHours, double earliestStartHours,
      double earliestFinishHours) {}

  /**
   * The critical path; with a what-if delay also the total without it, the delay, and the tasks
   * the delay makes critical.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CriticalPathView(double totalHours, List<ChainTask> tasks, Double baselineTotalHours,
      Long delayTaskId, Double delayHours, List<Long> newlyCriticalTaskIds) {}

  public record WaveView(int index, List<Long> taskIds, double hours) {}

  public record PlanView(List<WaveView> waves, double makespanHours) {}

  public record ClaimRequest(String worker, String componentArea, Integer leaseSeconds, List<String> labels) {}

  public record HeartbeatRequest(String worker, Long claimToken) {}

  /** The not-completed plan's figures: its critical path, and its waves under the parallelism limit; all tasks, completed too. */
  public record TimelineView(double criticalPathHours, int maxParallel, double makespanHours, int scheduledTasks,
      List<WaveView> waves, int allTasks) {}
}
