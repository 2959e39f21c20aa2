package tracker.tasks;

import io.ebean.Database;
import io.ebean.SqlRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tracker.activity.ActivityLog;
import tracker.activity.Stamped;
import tracker.db.DatabaseKind;
import tracker.db.Transactions;
import tracker.domain.TaskStatus;

/** The plan in numbers: the contract's statistics, the dashboard's overview and the areas in use. */
public final class TaskStatistics {

  /** How long figures that move with the clock alone (hours blocked so far) may be kept. */
  static final long KEPT_MILLIS = 30_000;

  private final Database db;
  private final Transactions tx;
  private final DatabaseKind kind;
  // read once per change of the database, however many dashboards and scripts ask
  private final Stamped<TaskStats> stats;
  private final Stamped<TaskOverview> overview;

  public TaskStatistics(Database db, Transactions tx, DatabaseKind kind, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.kind = kind;
    this.stats = new Stamped<>(activity, KEPT_MILLIS, this::readStats);
    this.overview = new Stamped<>(activity, KEPT_MILLIS, this::readOverview);
  }

  /** The contract's statistics (see {@link #readStats}), kept while nothing changes. */
  public TaskStats stats() {
    return stats.get();
  }

  /** Completion by phase and area and the burn-up (see {@link #readOverview}), kept while nothing changes. */
  public TaskOverview overview() {
    return overview.get();
  }

  /**
   * The contract's statistics, from SQL aggregates on one snapshot: counts, hours and blocked time
   * per area and status, summed here into the totals, and the count per phase (ApiBenchmark:
   * p95 on 100k tasks fell from 75-100 ms with four scans to 35-44 ms).
   */
  private TaskStats readStats() {
    String epochSeconds = kind.epochSeconds("blocked_since");
    return tx.read(() -> {
      // one ordered scan of ix_tasks_status_area, which holds every column read here; only the
      // few groups are sorted by area
      List<SqlRow> groups = db.sqlQuery("""
              select status, component_area, count(*) as n, coalesce(sum(time_estimate_hours), 0) as hours,
                     count(blocked_since) as dated, coalesce(sum(%s), 0) as since
                from tasks group by status, component_area order by component_area, status""".formatted(epochSeconds))
          .findList();
      List<TaskStats.PhaseCount> phases = db.sqlQuery(
              "select phase, count(*) as n from tasks group by phase order by phase")
          .findList().stream()
          .map(r -> new TaskStats.PhaseCount(r.getInteger("phase"), r.getLong("n"))).toList();
      double now = Instant.now().toEpochMilli() / 1000.0;
      long total = 0;
      long completed = 0;
      long inProgress = 0;
      long blocked = 0;
      double hours = 0;
      double doneHours = 0;
      Map<String, Long> perArea = new LinkedHashMap<>();
      List<TaskStats.BlockedArea> blockedAreas = new ArrayList<>();
      for (SqlRow group : groups) {
        String area = group.getString("component_area");
        long n = group.getLong("n");
        double groupHours = group.getDouble("hours");
        total += n;
        hours += groupHours;
        perArea.merge(area, n, Long::sum);
        switch (TaskReads.constant(TaskStatus.class, group.getString("status"))) {
          case COMPLETED -> {
            completed += n;
            doneHours += groupHours;
          }
          case IN_PROGRESS -> inProgress += n;
          case BLOCKED -> {
            blocked += n;
            // hours blocked so far, summed over the area's blocked tasks
            double blockedFor = Math.max(0, group.getLong("dated") * now - group.getDouble("since")) / 3600.0;
            blockedAreas.add(new TaskStats.BlockedArea(area, n, round1(groupHours), round1(blockedFor)));
          }
          default -> { }
        }
      }
      List<TaskStats.AreaCount> areas = perArea.entrySet().stream()
          .map(e -> new TaskStats.AreaCount(e.getKey(), e.getValue())).toList();
      return new TaskStats(total, completed, inProgress, blocked, percent(completed, total), phases, areas,
          round1(hours), round1(doneHours), percent(doneHours, hours), blockedAreas);
    });
  }

  /** The component areas in use, alphabetically (for filters and forms). */
  public List<String> componentAreas() {
    return db.sqlQuery("select distinct component_area from tasks order by component_area")
        .mapToScalar(String.class).findList();
  }

  /**
   * Completion by phase and by component area, and the burn-up: each task counts its estimated
   * hours from the day its progress history first reached 100 %.
   */
  private TaskOverview readOverview() {
    // grouped by status too, so the scan by area stays inside ix_tasks_status_area (which holds
    // every column read) instead of visiting 100k table rows: 300 ms → 10 ms on 100k tasks
    String completion = """
        select %1$s as label, status, count(*) as n, coalesce(sum(time_estimate_hours), 0) as hours
          from tasks group by %1$s, status order by %1$s""";
    return tx.read(() -> {
      List<TaskOverview.Completion> phases = completions(completion.formatted("phase")).stream()
          .map(c -> new TaskOverview.Completion("Phase " + c.label(), c.tasks(), c.completedTasks(), c.hours(),
              c.completedHours())).toList();
      List<TaskOverview.Completion> areas = completions(completion.formatted("component_area"));
      TreeMap<LocalDate, Double> byDay = new TreeMap<>();
      db.sqlQuery("""
              select f.done_at, t.time_estimate_hours
                from (select task_id, min(created_at) as done_at from task_progress
                       where progress_percentage = 100 group by task_id) f
                join tasks t on t.id = f.task_id""")
          .findEachRow((rs, n) -> byDay.merge(rs.getTimestamp("done_at").toInstant().atZone(ZoneOffset.UTC).toLocalDate(),
              rs.getDouble("time_estimate_hours"), Double::sum));
      List<TaskOverview.BurnUpPoint> burnUp = new ArrayList<>();
      double sum = 0;
      for (var day : byDay.entrySet()) {
        sum += day.getValue();
        burnUp.add(new TaskOverview.BurnUpPoint(day.getKey(), round1(sum)));
      }
      return new TaskOverview(phases, areas, burnUp);
    });
  }


  /** Rows of label, status, count and hours, ordered by label, folded into one completion per label. */
  private List<TaskOverview.Completion> completions(String sql) {
    List<TaskOverview.Completion> folded = new ArrayList<>();
    String label = null;
    long tasks = 0;
    long done = 0;
    double hours = 0;
    double doneHours = 0;
    for (SqlRow row : db.sqlQuery(sql).findList()) {
      String rowLabel = row.getString("label");
      if (label != null && !label.equals(rowLabel)) {
        folded.add(new TaskOverview.Completion(label, tasks, done, round1(hours), round1(doneHours)));
        tasks = 0;
        done = 0;
        hours = 0;
        doneHours = 0;
      }
      label = rowLabel;
      long n = row.getLong("n");
      double rowHours = row.getDouble("hours");
      tasks += n;
      hours += rowHours;
      if (TaskStatus.COMPLETED.value().equals(row.getString("status"))) {
        done += n;
        doneHours += rowHours;
      }
    }
    if (label != null) {
      folded.add(new TaskOverview.Completion(label, tasks, done, round1(hours), round1(doneHours)));
    }
    return folded;
  }

  static double percent(double part, double whole) {
    return whole == 0 ? 0.0 : round1(100.0 * part / whole);
  }

  static double round1(double value) {
    return Math.round(value * 10.0) / 10.0;
  }}
