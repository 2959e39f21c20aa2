package tracker.tasks;

import io.ebean.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.core.Labels;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.db.Transactions;
import tracker.domain.DependencyType;
import tracker.domain.Task;
import tracker.domain.TaskDependency;
import tracker.domain.TaskStatus;
import tracker.domain.query.QTask;
import tracker.domain.query.QTaskDependency;
import tracker.graph.CycleFinder;
import tracker.graph.PlanGraph;
import tracker.tasks.BulkRecords.BulkDependency;
import tracker.tasks.BulkRecords.BulkTask;
import tracker.tasks.TaskRecords.StatusChange;

/** Many tasks in one request, all or nothing: a whole plan with references, or one status for many. */
public class BulkService {

  private final Database db;
  private final Transactions tx;
  private final TaskService tasks;
  private final ActivityLog activity;

  public BulkService(Database db, Transactions tx, TaskService tasks, ActivityLog activity) {
    this.db = db;
    this.tx = tx;
    this.tasks = tasks;
    this.activity = activity;
  }

  /**
   * Creates the tasks (each with its "Task created" progress record), their parents and
   * dependencies by {@code ref}, in one transaction. Every broken item is named
   * ({@code tasks[3].phase}); a cycle among the new edges is refused; nothing is stored then.
   */
  public List<TaskView> create(List<BulkTask> items) {
    Rules rules = new Rules();
    if (items == null || items.isEmpty()) {
      rules.add("tasks", "must hold at least one task");
      rules.check();
    }
    Map<String, Integer> refs = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      BulkTask item = items.get(i);
      if (item == null) {
        rules.add("tasks[" + i + "]", "must be a task");
      } else if (!rules.under("tasks[" + i + "].").text(TextField.REF, item.ref(), "ref")
          || !rules.under("tasks[" + i + "].").text(TextField.REF, item.parentRef(), "parent_ref")) {
        continue;
      } else if (item.ref() != null && refs.putIfAbsent(item.ref(), i) != null) {
        rules.under("tasks[" + i + "].").add("ref", "repeats the ref of tasks[" + refs.get(item.ref()) + "]");
      }
    }
    rules.check();
    return tx.write(() -> {
      tx.serialize(TaskService.DEPENDENCIES);
      List<Task> created = new ArrayList<>(items.size());
      Map<Long, TaskStatus> stored = storedTargets(items);
      List<PlanGraph.Edge> newEdges = new ArrayList<>();
      List<PlanGraph.Edge> parentEdges = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        BulkTask item = items.get(i);
        Rules itemRules = rules.under("tasks[" + i + "].");
        Task task = new Task();
        tasks.apply(task, item.draft(), Set.copyOf(TaskDraft.FIELDS), true, itemRules);
        created.add(task);
        if (item.parentRef() != null) {
          Integer parent = refs.get(item.parentRef());
          if (parent == null || parent == i) {
            itemRules.add("parent_ref", parent == null ? "no task of the request has ref '" + item.parentRef() + "'"
                : "a task cannot be its own parent");
          } else if (item.parentTaskId() != null) {
            itemRules.add("parent_ref", "give parent_ref or parent_task_id, not both");
          } else {
            parentEdges.add(new PlanGraph.Edge(-1 - i, -1 - parent));
          }
        }
        checkDependencies(item, i, refs, stored.keySet(), itemRules);
      }
      refuseCompletedBeforePrerequisites(items, refs, created, stored, rules);
      for (int i = 0; i < items.size(); i++) {
        for (BulkDependency d : dependencies(items.get(i))) {
          if (d != null && d.ref() != null && refs.containsKey(d.ref())) {
            newEdges.add(new PlanGraph.Edge(-1 - i, -1 - refs.get(d.ref())));
          }
        }
      }
      List<PlanGraph.Node> nodes = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        nodes.add(new PlanGraph.Node(-1 - i, 1, PlanGraph.Status.NOT_STARTED, 0));
      }
      refuseCycle(new PlanGraph(nodes, newEdges), "depends_on", rules);
      refuseCycle(new PlanGraph(nodes, parentEdges), "parent_ref", rules);
      rules.check();
      refuseDeepNesting(items, refs, rules);
      rules.check();
      int[] progress = store(items, refs, created);
      TaskService.Blame blame = itemsByPlace(items, created);
      tasks.refuseWaitingForAncestor(created.stream().map(Task::getId).toList(), blame);
      // a loop through the hierarchy passes through a subtask's link to its parent: one search per new subtask
      Map<Long, Long> parentOf = new java.util.LinkedHashMap<>();
      created.stream().filter(t -> t.getParent() != null).forEach(t -> parentOf.put(t.getId(), t.getParent().getId()));
      tasks.refuseDeadlocks(parentOf, blame);
      // each container follows its new subtasks: reopened by an open one, completed when all are done
      created.stream().filter(t -> t.getParent() != null).forEach(t -> tasks.transitions().followSubtask(
          t.getParent().getId(), t.getId(), t.getStatus() == tracker.domain.TaskStatus.COMPLETED, null));
      if (!parentOf.isEmpty()) { // a container may have followed: read them as stored
        return tasks.views(created.stream().map(Task::getId).toList());
      }
      List<TaskView> views = new ArrayList<>(created.size());
      for (int i = 0; i < created.size(); i++) {
        views.add(TaskView.of(created.get(i), progress[i]));
      }
      return views;
    });
  }

  /** A refusal's words for this request: its new tasks by place (their ids are rolled back), stored ones by id. */
  private static TaskService.Blame itemsByPlace(List<BulkTask> items, List<Task> created) {
    Map<Long, Integer> place = new HashMap<>();
    for (int i = 0; i < created.size(); i++) {
      place.put(created.get(i).getId(), i);
    }
    return new TaskService.Blame() {
      public String name(long taskId) {
        Integer i = place.get(taskId);
        return i == null ? "task " + taskId : "tasks[" + i + "]";
      }

      public String dependencyField(long taskId) {
        Integer i = place.get(taskId);
        return i == null ? "tasks" : "tasks[" + i + "].depends_on";
      }

      public String parentField(long taskId) {
        Integer i = place.get(taskId);
        return i == null ? "tasks" : "tasks[" + i + "]." + (items.get(i).parentRef() != null ? "parent_ref"
            : "parent_task_id");
      }
    };
  }

  /** No item may sit deeper than {@link Task#MAX_SUBTASK_DEPTH} levels of subtasks (refs form no cycle here). */
  private void refuseDeepNesting(List<BulkTask> items, Map<String, Integer> refs, Rules rules) {
    int[] depth = new int[items.size()];
    java.util.Arrays.fill(depth, -1);
    for (int i = 0; i < items.size(); i++) {
      List<Integer> chain = new ArrayList<>();
      int at = i;
      int base = 0;
      while (depth[at] < 0) {
        chain.add(at);
        BulkTask item = items.get(at);
        if (item.parentRef() != null) {
          at = refs.get(item.parentRef());
        } else {
          base = item.parentTaskId() == null ? 0 : 1 + tasks.ancestors(item.parentTaskId());
          break;
        }
      }
      if (!chain.isEmpty()) {
        int level = depth[at] >= 0 && chain.get(chain.size() - 1) != at ? depth[at] + 1 : base;
        for (int k = chain.size() - 1; k >= 0; k--) {
          depth[chain.get(k)] = level++;
        }
      }
      if (depth[i] > Task.MAX_SUBTASK_DEPTH) {
        rules.under("tasks[" + i + "].").add(items.get(i).parentRef() != null ? "parent_ref" : "parent_task_id",
            "would nest subtasks deeper than " + Task.MAX_SUBTASK_DEPTH + " levels");
      }
    }
  }

  /** Items are nodes -1-i, so a cycle reads back as "tasks[0] → tasks[2] → tasks[0]". */
  private static void refuseCycle(PlanGraph graph, String through, Rules rules) {
    graph.findCycle().ifPresent(cycle -> rules.add("tasks", "the " + through + " references form a cycle: "
        + CycleFinder.describe(cycle.stream().map(n -> -1 - n).toList()).replaceAll("(\\d+)", "tasks[$1]")));
  }

  /** Stores the checked tasks with their children; answers each task's first progress figure. */
  private int[] store(List<BulkTask> items, Map<String, Integer> refs, List<Task> created) {
    java.time.Instant now = java.time.Instant.now();
    int[] progress = new int[created.size()];
    for (int i = 0; i < created.size(); i++) {
      progress[i] = TaskService.startIn(created.get(i), now);
      db.save(created.get(i));
    }
    List<Object> children = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      BulkTask item = items.get(i);
      Task task = created.get(i);
      children.add(TaskService.progressRecord(task, progress[i], TaskService.CREATED_NOTE, null));
      if (item.parentRef() != null) {
        task.setParent(created.get(refs.get(item.parentRef())));
        db.update(task);
      }
      for (BulkDependency d : dependencies(item)) {
        TaskDependency dependency = new TaskDependency();
        dependency.setTask(task);
        dependency.setDependsOn(d.ref() != null ? created.get(refs.get(d.ref())) : db.reference(Task.class, d.taskId()));
        dependency.setDependencyType(d.dependencyType() == null ? DependencyType.BLOCKS
            : tracker.domain.ContractValue.parse(DependencyType.class, d.dependencyType()).orElseThrow());
        children.add(dependency);
      }
    }
    db.saveAll(children);
    try (ActivityLog.Batch entries = activity.batch()) {
      for (int i = 0; i < created.size(); i++) {
        Task task = created.get(i);
        entries.task(task.getId(), "created", TaskService.fieldChanges(null, TaskView.of(task, progress[i])), null);
      }
      for (Object child : children) {
        if (child instanceof TaskDependency d) {
          entries.task(d.getTask().getId(), "dependency_added", Changes.of()
              .added("depends_on_task_id", d.getDependsOn().getId()).added("dependency_type", d.getDependencyType()),
              null);
        }
      }
    }
    return progress;
  }

  private static List<BulkDependency> dependencies(BulkTask item) {
    return item.dependsOn() == null ? List.of() : item.dependsOn();
  }

  /**
   * A task created completed must not wait for an open prerequisite (blocks, requires), in the
   * request or stored: the rule of TaskStateMachine, as for any completion.
   */
  private static void refuseCompletedBeforePrerequisites(List<BulkTask> items, Map<String, Integer> refs,
      List<Task> created, Map<Long, TaskStatus> stored, Rules rules) {
    for (int i = 0; i < items.size(); i++) {
      if (created.get(i).getStatus() != TaskStatus.COMPLETED) {
        continue;
      }
      List<String> open = new ArrayList<>();
      for (BulkDependency d : dependencies(items.get(i))) {
        if (d == null || "enhances".equals(d.dependencyType())) {
          continue;
        }
        if (d.ref() != null && refs.containsKey(d.ref())
            && created.get(refs.get(d.ref())).getStatus() != TaskStatus.COMPLETED) {
          open.add("ref '" + d.ref() + "'");
        } else if (d.taskId() != null && stored.containsKey(d.taskId())
            && stored.get(d.taskId()) != TaskStatus.COMPLETED) {
          open.add("task " + d.taskId());
        }
      }
      if (!open.isEmpty()) {
        rules.under("tasks[" + i + "].").add("status", "cannot be completed while it waits for "
            + String.join(", ", open));
      }
    }
  }

  /** The stored tasks the items name by task_id, that exist, with their statuses (one query). */
  private Map<Long, TaskStatus> storedTargets(List<BulkTask> items) {
    Set<Long> wanted = new HashSet<>();
    for (BulkTask item : items) {
      for (BulkDependency d : dependencies(item)) {
        if (d != null && d.taskId() != null) {
          wanted.add(d.taskId());
        }
      }
    }
    Map<Long, TaskStatus> stored = new HashMap<>();
    if (!wanted.isEmpty()) {
      new QTask(db).select(QTask.Alias.id, QTask.Alias.status).id.in(wanted).findList()
          .forEach(t -> stored.put(t.getId(), t.getStatus()));
    }
    return stored;
  }


  private static void checkDependencies(BulkTask item, int index, Map<String, Integer> refs, Set<Long> stored,
      Rules rules) {
    Set<String> seen = new HashSet<>();
    List<BulkDependency> list = dependencies(item);
    for (int j = 0; j < list.size(); j++) {
      BulkDependency d = list.get(j);
      String field = "depends_on[" + j + "]";
      if (d == null || (d.ref() == null) == (d.taskId() == null)) {
        rules.add(field, "give exactly one of ref and task_id");
        continue;
      }
      rules.oneOf(field + ".dependency_type", d.dependencyType(), DependencyType.class);
      String key = d.ref() != null ? "ref:" + d.ref() : "id:" + d.taskId();
      if (!seen.add(key)) {
        rules.add(field, "names the same task twice");
      } else if (d.ref() != null && !refs.containsKey(d.ref())) {
        rules.add(field + ".ref", "no task of the request has ref '" + d.ref() + "'");
      } else if (d.ref() != null && refs.get(d.ref()) == index) {
        rules.add(field + ".ref", "a task cannot depend on itself");
      } else if (d.taskId() != null && !stored.contains(d.taskId())) {
        rules.add(field + ".task_id", "task " + d.taskId() + " does not exist");
      }
    }
  }

  /** One status for many tasks, all or nothing; an unknown id is a 422 naming it. */
  public List<TaskView> changeStatus(List<Long> taskIds, String status, String notes, String updatedBy) {
    Rules rules = new Rules();
    if (taskIds == null || taskIds.isEmpty()) {
      rules.add("task_ids", "must name at least one task");
    }
    TaskStatus parsed = rules.requiredOneOf("status", status, TaskStatus.class);
    rules.text(TextField.PROGRESS_NOTES, notes);
    rules.text(TextField.UPDATED_BY, updatedBy);
    rules.check();
    return tx.write(() -> {
      checkTasks(db, rules, taskIds);
      Map<Long, TaskView> changed = new HashMap<>();
      for (Long id : prerequisitesFirst(taskIds)) {
        // the notes go with a progress record at the task's current figure: one change, one entry
        Integer progress = notes == null ? null
            : parsed == TaskStatus.COMPLETED ? Integer.valueOf(100) : Integer.valueOf(tasks.get(id).progressPercentage());
        changed.put(id, tasks.updateStatus(id, new StatusChange(parsed.value(), progress, notes, null, null,
            updatedBy)));
      }
      return taskIds.stream().map(changed::get).toList(); // answered in the order asked
    });
  }

  /** Labels added to and taken from many tasks, all or nothing; an unknown id is a 422 naming it. */
  public List<TaskView> changeLabels(List<Long> taskIds, List<String> add, List<String> remove) {
    Rules rules = new Rules();
    if (taskIds == null || taskIds.isEmpty()) {
      rules.add("task_ids", "must name at least one task");
    }
    List<String> added = Labels.checked(rules, "add", add);
    List<String> removed = Labels.checked(rules, "remove", remove);
    if (added.isEmpty() && removed.isEmpty()) {
      rules.add("add", "name at least one label to add or remove");
    }
    rules.check();
    return tx.write(() -> {
      checkTasks(db, rules, taskIds);
      List<TaskView> changed = new ArrayList<>();
      for (Long id : taskIds) {
        List<String> labels = Labels.changed(Labels.stored(tasks.get(id).labels()), added, removed);
        changed.add(tasks.update(id, new TaskDraft(null, null, null, null, null, null, null, null, null, null, null,
            null, labels), Set.of("labels"), null));
      }
      return changed;
    });
  }

  /** The fields one request may set on many tasks at once. */
  public static final Set<String> UPDATABLE = Set.of("priority", "component_area", "phase", "complexity", "assignee");

  /**
   * The same values of {@code fields} (some of {@link #UPDATABLE}) for many tasks, each change
   * by the rules of a task's own edit, all or nothing; an unknown id is a 422 naming it.
   */
  public List<TaskView> changeFields(List<Long> taskIds, TaskDraft values, Set<String> fields) {
    Rules rules = new Rules();
    if (taskIds == null || taskIds.isEmpty()) {
      rules.add("task_ids", "must name at least one task");
    }
    if (fields.isEmpty()) {
      rules.add("task_ids", "name at least one field to change: " + String.join(", ", new java.util.TreeSet<>(UPDATABLE)));
    }
    if (!UPDATABLE.containsAll(fields)) {
      throw new IllegalArgumentException("not a field many tasks take at once: " + fields);
    }
    rules.check();
    return tx.write(() -> {
      checkTasks(db, rules, taskIds);
      List<TaskView> changed = new ArrayList<>();
      for (Long id : taskIds) {
        changed.add(tasks.update(id, values, fields, null));
      }
      return changed;
    });
  }

  /** Fields and a status for many tasks in one transaction (the list's bar): all or nothing. */
  public List<TaskView> change(List<Long> taskIds, String status, TaskDraft values, Set<String> fields) {
    if (status == null) {
      return changeFields(taskIds, values, fields);
    }
    return tx.write(() -> {
      if (!fields.isEmpty()) {
        changeFields(taskIds, values, fields);
      }
      return changeStatus(taskIds, status, null, tracker.core.Actor.current());
    });
  }

  /** Every id names a task, once; 422 naming each that does not (every bulk route's rule). */
  static void checkTasks(Database db, Rules rules, List<Long> taskIds) {
    Set<Long> existing = Set.copyOf(new QTask(db).id.in(taskIds.stream().filter(Objects::nonNull).toList()).findIds());
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < taskIds.size(); i++) {
      Long id = taskIds.get(i);
      if (id == null || !existing.contains(id)) {
        rules.add("task_ids[" + i + "]", "task " + id + " does not exist");
      } else if (!seen.add(id)) {
        rules.add("task_ids[" + i + "]", "repeats task " + id);
      }
    }
    rules.check();
  }

  /**
   * The ids with every task after the prerequisites it has among them, so completing a chain at
   * once does not depend on the order it was listed in; otherwise in the order given.
   */
  private List<Long> prerequisitesFirst(List<Long> ids) {
    Map<Long, List<Long>> prerequisites = new HashMap<>();
    new QTaskDependency(db).task.id.in(ids).dependsOn.id.in(ids).findList().forEach(d ->
        prerequisites.computeIfAbsent(d.getTask().getId(), k -> new ArrayList<>()).add(d.getDependsOn().getId()));
    List<Long> ordered = new ArrayList<>();
    Set<Long> placed = new HashSet<>();
    for (Long id : ids) {
      place(id, prerequisites, placed, ordered);
    }
    return ordered;
  }

  /** Places a task after its prerequisites (the graph is acyclic, so this ends). */
  private static void place(Long id, Map<Long, List<Long>> prerequisites, Set<Long> placed, List<Long> ordered) {
    java.util.Deque<Long> stack = new java.util.ArrayDeque<>(List.of(id));
    while (!stack.isEmpty()) {
      Long at = stack.peek();
      if (placed.contains(at)) {
        stack.pop();
        continue;
      }
      Long waiting = prerequisites.getOrDefault(at, List.of()).stream().filter(p -> !placed.contains(p)).findFirst()
          .orElse(null);
      if (waiting == null) {
        placed.add(stack.pop());
        ordered.add(at);
      } else {
        stack.push(waiting);
      }
    }
  }
}
