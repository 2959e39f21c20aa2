package tracker.tasks;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.tasks.JtetableGenerated;
import gg.jte.generated.precompiled.tasks.JtelistpageGenerated;
import gg.jte.generated.precompiled.tasks.JteboardGenerated;
import gg.jte.generated.precompiled.tasks.JteboardpageGenerated;
import gg.jte.generated.precompiled.tasks.JtecommentsGenerated;
import gg.jte.generated.precompiled.tasks.JtedeletepageGenerated;
import gg.jte.generated.precompiled.tasks.JtedependenciesGenerated;
import gg.jte.generated.precompiled.tasks.JteformGenerated;
import gg.jte.generated.precompiled.tasks.JtegraphpageGenerated;
import gg.jte.generated.precompiled.tasks.JtelistgraphpageGenerated;
import gg.jte.generated.precompiled.tasks.JteliveGenerated;
import gg.jte.generated.precompiled.tasks.JtenewpageGenerated;
import gg.jte.generated.precompiled.tasks.JtepageGenerated;
import gg.jte.generated.precompiled.tasks.JtepickerGenerated;
import gg.jte.generated.precompiled.tasks.JteprogressGenerated;
import gg.jte.generated.precompiled.tasks.JtereadinessGenerated;
import gg.jte.generated.precompiled.tasks.JterowGenerated;
import gg.jte.generated.precompiled.tasks.JtesummaryGenerated;
import gg.jte.generated.precompiled.tasks.JtetrashpageGenerated;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import tracker.activity.ActivityLog;
import tracker.core.Actor;
import tracker.core.TrackerException;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.ProgressDraft;
import tracker.tasks.TaskRecords.StatusChange;
import tracker.tasks.TaskScreens.ListScreen;
import tracker.tasks.TaskScreens.TaskScreen;
import tracker.web.Form;
import tracker.web.FormState;
import tracker.web.Pages;

/** The HTML handlers of the task pages: parse the form, call the task service, render a page or a partial. */
public final class TaskPages {

  private final TaskService tasks;
  private final ActivityLog activity;
  private final TaskStatistics statistics;
  private final TaskTrash trash;
  private final TaskBoard board;
  private final BulkService bulk;
  private final TaskNeighbourhood neighbourhood;
  private final SavedViews views;
  private final TaskListing listing;

  public TaskPages(TaskService tasks, TaskListing listing, ActivityLog activity, TaskStatistics statistics, TaskTrash trash,
      BulkService bulk, TaskNeighbourhood neighbourhood, SavedViews views) {
    this.views = views;
    this.listing = listing;
    this.board = new TaskBoard(listing);
    this.bulk = bulk;
    this.neighbourhood = neighbourhood;
    this.statistics = statistics;
    this.tasks = tasks;
    this.activity = activity;
    this.trash = trash;
  }

  // ---- the list ----

  public void list(Context ctx) {
    renderList(ctx, TaskQuery.from(ctx::queryParams), null);
  }

  private void renderList(Context ctx, TaskQuery query, String refused) {
    ListScreen screen;
    try {
      screen = new ListScreen(query, listing.list(query), statistics.componentAreas(), views.list(), refused);
    } catch (TrackerException wrongFilter) {
      ctx.status(400);
      screen = new ListScreen(query, new TaskRecords.Page<>(List.of(), 0, TaskQuery.DEFAULT_LIMIT, 0),
          statistics.componentAreas(), views.list(), "These filters are not valid: " + reasons(wrongFilter));
    }
    ListScreen shown = screen;
    Pages.render(ctx, Pages.partial(ctx) ? (out, intercept) -> JtetableGenerated.render(out, intercept, shown)
        : (out, intercept) -> JtelistpageGenerated.render(out, intercept, shown));
  }

  /** What a refusal says: each broken field with its rule, or the refusal's own message. */
  private static String reasons(TrackerException refused) {
    return refused.errors().isEmpty() ? refused.getMessage() : refused.errors().stream()
        .map(e -> e.field() + " " + e.message()).collect(Collectors.joining("; "));
  }

  /** {@code GET /views/{id}}: the list with the saved view's filters and order. */
  public void openView(Context ctx) {
    Pages.redirect(ctx, views.get(Pages.id(ctx, "id")).url());
  }

  /** {@code POST /views}: the filters the form carries, saved under its name; then the list shows them. */
  public void saveView(Context ctx) {
    TaskQuery query = TaskQuery.from(ctx::formParams);
    try {
      Form form = Form.of(ctx, TaskQuery.MANY_VALUED);
      String name = form.text("view_name");
      form.check();
      // every other field is the view's query, by the API's rules: an unknown filter is refused, not dropped
      java.util.Map<String, List<String>> filters = new java.util.LinkedHashMap<>(ctx.formParamMap());
      filters.remove("view_name");
      SavedViews.View view = views.create(new SavedViews.ViewDraft(name, TaskQuery.queryString(filters)));
      Pages.redirect(ctx, view.url());
    } catch (TrackerException refused) {
      ctx.status(refused.status() == 409 ? 409 : 422);
      renderList(ctx, query, "The view was not saved: " + reasons(refused));
    }
  }

  /** {@code POST /views/{id}/delete}: the view goes; the tasks it showed stay. */
  public void deleteView(Context ctx) {
    views.delete(Pages.id(ctx, "id"));
    Pages.redirect(ctx, "/tasks");
  }

  /**
   * {@code POST /tasks/bulk-change}: the chosen tasks of the list get the status, priority, phase
   * and component area the bar names (blank keeps), all or none, by the bulk API's rules.
   */
  public void bulkChange(Context ctx) {
    java.util.Set<String> repeatable = new java.util.HashSet<>(TaskQuery.MANY_VALUED); // the filter form came along
    repeatable.add("task_ids");
    Form form = Form.of(ctx, repeatable);
    List<Long> ids = form.ids("task_ids");
    String refused = null;
    try {
      Integer phase = form.integer("set_phase");
      java.util.Set<String> fields = new java.util.HashSet<>();
      for (String field : List.of("priority", "phase", "component_area")) {
        if (form.text("set_" + field) != null) {
          fields.add(field);
        }
      }
      String status = form.text("set_status");
      TaskDraft change = new TaskDraft(null, null, form.text("set_component_area"), phase, form.text("set_priority"),
          null, null, null, null, null, null);
      form.check();
      if (ids.isEmpty()) {
        throw TrackerException.invalid("task_ids", "choose at least one task");
      }
      bulk.change(ids, status, change, fields);
    } catch (TrackerException e) {
      ctx.status(422);
      refused = "Nothing changed: " + reasons(e);
    }
    TaskQuery filters = TaskQuery.from(ctx::formParams); // the filter form came along
    if (Pages.partial(ctx)) {
      renderList(ctx, filters, refused);
    } else if (refused == null) {
      Pages.redirect(ctx, "/tasks");
    } else {
      renderList(ctx, filters, refused);
    }
  }

  /** {@code GET /tasks.csv?…}: the view's tasks, every page of them, as a spreadsheet reads them. */
  public void csv(Context ctx) {
    TaskQuery query = TaskQuery.from(ctx::queryParams);
    StringBuilder out = new StringBuilder(CSV_HEADER);
    listing.each(query, task -> out.append(csvRow(task)));
    ctx.contentType("text/csv; charset=utf-8").header("Content-Disposition", "attachment; filename=\"tasks.csv\"")
        .result(out.toString());
  }

  static final String CSV_HEADER = "id,title,status,progress_percentage,phase,priority,complexity,component_area,"
      + "time_estimate_hours,assignee,labels,parent_task_id\r\n";

  private static String csvRow(TaskView task) {
    return String.join(",", String.valueOf(task.id()), cell(task.title()), task.status().value(),
        String.valueOf(task.progressPercentage()), String.valueOf(task.phase()), task.priority().value(),
        task.complexity().value(), cell(task.componentArea()), String.valueOf(task.timeEstimateHours()),
        cell(task.assignee()), cell(String.join(" ", task.labels())),
        task.parentTaskId() == null ? "" : String.valueOf(task.parentTaskId())) + "\r\n";
  }

  /** A CSV cell: quoted when it must be, and never read as a formula by a spreadsheet. */
  static String cell(String text) {
    if (text == null) {
      return "";
    }
    String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    return safe.matches("[^,\"\r\n]*") ? safe : "\"" + safe.replace("\"", "\"\"") + "\"";
  }

  private static String param(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** {@code GET /tasks/{id}/row}: one row of the list, refreshed when the task changes elsewhere. */
  public void row(Context ctx) {
    renderRow(ctx, tasks.get(Pages.id(ctx, "id")), FormState.EMPTY);
  }

  private void renderRow(Context ctx, TaskView task, FormState state) {
    Pages.render(ctx, (out, intercept) -> JterowGenerated.render(out, intercept, task, state));
  }

  // ---- creating ----

  public void newForm(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtenewpageGenerated.render(out, intercept, FormState.EMPTY,
        statistics.componentAreas()));
  }

  public void create(Context ctx) {
    Form form = Form.of(ctx);
    TaskDraft draft = draft(form);
    AtomicReference<TaskView> created = new AtomicReference<>();
    FormState state = Pages.attempt(form, () -> created.set(tasks.create(draft)));
    if (created.get() != null) {
      Pages.redirect(ctx, "/tasks/" + created.get().id());
      return;
    }
    Pages.answer(ctx, state,
        () -> renderForm(ctx, null, state),
        "/tasks/new",
        () -> Pages.render(ctx, (out, intercept) -> JtenewpageGenerated.render(out, intercept, state,
            statistics.componentAreas())));
  }

  /** The task fields present in the form; a blank field clears an optional one. */
  private static TaskDraft draft(Form form) {
    return new TaskDraft(form.text("title"), form.text("description"), form.text("component_area"),
        form.integer("phase"), form.text("priority"), form.text("complexity"), form.text("status"),
        form.text("source_document"), form.text("success_criteria"), form.decimal("time_estimate_hours"),
        form.id("parent_task_id"), form.text("assignee"), labels(form.text("labels")),
        form.decimal("optimistic_hours"), form.decimal("pessimistic_hours"));
  }

  /** Labels typed into one field, separated by commas. */
  private static List<String> labels(String typed) {
    return typed == null ? List.of()
        : java.util.Arrays.stream(typed.split(",")).map(String::strip).filter(label -> !label.isEmpty()).toList();
  }

  // ---- one task ----

  public void page(Context ctx) {
    renderPage(ctx, Pages.id(ctx, "id"), TaskScreens.Refusal.NONE);
  }

  private void renderPage(Context ctx, long id, TaskScreens.Refusal refused) {
    Pages.render(ctx, (out, intercept) -> JtepageGenerated.render(out, intercept, screen(id), refused));
  }

  private TaskScreen screen(long id) {
    TaskDetail detail = tasks.detail(id);
    List<tracker.activity.ActivityView> history = activity.history(id);
    return new TaskScreen(detail, tasks.progress(id), tasks.comments(id), statistics.componentAreas(), history,
        listing.titles(tracker.activity.ActivityView.dependedOn(history)), tasks.views(detail.subtaskIds()),
        tasks.readiness(id));
  }

  /** {@code GET /tasks/{id}/readiness}: whether the task can be taken now, refreshed as the plan changes. */
  public void readiness(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtereadinessGenerated.render(out, intercept,
        tasks.readiness(Pages.id(ctx, "id"))));
  }

  /** {@code GET /tasks/{id}/live}: the summary, with the page's lists out of band: one request when the task changes. */
  public void live(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JteliveGenerated.render(out, intercept, screen(Pages.id(ctx, "id"))));
  }

  /** {@code GET /tasks/{id}/form}: the edit form with the stored values, refreshed when the task changes elsewhere. */
  public void form(Context ctx) {
    renderForm(ctx, tasks.get(Pages.id(ctx, "id")), FormState.EMPTY);
  }

  /**
   * Saves the fields the person changed, with the version the form was loaded at. If the task
   * changed meanwhile, the edits are applied on top of the change when no field collides; when one
   * does, the form comes back with the person's values, the current ones for every other field,
   * and beside each colliding field what it holds now, and saving again applies the person's.
   */
  public void update(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    TaskDraft draft = draft(form);
    Set<String> changed = TaskEdits.changed(form.values());
    Long version = form.whole("version");
    if (version == null && !changed.isEmpty()) {
      // without it a save would overwrite whatever changed since the form was loaded
      form.refuse("version", "is missing: the form says which version of the task it edits; reload the page");
    }
    FormState state;
    TaskView base; // what the shown form's was.* and version stand for: a refused save keeps what it was loaded with
    java.util.Map<String, String> loadedWith = new java.util.HashMap<>();
    form.values().forEach((name, value) -> {
      if (name.startsWith(TaskEdits.WAS)) {
        loadedWith.put(name.substring(TaskEdits.WAS.length()), value);
      }
    });
    try {
      form.check();
      if (!changed.isEmpty()) {
        save(id, draft, changed, version, form);
      }
      state = FormState.EMPTY;
      base = null;
    } catch (Collision collision) {
      state = collision.state;
      base = collision.now;
    } catch (TrackerException refused) {
      state = FormState.refused(form.values(), refused);
      base = null;
    }
    FormState shown = state;
    TaskView now = base != null ? base : tasks.get(id);
    java.util.Map<String, String> stored = state == FormState.EMPTY || base != null || loadedWith.isEmpty()
        ? TaskEdits.formValues(now) : loadedWith;
    Long shownVersion = state == FormState.EMPTY || base != null || version == null ? now.version() : version;
    Pages.answer(ctx, shown,
        () -> Pages.render(ctx, (out, intercept) -> JteformGenerated.render(out, intercept, now, stored, shownVersion,
            shown, statistics.componentAreas())),
        "/tasks/" + id, () -> renderPage(ctx, id, new TaskScreens.Refusal(TaskScreens.Section.EDIT, shown)));
  }

  /** A save that collided with a change made meanwhile: the form to show, and the task it was checked against. */
  private static final class Collision extends RuntimeException {
    final transient FormState state;
    final transient TaskView now;

    Collision(FormState state, TaskView now) {
      super(null, null, false, false);
      this.state = state;
      this.now = now;
    }
  }

  private void save(long id, TaskDraft draft, Set<String> changed, Long version, Form form) {
    try {
      tasks.update(id, draft, changed, version);
    } catch (TrackerException refused) {
      if (refused.status() != 412) {
        throw refused;
      }
      TaskView now = tasks.get(id);
      java.util.Map<String, String> current = TaskEdits.formValues(now);
      List<String> collisions = TaskEdits.collisions(changed, form.values(), current);
      if (collisions.isEmpty()) {
        tasks.update(id, draft, changed, now.version()); // nobody else touched these fields: merged
        return;
      }
      java.util.Map<String, String> shown = new java.util.HashMap<>(current);
      changed.forEach(field -> shown.put(field, form.values().get(field)));
      java.util.Map<String, String> notes = new java.util.HashMap<>();
      collisions.forEach(field -> notes.put(field, "changed meanwhile to \u201c"
          + (current.get(field) == null ? "" : current.get(field)) + "\u201d; save to replace it with yours"));
      throw new Collision(new FormState(shown, notes, "This task was changed since you opened it. Your other edits"
          + " fit with that change; " + collisions.size() + (collisions.size() == 1 ? " field was" : " fields were")
          + " changed by both of you: check them below, then save again to apply yours."), now);
    }
  }

  private void renderForm(Context ctx, TaskView task, FormState state) {
    Pages.render(ctx, (out, intercept) -> JteformGenerated.render(out, intercept, task, TaskEdits.formValues(task),
        null, state, statistics.componentAreas()));
  }

  /** An inline status change, from a list row or the task page's summary. */
  public void status(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    StatusChange change = new StatusChange(form.text("status"), form.integer("progress_percentage"),
        form.text("notes"), null, null, Actor.current(), "true".equals(form.text("force")), null);
    FormState state = Pages.attempt(form, () -> tasks.updateStatus(id, change));
    answerInline(ctx, id, form, state);
  }

  /** A progress record, from a list row or the task page. */
  public void addProgress(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    ProgressDraft draft = new ProgressDraft(form.integer("progress_percentage"), form.text("notes"), Actor.current());
    FormState state = Pages.attempt(form, () -> tasks.addProgress(id, draft));
    if ("progress".equals(form.text("view"))) {
      Pages.answer(ctx, state, () -> renderProgress(ctx, id, state), "/tasks/" + id,
          () -> renderPage(ctx, id, new TaskScreens.Refusal(TaskScreens.Section.PROGRESS, state)));
      return;
    }
    answerInline(ctx, id, form, state);
  }

  /** {@code GET /tasks/{id}/graph?levels=N}: the task's dependency neighbourhood, drawn in layers. */
  public void graph(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtegraphpageGenerated.render(out, intercept,
        neighbourhood.around(Pages.id(ctx, "id"), ctx.queryParam("levels"))));
  }

  /** {@code GET /tasks/graph?…}: the list's first tasks (its filters and order) and their dependencies, drawn. */
  public void listGraph(Context ctx) {
    TaskQuery query = TaskQuery.from(ctx::queryParams);
    TaskRecords.Page<TaskView> page = listing.list(query.firstPage(TaskNeighbourhood.MOST_NODES));
    String list = TaskQuery.queryString(query.filtersAndOrder());
    Pages.render(ctx, (out, intercept) -> JtelistgraphpageGenerated.render(out, intercept,
        neighbourhood.ofList(page.items().stream().map(TaskView::id)
        .toList(), page.total() > page.items().size()), list.isEmpty() ? "/tasks" : "/tasks?" + list));
  }

  // ---- the board ----

  /** {@code GET /board?lane=component}: the columns by status, or for htmx the board itself. */
  public void board(Context ctx) {
    TaskBoard.Board shown = board.board(ctx.queryParam("lane"));
    if (Pages.partial(ctx)) {
      Pages.render(ctx, (out, intercept) -> JteboardGenerated.render(out, intercept, shown, null));
    } else {
      Pages.render(ctx, (out, intercept) -> JteboardpageGenerated.render(out, intercept, shown, null));
    }
  }

  /** Answers with the partial the change came from: the list row, the board or the task summary. */
  private void answerInline(Context ctx, long id, Form form, FormState state) {
    if ("board".equals(form.text("view"))) {
      String refused = state.message() == null ? null : "#" + id + " stays where it was: " + state.message();
      Pages.answer(ctx, state, () -> Pages.render(ctx, (out, intercept) -> JteboardGenerated.render(out, intercept,
          board.board(form.text("lane")), refused)),
          "/board", () -> Pages.render(ctx, (out, intercept) -> JteboardpageGenerated.render(out, intercept,
              board.board(form.text("lane")), refused))); // without JavaScript too, the refusal is said
      return;
    }
    boolean fromRow = "row".equals(form.text("view"));
    Pages.answer(ctx, state,
        () -> {
          if (fromRow) {
            renderRow(ctx, tasks.get(id), state);
          } else {
            Pages.render(ctx, (out, intercept) -> JtesummaryGenerated.render(out, intercept, tasks.get(id), state));
          }
        },
        fromRow ? "/tasks" : "/tasks/" + id,
        () -> renderPage(ctx, id, new TaskScreens.Refusal(TaskScreens.Section.SUMMARY, state)));
  }

  private void renderProgress(Context ctx, long id, FormState state) {
    Pages.render(ctx, (out, intercept) -> JteprogressGenerated.render(out, intercept, id, tasks.progress(id), state));
  }

  private void renderComments(Context ctx, long id, FormState state) {
    Pages.render(ctx, (out, intercept) -> JtecommentsGenerated.render(out, intercept, id, tasks.comments(id), state));
  }

  public void addComment(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    CommentDraft draft = new CommentDraft(form.text("comment"), form.text("comment_type"));
    FormState state = Pages.attempt(form, () -> tasks.addComment(id, draft));
    Pages.answer(ctx, state, () -> renderComments(ctx, id, state), "/tasks/" + id,
        () -> renderPage(ctx, id, new TaskScreens.Refusal(TaskScreens.Section.COMMENTS, state)));
  }

  // ---- dependencies ----

  private void renderDependencies(Context ctx, long id, FormState state) {
    TaskDetail detail = tasks.detail(id);
    Pages.render(ctx, (out, intercept) -> JtedependenciesGenerated.render(out, intercept, detail,
        tasks.views(detail.subtaskIds()), state));
  }

  public void addDependency(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    Long typed = form.id("depends_on_task_id");
    Long picked = form.id("picked_task_id"); // a radio of the picker's matches
    String type = form.text("dependency_type");
    Long dependsOn = picked == null ? typed : picked;
    if (picked != null && typed != null && !picked.equals(typed)) {
      form.refuse("depends_on_task_id", "names #" + typed + " but #" + picked + " is picked above: choose one");
    }
    FormState state = Pages.attempt(form, () -> tasks.addDependency(id, dependsOn, type));
    Pages.answer(ctx, state, () -> renderDependencies(ctx, id, state), "/tasks/" + id,
        () -> renderPage(ctx, id, new TaskScreens.Refusal(TaskScreens.Section.DEPENDENCIES, state)));
  }

  public void removeDependency(Context ctx) {
    long id = Pages.id(ctx, "id");
    tasks.removeDependency(id, Pages.id(ctx, "depends_on_task_id"));
    Pages.answer(ctx, FormState.EMPTY, () -> renderDependencies(ctx, id, FormState.EMPTY), "/tasks/" + id, null);
  }

  /** {@code GET /tasks/{id}/picker?q=}: tasks matching the text, to pick a prerequisite from. */
  public void picker(Context ctx) {
    long id = Pages.id(ctx, "id");
    String q = param(ctx, "q");
    List<TaskView> found = q == null ? List.of()
        : listing.list(new TaskQuery(null, null, null, null, null, null, q, null, "11", null)).items().stream()
            .filter(t -> t.id() != id).limit(10).toList();
    Pages.render(ctx, (out, intercept) -> JtepickerGenerated.render(out, intercept, found, q == null ? "" : q));
  }

  // ---- deleting ----

  /** Moves the task to the trash; with dependents, only when the form says to take their edges too. */
  /**
   * Moves a task to the trash once confirmed: htmx asks first (and says so); a browser without
   * script gets a page that asks.
   */
  public void delete(Context ctx) {
    long id = Pages.id(ctx, "id");
    Form form = Form.of(ctx);
    if (!"true".equals(form.text("confirmed"))) {
      Pages.render(ctx, (out, intercept) -> JtedeletepageGenerated.render(out, intercept, tasks.get(id),
          form.text("version"), "true".equals(form.text("cascade"))));
      return;
    }
    Long version = form.whole("version");
    form.check(); // a version that does not parse would guard nothing
    trash.delete(id, version, "true".equals(form.text("cascade")));
    Pages.redirect(ctx, "/tasks");
  }

  /** The trash: deleted tasks a planner can restore and an admin purge. */
  public void trash(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtetrashpageGenerated.render(out, intercept, trash.list(),
        trash.policy().retention().toDays()));
  }

  public void restore(Context ctx) {
    TaskView restored = trash.restore(Pages.id(ctx, "id"));
    Pages.redirect(ctx, "/tasks/" + restored.id());
  }

  public void purge(Context ctx) {
    trash.purge(Pages.id(ctx, "id"));
    Pages.redirect(ctx, "/trash");
  }
}
