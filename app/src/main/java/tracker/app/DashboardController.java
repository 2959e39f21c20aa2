package tracker.app;

import io.javalin.http.Context;
import tracker.activity.ActivityLog;
import tracker.groups.GroupService;
import tracker.plan.ForecastService;
import tracker.plan.PlanService;
import tracker.tasks.TaskStatistics;
import tracker.web.Pages;

/** The dashboard at {@code /} and its live parts: statistics, the plan's front, running groups, recent activity. */
final class DashboardController {

  /** How many ready tasks the dashboard lists. */
  static final int READY_SHOWN = 10;
  static final int ACTIVITY_SHOWN = 15;
  /** Up to this many tasks the forecast is drawn with the page; a bigger plan's loads after it, not to hold the page up. */
  static final int FORECAST_INLINE_TASKS = 5_000;
  static final int FORECAST_RUNS = 2_000;

  private final TaskStatistics statistics;
  private final PlanService plan;
  private final ForecastService forecast;
  private final GroupService groups;
  private final ActivityLog activity;

  DashboardController(TaskStatistics statistics, PlanService plan, ForecastService forecast, GroupService groups,
      ActivityLog activity) {
    this.statistics = statistics;
    this.plan = plan;
    this.forecast = forecast;
    this.groups = groups;
    this.activity = activity;
  }

  void page(Context ctx) {
    Pages.render(ctx, "dashboard/page.jte", "stats", statistics.stats(), "overview", statistics.overview(),
        "path", plan.criticalPath(false, null, null), "calendar", forecast.workCalendar(), "ready",
        plan.ready(null, READY_SHOWN), "running", groups.list("running"), "activity", activity.recent(ACTIVITY_SHOWN), "forecast",
        inlineForecast());
  }

  /** The forecast drawn with the page; null (it loads after the page) on a big plan or while another forecast runs. */
  private ForecastService.ForecastView inlineForecast() {
    if (plan.graph().size() > FORECAST_INLINE_TASKS) {
      return null;
    }
    try {
      return forecast.planForecast(null, null, FORECAST_RUNS, 0).forecast();
    } catch (tracker.core.TrackerException busy) {
      if (busy.status() != 503) {
        throw busy;
      }
      return null;
    }
  }

  void stats(Context ctx) {
    Pages.render(ctx, "dashboard/stats.jte", "stats", statistics.stats(), "overview", statistics.overview());
  }

  void front(Context ctx) {
    Pages.render(ctx, "dashboard/front.jte", "path", plan.criticalPath(false, null, null),
        "calendar", forecast.workCalendar(), "ready", plan.ready(null, READY_SHOWN));
  }

  void activity(Context ctx) {
    Pages.render(ctx, "dashboard/activity.jte", "entries", activity.recent(ACTIVITY_SHOWN));
  }

  void groups(Context ctx) {
    Pages.render(ctx, "dashboard/groups.jte", "running", groups.list("running"));
  }
}
