package tracker.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebean.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.core.Actor;
import tracker.core.TrackerException;
import tracker.db.DatabaseKind;
import tracker.db.Transactions;
import tracker.domain.DependencyType;
import tracker.domain.Task;
import tracker.domain.TrashEntry;
import tracker.domain.query.QTask;
import tracker.domain.query.QTaskComment;
import tracker.domain.query.QTaskDependency;
import tracker.domain.query.QTaskProgress;
import tracker.domain.query.QTrashEntry;
import tracker.transfer.DataTransfer;

/**
 * Nothing deleted for good by accident: a deleted task goes to the trash with its subtasks,
 * dependencies (both ways), progress, comments and group places, from which a planner restores
 * it as it was; the trash is purged after a retention period, or by an admin. Deleting a task
 * other tasks depend on needs {@code cascade} (their edges go to the trash with it); a dry run
 * says what a deletion would touch; a bulk deletion above a threshold needs the confirmation a
 * dry run of the same deletion answers. All of it is in the history.
 */
public final class TaskTrash {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a deleted task stays restorable, and above how many tasks a bulk deletion needs a dry run first. */
  public record Policy(Duration retention, int confirmAbove) {
    public static final Policy DEFAULT = new Policy(Duration.ofDays(30), 20);

    public Policy {
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("the trash must keep tasks for at least a day");
      }
      if (confirmAbove < 1) {
        throw new IllegalArgumentException("the bulk deletion threshold must be at least 1");
      }
    }
  }

  /** A task that depends on one being deleted, from outside what is deleted. */
  public record Dependent(long taskId, String title, long dependsOnTaskId, DependencyType dependencyType) {}

  /** What deleting touches: the tasks (a task and its subtasks), the others' edges on them, and what hangs on them. */
  public record Touches(List<Long> taskIds, List<Dependent> dependents, int dependencies, int progressRecords,
      int comments) {}

  /** A deleted task in the trash. */
  public record TrashView(long id, long taskId, String title, int taskCount, String deletedBy, Instant deletedAt,
      Instant purgeAfter) {}

  /** A bulk deletion: what it touches, the trash entries it made (none on a dry run), and the confirmation to send. */
  public record BulkDeletion(Touches touches, List<TrashView> trashed, String confirm) {}

  private final Database db;
  private final Transactions tx;
  private final DatabaseKind kind;
  private final ActivityLog activity;
  private final TaskService tasks;
  private volatile Policy policy = Policy.DEFAULT;

  public TaskTrash(Database db, Transactions tx, DatabaseKind kind, ActivityLog activity, TaskService tasks) {
    this.db = db;
    this.tx = tx;
    this.kind = kind;
    this.activity = activity;
    this.tasks = tasks;
  }

  public void setPolicy(Policy policy) {
    this.policy = policy;
  }

  public Policy policy() {
    return policy;
  }

  /** What deleting these tasks (with their subtasks) would touch; changes nothing. */
  public Touches touches(List<Long> ids) {
    Set<Long> deleted = new LinkedHashSet<>();
    for (long id : ids) {
      tasks.find(id);
      deleted.addAll(tasks.subtree(id));
    }
    List<Long> all = List.copyOf(deleted);
    List<Dependent> dependents = new QTaskDependency(db).dependsOn.id.in(all).task.id.notIn(all)
        .fetch("task", "title").orderBy("id").findList().stream()
        .map(d -> new Dependent(d.getTask().getId(), d.getTask().getTitle(), d.getDependsOn().getId(),
            d.getDependencyType()))
        .toList();
    int dependencies = new QTaskDependency(db).or().task.id.in(all).dependsOn.id.in(all).endOr().findCount();
    return new Touches(all, dependents, dependencies, new QTaskProgress(db).task.id.in(all).findCount(),
        new QTaskComment(db).task.id.in(all).findCount());
  }

  /**
   * Moves a task (and its subtasks) to the trash; 409 when other tasks depend on it and
   * {@code cascade} is not given, naming them; 412 when {@code expectedVersion} is stale.
   */
  public TrashView delete(long id, Long expectedVersion, boolean cascade) {
    return tx.write(() -> {
      tx.serialize(TaskService.DEPENDENCIES); // no edge onto it may arrive between the check and the delete
      tx.lockRow("tasks", id);
      Task task = tasks.find(id);
      if (expectedVersion != null) {
        TaskService.checkVersion(task, expectedVersion);
      }
      refuseDependents(touches(List.of(id)), cascade);
      return moveToTrash(task);
    });
  }

  /**
   * Deletes many tasks, each into its own trash entry, all or nothing. A dry run answers what it
   * would touch and a confirmation; above the threshold, the deletion needs that confirmation
   * (428 otherwise), which holds while the tasks are as the dry run saw them.
   */
  public BulkDeletion deleteMany(List<Long> ids, boolean cascade, boolean dryRun, String confirm) {
    if (ids == null || ids.isEmpty()) {
      throw TrackerException.invalid("task_ids", "must name at least one task");
    }
    return tx.write(() -> {
      tx.serialize(TaskService.DEPENDENCIES);
      BulkService.checkTasks(db, new tracker.core.Rules(), ids);
      List<Long> unique = List.copyOf(new LinkedHashSet<>(ids));
      Touches touches = touches(unique);
      String expected = confirmation(touches, cascade);
      if (dryRun) {
        return new BulkDeletion(touches, List.of(), expected);
      }
      if (touches.taskIds().size() > policy.confirmAbove() && !expected.equals(confirm)) {
        throw new TrackerException(428, "Confirmation required", "deleting " + touches.taskIds().size()
            + " tasks (more than " + policy.confirmAbove() + ") needs the confirmation of a dry run of the same"
            + " deletion: send dry_run true, check what it touches, then send its confirm", List.of());
      }
      refuseDependents(touches, cascade); // edges among the deleted ones go with them, in any order
      List<TrashView> trashed = new ArrayList<>();
      for (long id : unique) {
        Task task = new QTask(db).id.eq(id).findOne();
        if (task != null) { // null: it went with an ancestor named before it
          trashed.add(moveToTrash(task));
        }
      }
      return new BulkDeletion(touches, trashed, null);
    });
  }

  /** The confirmation of a deletion: it changes when the tasks, their versions or the choice change. */
  private String confirmation(Touches touches, boolean cascade) {
    StringBuilder seen = new StringBuilder(cascade ? "cascade" : "keep");
    new QTask(db).select("id, version").id.in(touches.taskIds()).orderBy("id").findList()
        .forEach(t -> seen.append(';').append(t.getId()).append('@').append(t.getVersion()));
    touches.dependents().forEach(d -> seen.append(";d").append(d.taskId()).append('>').append(d.dependsOnTaskId()));
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(seen.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 24);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** 409 naming the tasks outside a deletion that depend on it, unless their edges may go along. */
  private static void refuseDependents(Touches touches, boolean cascade) {
    if (!touches.dependents().isEmpty() && !cascade) {
      throw TrackerException.conflict("other tasks depend on what would be deleted: " + String.join(", ",
          touches.dependents().stream().map(d -> "#" + d.taskId() + " " + d.title() + " (" + d.dependencyType().value()
              + " on #" + d.dependsOnTaskId() + ")").toList())
          + "; delete with cascade to move those dependencies to the trash with it; nothing was deleted");
    }
  }

  private TrashView moveToTrash(Task task) {
    long id = task.getId();
    Touches touches = touches(List.of(id));
    purgeExpired();
    JsonNode rows = tx.jdbc(c -> DataTransfer.rowsOf(c, touches.taskIds()));
    TrashEntry entry = new TrashEntry();
    entry.setTaskId(id);
    entry.setTitle(task.getTitle());
    entry.setTaskCount(touches.taskIds().size());
    entry.setDeletedBy(Actor.current());
    entry.setSnapshot(rows.toString());
    db.save(entry);
    new QTask(db).id.eq(id).delete(); // subtasks, dependencies, progress, comments and group places cascade
    activity.task(id, "deleted", Changes.of().field("title", task.getTitle(), null).added("trash_id", entry.getId())
        .added("tasks", touches.taskIds().size()).added("dependents", touches.dependents().size()), null);
    return view(entry);
  }

  /** The trash, newest first (what is past its retention is purged first). */
  public List<TrashView> list() {
    if (new QTrashEntry(db).createdAt.lt(Instant.now().minus(policy.retention())).exists()) {
      tx.write(this::purgeExpired); // a read writes only when there is something to purge
    }
    return new QTrashEntry(db).select("id, taskId, title, taskCount, deletedBy, createdAt").orderBy("id desc")
        .findList().stream().map(this::view).toList();
  }

  /**
   * Puts a deleted task back as it was, with its ids (under a new one where SQLite gave an id
   * to a new task meanwhile); a dependency on a task gone since (or a group place in a group
   * gone since) stays out, and the history says so.
   */
  public TaskView restore(long trashId) {
    return tx.write(() -> {
      TrashEntry entry = entry(trashId);
      JsonNode rows = read(entry.getSnapshot());
      tx.serialize(TaskService.DEPENDENCIES);
      DataTransfer.PutBack back = tx.jdbc(c -> DataTransfer.putBack(c, rows, kind));
      List<String> leftOut = new ArrayList<>(back.leftOut());
      leftOut.addAll(dropCyclesThrough(rows, back.taskIds()));
      db.delete(entry);
      long root = back.taskIds().getOrDefault(entry.getTaskId(), entry.getTaskId());
      activity.task(root, "restored", Changes.of().added("trash_id", trashId)
          .added("tasks", back.taskIds().size()).added("old_id", root == entry.getTaskId() ? null : entry.getTaskId())
          .added("left_out", leftOut.isEmpty() ? null : leftOut), null);
      return tasks.get(root);
    });
  }

  /**
   * The edges between a restored task and one that stayed may close a cycle that edges added
   * while it was away opened the way for: each such edge stays out (and is named), so the plan
   * keeps no cycle. Such a cycle leaves the restored tasks to a prerequisite that stayed and comes
   * back from a task that stayed, which must reach each other; one search for all the edges says
   * whether any can, before each edge is searched alone (one search per edge took 0.5-1.5 s on
   * 100k tasks, inside the write).
   */
  private List<String> dropCyclesThrough(JsonNode rows, java.util.Map<Long, Long> restored) {
    record Crossing(long id, long task, long prerequisite, boolean blocking) {}
    List<Crossing> crossing = new ArrayList<>();
    java.util.Set<Long> leftFor = new java.util.HashSet<>();
    java.util.Set<Long> enteredFrom = new java.util.HashSet<>();
    // the edges stored now at the restored tasks, in two reads rather than one per edge
    java.util.Set<Long> back = new java.util.HashSet<>(restored.values());
    java.util.Map<Long, List<Long>> storedPrerequisites = tasks.prerequisitesOf(back);
    java.util.Map<Long, List<Long>> storedDependents = tasks.dependentsOf(back);
    for (JsonNode edge : rows.path("task_dependencies")) {
      long wasTask = edge.get("task_id").asLong();
      long wasPrerequisite = edge.get("depends_on_task_id").asLong();
      long task = restored.getOrDefault(wasTask, wasTask);
      long prerequisite = restored.getOrDefault(wasPrerequisite, wasPrerequisite);
      boolean stored = restored.containsKey(wasTask)
          ? storedPrerequisites.getOrDefault(task, List.of()).contains(prerequisite)
          : storedDependents.getOrDefault(prerequisite, List.of()).contains(task);
      if (restored.containsKey(wasTask) && restored.containsKey(wasPrerequisite) || !stored) {
        continue; // inside what came back (no cycle before), or already left out
      }
      crossing.add(new Crossing(edge.get("id").asLong(), task, prerequisite,
          !"enhances".equals(edge.path("dependency_type").asText())));
      if (restored.containsKey(wasTask)) {
        leftFor.add(prerequisite); // a restored task depends on one that stayed
      } else {
        enteredFrom.add(task); // one that stayed depends on a restored task
      }
    }
    List<String> dropped = new ArrayList<>();
    java.util.Set<Crossing> kept = new java.util.LinkedHashSet<>(crossing);
    if (tracker.graph.CycleFinder.reaches(leftFor, enteredFrom, tasks::prerequisitesOf, tasks::dependentsOf)) {
      for (Crossing edge : crossing) {
        tracker.graph.CycleFinder.cycleClosedBy(edge.task(), edge.prerequisite(), tasks::prerequisitesOf,
            tasks::dependentsOf).ifPresent(cycle -> {
              drop(edge.task(), edge.prerequisite());
              kept.remove(edge);
              dropped.add("task_dependencies " + edge.id() + ": would close the cycle "
                  + tracker.graph.CycleFinder.describe(cycle));
            });
      }
    }
    // the same for a loop through the hierarchy (a restored subtask that what its parent waits for waits for)
    List<Crossing> blocking = kept.stream().filter(Crossing::blocking).toList();
    if (!blocking.isEmpty() && tasks.hasSubtasks() && tracker.graph.Deadlocks.couldCloseAny(blocking.stream().map(e -> new long[] {e.task(), e.prerequisite()})
        .toList(), tasks.links())) {
      for (Crossing edge : blocking) { // each searched with the edges kept so far stored
        if (tracker.graph.Deadlocks.closedByDependency(edge.task(), edge.prerequisite(), tasks.links())) {
          drop(edge.task(), edge.prerequisite());
          dropped.add("task_dependencies " + edge.id() + ": would leave a task waiting for itself through its parents");
        }
      }
    }
    return dropped;
  }

  private void drop(long task, long prerequisite) {
    new QTaskDependency(db).task.id.eq(task).dependsOn.id.eq(prerequisite).delete();
  }

  /** Removes a trash entry for good (an admin's choice). */
  public void purge(long trashId) {
    tx.write(() -> {
      TrashEntry entry = entry(trashId);
      db.delete(entry);
      activity.task(entry.getTaskId(), "purged", Changes.of().added("trash_id", trashId)
          .added("title", entry.getTitle()), null);
    });
  }

  private void purgeExpired() {
    Instant before = Instant.now().minus(policy.retention());
    for (TrashEntry entry : new QTrashEntry(db).select("id, taskId, title").createdAt.lt(before).findList()) {
      db.delete(entry);
      activity.task(entry.getTaskId(), "purged", Changes.of().added("trash_id", entry.getId())
          .added("title", entry.getTitle()).added("after_days", policy.retention().toDays()), "system");
    }
  }

  private TrashEntry entry(long trashId) {
    TrashEntry entry = new QTrashEntry(db).id.eq(trashId).findOne();
    if (entry == null) {
      throw TrackerException.notFound("Trash entry", trashId);
    }
    return entry;
  }

  private TrashView view(TrashEntry entry) {
    return new TrashView(entry.getId(), entry.getTaskId(), entry.getTitle(), entry.getTaskCount(), entry.getDeletedBy(),
        entry.getCreatedAt(), entry.getCreatedAt().plus(policy.retention()));
  }

  private static JsonNode read(String rows) {
    try {
      return JSON.readTree(rows);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
