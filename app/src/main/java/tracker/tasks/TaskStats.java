package tracker.tasks;

import java.util.List;

/** The statistics of the contract's {@code GET /api/stats}. */
public record TaskStats(
    long totalTasks,
    long completedTasks,
    long inProgressTasks,
    long blockedTasks,
    double completionPercentage,
    List<PhaseCount> phaseBreakdown,
    List<AreaCount> componentBreakdown,
    double totalEstimatedHours,
    double completedHours,
    double progressPercentage) {

  public record PhaseCount(int phase, long count) {}

  public record AreaCount(String area, long count) {}
}
