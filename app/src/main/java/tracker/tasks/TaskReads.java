package tracker.tasks;

import io.ebean.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tracker.core.Labels;
import tracker.db.NamedSql;
import tracker.db.Rows;
import tracker.db.Transactions;
import tracker.domain.Task;
import tracker.domain.Complexity;
import tracker.domain.ContractValue;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;

/**
 * Read projections mapped straight from SQL rows. The hot read paths skip building entity beans,
 * which cost the ORM more than its 10 % budget against plain JDBC (see ServiceVsJdbcBenchmark);
 * one task and its relations, the most frequent read of the API, is one plain statement on a
 * pooled connection (see ApiBenchmark). Writes still go through the entities.
 */
final class TaskReads {

  /** The columns of a {@link TaskView}, from {@code tasks t}, named as {@link #task} reads them. */
  static final String TASK_COLUMNS = """
      t.id, t.title, t.description, t.component_area, t.phase, t.priority, t.complexity, t.status,
      t.source_document, t.success_criteria, t.time_estimate_hours, t.parent_task_id,
      %s as progress_percentage,
      t.claimed_by, t.lease_expires_at, t.blocked_since, t.version, t.created_at, t.updated_at,
      t.claim_token, t.assignee, t.labels, t.optimistic_hours, t.pessimistic_hours""".formatted(Task.progressOf("t"));

  private final Database db;
  private final Transactions tx;

  TaskReads(Database db, Transactions tx) {
    this.db = db;
    this.tx = tx;
  }

  private static final NamedSql ONE_TASK = NamedSql.of("select " + TASK_COLUMNS + " from tasks t where t.id = :id");

  /** SQL NULL {@code n} times, to pad a row of a union to the columns of a task. */
  private static String nulls(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "null"));
  }

  /**
   * One task and everything the task page lists about it, in one statement (one snapshot, one
   * round trip; the API's most frequent read, see ApiBenchmark): the task's row (kind 'a') in the
   * columns of {@link #TASK_COLUMNS}, then rows of 'd' (a task it depends on), 't' (a task that
   * depends on it) and 's' (a subtask) carrying the other task's id and title in the task's
   * {@code id} and {@code title}, and the dependency's type and the other task's status in
   * {@code dependency_type} and {@code other_status}.
   */
  static final NamedSql WITH_RELATIONS = NamedSql.of("select " + TASK_COLUMNS + """
      , 'a' as kind, 0 as ord, null as dependency_type, null as other_status
        from tasks t where t.id = :id
      union all
      select d.depends_on_task_id, o.title, %1$s, 'd', d.id, d.dependency_type, o.status
        from task_dependencies d join tasks o on o.id = d.depends_on_task_id where d.task_id = :id
      union all
      select d.task_id, o.title, %1$s, 't', d.id, d.dependency_type, o.status
        from task_dependencies d join tasks o on o.id = d.task_id where d.depends_on_task_id = :id
      union all
      select s.id, null, %1$s, 's', s.id, null, null from tasks s where s.parent_task_id = :id
      order by kind, ord""".formatted(nulls(22)));

  /** One task with its dependencies, dependents and subtasks: {@link #WITH_RELATIONS}. */
  Optional<TaskDetail> detail(long id) {
    return tx.oneStatement(c -> {
      try (NamedSql.Bound statement = WITH_RELATIONS.prepare(c).set("id", id);
          Rows rows = statement.rows()) {
        if (!rows.next() || !rows.getString("kind").equals("a")) {
          return Optional.<TaskDetail>empty();
        }
        TaskView task = task(rows);
        List<TaskDetail.Dependency> dependencies = new ArrayList<>();
        List<TaskDetail.Dependent> dependents = new ArrayList<>();
        List<Long> subtasks = new ArrayList<>();
        while (rows.next()) {
          long other = rows.getLong("id");
          switch (rows.getString("kind")) {
            case "d" -> dependencies.add(new TaskDetail.Dependency(other,
                constant(DependencyType.class, rows.getString("dependency_type")), rows.getString("title"),
                constant(TaskStatus.class, rows.getString("other_status"))));
            case "t" -> dependents.add(new TaskDetail.Dependent(other,
                constant(DependencyType.class, rows.getString("dependency_type")), rows.getString("title"),
                constant(TaskStatus.class, rows.getString("other_status"))));
            default -> subtasks.add(other);
          }
        }
        return Optional.of(new TaskDetail(task, dependencies, dependents, subtasks));
      }
    });
  }

  Optional<TaskView> one(long id) {
    return tx.oneStatement(c -> {
      try (NamedSql.Bound statement = ONE_TASK.prepare(c).set("id", id); Rows rows = statement.rows()) {
        return rows.next() ? Optional.of(task(rows)) : Optional.<TaskView>empty();
      }
    });
  }

  static TaskView task(Rows row) throws SQLException {
    return new TaskView(row.getLong("id"), row.getString("title"), row.getString("description"),
        row.getString("component_area"), row.getInt("phase"), constant(Priority.class, row.getString("priority")),
        constant(Complexity.class, row.getString("complexity")), constant(TaskStatus.class, row.getString("status")),
        row.getString("source_document"), row.getString("success_criteria"), row.getDouble("time_estimate_hours"),
        row.getLongOrNull("parent_task_id"), row.getInt("progress_percentage"), row.getString("claimed_by"),
        row.getInstant("lease_expires_at"), row.getInstant("blocked_since"), row.getLong("version"),
        row.getInstant("created_at"), row.getInstant("updated_at"), row.getLong("claim_token"),
        row.getString("assignee"), Labels.of(row.getString("labels")), row.getDoubleOrNull("optimistic_hours"),
        row.getDoubleOrNull("pessimistic_hours"));
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

  /** How many ids one statement of {@link #linked} binds: well under every database's limit on parameters. */
  static final int IDS_AT_ONCE = 500;

  /** The links the plan's searches walk, each a statement that answers (from, to) rows for bound ids. */
  enum Link {
    PREREQUISITES("task_id", "depends_on_task_id", "task_dependencies", ""),
    DEPENDENTS("depends_on_task_id", "task_id", "task_dependencies", ""),
    BLOCKING_PREREQUISITES("task_id", "depends_on_task_id", "task_dependencies", " and dependency_type <> 'enhances'"),
    BLOCKING_DEPENDENTS("depends_on_task_id", "task_id", "task_dependencies", " and dependency_type <> 'enhances'"),
    PARENT("id", "parent_task_id", "tasks", " and parent_task_id is not null"),
    SUBTASKS("parent_task_id", "id", "tasks", "");

    final String sql;

    Link(String from, String to, String table, String condition) {
      this.sql = "select " + from + ", " + to + " from " + table + " where " + from + " in ("
          + nulls(IDS_AT_ONCE).replace("null", "?") + ")" + condition;
    }
  }

  /**
   * For each of {@code ids}, the tasks it is linked to: ids alone, read in statements of
   * {@link #IDS_AT_ONCE} (a short last one padded with its last id, so every read is one cached
   * statement). The cycle and deadlock checks walk the plan with it, inside the write, so it must
   * stay cheap per row.
   */
  Map<Long, List<Long>> linked(java.util.Collection<Long> ids, Link link) {
    Map<Long, List<Long>> linked = new java.util.HashMap<>();
    if (ids.isEmpty()) {
      return linked;
    }
    List<Long> all = new ArrayList<>(ids);
    return tx.jdbc(c -> {
      try (java.sql.PreparedStatement statement = c.prepareStatement(link.sql)) {
        for (int from = 0; from < all.size(); from += IDS_AT_ONCE) {
          for (int i = 0; i < IDS_AT_ONCE; i++) {
            statement.setLong(i + 1, all.get(Math.min(from + i, all.size() - 1)));
          }
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              linked.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
            }
          }
        }
      }
      return linked;
    });
  }

  /** The rows {@code up}: task {@code :id} at depth 0 and its ancestors, at most to depth {@code :deepest + 1}. */
  static final String UP_FROM = """
      with recursive up(id, parent_task_id, depth) as (
        select id, parent_task_id, 0 from tasks where id = :id
        union all
        select t.id, t.parent_task_id, up.depth + 1 from tasks t join up on t.id = up.parent_task_id
         where up.depth <= :deepest)
      """;

  /**
   * The ancestors of the row {@code tasks} of an enclosing UPDATE, nearest first, as {@code up(id,
   * depth)}: a claim checks in its one statement that none of them waits, besides the task itself.
   */
  static final String ANCESTORS_WAIT = """
      with recursive up(id, depth) as (
        select tasks.parent_task_id, 1 where tasks.parent_task_id is not null
        union all
        select t.parent_task_id, up.depth + 1 from tasks t join up on t.id = up.id
         where t.parent_task_id is not null and up.depth <= :deepest)
      """;

  /**
   * The open prerequisites of a task and of its ancestors, nearest first. The few rows of {@code up}
   * drive the join: SQLite knows nothing of a CTE's size, and left to choose it scanned every
   * dependency instead (130 ms on 300k dependencies against 0.3 ms); CROSS JOIN is SQLite's way of
   * fixing the order (PostgreSQL still plans freely). TaskReadPlanTest keeps it so.
   */
  static final String OPEN_PREREQUISITES = UP_FROM + """
      select up.id as waiting, up.depth, p.id, p.title, p.status, p.claimed_by, p.lease_expires_at,
             d.dependency_type
        from up cross join task_dependencies d cross join tasks p
       where d.task_id = up.id and p.id = d.depends_on_task_id
         and d.dependency_type <> 'enhances' and p.status <> 'completed'
       order by up.depth, p.id""";

  /** The open prerequisites of a task and of its ancestors, nearest first, in one statement. */
  List<OpenPrerequisite> openPrerequisites(long id) {
    return db.sqlQuery(OPEN_PREREQUISITES)
        .setParameter("id", id).setParameter("deepest", Task.MAX_SUBTASK_DEPTH)
        .mapTo((rs, row) -> new OpenPrerequisite(rs.getLong("waiting"), rs.getInt("depth"), rs.getLong("id"),
            rs.getString("title"), constant(TaskStatus.class, rs.getString("status")), rs.getString("claimed_by"),
            instant(rs, "lease_expires_at"), rs.getString("dependency_type")))
        .findList();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(column);
    return timestamp == null ? null : timestamp.toInstant();
  }
}
