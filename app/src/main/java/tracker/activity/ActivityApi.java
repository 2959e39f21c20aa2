package tracker.activity;

import io.javalin.http.Context;
import java.util.List;
import tracker.core.TrackerException;
import tracker.web.Api;

/** {@code GET /api/activity} and {@code GET /api/tasks/{id}/history}. */
public final class ActivityApi {

  private final ActivityLog activity;

  public ActivityApi(ActivityLog activity) {
    this.activity = activity;
  }

  public void list(Context ctx) {
    ctx.json(activity.list(ctx.queryParam("since_id"), ctx.queryParam("task_id"), ctx.queryParam("group_id"),
        ctx.queryParam("limit")));
  }

  /** A task's history, oldest first; it outlives the task, so only a task never seen is a 404. */
  public void history(Context ctx) {
    long id = Api.id(ctx, "id");
    List<ActivityView> entries = activity.history(id);
    if (entries.isEmpty()) {
      throw TrackerException.notFound("Task", id);
    }
    ctx.json(entries);
  }
}
