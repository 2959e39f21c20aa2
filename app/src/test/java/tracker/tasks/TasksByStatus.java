package tracker.tasks;

import io.ebean.Database;
import io.ebean.RowMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tracker.db.Rows;
import tracker.domain.CommentType;
import tracker.domain.DependencyType;
import tracker.domain.TaskStatus;
import tracker.tasks.TaskRecords.CommentView;
import tracker.tasks.TaskRecords.ProgressView;

/**
 * The legacy TaskManager's read, which the product no longer serves: the tasks in a status with
 * their dependencies, progress and comments, four queries whatever their number, written with
 * Ebean's SqlQuery as the service's reads are. ServiceVsJdbcBenchmark measures it against JDBC.
 */
public final class TasksByStatus {

  public record TaskWithHistory(TaskView task, List<TaskDetail.Dependency> dependencies, List<ProgressView> progress,
      List<CommentView> comments) {}

  private final Database db;

  public TasksByStatus(Database db) {
    this.db = db;
  }

  public List<TaskWithHistory> find(TaskStatus status) {
    List<TaskView> tasks = db.sqlQuery("select " + TaskReads.TASK_COLUMNS
            + " from tasks t where t.status = :status order by t.id")
        .setParameter("status", status.value()).mapTo(new RowMapper<TaskView>() {
          private Rows rows; // Ebean hands every row on the same result

          @Override
          public TaskView map(ResultSet rs, int row) throws SQLException {
            if (rows == null) {
              rows = Rows.over(rs);
            }
            return TaskReads.task(rows);
          }
        }).findList();
    Map<Long, List<TaskDetail.Dependency>> dependencies = db.sqlQuery("""
            select d.task_id, d.depends_on_task_id, d.dependency_type, p.title, p.status
              from task_dependencies d join tasks t on t.id = d.task_id join tasks p on p.id = d.depends_on_task_id
             where t.status = :status order by d.id""")
        .setParameter("status", status.value())
        .mapTo((rs, row) -> Map.entry(rs.getLong("task_id"), new TaskDetail.Dependency(rs.getLong("depends_on_task_id"),
            TaskReads.constant(DependencyType.class, rs.getString("dependency_type")), rs.getString("title"),
            TaskReads.constant(TaskStatus.class, rs.getString("status")))))
        .findList().stream()
        .collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
            Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
    Map<Long, List<ProgressView>> progress = db.sqlQuery("""
            select p.id, p.task_id, p.progress_percentage, p.notes, p.updated_by, p.created_at
              from task_progress p join tasks t on t.id = p.task_id where t.status = :status order by p.id desc""")
        .setParameter("status", status.value())
        .mapTo((rs, row) -> new ProgressView(rs.getLong("id"), rs.getLong("task_id"), rs.getInt("progress_percentage"),
            rs.getString("notes"), rs.getString("updated_by"), instant(rs)))
        .findList().stream()
        .collect(Collectors.groupingBy(ProgressView::taskId));
    Map<Long, List<CommentView>> comments = db.sqlQuery("""
            select c.id, c.task_id, c.comment, c.comment_type, c.author, c.created_at
              from task_comments c join tasks t on t.id = c.task_id where t.status = :status order by c.id""")
        .setParameter("status", status.value())
        .mapTo((rs, row) -> new CommentView(rs.getLong("id"), rs.getLong("task_id"), rs.getString("comment"),
            TaskReads.constant(CommentType.class, rs.getString("comment_type")), rs.getString("author"), instant(rs)))
        .findList().stream()
        .collect(Collectors.groupingBy(CommentView::taskId));
    return tasks.stream()
        .map(t -> new TaskWithHistory(t, dependencies.getOrDefault(t.id(), List.of()),
            progress.getOrDefault(t.id(), List.of()), comments.getOrDefault(t.id(), List.of())))
        .toList();
  }

  private static Instant instant(ResultSet rs) throws SQLException {
    return rs.getTimestamp("created_at").toInstant();
  }
}
