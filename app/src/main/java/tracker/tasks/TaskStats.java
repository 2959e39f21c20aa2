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
    double progressPercentage,
    List<BlockedArea> blockedHoursByComponent) {

  /**
   * Blocked work of one component area: how many tasks, their estimated hours, and the hours
   * they have spent blocked so far (summed over the tasks).
   */
  public record BlockedArea(String area, long blockedTasks, double estimatedHours, double blockedForHours) {}

  public record PhaseCount(int phase, long count) {}

  public record AreaCount(String area, long count) {}
}
