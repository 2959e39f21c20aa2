package tracker.plan;

import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import tracker.core.Numbers;
import tracker.core.FieldError;
import tracker.core.TrackerException;
import tracker.plan.PlanRecords.ClaimRequest;
import tracker.plan.PlanRecords.HeartbeatRequest;
import tracker.tasks.TaskView;
import tracker.web.Api;

/** The JSON handlers of the Plan section: parse, call the plan service, answer. */
public final class PlanApi {

  private final PlanService plan;
  private final ForecastService forecast;

  public PlanApi(PlanService plan, ForecastService forecast) {
    this.plan = plan;
    this.forecast = forecast;
  }

  public void forecast(Context ctx) {
    ctx.json(forecast.forecast(ctx.queryParam("runs"), ctx.queryParam("max_parallel"), ctx.queryParam("target"),
        ctx.queryParam("seed"), ctx.queryParam("learn")));
  }

  public void calendar(Context ctx) {
    ctx.json(forecast.calendar());
  }

  public void setCalendar(Context ctx) {
    Api.Body<ForecastService.CalendarDraft> body = Api.body(ctx, ForecastService.CalendarDraft.class);
    ctx.json(forecast.setCalendar(body.value(), body.fields().contains("start_date")));
  }

  public void spread(Context ctx) {
    ctx.json(forecast.spread());
  }

  public void setSpread(Context ctx) {
    ctx.json(forecast.setSpread(Api.body(ctx, ForecastService.SpreadDraft.class).value()));
  }

  public void criticalPath(Context ctx) {
    String scope = ctx.queryParam("scope");
    if (scope != null && !scope.equals("all") && !scope.equals("open")) {
      throw TrackerException.badRequest("scope must be all or open",
          List.of(new FieldError("scope", "must be all (completed tasks too) or open (the default)")));
    }
    ctx.json(plan.criticalPath("all".equals(scope), longParam(ctx, "delay_task"), doubleParam(ctx, "delay_hours")));
  }

  public void ready(Context ctx) {
    ctx.json(plan.ready(ctx.queryParam("component_area"), intParam(ctx, "limit", 1, PlanService.MAX_READY_LIMIT)));
  }

  public void claim(Context ctx) {
    ClaimRequest request = Api.body(ctx, ClaimRequest.class).value();
    Optional<TaskView> task = plan.claim(request.worker(), request.componentArea(), request.labels(), request.leaseSeconds());
    if (task.isEmpty()) {
      ctx.status(204);
      return;
    }
    Api.etag(ctx, task.get().version());
    ctx.json(task.get());
  }

  public void heartbeat(Context ctx) {
    HeartbeatRequest request = Api.body(ctx, HeartbeatRequest.class).value();
    TaskView task = plan.heartbeat(Api.id(ctx, "id"), request.worker(), request.claimToken());
    Api.etag(ctx, task.version());
    ctx.json(task);
  }

  public void plan(Context ctx) {
    ctx.json(plan.plan(intParam(ctx, "max_parallel_tasks", tracker.core.NumberField.MAX_PARALLEL.minWhole(),
        tracker.core.NumberField.MAX_PARALLEL.maxWhole())));
  }

  /**
   * A whole-number parameter within the service's bounds, refused here when it is not: past an
   * int it could only reach the service clamped, and the refusal would name another number.
   */
  private static Integer intParam(Context ctx, String name, int min, int max) {
    Long value = longParam(ctx, name);
    if (value != null && (value < min || value > max)) {
      throw TrackerException.badRequest("Invalid query parameters", List.of(new FieldError(name,
          "must be between " + min + " and " + max + ", not " + value)));
    }
    return value == null ? null : value.intValue();
  }

  private static Long longParam(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Long value = Numbers.whole(raw);
    if (value == null) {
      throw TrackerException.badRequest(name + " must be an integer", List.of(new FieldError(name, "must be an integer")));
    }
    return value;
  }

  private static Double doubleParam(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return null;
    }
    Double value = Numbers.decimal(raw);
    if (value != null) {
      return value;
    }
    throw TrackerException.badRequest(name + " must be a number", List.of(new FieldError(name, "must be a number")));
  }
}
