package tracker.groups;

import io.javalin.http.Context;
import java.util.List;
import tracker.groups.GroupRecords.FromPlanRequest;
import tracker.groups.GroupRecords.GroupDraft;
import tracker.groups.GroupRecords.GroupView;
import tracker.groups.GroupRecords.LogDraft;
import tracker.groups.GroupRecords.StatusRequest;
import tracker.web.Api;

/** The JSON handlers of the Execution groups section: parse, call the group service, answer. */
public final class GroupApi {

  private final GroupService groups;

  public GroupApi(GroupService groups) {
    this.groups = groups;
  }

  /** A page of groups, newest first, as a plain list (the contract's shape); the total in {@code X-Total-Count}. */
  public void list(Context ctx) {
    GroupService.GroupPage page = groups.page(ctx.queryParam("status"), ctx.queryParam("limit"),
        ctx.queryParam("offset"), false);
    ctx.header("X-Total-Count", String.valueOf(page.total()));
    ctx.json(page.items());
  }

  public void create(Context ctx) {
    GroupView group = groups.create(Api.body(ctx, GroupDraft.class).value());
    ctx.status(201).header("Location", "/api/groups/" + group.id()).json(group);
  }

  public void fromPlan(Context ctx) {
    FromPlanRequest request = ctx.body().isBlank() ? new FromPlanRequest(null, null)
        : Api.body(ctx, FromPlanRequest.class).value();
    List<GroupView> created = groups.fromPlan(request.maxParallelTasks(), request.namePrefix());
    ctx.status(201).json(created);
  }

  public void get(Context ctx) {
    ctx.json(groups.get(Api.id(ctx, "id")));
  }

  public void delete(Context ctx) {
    groups.delete(Api.id(ctx, "id"));
    ctx.status(204);
  }

  public void status(Context ctx) {
    ctx.json(groups.changeStatus(Api.id(ctx, "id"), Api.body(ctx, StatusRequest.class).value().status()));
  }

  public void taskStatus(Context ctx) {
    ctx.json(groups.changeTaskStatus(Api.id(ctx, "id"), Api.id(ctx, "task_id"),
        Api.body(ctx, StatusRequest.class).value().status()));
  }

  public void logs(Context ctx) {
    ctx.json(groups.logs(Api.id(ctx, "id"), ctx.queryParam("level"), ctx.queryParam("task_id")));
  }

  public void addLog(Context ctx) {
    ctx.status(201).json(groups.addLog(Api.id(ctx, "id"), Api.body(ctx, LogDraft.class).value()));
  }
}
