package tracker.tasks;

import java.time.LocalDate;
import java.util.List;
import tracker.web.Charts;

/** What the dashboard draws: completion by phase and by component, and completed hours over time. */
public record TaskOverview(List<Completion> byPhase, List<Completion> byComponent, List<BurnUpPoint> burnUp) {

  /** The burn-up as a line by day, against the planned hours as the top of the chart. */
  public Charts.Line burnUpChart(double plannedHours) {
    int n = burnUp.size();
    double[] xs = new double[n];
    double[] ys = new double[n];
    String[] labels = new String[n];
    for (int i = 0; i < n; i++) {
      BurnUpPoint point = burnUp.get(i);
      xs[i] = point.day().toEpochDay();
      ys[i] = point.completedHours();
      labels[i] = point.completedHours() + " h done by " + point.day();
    }
    return Charts.line(xs, ys, labels, Math.max(plannedHours, n == 0 ? 0 : ys[n - 1]), 480, 160, 12);
  }

  /** Tasks and hours of one phase or component area, and how much of them is completed. */
  public record Completion(String label, long tasks, long completedTasks, double hours, double completedHours) {
    public double percent() {
      return TaskStatistics.percent(completedTasks, tasks);
    }
  }

  /**
   * Estimated hours of the tasks that first reached 100 % progress by the end of {@code day}
   * (cumulative).
   */
  public record BurnUpPoint(LocalDate day, double completedHours) {}
}
