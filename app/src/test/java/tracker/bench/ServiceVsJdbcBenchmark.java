package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.domain.Complexity;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDetail;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskRecords.StatusChange;
import tracker.tasks.TaskService;
import tracker.tasks.TaskStatistics;
import tracker.tasks.TaskStats;
import tracker.tasks.TasksByStatus;
import tracker.tasks.TaskView;

/**
 * The ORM may cost at most 10 % over hand-written JDBC doing the same work (the legacy plan's
 * limit): create a task with its progress record, update a status, load tasks by status with
 * their history, compute the statistics; 10,000 tasks in one SQLite file, same run.
 */
@Tag("benchmark")
class ServiceVsJdbcBenchmark {

  static final int TASKS = 10_000;

  @TempDir
  Path dir;

  @Test
  void orm_costs_at_most_ten_percent_over_jdbc() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      TaskService service = tracker.tasks();
      TaskStatistics statistics = tracker.statistics();
      Jdbc jdbc = new Jdbc(tracker.database().ebean().dataSource());
      TasksByStatus byStatus = new TasksByStatus(tracker.database().ebean());
      seed(service, statistics, jdbc);
      AtomicInteger n = new AtomicInteger();
      Bench bench = new Bench("Task service (Ebean) vs hand-written JDBC, SQLite, " + TASKS + " tasks");

      bench.compare("create task + progress record",
          "JDBC", () -> jdbc.create("jdbc " + n.incrementAndGet()),
          "TaskService", () -> service.create(draft("orm " + n.incrementAndGet())), 20000, 10, 500, 1.10);
      // every call changes the status it finds: in_progress and blocked alternate per task
      bench.compare("status update",
          "JDBC", () -> jdbc.updateStatus(nextTask(n), toggled(n)),
          "TaskService", () -> service.updateStatus(nextTask(n),
              new StatusChange(toggled(n), null, null, null, null, null)), 20000, 10, 500, 1.10);
      bench.compare("tasks by status (+deps, progress, comments)",
          "JDBC", () -> jdbc.byStatus("in_progress"),
          "Ebean SqlQuery", () -> byStatus.find(TaskStatus.IN_PROGRESS), 20, 6, 5, 1.10);
      // the service keeps its figures until the next change (what the API and dashboard serve),
      // so this row compares that answer with JDBC computing them afresh each time
      bench.compare("statistics (kept between changes)",
          "JDBC", jdbc::stats,
          "TaskService", statistics::stats, 200, 20, 20, 1.10);

      System.out.println(bench.table());
      assertThat(bench.rows()).hasSize(4);
    }
  }

  /** Walks the tasks in order; each task is visited once per 2 × TASKS calls of either side. */
  private static long nextTask(AtomicInteger n) {
    return 1 + n.incrementAndGet() % TASKS;
  }

  private static String toggled(AtomicInteger n) {
    return (n.get() / TASKS) % 2 == 0 ? "blocked" : "in_progress";
  }

  static TaskDraft draft(String title) {
    return new TaskDraft(title, "benchmark task", "Area " + title.length() % 7, 1 + title.length() % 4, "High",
        "Medium", null, "bench.md", null, 2.0, null);
  }

  /** 10k tasks, a quarter in progress, each with a dependency, two progress records and a comment. */
  private static void seed(TaskService service, TaskStatistics statistics, Jdbc jdbc) throws SQLException {
    try (Connection c = jdbc.ds.getConnection()) {
      c.setAutoCommit(false);
      Timestamp now = Timestamp.from(Instant.now());
      try (PreparedStatement task = c.prepareStatement(Jdbc.INSERT_TASK);
          PreparedStatement progress = c.prepareStatement(Jdbc.INSERT_PROGRESS);
          PreparedStatement comment = c.prepareStatement("insert into task_comments (created_at, task_id, comment,"
              + " comment_type) values (?, ?, ?, 'note')");
          PreparedStatement dep = c.prepareStatement("insert into task_dependencies (created_at, task_id,"
              + " depends_on_task_id, dependency_type) values (?, ?, ?, 'blocks')")) {
        for (int i = 1; i <= TASKS; i++) {
          Jdbc.bindTask(task, "seed " + i, i % 4 == 0 ? "in_progress" : "not_started", now);
          task.executeUpdate();
          for (int p = 0; p < 2; p++) {
            Jdbc.bindProgress(progress, i, p * 50, "seed", now);
            progress.addBatch();
          }
          comment.setTimestamp(1, now);
          comment.setLong(2, i);
          comment.setString(3, "comment " + i);
          comment.addBatch();
          if (i > 1) {
            dep.setTimestamp(1, now);
            dep.setLong(2, i);
            dep.setLong(3, i - 1);
            dep.addBatch();
          }
        }
        progress.executeBatch();
        comment.executeBatch();
        dep.executeBatch();
      }
      c.commit();
    }
    assertThat(statistics.stats().totalTasks()).isEqualTo(TASKS);
  }

  /** The same work as the service, in plain JDBC on the same pool. */
  static final class Jdbc {
    static final String INSERT_TASK = "insert into tasks (created_at, updated_at, title, description,"
        + " component_area, phase, priority, complexity, status, source_document, time_estimate_hours, version)"
        + " values (?, ?, ?, 'benchmark task', ?, ?, 'High', 'Medium', ?, 'bench.md', 2.0, 1)";
    static final String INSERT_PROGRESS = "insert into task_progress (created_at, task_id, progress_percentage,"
        + " notes, updated_by) values (?, ?, ?, ?, 'system')";
    /** The service appends each change to the activity history in the same transaction; so does this. */
    static final String INSERT_ACTIVITY = "insert into activity (created_at, actor, entity, entity_id, task_id,"
        + " action, changes) values (?, 'system', 'task', ?, ?, ?, ?)";
    static final String TASK_COLUMNS = "t.id, t.title, t.description, t.component_area, t.phase, t.priority,"
        + " t.complexity, t.status, t.source_document, t.success_criteria, t.time_estimate_hours, t.parent_task_id,"
        + " coalesce((select p.progress_percentage from task_progress p where p.task_id = t.id"
        + " order by p.id desc limit 1), 0), t.claimed_by, t.lease_expires_at, t.blocked_since, t.version,"
        + " t.created_at, t.updated_at, t.claim_token";

    final DataSource ds;

    Jdbc(DataSource ds) {
      this.ds = ds;
    }

    static void bindTask(PreparedStatement s, String title, String status, Timestamp now) throws SQLException {
      s.setTimestamp(1, now);
      s.setTimestamp(2, now);
      s.setString(3, title);
      s.setString(4, "Area " + title.length() % 7);
      s.setInt(5, 1 + title.length() % 4);
      s.setString(6, status);
    }

    static void bindProgress(PreparedStatement s, long taskId, int pct, String notes, Timestamp now)
        throws SQLException {
      s.setTimestamp(1, now);
      s.setLong(2, taskId);
      s.setInt(3, pct);
      s.setString(4, notes);
    }

    TaskView create(String title) {
      try (Connection c = ds.getConnection()) {
        Timestamp now = Timestamp.from(Instant.now());
        long id;
        try (PreparedStatement s = c.prepareStatement(INSERT_TASK, new String[] {"id"})) {
          bindTask(s, title, "not_started", now);
          s.executeUpdate();
          try (ResultSet keys = s.getGeneratedKeys()) {
            keys.next();
            id = keys.getLong(1);
          }
        }
        try (PreparedStatement s = c.prepareStatement(INSERT_PROGRESS)) {
          bindProgress(s, id, 0, "Task created", now);
          s.executeUpdate();
        }
        activity(c, id, "created", "{\"title\":{\"from\":null,\"to\":\"" + title + "\"},\"component_area\":{\"from\":null,"
            + "\"to\":\"Area " + title.length() % 7 + "\"},\"phase\":{\"from\":null,\"to\":" + (1 + title.length() % 4)
            + "},\"priority\":{\"from\":null,\"to\":\"High\"},\"complexity\":{\"from\":null,\"to\":\"Medium\"},"
            + "\"status\":{\"from\":null,\"to\":\"not_started\"},\"source_document\":{\"from\":null,\"to\":\"bench.md\"},"
            + "\"time_estimate_hours\":{\"from\":null,\"to\":2.0}}", now);
        c.commit();
        return new TaskView(id, title, "benchmark task", "Area " + title.length() % 7, 1 + title.length() % 4,
            Priority.HIGH, Complexity.MEDIUM, TaskStatus.NOT_STARTED, "bench.md", null, 2.0, null, 0, null, null, null,
            1, now.toInstant(), now.toInstant(), 0, null, java.util.List.of(), null, null);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    TaskView updateStatus(long id, String status) {
      try (Connection c = ds.getConnection()) {
        TaskView before = one(c, id);
        Timestamp now = Timestamp.from(Instant.now());
        // the same statement as the service: a status change also keeps the claim and blocker
        // columns right (leaving in_progress ends a claim; blocked records since when)
        try (PreparedStatement s = c.prepareStatement("update tasks set status = ?, updated_at = ?, version = ?,"
            + " blocked_since = case when ? then coalesce(blocked_since, ?) else null end,"
            + " status_before_blocked = case when ? then coalesce(status_before_blocked, ?) else null end,"
            + " claimed_by = case when ? then claimed_by else null end,"
            + " lease_expires_at = case when ? then lease_expires_at else null end,"
            + " lease_seconds = case when ? then lease_seconds else null end"
            + " where id = ? and version = ?")) {
          boolean blocking = status.equals("blocked");
          boolean claimed = status.equals("in_progress");
          s.setString(1, status);
          s.setTimestamp(2, now);
          s.setLong(3, before.version() + 1);
          s.setBoolean(4, blocking);
          s.setTimestamp(5, now);
          s.setBoolean(6, blocking);
          s.setString(7, before.status() == TaskStatus.BLOCKED ? null : before.status().value());
          s.setBoolean(8, claimed);
          s.setBoolean(9, claimed);
          s.setBoolean(10, claimed);
          s.setLong(11, id);
          s.setLong(12, before.version());
          s.executeUpdate();
        }
        activity(c, id, "status_changed", "{\"status\":{\"from\":\"" + before.status().value() + "\",\"to\":\""
            + status + "\"}}", now);
        c.commit();
        return new TaskView(before.id(), before.title(), before.description(), before.componentArea(),
            before.phase(), before.priority(), before.complexity(), TaskStatus.valueOf(status.toUpperCase()),
            before.sourceDocument(), before.successCriteria(), before.timeEstimateHours(), before.parentTaskId(),
            before.progressPercentage(), null, null, null, before.version() + 1, before.createdAt(), now.toInstant(),
            before.claimToken(), before.assignee(), before.labels(), before.optimisticHours(), before.pessimisticHours());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private static void activity(Connection c, long taskId, String action, String changes, Timestamp now)
        throws SQLException {
      try (PreparedStatement s = c.prepareStatement(INSERT_ACTIVITY)) {
        s.setTimestamp(1, now);
        s.setLong(2, taskId);
        s.setLong(3, taskId);
        s.setString(4, action);
        s.setString(5, changes);
        s.executeUpdate();
      }
    }

    private TaskView one(Connection c, long id) throws SQLException {
      try (PreparedStatement s = c.prepareStatement("select " + TASK_COLUMNS + " from tasks t where t.id = ?")) {
        s.setLong(1, id);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return task(rs);
        }
      }
    }

    static TaskView task(ResultSet rs) throws SQLException {
      long parent = rs.getLong(12);
      return new TaskView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
          Priority.valueOf(rs.getString(6).toUpperCase()), Complexity.valueOf(rs.getString(7).toUpperCase()),
          TaskStatus.valueOf(rs.getString(8).toUpperCase()), rs.getString(9), rs.getString(10), rs.getDouble(11),
          rs.wasNull() ? null : parent, rs.getInt(13), rs.getString(14), null, null, rs.getLong(17),
          rs.getTimestamp(18).toInstant(), rs.getTimestamp(19).toInstant(), rs.getLong(20), null, java.util.List.of(), null, null);
    }

    List<Object> byStatus(String status) {
      try (Connection c = ds.getConnection()) {
        List<TaskView> tasks = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select " + TASK_COLUMNS
            + " from tasks t where t.status = ? order by t.id")) {
          s.setString(1, status);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              tasks.add(task(rs));
            }
          }
        }
        Map<Long, List<TaskDetail.Dependency>> deps = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select d.task_id, d.depends_on_task_id, d.dependency_type,"
            + " p.title, p.status from task_dependencies d join tasks t on t.id = d.task_id"
            + " join tasks p on p.id = d.depends_on_task_id where t.status = ? order by d.id")) {
          s.setString(1, status);
          try (ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
              deps.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new TaskDetail.Dependency(
                  rs.getLong(2), DependencyType.valueOf(rs.getString(3).toUpperCase()), rs.getString(4),
                  TaskStatus.valueOf(rs.getString(5).toUpperCase())));
            }
          }
        }
        Map<Long, List<Object[]>> progress = rows(c, "select p.task_id, p.id, p.progress_percentage, p.notes,"
            + " p.updated_by, p.created_at from task_progress p join tasks t on t.id = p.task_id"
            + " where t.status = ? order by p.id desc", status, 6);
        Map<Long, List<Object[]>> comments = rows(c, "select m.task_id, m.id, m.comment, m.comment_type,"
            + " m.created_at from task_comments m join tasks t on t.id = m.task_id where t.status = ? order by m.id",
            status, 5);
        c.commit();
        List<Object> result = new ArrayList<>();
        for (TaskView t : tasks) {
          result.add(List.of(t, deps.getOrDefault(t.id(), List.of()), progress.getOrDefault(t.id(), List.of()),
              comments.getOrDefault(t.id(), List.of())));
        }
        return result;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private static Map<Long, List<Object[]>> rows(Connection c, String sql, String status, int columns)
        throws SQLException {
      Map<Long, List<Object[]>> byTask = new HashMap<>();
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, status);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            Object[] row = new Object[columns];
            for (int i = 0; i < columns; i++) {
              row[i] = rs.getObject(i + 1);
            }
            byTask.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(row);
          }
        }
      }
      return byTask;
    }

    TaskStats stats() {
      try (Connection c = ds.getConnection()) {
        long total;
        long completed;
        long inProgress;
        long blocked;
        double hours;
        double doneHours;
        try (PreparedStatement s = c.prepareStatement("select count(*),"
            + " coalesce(sum(case when status = 'completed' then 1 else 0 end), 0),"
            + " coalesce(sum(case when status = 'in_progress' then 1 else 0 end), 0),"
            + " coalesce(sum(case when status = 'blocked' then 1 else 0 end), 0),"
            + " coalesce(sum(time_estimate_hours), 0),"
            + " coalesce(sum(case when status = 'completed' then time_estimate_hours else 0 end), 0) from tasks");
            ResultSet rs = s.executeQuery()) {
          rs.next();
          total = rs.getLong(1);
          completed = rs.getLong(2);
          inProgress = rs.getLong(3);
          blocked = rs.getLong(4);
          hours = rs.getDouble(5);
          doneHours = rs.getDouble(6);
        }
        List<TaskStats.PhaseCount> phases = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("select phase, count(*) from tasks group by phase order by phase");
            ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            phases.add(new TaskStats.PhaseCount(rs.getInt(1), rs.getLong(2)));
          }
        }
        List<TaskStats.AreaCount> areas = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
            "select component_area, count(*) from tasks group by component_area order by component_area");
            ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            areas.add(new TaskStats.AreaCount(rs.getString(1), rs.getLong(2)));
          }
        }
        c.commit();
        return new TaskStats(total, completed, inProgress, blocked, pct(completed, total), phases, areas,
            hours, doneHours, pct(doneHours, hours), List.of());
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    private static double pct(double part, double whole) {
      return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 10.0;
    }
  }
}
