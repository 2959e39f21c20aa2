package tracker.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ebean.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tracker.core.Times;
import tracker.core.TrackerException;
import tracker.domain.TaskStatus;

/**
 * Whether a task can be worked on now and, if not, every reason with its evidence. Read from the
 * stored state at the time of asking, by the same rules as the ready queue (see Planner.readyQueue):
 * not started, not a container, no open blocks/requires prerequisite of its own or of an ancestor.
 */
public final class TaskReadiness {

  /**
   * One reason a task is not ready. {@code kind}: {@code status}, {@code claimed}, {@code blocked},
   * {@code container}, {@code dependency} (an open prerequisite of the task) or
   * {@code ancestor_dependency} (an open prerequisite of {@code via_task_id}, a parent or further up).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Reason(String kind, String message, Long taskId, String title, TaskStatus status,
      String dependencyType, Long viaTaskId, String claimedBy, Instant leaseExpiresAt, Instant since, String comment,
      Integer openSubtasks) {

    static Reason of(String kind, String message) {
      return new Reason(kind, message, null, null, null, null, null, null, null, null, null, null);
    }
  }

  /** The answer: ready when there is no reason against it. */
  public record Readiness(long taskId, boolean ready, List<Reason> reasons) {}

  private final Database db;
  private final TaskReads reads;

  TaskReadiness(Database db, TaskReads reads) {
    this.db = db;
    this.reads = reads;
  }

  public Readiness explain(long id) {
    TaskView task = reads.one(id).orElseThrow(() -> TrackerException.notFound("Task", id));
    List<Reason> reasons = new ArrayList<>();
    switch (task.status()) {
      case BLOCKED -> {
        String blocker = lastBlocker(id);
        reasons.add(new Reason("blocked", "blocked since " + Times.shown(task.blockedSince()) + (blocker == null ? "" : ": " + blocker),
            null, null, null, null, null, null, null, task.blockedSince(), blocker, null));
      }
      case IN_PROGRESS -> reasons.add(task.claimedBy() == null
          ? Reason.of("status", "already in progress")
          : new Reason("claimed", "claimed by " + task.claimedBy()
              + (task.leaseExpiresAt() == null ? "" : " until " + Times.shown(task.leaseExpiresAt())), null, null, null, null, null,
              task.claimedBy(), task.leaseExpiresAt(), null, null, null));
      case COMPLETED -> reasons.add(Reason.of("status", "already completed"));
      case NOT_STARTED -> { }
    }
    int[] subtasks = subtaskCounts(id);
    if (subtasks[1] > 0) {
      reasons.add(new Reason("container", "has " + subtasks[0] + " subtasks (" + subtasks[1]
          + " open): work on them instead; it completes with its last one", null, null, null, null, null, null, null,
          null, null, subtasks[1]));
    }
    reasons.addAll(openPrerequisites(id));
    return new Readiness(id, reasons.isEmpty(), reasons);
  }

  /**
   * The tasks that wait for {@code id} (blocks, requires) and are ready now: after a completion,
   * the work it freed. One query finds the candidates by their own state; each is then checked for
   * an ancestor's open prerequisite, the one rule that query leaves out.
   */
  public List<Long> readyDependents(long id) {
    return db.sqlQuery("""
            select distinct d.task_id from task_dependencies d join tasks t on t.id = d.task_id
             where d.depends_on_task_id = :id and d.dependency_type <> 'enhances' and t.status = 'not_started'
               and not exists (select 1 from task_dependencies o join tasks p on p.id = o.depends_on_task_id
                                where o.task_id = t.id and o.dependency_type <> 'enhances'
                                  and p.status <> 'completed')
               and not exists (select 1 from tasks s where s.parent_task_id = t.id and s.status <> 'completed')
             order by d.task_id""")
        .setParameter("id", id).mapToScalar(Long.class).findList().stream()
        .filter(candidate -> reads.openPrerequisites(candidate).isEmpty())
        .toList();
  }

  private String lastBlocker(long id) {
    return db.sqlQuery("""
            select comment from task_comments where task_id = :id and comment_type = 'blocker'
             order by id desc limit 1""")
        .setParameter("id", id).mapToScalar(String.class).findOne();
  }

  /** How many subtasks the task has, and how many of them are not completed. */
  private int[] subtaskCounts(long id) {
    return db.sqlQuery("""
            select count(*) as subtasks, coalesce(sum(case when status <> 'completed' then 1 else 0 end), 0) as open
              from tasks where parent_task_id = :id""")
        .setParameter("id", id).mapTo((rs, row) -> new int[] {rs.getInt("subtasks"), rs.getInt("open")}).findOne();
  }

  /** The open blocks/requires prerequisites of the task and of its ancestors, nearest first. */
  private List<Reason> openPrerequisites(long id) {
    return reads.openPrerequisites(id).stream().map(p -> {
      boolean own = p.depth() == 0;
      String holder = p.claimedBy() == null ? "" : ", claimed by " + p.claimedBy()
          + (p.leaseExpiresAt() == null ? "" : " until " + Times.shown(p.leaseExpiresAt()));
      String message = (own ? "waits for" : "its ancestor #" + p.waiting() + " waits for") + " #" + p.id() + " "
          + p.title() + " (" + p.dependencyType() + ", " + p.status().value() + holder + ")";
      return new Reason(own ? "dependency" : "ancestor_dependency", message, p.id(), p.title(), p.status(),
          p.dependencyType(), own ? null : p.waiting(), p.claimedBy(), p.leaseExpiresAt(), null, null, null);
    }).toList();
  }
}
