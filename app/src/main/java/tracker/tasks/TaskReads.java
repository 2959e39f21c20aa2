package tracker.tasks;

import io.ebean.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tracker.db.Transactions;
import tracker.domain.CommentType;
import tracker.domain.Complexity;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.tasks.TaskRecords.CommentView;
import tracker.tasks.TaskRecords.ProgressView;

/**
 * Read projections mapped straight from SQL rows. The hot read paths skip building entity beans,
 * which cost the ORM more than its 10 % budget against plain JDBC (see ServiceVsJdbcBenchmark);
 * one task and its relations, the most frequent read of the API, run as plain statements on the
 * connection of the Ebean transaction (see ApiBenchmark). Writes still go through the entities.
 */
final class TaskReads {

  /** The columns of a {@link TaskView}, from {@code tasks t}, in the order {@link #task} reads them. */
  static final String TASK_COLUMNS = "t.id, t.title, t.description, t.component_area, t.phase, t.priority,"
      + " t.complexity, t.status, t.source_document, t.success_criteria, t.time_estimate_hours, t.parent_task_id,"
      + " coalesce((select p.progress_percentage from task_progress p where p.task_id = t.id"
      + " order by p.id desc limit 1), 0) as progress_percentage, t.claimed_by, t.lease_expires_at, t.blocked_since,"
      + " t.version, t.created_at, t.updated_at";

  private final Database db;
  private final Transactions tx;

  TaskReads(Database db, Transactions tx) {
    this.db = db;
    this.tx = tx;
  }

  private static final String ONE_TASK = "select " + TASK_COLUMNS + " from tasks t where t.id = ?";

  private static final String RELATIONS =
      "select 'd' as kind, d.id as ord, d.depends_on_task_id as other, d.dependency_type, o.title, o.status"
      + " from task_dependencies d join tasks o on o.id = d.depends_on_task_id where d.task_id = ?"
      + " union all select 't', d.id, d.task_id, d.dependency_type, o.title, o.status"
      + " from task_dependencies d join tasks o on o.id = d.task_id where d.depends_on_task_id = ?"
      + " union all select 's', s.id, s.id, null, null, null from tasks s where s.parent_task_id = ?"
      + " order by kind, ord";

  Optional<TaskView> one(long id) {
    return tx.jdbc(c -> one(c, id));
  }

  /**
   * One task with its dependencies, dependents and subtasks, read on one connection and snapshot
   * in two statements.
   */
  Optional<TaskDetail> detail(long id) {
    return tx.jdbc(c -> {
      Optional<TaskView> task = one(c, id);
      return task.isEmpty() ? Optional.<TaskDetail>empty() : Optional.of(detail(c, task.get()));
    });
  }

  private static Optional<TaskView> one(Connection c, long id) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(ONE_TASK)) {
      statement.setLong(1, id);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() ? Optional.of(task(rs, 0)) : Optional.empty();
      }
    }
  }

  /**
   * A task's dependencies, dependents and subtasks in one query: rows tagged 'd' (a task it
   * depends on), 't' (a task that depends on it) and 's' (a subtask).
   */
  private static TaskDetail detail(Connection c, TaskView task) throws SQLException {
    List<TaskDetail.Dependency> dependencies = new ArrayList<>();
    List<TaskDetail.Dependent> dependents = new ArrayList<>();
    List<Long> subtasks = new ArrayList<>();
    try (PreparedStatement statement = c.prepareStatement(RELATIONS)) {
      for (int i = 1; i <= 3; i++) {
        statement.setLong(i, task.id());
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          long other = rs.getLong(3);
          switch (rs.getString(1)) {
            case "d" -> dependencies.add(new TaskDetail.Dependency(other,
                constant(DependencyType.class, rs.getString(4)), rs.getString(5), constant(TaskStatus.class, rs.getString(6))));
            case "t" -> dependents.add(new TaskDetail.Dependent(other,
                constant(DependencyType.class, rs.getString(4)), rs.getString(5), constant(TaskStatus.class, rs.getString(6))));
            default -> subtasks.add(other);
          }
        }
      }
    }
    return new TaskDetail(task, dependencies, dependents, subtasks);
  }

  List<TaskView> byStatus(TaskStatus status) {
    return db.sqlQuery("select " + TASK_COLUMNS + " from tasks t where t.status = ? order by t.id")
        .setLabel("tasksByStatus").setParameter(status.value()).mapTo(TaskReads::task).findList();
  }

  Map<Long, List<TaskDetail.Dependency>> dependenciesByStatus(TaskStatus status) {
    return db.sqlQuery("select d.task_id, d.depends_on_task_id, d.dependency_type, p.title, p.status"
            + " from task_dependencies d join tasks t on t.id = d.task_id join tasks p on p.id = d.depends_on_task_id"
            + " where t.status = ? order by d.id")
        .setLabel("dependenciesByStatus").setParameter(status.value())
        .mapTo((rs, row) -> Map.entry(rs.getLong(1), new TaskDetail.Dependency(rs.getLong(2),
            constant(DependencyType.class, rs.getString(3)), rs.getString(4), constant(TaskStatus.class, rs.getString(5)))))
        .findList().stream()
        .collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
            Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
  }

  Map<Long, List<ProgressView>> progressByStatus(TaskStatus status) {
    return db.sqlQuery("select p.id, p.task_id, p.progress_percentage, p.notes, p.updated_by, p.created_at"
            + " from task_progress p join tasks t on t.id = p.task_id where t.status = ? order by p.id desc")
        .setLabel("progressByStatus").setParameter(status.value())
        .mapTo((rs, row) -> new ProgressView(rs.getLong(1), rs.getLong(2), rs.getInt(3), rs.getString(4),
            rs.getString(5), instant(rs, 6)))
        .findList().stream()
        .collect(Collectors.groupingBy(ProgressView::taskId));
  }

  Map<Long, List<CommentView>> commentsByStatus(TaskStatus status) {
    return db.sqlQuery("select c.id, c.task_id, c.comment, c.comment_type, c.created_at"
            + " from task_comments c join tasks t on t.id = c.task_id where t.status = ? order by c.id")
        .setLabel("commentsByStatus").setParameter(status.value())
        .mapTo((rs, row) -> new CommentView(rs.getLong(1), rs.getLong(2), rs.getString(3),
            constant(CommentType.class, rs.getString(4)), instant(rs, 5)))
        .findList().stream()
        .collect(Collectors.groupingBy(CommentView::taskId));
  }

  static TaskView task(ResultSet rs, int row) throws SQLException {
    long parent = rs.getLong(12);
    Long parentId = rs.wasNull() ? null : parent;
    return new TaskView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
        constant(Priority.class, rs.getString(6)), constant(Complexity.class, rs.getString(7)),
        constant(TaskStatus.class, rs.getString(8)), rs.getString(9), rs.getString(10), rs.getDouble(11),
        parentId, rs.getInt(13), rs.getString(14), instant(rs, 15), instant(rs, 16), rs.getLong(17),
        instant(rs, 18), instant(rs, 19));
  }

  /** Every constant's name is its contract string in upper case. */
  private static <E extends Enum<E>> E constant(Class<E> type, String value) {
    return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
