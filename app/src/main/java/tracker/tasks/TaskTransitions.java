package tracker.tasks;

import io.ebean.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.core.Actor;
import tracker.domain.Role;
import tracker.core.Times;
import tracker.core.TrackerException;
import tracker.db.NamedSql;
import tracker.db.Rows;
import tracker.db.Transactions;
import tracker.domain.CommentType;
import tracker.domain.ContractValue;
import tracker.domain.Task;
import tracker.domain.TaskComment;
import tracker.domain.TaskProgress;
import tracker.domain.TaskStatus;

/**
 * The one writer of a task's state (status, claim, lease, blocked time, progress): it applies
 * {@link TaskStateMachine}'s rules, writes the state with one statement guarded by the task's
 * version, adds the progress record or comment that goes with the change, and writes the change's
 * one history entry. Runs inside the caller's write transaction.
 */
public final class TaskTransitions {

  static final String COMPLETED_NOTE = "Completed";

  private final Database db;
  private final Transactions tx;
  private final TaskReads reads;
  private final ActivityLog activity;

  TaskTransitions(Database db, Transactions tx, TaskReads reads, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.reads = reads;
    this.activity = activity;
  }

  /**
   * One change of a task's state and what goes with it. {@code status} null keeps the status
   * (unless a progress of 100 % or a blocker or solution comment moves it); {@code force}
   * completes even while prerequisites are open; {@code action} names the history entry and
   * {@code alsoChanged} adds the caller's other field changes to it. {@code claimToken}, sent by a
   * worker writing as the claimant, fences the change: it is refused unless that claim is the
   * task's latest. {@code claimant}, a worker's name when the change is made as the task's claimant
   * (the agents' tools), refuses it while another worker holds the task.
   */
  public record Change(TaskStatus status, boolean force, Integer progress, String notes, String comment,
      CommentType commentType, String updatedBy, String action, Changes alsoChanged, boolean versionMoved,
      Long claimToken, String claimant) {

    /** A change of its own: the state's write moves the version. */
    public Change(TaskStatus status, boolean force, Integer progress, String notes, String comment,
        CommentType commentType, String updatedBy, String action, Changes alsoChanged) {
      this(status, force, progress, notes, comment, commentType, updatedBy, action, alsoChanged, false, null, null);
    }

    /** The same change, made by {@code who}. */
    Change by(String who) {
      return new Change(status, force, progress, notes, comment, commentType, who, action, alsoChanged,
          versionMoved, claimToken, claimant);
    }

    /** The same change, fenced by a claim token (null: not sent as a claimant). */
    public Change fencedBy(Long token) {
      return new Change(status, force, progress, notes, comment, commentType, updatedBy, action, alsoChanged,
          versionMoved, token, claimant);
    }

    /** The same change, made as the claimant {@code worker} (null: not as a claimant). */
    Change asClaimant(String worker) {
      return new Change(status, force, progress, notes, comment, commentType, updatedBy, action, alsoChanged,
          versionMoved, claimToken, worker);
    }
  }

  /** What a change did: the task after it, and the progress record and comment it added, if any. */
  public record Result(TaskView task, TaskProgress progress, TaskComment comment) {}

  /**
   * Applies a change; refuses (409) completing a task whose blocks/requires prerequisites are open
   * unless forced, and a change fenced by a claim token that is no longer the task's latest (the
   * refusal is recorded in the history).
   */
  public Result apply(long id, Change asSent) {
    Change change = asSent.by(Actor.attributed(asSent.updatedBy()));
    try {
      return tx.write(() -> {
        refuseOthersClaim(id);
        return applyNow(id, change);
      });
    } catch (StaleClaim refused) {
      recordRefusal(id, refused, change.updatedBy());
      throw refused;
    }
  }

  /** A write sent under a claim that another claim has since replaced. */
  static final class StaleClaim extends TrackerException {
    final long sent;
    final TaskView task;

    StaleClaim(long sent, TaskView task) {
      super(409, "Conflict", "claim token " + sent + " of task " + task.id()
          + (sent > task.claimToken() ? " was never given" : " is stale") + ": "
          + (task.claimedBy() == null
              ? task.claimToken() == 0 ? "the task was never claimed"
                  : "its latest claim (token " + task.claimToken() + ") no longer holds it"
              : "it is held by " + task.claimedBy() + " under token " + task.claimToken()
                  + (task.leaseExpiresAt() == null ? "" : " until " + Times.shown(task.leaseExpiresAt())))
          + "; nothing was changed", java.util.List.of());
      this.sent = sent;
      this.task = task;
    }
  }

  private void checkFence(Long sent, TaskView task) {
    if (sent != null && sent != task.claimToken()) {
      throw new StaleClaim(sent, task);
    }
  }

  /**
   * A worker changes only tasks that nobody or its own identity holds: a task another identity
   * claimed is refused (409), whatever claim token is sent (tokens count up per task and are
   * easily guessed). Planners and admins may take over; without identities names are free. Every
   * write that changes the task counts: its fields, its dependencies, a subtask put under it.
   */
  void refuseOthersClaim(long id) {
    String me = Actor.identity();
    Role role = Actor.role();
    if (me == null || role == null || role.covers(Role.PLANNER)) {
      return;
    }
    tx.lockRow("tasks", id);
    TaskView task = reads.one(id).orElseThrow(() -> TrackerException.notFound("Task", id));
    String holder = task.claimedBy() == null ? null : task.claimedBy().split(Actor.LABEL_SEPARATOR, 2)[0];
    if (holder != null && !holder.equals(me)) {
      throw TrackerException.conflict("task " + id + " is held by " + task.claimedBy() + "; a worker changes only"
          + " tasks its own identity holds (a planner may take one over); nothing was changed");
    }
  }

  /**
   * A change made as the claimant {@code worker} (null: not as a claimant) while another worker
   * holds the task is refused (409), checked on the locked row in the change's own transaction.
   */
  private static void refuseHeldByAnother(String asSent, TaskView task) {
    String worker = asSent == null ? null : Actor.attributed(asSent); // the name as its claims record it
    if (worker != null && task.claimedBy() != null && !task.claimedBy().equals(worker)) {
      throw TrackerException.conflict("task " + task.id() + " is held by " + task.claimedBy()
          + (task.leaseExpiresAt() == null ? "" : " until " + Times.shown(task.leaseExpiresAt()))
          + ", not by " + worker + "; nothing was changed");
    }
  }

  /** The history keeps every refused stale write, written after the refused transaction rolled back. */
  private void recordRefusal(long id, StaleClaim refused, String actor) {
    if (db.currentTransaction() == null) {
      tx.write(() -> activity.task(id, "stale_write_refused", Changes.of().added("claim_token", refused.sent)
          .added("current_claim_token", refused.task.claimToken()).added("held_by", refused.task.claimedBy()),
          actor));
    }
  }

  private Result applyNow(long id, Change change) {
    tx.lockRow("tasks", id);
    TaskView before = reads.one(id).orElseThrow(() -> TrackerException.notFound("Task", id));
    checkFence(change.claimToken(), before);
    refuseHeldByAnother(change.claimant(), before);
    TaskStatus target = change.status() == null ? before.status() : change.status();
    if (change.comment() != null && change.commentType() == CommentType.BLOCKER && change.status() != null
        && change.status() != TaskStatus.BLOCKED) {
      throw TrackerException.invalid("comment_type", "a blocker comment blocks the task, which contradicts status "
          + change.status().value() + "; send status blocked, or the comment as another type");
    }
    if (change.comment() != null) {
      if (change.commentType() == CommentType.BLOCKER && target != TaskStatus.BLOCKED) {
        target = TaskStatus.BLOCKED;
      } else if (change.commentType() == CommentType.SOLUTION && before.status() == TaskStatus.BLOCKED
          && change.status() == null) {
        target = TaskStateMachine.afterSolution(statusBeforeBlocked(id));
      }
    }
    Integer figure = change.progress();
    if (figure != null && figure < 100 && change.status() == TaskStatus.COMPLETED) {
      throw TrackerException.conflict("completed is 100 %: send progress_percentage 100 with it, or leave it out"
          + " (not " + figure + ")");
    }
    if (figure != null && figure < 100 && change.status() == null && target == TaskStatus.COMPLETED) {
      target = TaskStatus.IN_PROGRESS; // a lower figure on a completed task says the work goes on
    }
    boolean completingByProgress = change.progress() != null && TaskStateMachine.completesAt(change.progress())
        && change.status() == null && target != TaskStatus.COMPLETED;
    if (completingByProgress) {
      List<String> open = openPrerequisites(id);
      if (!open.isEmpty() && !change.force()) { // 100 % is done: the same refusal as completing
        throw TrackerException.conflict("task " + id + " cannot reach 100 % while it waits for "
            + String.join(", ", open) + "; complete those first");
      }
      target = TaskStatus.COMPLETED;
    }
    TaskStateMachine.Move move = TaskStateMachine.move(before.status(), target);
    if (move.completes() && !change.force()) {
      int open = openSubtasks(id);
      if (open > 0) {
        throw TrackerException.conflict("task " + id + " has " + open + (open == 1 ? " open subtask" : " open subtasks")
            + ": it completes by itself when the last of them does (or send \"force\": true)");
      }
    }
    if (move.completes() && !change.force() && !completingByProgress) {
      List<String> open = openPrerequisites(id);
      if (!open.isEmpty()) {
        throw TrackerException.conflict("task " + id + " cannot be completed while it waits for "
            + String.join(", ", open) + "; complete those first, or send \"force\": true");
      }
    }
    TaskView after = move.changes() ? setStatus(before, move, !change.versionMoved()) : before;
    // completed is 100 %: a completion without a figure records 100 when the task was below
    if (target == TaskStatus.COMPLETED && (figure != null ? figure < 100 : move.completes()
        && before.progressPercentage() < 100)) {
      figure = 100;
    }
    int progress = before.progressPercentage();
    TaskProgress record = null;
    if (figure != null) {
      record = TaskService.progressRecord(db.reference(Task.class, id), figure,
          change.notes() != null || change.progress() != null ? change.notes() : COMPLETED_NOTE, change.updatedBy());
      db.save(record);
      progress = figure;
    }
    after = after.withStatus(after.status(), after.version(), after.updatedAt(), progress);
    TaskComment comment = null;
    if (change.comment() != null) {
      comment = new TaskComment();
      comment.setTask(db.reference(Task.class, id));
      comment.setComment(change.comment());
      comment.setCommentType(change.commentType() == null ? CommentType.NOTE : change.commentType());
      comment.setAuthor(Actor.or(change.updatedBy()));
      db.save(comment);
    }
    Changes changes = Changes.of();
    if (change.alsoChanged() != null) {
      changes.with(change.alsoChanged());
    }
    changes.field("status", before.status(), after.status())
        .field("progress_percentage", before.progressPercentage(), after.progressPercentage());
    if (record != null && before.progressPercentage() == after.progressPercentage()) {
      changes.added("progress_recorded", record.getProgressPercentage()); // a record at the same figure
    }
    changes
        .added("notes", change.notes()).added("comment", change.comment())
        .added("comment_type", comment == null ? null : comment.getCommentType());
    if (!changes.isEmpty()) {
      activity.task(id, change.action(), changes, change.updatedBy());
    }
    if (before.parentTaskId() != null && (after.status() == TaskStatus.COMPLETED) != (before.status()
        == TaskStatus.COMPLETED)) {
      followSubtask(before.parentTaskId(), id, after.status() == TaskStatus.COMPLETED, change.updatedBy());
    }
    return new Result(after, record, comment);
  }

  /**
   * A container follows its subtasks: it completes when its last open subtask completes, and
   * reopens (in progress) when a subtask of a completed container reopens; its own parent follows
   * in turn.
   */
  void followSubtask(long parentId, long subtaskId, boolean subtaskCompleted, String actor) {
    TaskStatus parentStatus = reads.one(parentId).map(TaskView::status).orElse(null);
    if (subtaskCompleted && parentStatus != TaskStatus.COMPLETED && openSubtasks(parentId) == 0) {
      applyNow(parentId, new Change(TaskStatus.COMPLETED, true, null, "All subtasks completed", null, null, actor,
          "completed_with_subtasks", null));
    } else if (!subtaskCompleted && parentStatus == TaskStatus.COMPLETED) {
      applyNow(parentId, new Change(TaskStatus.IN_PROGRESS, false, null, null, null, null, actor,
          "reopened_by_subtask", Changes.of().added("subtask", subtaskId)));
    }
  }

  private int openSubtasks(long parentId) {
    return db.sqlQuery("select count(*) from tasks where parent_task_id = :parent and status <> 'completed'")
        .setParameter("parent", parentId).mapToScalar(Integer.class).findOne();
  }

  /**
   * The prerequisites (blocks, requires) that are not completed, of a task and of its ancestors (a
   * subtask cannot start before its parent could), as "#3 Title" or "#3 Title (for ancestor #7)".
   */
  List<String> openPrerequisites(long id) {
    return reads.openPrerequisites(id).stream()
        .map(p -> "#" + p.id() + " " + p.title() + (p.depth() == 0 ? "" : " (for ancestor #" + p.waiting() + ")"))
        .toList();
  }

  private TaskStatus statusBeforeBlocked(long id) {
    String previous = db.sqlQuery("select status_before_blocked from tasks where id = :id")
        .setParameter("id", id).mapToScalar(String.class).findOne();
    return previous == null ? null : ContractValue.parse(TaskStatus.class, previous).orElse(null);
  }

  private static final NamedSql SET_STATUS = NamedSql.of("""
      update tasks
         set status = :to, updated_at = :now, version = :version,
             blocked_since = case when :enters_blocked then :now when :leaves_blocked then null else blocked_since end,
             status_before_blocked = case when :enters_blocked then :back_to when :leaves_blocked then null
                                          else status_before_blocked end,
             claimed_by = case when :ends_claim then null else claimed_by end,
             lease_expires_at = case when :ends_claim then null else lease_expires_at end,
             lease_seconds = case when :ends_claim then null else lease_seconds end
       where id = :id and version = :was""");

  /**
   * Writes a move with one UPDATE guarded by the task's version, a plain statement on the
   * transaction's connection (the most frequent write; see TaskReads and ServiceVsJdbcBenchmark).
   */
  private TaskView setStatus(TaskView before, TaskStateMachine.Move move, boolean moveVersion) {
    long version = moveVersion ? before.version() + 1 : before.version();
    Instant now = Instant.now();
    // a claimed task that gets blocked lost its claim: once unblocked it goes back to the queue
    TaskStatus backTo = move.from() == TaskStatus.IN_PROGRESS && before.claimedBy() != null
        ? TaskStatus.NOT_STARTED : move.from();
    int updated = tx.jdbc(c -> {
      try (NamedSql.Bound update = SET_STATUS.prepare(c)) {
        return update.set("to", move.to().value()).set("now", now).set("version", version)
            .set("enters_blocked", move.entersBlocked()).set("leaves_blocked", move.leavesBlocked())
            .set("back_to", backTo.value()).set("ends_claim", move.endsClaim())
            .set("id", before.id()).set("was", before.version())
            .update();
      }
    });
    if (updated == 0) {
      throw new Transactions.Retry("task " + before.id() + " changed while its status was being set");
    }
    return before.withStatus(move.to(), version, now, before.progressPercentage());
  }

  /**
   * The claim's guarded UPDATE, answering the task as it left it (no second read): the task is
   * not started, waits for nothing, holds no open subtask, and none of its ancestors waits, all
   * checked in this one statement (the ancestors were a second query, a fifth of a claim's time
   * in the single writer). SQLite's RETURNING knows the table by its name only, not by an alias.
   */
  static final String CLAIM_SQL = """
      update tasks
         set status = 'in_progress', claimed_by = :worker, lease_seconds = :lease_seconds,
             lease_expires_at = :lease_expires_at, blocked_since = null, status_before_blocked = null,
             version = version + 1, updated_at = :now, claim_token = claim_token + 1
       where id = :id and status = 'not_started'
         and not exists (select 1 from task_dependencies d join tasks p on p.id = d.depends_on_task_id
                          where d.task_id = tasks.id and d.dependency_type <> 'enhances'
                            and p.status <> 'completed')
         and not exists (select 1 from tasks s where s.parent_task_id = tasks.id and s.status <> 'completed')
         and not exists (""" + TaskReads.ANCESTORS_WAIT + """
                         select 1 from up cross join task_dependencies d cross join tasks p
                          where d.task_id = up.id and p.id = d.depends_on_task_id
                            and d.dependency_type <> 'enhances' and p.status <> 'completed')
      returning\s""" + TaskReads.TASK_COLUMNS.replaceAll("\\bt\\.", "tasks.");
  private static final NamedSql CLAIM = NamedSql.of(CLAIM_SQL);

  private static final NamedSql NOTE_PROGRESS = NamedSql.of("""
      insert into task_progress (task_id, progress_percentage, notes, updated_by, created_at)
      values (:task_id, :progress_percentage, :notes, :updated_by, :created_at)""");

  /**
   * A progress record that keeps the figure and says why the task moved (a claim, a lease run
   * out): written on the connection, as the claim's other statements, the hottest write there is.
   */
  private void noteProgress(long id, int percentage, String notes, String by) {
    tx.jdbc(c -> {
      try (NamedSql.Bound insert = NOTE_PROGRESS.prepare(c)) {
        return insert.set("task_id", id).set("progress_percentage", percentage).set("notes", notes)
            .set("updated_by", TaskService.progressAuthor(by)).set("created_at", Instant.now()).update();
      }
    });
  }

  /**
   * A claim: a ready, not-started task becomes in progress under the worker's lease, in one
   * guarded UPDATE (it checks readiness itself, so two claimers never take one task), with a
   * progress note and one history entry. Empty when the task was taken or is no longer ready.
   */
  public Optional<TaskView> claim(long id, String asSent, Integer leaseSeconds) {
    String worker = Actor.attributed(asSent);
    Instant now = Instant.now();
    Long lease = leaseSeconds == null ? null : leaseSeconds.longValue();
    Optional<TaskView> claimed = tx.jdbc(c -> {
      try (NamedSql.Bound update = CLAIM.prepare(c).set("worker", worker).set("lease_seconds", lease)
              .set("lease_expires_at", lease == null ? null : now.plusSeconds(lease)).set("now", now).set("id", id)
              .set("deepest", Task.MAX_SUBTASK_DEPTH);
          Rows rows = update.rows()) {
        return rows.next() ? Optional.of(TaskReads.task(rows)) : Optional.<TaskView>empty();
      }
    });
    if (claimed.isEmpty()) {
      return claimed;
    }
    TaskView task = claimed.get();
    noteProgress(id, task.progressPercentage(), "Claimed by " + worker, worker);
    activity.task(id, "claimed", Changes.of().field("status", "not_started", "in_progress")
        .added("claimed_by", worker).added("claim_token", task.claimToken())
        .added("lease_expires_at", task.leaseExpiresAt()), worker);
    return Optional.of(task); // the note keeps the progress figure, so the task read above is the answer
  }

  /**
   * Extends the lease of a task the worker holds; 409 when the worker does not hold it, or when
   * {@code claimToken} (if sent) is not the task's latest claim.
   */
  public TaskView heartbeat(long id, String asSent, Long claimToken) {
    String worker = Actor.attributed(asSent);
    try {
      return tx.write(() -> heartbeatNow(id, worker, claimToken));
    } catch (StaleClaim refused) {
      recordRefusal(id, refused, worker);
      throw refused;
    }
  }

  /** Why a heartbeat found no lease of {@code worker} to extend, in the words of the task's state. */
  private static String whyNoLease(TaskView task, String worker) {
    if (task.claimedBy() == null) {
      return "nobody holds it (" + task.status().value() + ")";
    }
    if (!task.claimedBy().equals(worker)) {
      return "it is held by " + task.claimedBy();
    }
    if (task.leaseExpiresAt() == null) {
      return "its claim has no lease (it holds until the task leaves in_progress), so there is none to extend";
    }
    return "its lease ran out at " + Times.shown(task.leaseExpiresAt());
  }

  private TaskView heartbeatNow(long id, String worker, Long claimToken) {
    tx.lockRow("tasks", id);
    TaskView task = reads.one(id).orElseThrow(() -> TrackerException.notFound("Task", id));
    checkFence(claimToken, task);
    Instant now = Instant.now();
    int updated = db.sqlUpdate("""
            update tasks set lease_expires_at = :lease_expires_at, updated_at = :now
             where id = :id and status = 'in_progress' and claimed_by = :worker and lease_seconds is not null
               and lease_expires_at >= :now""")
        .setAutoTableMod(false)
        .setParameter("lease_expires_at", now.plusSeconds(leaseSeconds(id)))
        .setParameter("now", now)
        .setParameter("id", id)
        .setParameter("worker", worker)
        .execute();
    if (updated == 0) {
      throw TrackerException.conflict("task " + id + " is not held by " + worker + " under a live lease: "
          + whyNoLease(task, worker) + "; nothing was changed");
    }
    TaskView extended = reads.one(id).orElseThrow();
    activity.task(id, "heartbeat", Changes.of().field("lease_expires_at", task.leaseExpiresAt(),
        extended.leaseExpiresAt()), worker);
    return extended;
  }

  private int leaseSeconds(long id) {
    Integer seconds = db.sqlQuery("select lease_seconds from tasks where id = :id").setParameter("id", id)
        .mapToScalar(Integer.class).findOne();
    return seconds == null ? 0 : seconds;
  }

  /**
   * A lease that ran out before {@code now}: the task goes back to the ready queue (not started,
   * no claim), keeping its progress, with a note and one history entry. False when the task was
   * completed, released or extended meanwhile.
   */
  public boolean expireLease(long id, String worker, Instant now) {
    return tx.write(() -> {
      int updated = db.sqlUpdate("""
              update tasks
                 set status = 'not_started', claimed_by = null, lease_expires_at = null, lease_seconds = null,
                     version = version + 1, updated_at = :now
               where id = :id and status = 'in_progress' and lease_expires_at < :now""")
          .setAutoTableMod(false)
          .setParameter("now", now).setParameter("id", id)
          .execute();
      if (updated == 1) {
        TaskView returned = reads.one(id).orElseThrow();
        noteProgress(id, returned.progressPercentage(), "Lease of " + worker + " expired; back in the ready queue",
            "system");
        activity.task(id, "lease_expired", Changes.of().field("status", "in_progress", "not_started")
            .field("claimed_by", worker, null).added("claim_token", returned.claimToken()), "system");
      }
      return updated == 1;
    });
  }
}
