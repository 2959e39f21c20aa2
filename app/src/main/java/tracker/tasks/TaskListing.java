package tracker.tasks;

import io.ebean.Database;
import io.ebean.PagedList;
import java.util.List;
import java.util.Map;
import tracker.core.Actor;
import tracker.core.FieldError;
import tracker.core.Labels;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.db.DatabaseKind;
import tracker.domain.Complexity;
import tracker.domain.Priority;
import tracker.domain.Task;
import tracker.domain.TaskStatus;
import tracker.domain.query.QTask;
import tracker.tasks.TaskRecords.Page;

/**
 * Reading tasks in bulk: the filtered, sorted, paged listing (the API's, the list page's, a saved
 * view's, the board's and the CSV's), its text search, and titles by id.
 */
public final class TaskListing {

  private final Database db;
  private final DatabaseKind kind;

  public TaskListing(Database db, DatabaseKind kind) {
    this.db = db;
    this.kind = kind;
  }

  /** The titles of the tasks among {@code ids} that exist. */
  public Map<Long, String> titles(java.util.Collection<Long> ids) {
    Map<Long, String> titles = new java.util.HashMap<>();
    if (!ids.isEmpty()) {
      new QTask(db).select(QTask.Alias.title).id.in(ids).findList().forEach(t -> titles.put(t.getId(), t.getTitle()));
    }
    return titles;
  }

  /** Tasks of a component area, Critical first, then by creation. */
  public List<TaskView> tasksByComponent(String componentArea) {
    return new QTask(db).componentArea.eq(componentArea)
        .orderBy("priorityRank asc, createdAt asc, id asc")
        .findList().stream().map(TaskView::of).toList();
  }

  /** The contract's filtered, sorted, paginated listing. Malformed parameters are a 400. */
  public Page<TaskView> list(TaskQuery query) {
    Checked checked = check(query);
    checked.rules().checkAsBadRequest("Invalid query parameters");
    PagedList<Task> page = checked.where().orderBy(checked.orderBy()).setFirstRow(checked.offset())
        .setMaxRows(checked.limit()).findPagedList();
    return new Page<>(page.getList().stream().map(TaskView::of).toList(), page.getTotalCount(), checked.limit(),
        checked.offset());
  }

  /** The listing's rules broken by {@code query} (its filters, order and page), without running it. */
  public List<FieldError> problems(TaskQuery query) {
    return check(query).rules().errors();
  }

  /** A listing's query with its filters, order and page read by the listing's rules (broken ones noted in rules). */
  private record Checked(Rules rules, QTask where, String orderBy, int limit, int offset) {}

  private Checked check(TaskQuery query) {
    Rules rules = new Rules();
    QTask where = where(query, rules);
    int limit = rules.whole("limit", query.limit(), 1, TaskQuery.MAX_LIMIT, TaskQuery.DEFAULT_LIMIT);
    int offset = rules.whole("offset", query.offset(), 0, Integer.MAX_VALUE, 0);
    return new Checked(rules, where, orderBy(rules, query.sort()), limit, offset);
  }

  /** Every task the listing's filters match, in its order, one at a time (an export of a view: no page limit). */
  public void each(TaskQuery query, java.util.function.Consumer<TaskView> each) {
    Rules rules = new Rules();
    QTask q = where(query, rules);
    String orderBy = orderBy(rules, query.sort());
    rules.checkAsBadRequest("Invalid query parameters");
    q.orderBy(orderBy).findEach(task -> each.accept(TaskView.of(task)));
  }

  /** An open blocks/requires prerequisite of the task in the listing's row (t0). */
  private static final String OPEN_PREREQUISITE = "exists (select 1 from task_dependencies d join tasks p"
      + " on p.id = d.depends_on_task_id where d.task_id = t0.id and d.dependency_type <> 'enhances'"
      + " and p.status <> 'completed')";

  /** The listing's filters, checked into {@code rules}; a task matches a filter when it has any of its values. */
  private QTask where(TaskQuery query, Rules rules) {
    QTask q = new QTask(db);
    List<TaskStatus> statuses = values(query.status(), true, v -> rules.oneOf("status", v, TaskStatus.class));
    if (!statuses.isEmpty()) {
      q.status.in(statuses);
    }
    List<Priority> priorities = values(query.priority(), true, v -> rules.oneOf("priority", v, Priority.class));
    if (!priorities.isEmpty()) {
      q.priority.in(priorities);
    }
    List<Complexity> complexities = values(query.complexity(), true,
        v -> rules.oneOf("complexity", v, Complexity.class));
    if (!complexities.isEmpty()) {
      q.complexity.in(complexities);
    }
    List<Integer> phases = values(query.phase(), true,
        v -> rules.whole("phase", v, NumberField.PHASE.minWhole(), NumberField.PHASE.maxWhole(), 0));
    if (!phases.isEmpty()) {
      q.phase.in(phases);
    }
    List<String> components = values(query.componentArea(), false, v -> rules.text(TextField.COMPONENT_AREA, v));
    if (!components.isEmpty()) {
      q.componentArea.in(components);
    }
    if (query.parentTaskId() != null) {
      q.parent.id.eq((long) rules.whole("parent_task_id", query.parentTaskId(), 1, Integer.MAX_VALUE, 0));
    }
    List<String> assignees = TaskQuery.each(query.assignee(), true);
    if (!assignees.isEmpty()) {
      q.or();
      for (String assignee : assignees) {
        switch (assignee) {
          case TaskQuery.NOBODY -> q.assignee.isNull();
          case TaskQuery.ME -> {
            String me = Actor.identity();
            if (me == null) {
              rules.add("assignee", "'me' needs the token of an identity");
            }
            q.assignee.eq(me);
          }
          default -> q.assignee.eq(rules.text(TextField.IDENTITY_NAME, assignee, "assignee") ? assignee : null);
        }
      }
      q.endOr();
    }
    List<String> labels = TaskQuery.each(query.label(), true);
    if (!labels.isEmpty()) {
      q.or();
      for (String label : labels) {
        if (rules.text(TextField.LABEL, label, "label")) {
          q.raw(kind.holds("labels"), Labels.needle(label));
        }
      }
      q.endOr();
    }
    if (query.readiness() != null) {
      switch (query.readiness()) {
        // ready: nothing open before it, and no open subtask makes it a container
        case TaskQuery.READY -> q.status.eq(TaskStatus.NOT_STARTED).raw("not " + OPEN_PREREQUISITE)
            .raw("not exists (select 1 from tasks c where c.parent_task_id = t0.id and c.status <> 'completed')");
        case TaskQuery.WAITING -> q.status.ne(TaskStatus.COMPLETED).raw(OPEN_PREREQUISITE);
        default -> rules.add("readiness", "must be ready or waiting");
      }
    }
    if (query.q() != null && !query.q().isBlank()) {
      search(q, rules.text(TextField.SEARCH, query.q()).trim()); // runs only if every rule held
    }
    return q;
  }

  /** A filter's values, each checked by {@code check} (which notes a wrong one in the rules). */
  private static <T> List<T> values(List<String> given, boolean commaSeparated,
      java.util.function.Function<String, T> check) {
    return TaskQuery.each(given, commaSeparated).stream().map(check).filter(java.util.Objects::nonNull).toList();
  }

  /**
   * Case-insensitive substring search in title and description, from the text index the
   * R__task_search migration builds (FTS5 trigram on SQLite, pg_trgm on PostgreSQL).
   */
  private void search(QTask q, String text) {
    if (kind.matchesTrigrams(text)) {
      q.raw("id in (select rowid from task_search where task_search match ?)", "\"" + text.replace("\"", "\"\"") + "\"");
      return;
    }
    // shorter than a trigram (SQLite) or PostgreSQL: ILIKE, which pg_trgm indexes
    String pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    q.raw("(" + kind.likeIgnoringCase("title") + " or " + kind.likeIgnoringCase("description") + ")", pattern, pattern);
  }

  private static String orderBy(Rules rules, String sort) {
    if (sort == null || sort.isBlank()) {
      return "id asc";
    }
    boolean descending = sort.startsWith("-");
    String property = TaskQuery.SORTABLE.get(descending ? sort.substring(1) : sort);
    if (property == null) {
      rules.add("sort", "must be one of id, priority, created_at, updated_at, phase, title, component_area,"
          + " time_estimate_hours, status, progress_percentage, optionally prefixed by -");
      return "id asc";
    }
    return property + (descending ? " desc" : " asc") + (property.equals("id") ? "" : ", id asc");
  }
}
