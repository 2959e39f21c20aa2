package tracker.tasks;

import io.javalin.http.Context;
import tracker.web.Api;
import tracker.web.Api.Body;
import tracker.tasks.TaskRecords.CommentDraft;
import tracker.tasks.TaskRecords.DependencyDraft;
import tracker.tasks.TaskRecords.DependencyResult;
import tracker.tasks.TaskRecords.ProgressDraft;
import tracker.tasks.TaskRecords.StatusChange;

/** The JSON handlers of the Tasks section of the contract: parse, call the task service, answer. */
public final class TaskApi {

  private final TaskService tasks;
  private final BulkService bulk;
  private final TaskStatistics statistics;
  private final TaskTrash trash;

  private final SavedViews views;
  private final TaskListing listing;

  public TaskApi(TaskService tasks, TaskListing listing, BulkService bulk, TaskStatistics statistics, TaskTrash trash, SavedViews views) {
    this.views = views;
    this.listing = listing;
    this.statistics = statistics;
    this.tasks = tasks;
    this.bulk = bulk;
    this.trash = trash;
  }

  /** A bulk deletion's request. */
  public record BulkDelete(java.util.List<Long> taskIds, Boolean cascade, Boolean dryRun, String confirm) {}

  public void createMany(Context ctx) {
    ctx.status(201).json(bulk.create(Api.body(ctx, BulkRecords.BulkCreate.class).value().tasks()));
  }

  public void changeManyStatuses(Context ctx) {
    BulkRecords.BulkStatus request = Api.body(ctx, BulkRecords.BulkStatus.class).value();
    ctx.json(bulk.changeStatus(request.taskIds(), request.status(), request.notes(), request.updatedBy()));
  }

  public void deleteMany(Context ctx) {
    BulkDelete request = Api.body(ctx, BulkDelete.class).value();
    ctx.json(trash.deleteMany(request.taskIds(), Boolean.TRUE.equals(request.cascade()),
        Boolean.TRUE.equals(request.dryRun()), request.confirm()));
  }

  public void trash(Context ctx) {
    ctx.json(trash.list());
  }

  public void restore(Context ctx) {
    Api.emptyBody(ctx);
    ctx.json(trash.restore(Api.id(ctx, "id")));
  }

  public void purge(Context ctx) {
    trash.purge(Api.id(ctx, "id"));
    ctx.status(204);
  }

  public void changeManyLabels(Context ctx) {
    BulkRecords.BulkLabels request = Api.body(ctx, BulkRecords.BulkLabels.class).value();
    ctx.json(bulk.changeLabels(request.taskIds(), request.add(), request.remove()));
  }

  public void views(Context ctx) {
    ctx.json(views.list());
  }

  public void view(Context ctx) {
    ctx.json(views.get(Api.id(ctx, "id")));
  }

  public void saveView(Context ctx) {
    SavedViews.View view = views.create(Api.body(ctx, SavedViews.ViewDraft.class).value());
    ctx.status(201).header("Location", "/api/views/" + view.id()).json(view);
  }

  public void deleteView(Context ctx) {
    views.delete(Api.id(ctx, "id"));
    ctx.status(204);
  }

  /** {@code POST /api/tasks/bulk-update}: the fields given, the same on every task named. */
  public void changeManyFields(Context ctx) {
    Body<BulkRecords.BulkUpdate> body = Api.body(ctx, BulkRecords.BulkUpdate.class);
    java.util.Set<String> fields = new java.util.HashSet<>(body.fields());
    fields.remove("task_ids");
    ctx.json(bulk.changeFields(body.value().taskIds(), body.value().draft(), fields));
  }

  public void list(Context ctx) {
    ctx.json(listing.list(TaskQuery.from(ctx::queryParams)));
  }

  public void create(Context ctx) {
    TaskView task = tasks.create(Api.body(ctx, TaskDraft.class).value());
    Api.etag(ctx, task.version());
    ctx.status(201).header("Location", "/api/tasks/" + task.id()).json(task);
  }

  public void get(Context ctx) {
    TaskDetail detail = tasks.detail(Api.id(ctx, "id"));
    Api.etag(ctx, detail.task().version());
    ctx.json(detail);
  }

  public void update(Context ctx) {
    long id = Api.id(ctx, "id");
    Body<TaskDraft> body = Api.body(ctx, TaskDraft.class);
    TaskView task = tasks.update(id, body.value(), body.fields(), Api.ifMatch(ctx, () -> tasks.get(id).version()));
    Api.etag(ctx, task.version());
    ctx.json(task);
  }

  /** Moves a task to the trash (204); {@code dry_run=true} answers what that would touch instead. */
  public void delete(Context ctx) {
    long id = Api.id(ctx, "id");
    boolean cascade = Api.flag(ctx, "cascade");
    if (Api.flag(ctx, "dry_run")) {
      ctx.json(trash.touches(java.util.List.of(id)));
      return;
    }
    trash.delete(id, Api.ifMatch(ctx, () -> tasks.get(id).version()), cascade);
    ctx.status(204);
  }

  public void status(Context ctx) {
    TaskView task = tasks.updateStatus(Api.id(ctx, "id"), Api.body(ctx, StatusChange.class).value());
    Api.etag(ctx, task.version());
    ctx.json(task);
  }

  public void history(Context ctx) {
    ctx.json(tasks.history(Api.id(ctx, "id")));
  }

  public void readiness(Context ctx) {
    ctx.json(tasks.readiness(Api.id(ctx, "id")));
  }

  public void progress(Context ctx) {
    ctx.json(tasks.progress(Api.id(ctx, "id")));
  }

  public void addProgress(Context ctx) {
    ctx.status(201).json(tasks.addProgress(Api.id(ctx, "id"), Api.body(ctx, ProgressDraft.class).value()));
  }

  public void comments(Context ctx) {
    ctx.json(tasks.comments(Api.id(ctx, "id")));
  }

  public void addComment(Context ctx) {
    ctx.status(201).json(tasks.addComment(Api.id(ctx, "id"), Api.body(ctx, CommentDraft.class).value()));
  }

  public void addDependency(Context ctx) {
    long id = Api.id(ctx, "id");
    DependencyDraft draft = Api.body(ctx, DependencyDraft.class).value();
    DependencyResult result = tasks.addDependency(id, draft.dependsOnTaskId(), draft.dependencyType());
    ctx.status(result.created() ? 201 : 200).json(result.dependency());
  }

  public void removeDependency(Context ctx) {
    tasks.removeDependency(Api.id(ctx, "id"), Api.id(ctx, "depends_on_task_id"));
    ctx.status(204);
  }

  public void stats(Context ctx) {
    ctx.json(statistics.stats());
  }
}
