package tracker.tasks;

import java.time.LocalDate;
import java.util.List;
import tracker.web.Charts;

/** What the dashboard draws: completion by phase and by component, and completed hours over time. */
public record TaskOverview(List<Completion> byPhase, List<Completion> byComponent, List<BurnUpPoint> burnUp) {

  /** The longest projection drawn: beyond it the pace says little. */
  static final int MOST_PROJECTED_DAYS = 3650;

  /**
   * The burn-up as a line by day against the planned hours as the top, with dates below and hours
   * beside; the x axis reaches the projected finish at the pace since the first completion.
   */
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
    LocalDate finish = projectedFinish(plannedHours);
    return Charts.line(xs, ys, labels, Math.max(plannedHours, n == 0 ? 0 : ys[n - 1]),
        finish == null ? (n == 0 ? 0 : xs[n - 1]) : finish.toEpochDay(), 480, 180,
        day -> LocalDate.ofEpochDay(Math.round(day)).toString(), hours -> Charts.compact(hours) + " h");
  }

  /**
   * When the planned hours are done at the pace since the first completion (hours per calendar
   * day), or null: no pace yet, or all done, or further than {@link #MOST_PROJECTED_DAYS}.
   */
  public LocalDate projectedFinish(double plannedHours) {
    if (burnUp.size() < 2) {
      return null;
    }
    BurnUpPoint first = burnUp.get(0);
    BurnUpPoint last = burnUp.get(burnUp.size() - 1);
    long days = last.day().toEpochDay() - first.day().toEpochDay();
    double pace = days <= 0 ? 0 : (last.completedHours() - first.completedHours()) / days;
    double left = plannedHours - last.completedHours();
    if (pace <= 0 || left <= 0 || left / pace > MOST_PROJECTED_DAYS) {
      return null;
    }
    return last.day().plusDays((long) Math.ceil(left / pace));
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
