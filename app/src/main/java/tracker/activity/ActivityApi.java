package tracker.activity;

import io.javalin.http.Context;
import tracker.web.Api;

/** {@code GET /api/activity}; a task's own history is the task service's (TaskApi). */
public final class ActivityApi {

  private final ActivityLog activity;

  public ActivityApi(ActivityLog activity) {
    this.activity = activity;
  }

  public void list(Context ctx) {
    ctx.json(activity.list(ctx.queryParam("since_id"), ctx.queryParam("task_id"), ctx.queryParam("group_id"),
        ctx.queryParam("limit")));
  }
}
