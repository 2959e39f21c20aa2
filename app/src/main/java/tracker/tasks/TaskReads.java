package tracker.tasks;

import io.ebean.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import tracker.core.Labels;
import tracker.db.Transactions;
import tracker.domain.Task;
import tracker.domain.CommentType;
import tracker.domain.Complexity;
import tracker.domain.ContractValue;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.tasks.TaskRecords.CommentView;
import tracker.tasks.TaskRecords.ProgressView;

/**
 * Read projections mapped straight from SQL rows. The hot read paths skip building entity beans,
 * which cost the ORM more than its 10 % budget against plain JDBC (see ServiceVsJdbcBenchmark);
 * one task and its relations, the most frequent read of the API, is one plain statement on a
 * pooled connection (see ApiBenchmark). Writes still go through the entities.
 */
final class TaskReads {

  /** The columns of a {@link TaskView}, from {@code tasks t}, in the order {@link #task} reads them. */
  static final String TASK_COLUMNS = "t.id, t.title, t.description, t.component_area, t.phase, t.priority,"
      + " t.complexity, t.status, t.source_document, t.success_criteria, t.time_estimate_hours, t.parent_task_id,"
      + " coalesce((select p.progress_percentage from task_progress p where p.task_id = t.id"
      + " order by p.id desc limit 1), 0) as progress_percentage, t.claimed_by, t.lease_expires_at, t.blocked_since,"
      + " t.version, t.created_at, t.updated_at, t.claim_token, t.assignee, t.labels,"
      + " t.optimistic_hours, t.pessimistic_hours";

  private final Database db;
  private final Transactions tx;

  TaskReads(Database db, Transactions tx) {
    this.db = db;
    this.tx = tx;
  }

  private static final String ONE_TASK = "select " + TASK_COLUMNS + " from tasks t where t.id = ?";

  /** SQL NULL {@code n} times, to pad a row of a union to the columns of a task. */
  private static String nulls(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "null"));
  }

  /**
   * One task and everything the task page lists about it, in one statement (one snapshot, one
   * round trip; the API's most frequent read, see ApiBenchmark): the task's row (kind 'a') in the
   * columns of {@link #TASK_COLUMNS}, then rows of 'd' (a task it depends on), 't' (a task that
   * depends on it) and 's' (a subtask) with the other task's id, title, the dependency type and
   * the other task's status in the first four columns. Columns 25 and 26 are kind and order.
   */
  static final String WITH_RELATIONS = "select " + TASK_COLUMNS + ", 'a' as kind, 0 as ord"
      + " from tasks t where t.id = ?"
      + " union all select d.depends_on_task_id, o.title, d.dependency_type, o.status, " + nulls(20) + ", 'd', d.id"
      + " from task_dependencies d join tasks o on o.id = d.depends_on_task_id where d.task_id = ?"
      + " union all select d.task_id, o.title, d.dependency_type, o.status, " + nulls(20) + ", 't', d.id"
      + " from task_dependencies d join tasks o on o.id = d.task_id where d.depends_on_task_id = ?"
      + " union all select s.id, " + nulls(23) + ", 's', s.id from tasks s where s.parent_task_id = ?"
      + " order by 25, 26";

  /** One task with its dependencies, dependents and subtasks: {@link #WITH_RELATIONS}. */
  Optional<TaskDetail> detail(long id) {
    return tx.jdbc(c -> {
      try (PreparedStatement statement = c.prepareStatement(WITH_RELATIONS)) {
        for (int i = 1; i <= 4; i++) {
          statement.setLong(i, id);
        }
        try (ResultSet rs = statement.executeQuery()) {
          if (!rs.next() || !rs.getString(25).equals("a")) {
            return Optional.<TaskDetail>empty();
          }
          TaskView task = task(rs, 0);
          List<TaskDetail.Dependency> dependencies = new ArrayList<>();
          List<TaskDetail.Dependent> dependents = new ArrayList<>();
          List<Long> subtasks = new ArrayList<>();
          while (rs.next()) {
            long other = rs.getLong(1);
            switch (rs.getString(25)) {
              case "d" -> dependencies.add(new TaskDetail.Dependency(other,
                  constant(DependencyType.class, rs.getString(3)), rs.getString(2), constant(TaskStatus.class, rs.getString(4))));
              case "t" -> dependents.add(new TaskDetail.Dependent(other,
                  constant(DependencyType.class, rs.getString(3)), rs.getString(2), constant(TaskStatus.class, rs.getString(4))));
              default -> subtasks.add(other);
            }
          }
          return Optional.of(new TaskDetail(task, dependencies, dependents, subtasks));
        }
      }
    });
  }

  Optional<TaskView> one(long id) {
    return tx.jdbc(c -> {
      try (PreparedStatement statement = c.prepareStatement(ONE_TASK)) {
        statement.setLong(1, id);
        try (ResultSet rs = statement.executeQuery()) {
          return rs.next() ? Optional.of(task(rs, 0)) : Optional.<TaskView>empty();
        }
      }
    });
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
    return db.sqlQuery("select c.id, c.task_id, c.comment, c.comment_type, c.author, c.created_at"
            + " from task_comments c join tasks t on t.id = c.task_id where t.status = ? order by c.id")
        .setLabel("commentsByStatus").setParameter(status.value())
        .mapTo((rs, row) -> new CommentView(rs.getLong(1), rs.getLong(2), rs.getString(3),
            constant(CommentType.class, rs.getString(4)), rs.getString(5), instant(rs, 6)))
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
        instant(rs, 18), instant(rs, 19), rs.getLong(20), rs.getString(21), Labels.of(rs.getString(22)),
        hours(rs, 23), hours(rs, 24));
  }

  private static Double hours(ResultSet rs, int column) throws SQLException {
    double hours = rs.getDouble(column);
    return rs.wasNull() ? null : hours;
  }

  /** The constant a stored contract string names; the database's checks admit no other. */
  static <E extends Enum<E> & ContractValue> E constant(Class<E> type, String value) {
    return ContractValue.parse(type, value).orElseThrow(() -> new IllegalStateException(
        "the database holds " + value + ", which is no " + type.getSimpleName()));
  }

  /**
   * An open (not completed) blocks/requires prerequisite of a task or of one of its ancestors:
   * {@code waiting} is the task that waits for it, {@code depth} 0 for the task itself.
   */
  record OpenPrerequisite(long waiting, int depth, long id, String title, TaskStatus status, String claimedBy,
      Instant leaseExpiresAt, String dependencyType) {}

  /** The open prerequisites of a task and of its ancestors, nearest first, in one statement. */
  List<OpenPrerequisite> openPrerequisites(long id) {
    return db.sqlQuery("with recursive up(id, parent_task_id, depth) as (select id, parent_task_id, 0 from tasks"
            + " where id = ? union all select t.id, t.parent_task_id, up.depth + 1 from tasks t"
            + " join up on t.id = up.parent_task_id where up.depth <= " + Task.MAX_SUBTASK_DEPTH + ")"
            + " select up.id, up.depth, p.id, p.title, p.status, p.claimed_by, p.lease_expires_at, d.dependency_type"
            + " from up join task_dependencies d on d.task_id = up.id join tasks p on p.id = d.depends_on_task_id"
            + " where d.dependency_type <> 'enhances' and p.status <> 'completed' order by up.depth, p.id")
        .setParameter(id)
        .mapTo((rs, row) -> new OpenPrerequisite(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getString(4),
            constant(TaskStatus.class, rs.getString(5)), rs.getString(6), instant(rs, 7), rs.getString(8)))
        .findList();
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
