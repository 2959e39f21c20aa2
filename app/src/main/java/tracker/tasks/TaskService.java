package tracker.tasks;

import io.ebean.Database;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tracker.core.Labels;
import tracker.core.Numbers;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.core.NumberField;
import tracker.core.FieldError;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.CommentType;
import tracker.domain.ContractValue;
import tracker.domain.Complexity;
import tracker.domain.DependencyType;
import tracker.domain.Priority;
import tracker.domain.Task;
import tracker.domain.TaskDependency;
import tracker.domain.TaskProgress;
import tracker.domain.TaskStatus;
import tracker.domain.query.QIdentity;
import tracker.domain.query.QTask;
import tracker.domain.query.QTaskComment;
import tracker.domain.query.QTaskDependency;
import tracker.domain.query.QTaskProgress;
import tracker.graph.CycleFinder;
import tracker.graph.Deadlocks;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.CommentView;
import tracker.tasks.TaskRecords.DependencyResult;
import tracker.tasks.TaskRecords.DependencyView;
import tracker.tasks.TaskRecords.ProgressDraft;
import tracker.tasks.TaskRecords.ProgressView;
import tracker.tasks.TaskRecords.StatusChange;

/** The one place the task rules live: the API, the pages, the CLI and the import all call it. */
public class TaskService {

  public static final String CREATED_NOTE = "Task created";
  /** The topic under which changes to the dependency graph are serialized. */
  static final String DEPENDENCIES = "task_dependencies";

  private final Database db;
  private final Transactions tx;
  private final TaskReads reads;
  private final ActivityLog activity;
  private final TaskTransitions transitions;
  private final TaskReadiness readiness;

  public TaskService(Database db, Transactions tx, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.activity = activity;
    this.reads = new TaskReads(db, tx);
    this.transitions = new TaskTransitions(db, tx, reads, activity);
    this.readiness = new TaskReadiness(db, reads);
  }

  /** The one writer of a task's state (status, claim, lease, blocked time, progress). */
  public TaskTransitions transitions() {
    return transitions;
  }

  /**
   * A task's history, oldest first. It outlives the task (a deleted task's entries stay), and a
   * task can have none (an import without history): only a task that neither exists nor has an
   * entry is a 404.
   */
  public List<tracker.activity.ActivityView> history(long id) {
    List<tracker.activity.ActivityView> entries = activity.history(id);
    if (entries.isEmpty() && reads.one(id).isEmpty()) {
      throw TrackerException.notFound("Task", id);
    }
    return entries;
  }

  /** Whether a task can be worked on now, and every reason it cannot. */
  public TaskReadiness.Readiness readiness(long id) {
    return readiness.explain(id);
  }

  /** The tasks waiting for this one that are ready now. */
  public List<Long> readyDependents(long id) {
    return readiness.readyDependents(id);
  }

  // ---- tasks ----

  /** Creates a task with its first progress record (0 %, "Task created"). */
  public TaskView create(TaskDraft draft) {
    return tx.write(() -> {
      Task task = new Task();
      apply(task, draft, Set.copyOf(TaskDraft.FIELDS), true);
      if (task.getParent() != null) {
        transitions.refuseOthersClaim(task.getParent().getId()); // a subtask changes its parent
      }
      int progress = startIn(task, Instant.now());
      db.save(task);
      db.save(progressRecord(task, progress, CREATED_NOTE, null));
      TaskView created = TaskView.of(task, progress);
      activity.task(created.id(), "created", fieldChanges(null, created), null);
      if (created.parentTaskId() != null) {
        transitions.followSubtask(created.parentTaskId(), created.id(), created.status() == TaskStatus.COMPLETED, null);
      }
      return created;
    });
  }

  /** Whether the plan holds any task. */
  public boolean hasTasks() {
    return new QTask(db).exists();
  }

  public TaskView get(long id) {
    return reads.one(id).orElseThrow(() -> TrackerException.notFound("Task", id));
  }

  /** Tasks by id, in the order of the ids given; missing ids are left out. */
  public List<TaskView> views(List<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Map<Long, TaskView> byId = new java.util.HashMap<>();
    new QTask(db).id.in(ids).findList().forEach(t -> byId.put(t.getId(), TaskView.of(t)));
    return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
  }

  /** The task with its dependencies, dependents and subtask ids (one statement: {@link TaskReads#detail}). */
  public TaskDetail detail(long id) {
    return reads.detail(id).orElseThrow(() -> TrackerException.notFound("Task", id));
  }

  /**
   * Changes the given fields. With {@code expectedVersion} the change is refused (412) unless the
   * task is still at that version.
   */
  public TaskView update(long id, TaskDraft draft, Set<String> fields, Long expectedVersion) {
    return update(id, draft, fields, expectedVersion, false);
  }

  /**
   * As above; a status among the fields moves through {@link TaskTransitions} like any other
   * status change ({@code force} completes while prerequisites are open), in the same one
   * history entry as the other fields.
   */
  public TaskView update(long id, TaskDraft draft, Set<String> fields, Long expectedVersion, boolean force) {
    return tx.write(() -> {
      transitions.refuseOthersClaim(id);
      Task task = find(id);
      if (expectedVersion != null) {
        checkVersion(task, expectedVersion);
      }
      TaskView before = TaskView.of(task);
      Set<String> plainFields = new java.util.HashSet<>(fields);
      boolean statusGiven = plainFields.remove("status");
      Rules rules = new Rules();
      apply(task, draft, plainFields, false, rules);
      TaskStatus status = statusGiven ? rules.oneOf("status", draft.status(), TaskStatus.class) : null;
      if (statusGiven && draft.status() == null) {
        rules.add("status", "must be one of " + String.join(", ", ContractValue.values(TaskStatus.class)));
      }
      rules.check();
      db.update(task);
      TaskView after = TaskView.of(task);
      if (!java.util.Objects.equals(before.parentTaskId(), after.parentTaskId())) {
        refuseWaitingForAncestor(subtree(id), Blame.parentEdit());
        if (after.parentTaskId() != null) {
          transitions.refuseOthersClaim(after.parentTaskId());
          refuseDeadlocks(Map.of(id, after.parentTaskId()), Blame.parentEdit());
        }
      }
      Changes changed = fieldChanges(before, after);
      TaskView result = after;
      if (status != null && status != after.status()) {
        // one version for the whole PATCH: the entity's update moved it when other fields changed
        result = transitions.apply(id, new TaskTransitions.Change(status, force, null, null, null, null, null,
            "updated", changed, after.version() != before.version(), null, null)).task();
      } else if (!changed.isEmpty()) {
        activity.task(id, "updated", changed, null);
      }
      if (after.parentTaskId() != null && !after.parentTaskId().equals(before.parentTaskId())) {
        // the new container follows its subtask: reopened by an open one, completed by the last done
        transitions.followSubtask(after.parentTaskId(), id, result.status() == TaskStatus.COMPLETED, null);
      }
      return result;
    });
  }

  /** Sets the status, with an optional progress record and typed comment, all or nothing. */
  public TaskView updateStatus(long id, StatusChange change) {
    return updateStatus(id, change, null);
  }

  /**
   * As above, made as the claimant {@code worker} (an agent's tools): refused (409) while another
   * worker holds the task. Null: not as a claimant.
   */
  public TaskView updateStatus(long id, StatusChange change, String worker) {
    Rules rules = new Rules();
    TaskStatus status = rules.requiredOneOf("status", change.status(), TaskStatus.class);
    rules.range(NumberField.PROGRESS, change.progressPercentage());
    rules.text(TextField.PROGRESS_NOTES, change.notes());
    rules.text(TextField.UPDATED_BY, change.updatedBy());
    rules.range(NumberField.CLAIM_TOKEN, change.claimToken());
    if (change.comment() != null) {
      rules.required(TextField.COMMENT, change.comment());
    }
    CommentType commentType = rules.oneOf("comment_type", change.commentType(), CommentType.class);
    rules.check();
    return transitions.apply(id, new TaskTransitions.Change(status, Boolean.TRUE.equals(change.force()),
        change.progressPercentage(), change.notes(), change.comment(), commentType, change.updatedBy(),
        "status_changed", null).fencedBy(change.claimToken()).asClaimant(worker)).task();
  }

  public ProgressView addProgress(long id, ProgressDraft draft) {
    Rules rules = new Rules();
    if (draft.progressPercentage() == null) {
      rules.add("progress_percentage", "is required");
    }
    rules.range(NumberField.PROGRESS, draft.progressPercentage());
    rules.text(TextField.PROGRESS_NOTES, draft.notes());
    rules.text(TextField.UPDATED_BY, draft.updatedBy());
    rules.range(NumberField.CLAIM_TOKEN, draft.claimToken());
    rules.check();
    return ProgressView.of(transitions.apply(id, new TaskTransitions.Change(null, false, draft.progressPercentage(),
        draft.notes(), null, null, draft.updatedBy(), "progress_added", null).fencedBy(draft.claimToken())).progress());
  }

  /** Progress records, newest first. */
  public List<ProgressView> progress(long id) {
    find(id);
    return new QTaskProgress(db).task.id.eq(id).orderBy().id.desc().findList().stream()
        .map(ProgressView::of).toList();
  }

  public CommentView addComment(long id, CommentDraft draft) {
    return addComment(id, draft, null);
  }

  /** As above, made as the claimant {@code worker}: see {@link #updateStatus(long, StatusChange, String)}. */
  public CommentView addComment(long id, CommentDraft draft, String worker) {
    Rules rules = new Rules();
    rules.required(TextField.COMMENT, draft.comment());
    CommentType type = rules.oneOf("comment_type", draft.commentType(), CommentType.class);
    rules.range(NumberField.CLAIM_TOKEN, draft.claimToken());
    rules.check();
    return CommentView.of(transitions.apply(id, new TaskTransitions.Change(null, false, null, null, draft.comment(),
        type, null, "comment_added", null).fencedBy(draft.claimToken()).asClaimant(worker)).comment());
  }

  /** Comments, oldest first. */
  public List<CommentView> comments(long id) {
    find(id);
    return new QTaskComment(db).task.id.eq(id).orderBy().id.asc().findList().stream()
        .map(CommentView::of).toList();
  }

  // ---- dependencies ----

  /**
   * Makes {@code taskId} depend on {@code dependsOnId}. An existing pair is returned unchanged; a
   * self-dependency or one that would close a cycle is refused with the cycle named.
   */
  public DependencyResult addDependency(long taskId, Long dependsOnId, String dependencyType) {
    Rules rules = new Rules();
    if (dependsOnId == null) {
      rules.add("depends_on_task_id", "is required");
    }
    DependencyType type = rules.oneOf("dependency_type", dependencyType, DependencyType.class);
    rules.check();
    if (dependsOnId == taskId) {
      throw TrackerException.invalid("depends_on_task_id", "a task cannot depend on itself");
    }
    return tx.write(() -> {
      transitions.refuseOthersClaim(taskId);
      tx.serialize(DEPENDENCIES); // two concurrent edges must not close a cycle that neither sees alone
      Task task = find(taskId);
      Task prerequisite = find(dependsOnId);
      Optional<TaskDependency> existing = new QTaskDependency(db)
          .task.id.eq(taskId).dependsOn.id.eq(dependsOnId).findOneOrEmpty();
      if (existing.isPresent()) {
        return new DependencyResult(false, view(existing.get()));
      }
      CycleFinder.cycleClosedBy(taskId, dependsOnId, this::prerequisitesOf, this::dependentsOf).ifPresent(cycle -> {
        throw TrackerException.invalid("depends_on_task_id",
            "would close a dependency cycle: " + CycleFinder.describe(cycle));
      });
      if (type != DependencyType.ENHANCES && chainUp(taskId).contains(dependsOnId)) {
        throw TrackerException.invalid("depends_on_task_id", "task " + dependsOnId + " is an ancestor of task "
            + taskId + ": a subtask cannot wait for the task it is part of, which completes through its subtasks");
      }
      if (type != DependencyType.ENHANCES && hasSubtasks() && Deadlocks.closedByDependency(taskId, dependsOnId, links())) {
        throw TrackerException.invalid("depends_on_task_id", "task " + taskId + " waiting for task " + dependsOnId
            + WAITS_FOR_ITSELF);
      }
      TaskDependency dependency = new TaskDependency();
      dependency.setTask(task);
      dependency.setDependsOn(prerequisite);
      dependency.setDependencyType(type == null ? DependencyType.BLOCKS : type);
      db.save(dependency);
      activity.task(taskId, "dependency_added", Changes.of().added("depends_on_task_id", dependsOnId)
          .added("dependency_type", dependency.getDependencyType()), null);
      return new DependencyResult(true, view(dependency));
    });
  }

  public void removeDependency(long taskId, long dependsOnId) {
    tx.write(() -> {
      transitions.refuseOthersClaim(taskId);
      TaskDependency dependency = new QTaskDependency(db).task.id.eq(taskId).dependsOn.id.eq(dependsOnId)
          .findOneOrEmpty()
          .orElseThrow(() -> TrackerException.notFound("Dependency of task " + taskId + " on task", dependsOnId));
      db.delete(dependency);
      activity.task(taskId, "dependency_removed", Changes.of().field("depends_on_task_id", dependsOnId, null)
          .field("dependency_type", dependency.getDependencyType(), null), null);
    });
  }

  // ---- helpers ----

  /** The writable fields that differ between two states of a task (all of them for a new one). */
  static Changes fieldChanges(TaskView before, TaskView after) {
    boolean created = before == null;
    return Changes.of()
        .field("title", created ? null : before.title(), after.title())
        .field("description", created ? null : before.description(), after.description())
        .field("component_area", created ? null : before.componentArea(), after.componentArea())
        .field("phase", created ? null : before.phase(), after.phase())
        .field("priority", created ? null : before.priority(), after.priority())
        .field("complexity", created ? null : before.complexity(), after.complexity())
        .field("status", created ? null : before.status(), after.status())
        .field("source_document", created ? null : before.sourceDocument(), after.sourceDocument())
        .field("success_criteria", created ? null : before.successCriteria(), after.successCriteria())
        .field("time_estimate_hours", created ? null : before.timeEstimateHours(), after.timeEstimateHours())
        .field("parent_task_id", created ? null : before.parentTaskId(), after.parentTaskId())
        .field("assignee", created ? null : before.assignee(), after.assignee())
        .field("labels", created ? List.of() : before.labels(), after.labels())
        .field("optimistic_hours", created ? null : before.optimisticHours(), after.optimisticHours())
        .field("pessimistic_hours", created ? null : before.pessimisticHours(), after.pessimisticHours());
  }

  Task find(long id) {
    return new QTask(db).id.eq(id).findOneOrEmpty().orElseThrow(() -> TrackerException.notFound("Task", id));
  }

  static void checkVersion(Task task, long expectedVersion) {
    if (expectedVersion != task.getVersion()) {
      throw TrackerException.stale(expectedVersion < 0
          ? "If-Match names no version of task " + task.getId() + " (send its ETag as given, a strong tag);"
              + " it is at version " + task.getVersion()
          : "Task " + task.getId() + " is at version " + task.getVersion() + ", not " + expectedVersion
              + "; reload it and try again");
    }
  }

  /**
   * A new task's state by the rules of {@link TaskStateMachine} (a move from not started without
   * the prerequisite check: a new task records where the work stands): created blocked, it is
   * blocked since now; created completed, it starts at 100 %. Answers its first progress figure.
   */
  public static int startIn(Task task, Instant now) {
    if (task.getStatus() == TaskStatus.BLOCKED) {
      task.setBlocked(now, TaskStatus.NOT_STARTED);
    }
    return task.getStatus() == TaskStatus.COMPLETED ? 100 : 0;
  }

  /** Checks and copies the named fields of a draft; on create every required field must be there. */
  private void apply(Task task, TaskDraft draft, Set<String> fields, boolean creating) {
    Rules rules = new Rules();
    apply(task, draft, fields, creating, rules);
    rules.check();
  }

  /**
   * A new task checked by the task rules without storing it (the legacy import stores it in its
   * own transaction); broken rules go to {@code rules}. The parent is set by the caller.
   */
  public Task newTask(TaskDraft draft, Rules rules) {
    Task task = new Task();
    Set<String> fields = new java.util.HashSet<>(TaskDraft.FIELDS);
    fields.remove("parent_task_id");
    apply(task, draft, fields, true, rules);
    return task;
  }

  /** As above, reporting into {@code rules} without throwing (bulk requests collect every item's errors). */
  void apply(Task task, TaskDraft draft, Set<String> fields, boolean creating, Rules rules) {
    if (fields.contains("title")) {
      task.setTitle(rules.required(TextField.TITLE, draft.title()));
    }
    if (fields.contains("description")) {
      task.setDescription(rules.text(TextField.DESCRIPTION, draft.description()));
    }
    if (fields.contains("component_area")) {
      task.setComponentArea(rules.required(TextField.COMPONENT_AREA, draft.componentArea()));
    }
    if (fields.contains("phase")) {
      if (draft.phase() == null) {
        rules.add("phase", "is required");
      } else {
        task.setPhase(rules.range(NumberField.PHASE, draft.phase()));
      }
    }
    if (fields.contains("source_document")) {
      task.setSourceDocument(rules.required(TextField.SOURCE_DOCUMENT, draft.sourceDocument()));
    }
    if (fields.contains("success_criteria")) {
      task.setSuccessCriteria(rules.text(TextField.SUCCESS_CRITERIA, draft.successCriteria()));
    }
    if (fields.contains("time_estimate_hours")) {
      Double hours = draft.timeEstimateHours();
      if (hours == null && !creating) {
        rules.add("time_estimate_hours", "must be a number between 0.1 and 200");
      }
      task.setTimeEstimateHours(hours == null ? 1.0 : Numbers.hours(rules.range(NumberField.HOURS, hours)));
    }
    setEnum(rules, fields, "priority", draft.priority(), Priority.class, creating, task::setPriority);
    setEnum(rules, fields, "complexity", draft.complexity(), Complexity.class, creating, task::setComplexity);
    setEnum(rules, fields, "status", draft.status(), TaskStatus.class, creating, task::setStatus);
    if (fields.contains("parent_task_id")) {
      task.setParent(parent(rules, task, draft.parentTaskId()));
    }
    if (fields.contains("assignee") && !java.util.Objects.equals(task.getAssignee(), draft.assignee())) {
      task.setAssignee(assignee(rules, draft.assignee())); // unchanged stays, even a name from another server
    }
    if (fields.contains("labels")) {
      task.setLabels(Labels.stored(Labels.checked(rules, "labels", draft.labels())));
    }
    if (fields.contains("optimistic_hours")) {
      task.setOptimisticHours(draft.optimisticHours() == null ? null
          : Numbers.hours(rules.range(NumberField.OPTIMISTIC_HOURS, draft.optimisticHours())));
    }
    if (fields.contains("pessimistic_hours")) {
      task.setPessimisticHours(draft.pessimisticHours() == null ? null
          : Numbers.hours(rules.range(NumberField.PESSIMISTIC_HOURS, draft.pessimisticHours())));
    }
    if (rules.ok()) {
      rules.rangeAroundEstimate(task.getTimeEstimateHours(), task.getOptimisticHours(), task.getPessimisticHours());
    }
  }

  /** An assignee names an identity (null: nobody). */
  private String assignee(Rules rules, String name) {
    if (name == null) {
      return null;
    }
    if (!rules.text(TextField.IDENTITY_NAME, name, "assignee")) {
      return name; // not even a name: no need to ask the database (PostgreSQL refuses some characters)
    }
    if (!new QIdentity(db).name.eq(name).exists()) {
      rules.add("assignee", "must name an identity (a person or an agent of the team), not " + Rules.quote(name));
    }
    return name;
  }

  private <E extends Enum<E> & tracker.domain.ContractValue> void setEnum(
      Rules rules, Set<String> fields, String field, String value, Class<E> type, boolean creating,
      java.util.function.Consumer<E> setter) {
    if (!fields.contains(field) || (value == null && creating)) {
      return; // absent on create: the entity's default stands
    }
    if (value == null) {
      rules.add(field, "must be one of " + String.join(", ", tracker.domain.ContractValue.values(type)));
      return;
    }
    E parsed = rules.oneOf(field, value, type);
    if (parsed != null) {
      setter.accept(parsed);
    }
  }

  /**
   * The parent a task may have: it must exist, must not be the task or one of its subtasks, and
   * the task's subtasks may not end up nested deeper than {@link #Task.MAX_SUBTASK_DEPTH} levels.
   */
  private Task parent(Rules rules, Task task, Long parentId) {
    if (parentId == null) {
      return null;
    }
    Optional<Task> parent = new QTask(db).id.eq(parentId).findOneOrEmpty();
    if (parent.isEmpty()) {
      rules.add("parent_task_id", "task " + parentId + " does not exist");
      return null;
    }
    List<Long> chain = chainUp(parentId);
    if (task.getId() != null && chain.contains(task.getId())) {
      rules.add("parent_task_id", "task " + parentId + " is this task or one of its subtasks");
      return null;
    }
    if (chain.size() + (task.getId() == null ? 0 : subtreeHeight(task.getId())) > Task.MAX_SUBTASK_DEPTH) {
      rules.add("parent_task_id", "would nest subtasks deeper than " + Task.MAX_SUBTASK_DEPTH + " levels");
      return null;
    }
    return parent.get();
  }

  /** A task and its parents up to the top (at most one past the depth limit), in one statement. */
  private List<Long> chainUp(long id) {
    return db.sqlQuery(TaskReads.UP_FROM + "select id from up order by depth")
        .setParameter("id", id).setParameter("deepest", Task.MAX_SUBTASK_DEPTH - 1)
        .mapToScalar(Long.class).findList();
  }

  /** A task and every task below it, with its level under the task ({@code sub(id, depth)}), then {@code select}. */
  private static final String SUBTREE = """
      with recursive sub(id, depth) as (
        select id, 0 from tasks where id = :id
        union all
        select t.id, sub.depth + 1 from tasks t join sub on t.parent_task_id = sub.id where sub.depth <= :deepest)
      select\s""";

  /** A task and every task below it. */
  List<Long> subtree(long id) {
    return db.sqlQuery(SUBTREE + "id from sub").setParameter("id", id).setParameter("deepest", Task.MAX_SUBTASK_DEPTH)
        .mapToScalar(Long.class).findList();
  }

  /**
   * Each task of {@code :ids} that waits (blocks, requires) for one of its own ancestors. The
   * ancestors ({@code up}, a handful of rows) drive the join, fixed by CROSS JOIN as in
   * TaskReads.OPEN_PREREQUISITES: SQLite otherwise scanned every dependency, inside the write.
   */
  static final String WAITING_FOR_ANCESTOR = """
      with recursive up(task_id, ancestor_id, depth) as (
        select id, parent_task_id, 1 from tasks where id in (:ids) and parent_task_id is not null
        union all
        select up.task_id, t.parent_task_id, up.depth + 1 from up join tasks t on t.id = up.ancestor_id
         where t.parent_task_id is not null and up.depth <= :deepest)
      select d.task_id, d.depends_on_task_id
        from up cross join task_dependencies d
       where d.task_id = up.task_id and d.depends_on_task_id = up.ancestor_id and d.dependency_type <> 'enhances'
       order by d.task_id""";

  /**
   * Refuses (422 on {@code field}) a stored blocks/requires dependency of one of {@code taskIds}
   * on its own parent or further ancestor: the ancestor completes through its subtasks, so
   * neither could ever start. Called inside the write, after the change.
   */
  void refuseWaitingForAncestor(java.util.Collection<Long> taskIds, Blame blame) {
    if (taskIds.isEmpty()) {
      return;
    }
    List<FieldError> found = db.sqlQuery(WAITING_FOR_ANCESTOR)
        .setParameter("ids", taskIds).setParameter("deepest", Task.MAX_SUBTASK_DEPTH)
        .mapTo((rs, row) -> new FieldError(blame.dependencyField(rs.getLong("task_id")),
            blame.name(rs.getLong("task_id")) + " would wait for its ancestor " + blame.name(rs.getLong("depends_on_task_id"))
            + ": a subtask cannot wait for the task it is part of, which completes through its subtasks"))
        .findList();
    if (!found.isEmpty()) {
      throw TrackerException.invalid(found);
    }
  }

  /**
   * What a refusal found in the stored plan names: the field to blame for a task, and the task
   * in words. One task's edit names stored tasks by id; a bulk create names its own items by
   * place ({@code tasks[1]}), since their ids are rolled back with the refusal.
   */
  interface Blame {
    String name(long taskId);

    /** The field of the task's own dependencies. */
    String dependencyField(long taskId);

    /** The field that put the task under its parent. */
    String parentField(long taskId);

    /** One task's own edit of its parent. */
    static Blame parentEdit() {
      return new Blame() {
        public String name(long taskId) {
          return "task " + taskId;
        }

        public String dependencyField(long taskId) {
          return "parent_task_id";
        }

        public String parentField(long taskId) {
          return "parent_task_id";
        }
      };
    }
  }

  /** Levels of subtasks below a task (0 without any). */
  private int subtreeHeight(long id) {
    Integer height = db.sqlQuery(SUBTREE + "max(depth) from sub").setParameter("id", id)
        .setParameter("deepest", Task.MAX_SUBTASK_DEPTH).mapToScalar(Integer.class).findOne();
    return height == null ? 0 : height;
  }

  /** How many levels of parents a task has above it (0 for a top-level task), counting up to one past the limit. */
  int ancestors(long id) {
    return Math.max(0, chainUp(id).size() - 1);
  }

  /** For each of {@code taskIds}, the tasks it depends on (those with any are present). */
  Map<Long, List<Long>> prerequisitesOf(Set<Long> taskIds) {
    return reads.linked(taskIds, TaskReads.Link.PREREQUISITES);
  }

  /** For each of {@code taskIds}, the tasks that depend on it (those with any are present). */
  Map<Long, List<Long>> dependentsOf(Set<Long> taskIds) {
    return reads.linked(taskIds, TaskReads.Link.DEPENDENTS);
  }

  /** What the deadlock searches walk: blocking dependencies both ways, parents and subtasks, as stored now. */
  Deadlocks.Links links() {
    return new Deadlocks.Links(ids -> reads.linked(ids, TaskReads.Link.BLOCKING_PREREQUISITES),
        ids -> reads.linked(ids, TaskReads.Link.BLOCKING_DEPENDENTS), ids -> reads.linked(ids, TaskReads.Link.PARENT),
        ids -> reads.linked(ids, TaskReads.Link.SUBTASKS));
  }

  /** Whether any task has a parent: without one, no loop can pass through the hierarchy (and no search is needed). */
  boolean hasSubtasks() {
    return db.sqlQuery("select id from tasks where parent_task_id is not null").setMaxRows(1).findOneOrEmpty().isPresent();
  }

  private static final String WAITS_FOR_ITSELF = ": a subtask starts only when what its parent waits for is done, and a"
      + " task with subtasks finishes through them, so some task would wait for itself";

  /**
   * Refuses (422 on {@code field}) subtasks stored under their parents (already written, in this
   * write) that leave a task waiting for itself through the hierarchy; a plain dependency cycle is
   * refused before, with its cycle named.
   */
  void refuseDeadlocks(Map<Long, Long> parentOf, Blame blame) {
    for (Map.Entry<Long, Long> subtask : parentOf.entrySet()) {
      if (Deadlocks.closedByParent(subtask.getKey(), subtask.getValue(), links())) {
        throw TrackerException.invalid(blame.parentField(subtask.getKey()), blame.name(subtask.getKey()) + " under "
            + blame.name(subtask.getValue()) + WAITS_FOR_ITSELF);
      }
    }
  }


  private static DependencyView view(TaskDependency d) {
    return new DependencyView(d.getTask().getId(), d.getDependsOn().getId(), d.getDependencyType(), d.getCreatedAt());
  }

  static TaskProgress progressRecord(Task task, int percentage, String notes, String updatedBy) {
    TaskProgress record = new TaskProgress();
    record.setTask(task);
    record.setProgressPercentage(percentage);
    record.setNotes(notes);
    record.setUpdatedBy(progressAuthor(updatedBy));
    return record;
  }

  /** Who a progress record names: the one given, else the system. */
  static String progressAuthor(String updatedBy) {
    return updatedBy == null || updatedBy.isBlank() ? "system" : updatedBy;
  }
}
