package tracker.groups;

import io.ebean.Database;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tracker.core.Numbers;
import tracker.activity.ActivityLog;
import tracker.activity.ChangeStamp;
import tracker.activity.Changes;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.domain.ExecutionGroup;
import tracker.domain.ExecutionLog;
import tracker.domain.ExecutionStatus;
import tracker.domain.GroupTask;
import tracker.domain.LogLevel;
import tracker.domain.Task;
import tracker.domain.query.QExecutionGroup;
import tracker.domain.query.QExecutionLog;
import tracker.domain.query.QGroupTask;
import tracker.domain.query.QTask;
import tracker.groups.GroupRecords.GroupDraft;
import tracker.groups.GroupRecords.GroupTaskView;
import tracker.groups.GroupRecords.GroupView;
import tracker.groups.GroupRecords.LogDraft;
import tracker.groups.GroupRecords.LogView;
import tracker.graph.PlanGraph;
import tracker.plan.PlanRecords;
import tracker.plan.PlanService;
import tracker.graph.Planner;
import tracker.tasks.TaskRecords.StatusChange;
import tracker.tasks.TaskService;
import tracker.tasks.TaskStateMachine;

/** Execution groups: batches of tasks run in parallel, their status and the log of what happened. */
public class GroupService {

  /** Allowed group status changes; anything else is a 409. */
  private static final Map<ExecutionStatus, Set<ExecutionStatus>> TRANSITIONS = Map.of(
      ExecutionStatus.PENDING, Set.of(ExecutionStatus.RUNNING, ExecutionStatus.CANCELLED),
      ExecutionStatus.RUNNING, Set.of(ExecutionStatus.COMPLETED, ExecutionStatus.FAILED, ExecutionStatus.CANCELLED));

  private final Database db;
  private final Transactions tx;
  private final TaskService tasks;
  private final PlanService plan;
  private final ActivityLog activity;

  public GroupService(Database db, Transactions tx, TaskService tasks, PlanService plan, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.tasks = tasks;
    this.plan = plan;
    this.activity = activity;
  }

  /** Where a group in {@code current} may go next, in a stable order (none once it has ended). */
  public static List<ExecutionStatus> nextStatuses(ExecutionStatus current) {
    return TRANSITIONS.getOrDefault(current, Set.of()).stream().sorted().toList();
  }

  /** Creates a pending group; execution order and duration come from the planner. */
  public GroupView create(GroupDraft draft) {
    Rules rules = new Rules();
    rules.required(TextField.GROUP_NAME, draft.name());
    rules.json("metadata", draft.metadata());
    rules.range(NumberField.MAX_PARALLEL, draft.maxParallelTasks());
    List<Long> ids = draft.taskIds() == null ? List.of() : draft.taskIds();
    if (draft.taskIds() == null) {
      rules.add("task_ids", "is required");
    }
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i) == null || !seen.add(ids.get(i))) {
        rules.add("task_ids[" + i + "]", ids.get(i) == null ? "must be a task id" : "repeats task " + ids.get(i));
      }
    }
    rules.check();
    return tx.write(() -> {
      Map<Long, Task> found = tasksById(ids);
      Rules missing = new Rules();
      for (int i = 0; i < ids.size(); i++) {
        if (!found.containsKey(ids.get(i))) {
          missing.add("task_ids[" + i + "]", "task " + ids.get(i) + " does not exist");
        }
      }
      missing.check();
      Map<Long, Facts> facts = new LinkedHashMap<>();
      found.forEach((id, t) -> facts.put(id, new Facts(t.getTimeEstimateHours(), t.getPriorityRank())));
      return view(insert(draft, facts, plan.orderingEdgesAmong(Set.copyOf(ids))));
    });
  }

  /** How many ids one read binds: well under every database's limit on parameters. */
  private static final int IDS_AT_ONCE = 1000;

  /** The tasks of {@code ids} that exist, by id, read a thousand at a time. */
  private Map<Long, Task> tasksById(List<Long> ids) {
    Map<Long, Task> found = new LinkedHashMap<>();
    for (int from = 0; from < ids.size(); from += IDS_AT_ONCE) {
      new QTask(db).id.in(ids.subList(from, Math.min(ids.size(), from + IDS_AT_ONCE))).findList()
          .forEach(t -> found.put(t.getId(), t));
    }
    return found;
  }

  /** What a group needs of each of its tasks: its estimate and its priority's rank. */
  private record Facts(double hours, int priorityRank) {}

  /**
   * Writes a group of the checked draft's tasks ({@code found}, every one of them), ordered by the
   * dependencies among them ({@code edges}), with its log line and history entry; answers its id.
   */
  private long insert(GroupDraft draft, Map<Long, Facts> found, List<PlanGraph.Edge> edges) {
    List<Long> ids = draft.taskIds();
    int parallel = draft.maxParallelTasks() == null ? PlanService.DEFAULT_PARALLEL : draft.maxParallelTasks();
    ExecutionGroup group = new ExecutionGroup();
    group.setName(draft.name());
    group.setMaxParallelTasks(parallel);
    group.setMetadata(draft.metadata() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(draft.metadata()));
    Schedule schedule = schedule(ids, found, edges, parallel);
    group.setTotalHours(Numbers.hours(ids.stream().mapToDouble(id -> found.get(id).hours()).sum()));
    group.setEstimatedDuration(schedule.minutes());
    db.save(group);
    for (int order = 0; order < schedule.order().size(); order++) {
      long id = schedule.order().get(order);
      GroupTask member = new GroupTask();
      member.setGroup(group);
      member.setTask(db.reference(Task.class, id));
      member.setExecutionOrder(order + 1);
      member.setTaskHours(found.get(id).hours());
      db.save(member);
    }
    log(group, null, LogLevel.INFO, "Group created with " + ids.size() + " tasks");
    activity.group(group.getId(), null, "created", Changes.of().added("name", group.getName())
        .added("max_parallel_tasks", parallel).added("task_ids", schedule.order()));
    return group.getId();
  }

  private record Schedule(List<Long> order, double minutes) {}

  /**
   * Orders the group's tasks so none comes before one it depends on (the planner's waves, all
   * tasks counted whatever their status), and estimates the minutes to run them with
   * {@code parallel} at once.
   */
  private Schedule schedule(List<Long> ids, Map<Long, Facts> found, List<PlanGraph.Edge> edges, int parallel) {
    List<PlanGraph.Node> nodes = new ArrayList<>();
    for (Long id : ids) {
      Facts t = found.get(id);
      nodes.add(new PlanGraph.Node(id, t.hours(), PlanGraph.Status.NOT_STARTED, t.priorityRank()));
    }
    Planner.Schedule schedule = Planner.schedule(new PlanGraph(nodes, edges), parallel);
    List<Long> order = schedule.waves().stream().flatMap(w -> w.taskIds().stream()).toList();
    return new Schedule(order, Math.round(schedule.makespanHours() * 60 * 100) / 100.0);
  }

  /** One group per wave of the plan, pending, in wave order. */
  /** The rules of {@link #fromPlan}, checked alone: a page asks to confirm only what it could make. */
  public void checkFromPlan(Integer maxParallel, String namePrefix) {
    Rules rules = new Rules();
    rules.range(NumberField.MAX_PARALLEL, maxParallel);
    rules.text(TextField.GROUP_NAME_PREFIX, namePrefix);
    rules.check();
  }

  public List<GroupView> fromPlan(Integer maxParallel, String namePrefix) {
    checkFromPlan(maxParallel, namePrefix);
    String prefix = namePrefix == null || namePrefix.isBlank() ? "Wave" : namePrefix.trim();
    // The waves from the kept plan, outside the single writer (reading a big plan takes seconds);
    // inside, they (and the tasks' estimates and priorities, from the same plan) are used only if
    // nothing changed since, else read afresh. A wave's tasks wait for nothing in their own wave
    // (that is what a wave is), so no group reads its ordering edges, the inserts go in JDBC
    // batches, and the groups are read back after the commit: on 100k tasks the write held the
    // single writer for 8-12 s, one group at a time.
    ChangeStamp seen = plan.stamp();
    List<PlanRecords.WaveView> keptWaves = plan.plan(maxParallel).waves();
    PlanGraph keptGraph = plan.graph();
    List<Long> created = tx.write(() -> {
      // batched for this work alone: on SQLite the transaction may carry other writers' work too
      io.ebean.Transaction current = db.currentTransaction();
      boolean batched = current.isBatchMode();
      current.setBatchMode(true);
      try {
        List<Long> ids = insertWaves(maxParallel, prefix, seen, keptWaves, keptGraph);
        current.flush();
        return ids;
      } finally {
        current.setBatchMode(batched);
      }
    });
    return views(created);
  }

  /** Inside the write: a group per wave, from the kept plan if nothing changed since {@code seen}. */
  private List<Long> insertWaves(Integer maxParallel, String prefix, ChangeStamp seen,
      List<PlanRecords.WaveView> keptWaves, PlanGraph keptGraph) {
    boolean unchanged = plan.stamp().equals(seen);
    List<PlanRecords.WaveView> waves = unchanged ? keptWaves : plan.plan(maxParallel).waves();
    PlanGraph graph = unchanged ? keptGraph : plan.graph();
    Map<Long, Facts> found = new java.util.HashMap<>();
    for (PlanRecords.WaveView w : waves) {
      for (long id : w.taskIds()) {
        PlanGraph.Node node = graph.node(id);
        found.put(id, new Facts(node.hours(), node.priorityRank()));
      }
    }
    List<Long> ids = new ArrayList<>();
    for (PlanRecords.WaveView w : waves) {
      ids.add(insert(new GroupDraft(prefix + " " + w.index(), maxParallel, w.taskIds(), Map.of("wave", w.index())),
          found, List.of()));
    }
    return ids;
  }

  /** The groups of {@code ids}, in that order, read a thousand at a time. */
  private List<GroupView> views(List<Long> ids) {
    List<GroupView> views = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += IDS_AT_ONCE) {
      List<Long> some = ids.subList(from, Math.min(ids.size(), from + IDS_AT_ONCE));
      Map<Long, List<GroupTaskView>> members = membersOf(some);
      new QExecutionGroup(db).id.in(some).orderBy().id.asc().findList()
          .forEach(g -> views.add(view(g, members.getOrDefault(g.getId(), List.of()))));
    }
    return views;
  }

  public GroupView get(long id) {
    return view(id);
  }

  /** Groups, newest first, optionally of one status. */
  public List<GroupView> list(String status) {
    Rules rules = new Rules();
    ExecutionStatus filter = rules.oneOf("status", status, ExecutionStatus.class);
    rules.checkAsBadRequest("Invalid query parameters");
    QExecutionGroup q = new QExecutionGroup(db);
    if (filter != null) {
      q.status.eq(filter);
    }
    List<ExecutionGroup> groups = q.orderBy().id.desc().findList();
    Map<Long, List<GroupTaskView>> members = membersOf(groups.stream().map(ExecutionGroup::getId).toList());
    return groups.stream().map(g -> view(g, members.getOrDefault(g.getId(), List.of()))).toList();
  }

  /** Groups per page without a limit, and the most a page holds. */
  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  /** A page of groups and how many match in all. */
  public record GroupPage(List<GroupView> items, int total, int limit, int offset) {}

  /**
   * One page of the groups with {@code status} (any when null), newest first or, for people
   * reading a plan's waves in order, oldest first.
   */
  public GroupPage page(String status, String limit, String offset, boolean oldestFirst) {
    Rules rules = new Rules();
    ExecutionStatus filter = rules.oneOf("status", status, ExecutionStatus.class);
    int size = rules.whole("limit", limit, 1, MAX_LIMIT, DEFAULT_LIMIT);
    int from = rules.whole("offset", offset, 0, Integer.MAX_VALUE, 0);
    rules.checkAsBadRequest("Invalid query parameters");
    QExecutionGroup q = new QExecutionGroup(db);
    if (filter != null) {
      q.status.eq(filter);
    }
    int total = q.findCount();
    List<ExecutionGroup> groups = (oldestFirst ? q.orderBy().id.asc() : q.orderBy().id.desc())
        .setFirstRow(from).setMaxRows(size).findList();
    Map<Long, List<GroupTaskView>> members = membersOf(groups.stream().map(ExecutionGroup::getId).toList());
    return new GroupPage(groups.stream().map(g -> view(g, members.getOrDefault(g.getId(), List.of()))).toList(),
        total, size, from);
  }

  public void delete(long id) {
    tx.write(() -> {
      ExecutionGroup group = find(id);
      new QExecutionGroup(db).id.eq(id).delete();
      activity.group(id, null, "deleted", Changes.of().field("name", group.getName(), null));
    });
  }

  /** Moves a group along pending → running → completed/failed, or to cancelled; logs each change. */
  public GroupView changeStatus(long id, String status) {
    Rules rules = new Rules();
    ExecutionStatus next = rules.requiredOneOf("status", status, ExecutionStatus.class);
    rules.check();
    return tx.write(() -> {
      ExecutionGroup group = find(id);
      move(group, next);
      return view(id);
    });
  }

  private void move(ExecutionGroup group, ExecutionStatus next) {
    ExecutionStatus current = group.getStatus();
    if (!TRANSITIONS.getOrDefault(current, Set.of()).contains(next)) {
      throw TrackerException.conflict("group " + group.getId() + " cannot go from " + current.value() + " to "
          + next.value());
    }
    group.setStatus(next);
    db.update(group);
    log(group, null, LogLevel.INFO, "Group " + current.value() + " → " + next.value());
    activity.group(group.getId(), null, "status_changed", Changes.of().field("status", current, next));
  }

  /**
   * Sets a task's status within its group and drives the task: running → in_progress;
   * completed → completed with a 100 % progress record; failed → blocked plus an error entry.
   * A pending group starts with its first running task; it completes when all its tasks have.
   */
  public GroupView changeTaskStatus(long groupId, long taskId, String status) {
    Rules rules = new Rules();
    ExecutionStatus next = rules.requiredOneOf("status", status, ExecutionStatus.class);
    rules.check();
    return tx.write(() -> {
      ExecutionGroup group = find(groupId);
      GroupTask member = new QGroupTask(db).group.id.eq(groupId).task.id.eq(taskId).findOneOrEmpty()
          .orElseThrow(() -> TrackerException.notFound("Task " + taskId + " in group", groupId));
      if (group.getStatus() != ExecutionStatus.PENDING && group.getStatus() != ExecutionStatus.RUNNING) {
        throw TrackerException.conflict("group " + groupId + " is " + group.getStatus().value()
            + "; its tasks can no longer change");
      }
      ExecutionStatus previous = member.getStatus();
      if (previous == next) {
        return view(groupId); // the same status is no change: no entry, no log, no record
      }
      member.setStatus(next);
      db.update(member);
      activity.group(groupId, taskId, "task_status_changed", Changes.of().field("status", previous, next));
      String who = "group " + groupId;
      switch (next) {
        case RUNNING -> tasks.updateStatus(taskId, new StatusChange("in_progress", null, null, null, null, who));
        case COMPLETED -> tasks.updateStatus(taskId,
            new StatusChange("completed", 100, "Completed in group " + groupId, null, null, who));
        case FAILED -> {
          tasks.updateStatus(taskId, new StatusChange(TaskStateMachine.AFTER_FAILURE.value(), null,
              "Failed in group " + groupId + "; back in the ready queue", null, null, who));
          log(group, member.getTask(), LogLevel.ERROR, "Task " + taskId + " failed");
        }
        default -> { }
      }
      log(group, member.getTask(), LogLevel.INFO, "Task " + taskId + " " + previous.value() + " → " + next.value());
      if (next == ExecutionStatus.RUNNING && group.getStatus() == ExecutionStatus.PENDING) {
        move(group, ExecutionStatus.RUNNING);
      }
      boolean allDone = new QGroupTask(db).group.id.eq(groupId).status.ne(ExecutionStatus.COMPLETED).findCount() == 0;
      if (allDone && group.getStatus() != ExecutionStatus.COMPLETED) {
        if (group.getStatus() == ExecutionStatus.PENDING) {
          move(group, ExecutionStatus.RUNNING);
        }
        move(group, ExecutionStatus.COMPLETED);
      }
      return view(groupId);
    });
  }

  /** Log entries, oldest first, optionally of one level and one task. */
  public List<LogView> logs(long groupId, String level, String taskId) {
    Rules rules = new Rules();
    LogLevel filter = rules.oneOf("level", level, LogLevel.class);
    Long task = null;
    if (taskId != null) {
      task = Numbers.whole(taskId);
      if (task == null || task < 1) {
        rules.add("task_id", "must be a task id (a whole number from 1)");
      }
    }
    rules.checkAsBadRequest("Invalid query parameters");
    find(groupId);
    QExecutionLog q = new QExecutionLog(db).group.id.eq(groupId);
    if (filter != null) {
      q.level.eq(filter);
    }
    if (task != null) {
      q.task.id.eq(task);
    }
    return q.orderBy().id.asc().findList().stream().map(GroupService::view).toList();
  }

  public LogView addLog(long groupId, LogDraft draft) {
    Rules rules = new Rules();
    rules.required(TextField.LOG_MESSAGE, draft.message());
    rules.json("metadata", draft.metadata());
    LogLevel level = rules.oneOf("level", draft.level(), LogLevel.class);
    rules.check();
    return tx.write(() -> {
      ExecutionGroup group = find(groupId);
      Task task = null;
      if (draft.taskId() != null) {
        task = new QTask(db).id.eq(draft.taskId()).findOneOrEmpty()
            .orElseThrow(() -> TrackerException.invalid("task_id", "task " + draft.taskId() + " does not exist"));
      }
      ExecutionLog entry = log(group, task, level == null ? LogLevel.INFO : level, draft.message());
      activity.group(groupId, draft.taskId(), "log_added", Changes.of().added("level", entry.getLevel())
          .added("message", draft.message()));
      if (draft.metadata() != null) {
        entry.setMetadata(new LinkedHashMap<>(draft.metadata()));
        db.update(entry);
      }
      return view(entry);
    });
  }

  private ExecutionLog log(ExecutionGroup group, Task task, LogLevel level, String message) {
    ExecutionLog entry = new ExecutionLog();
    entry.setGroup(group);
    entry.setTask(task);
    entry.setLevel(level);
    entry.setMessage(message);
    db.save(entry);
    return entry;
  }

  private ExecutionGroup find(long id) {
    return new QExecutionGroup(db).id.eq(id).findOneOrEmpty()
        .orElseThrow(() -> TrackerException.notFound("Group", id));
  }

  private GroupView view(long id) {
    ExecutionGroup group = find(id);
    return view(group, membersOf(List.of(id)).getOrDefault(id, List.of()));
  }

  private Map<Long, List<GroupTaskView>> membersOf(List<Long> groupIds) {
    Map<Long, List<GroupTaskView>> members = new LinkedHashMap<>();
    if (groupIds.isEmpty()) {
      return members;
    }
    // a projection, not beans: within a transaction that changed the tasks, the persistence
    // context would hand back partly loaded task beans
    db.sqlQuery("""
            select m.group_id, m.task_id, t.title, m.execution_order, m.task_hours, m.status
              from group_tasks m join tasks t on t.id = m.task_id
             where m.group_id in (:ids) order by m.execution_order, m.id""")
        .setParameter("ids", groupIds)
        .findEachRow((rs, row) -> members.computeIfAbsent(rs.getLong("group_id"), k -> new ArrayList<>())
            .add(new GroupTaskView(rs.getLong("task_id"), rs.getString("title"), rs.getInt("execution_order"),
                rs.getDouble("task_hours"), ExecutionStatus.valueOf(rs.getString("status").toUpperCase()))));
    return members;
  }

  /**
   * A group as shown: its total hours are those of the tasks it lists (each estimate as of when the
   * task joined), so a task deleted from the plan, and with it from the group, leaves the total
   * too (the stored total, written when the group was made, kept the deleted task's hours).
   */
  private static GroupView view(ExecutionGroup g, List<GroupTaskView> members) {
    double total = Numbers.hours(members.stream().mapToDouble(GroupTaskView::taskHours).sum());
    return new GroupView(g.getId(), g.getName(), g.getStatus(), g.getMaxParallelTasks(), total,
        g.getEstimatedDuration(), g.getMetadata() == null ? Map.of() : g.getMetadata(), g.getCreatedAt(),
        g.getUpdatedAt(), members);
  }

  private static LogView view(ExecutionLog e) {
    return new LogView(e.getId(), e.getGroup().getId(), e.getTask() == null ? null : e.getTask().getId(),
        e.getLevel(), e.getMessage(), e.getMetadata() == null ? Map.of() : e.getMetadata(), e.getCreatedAt());
  }
}
