package tracker.app;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.dashboard.JteactivityGenerated;
import gg.jte.generated.precompiled.dashboard.JtefrontGenerated;
import gg.jte.generated.precompiled.dashboard.JtegroupsGenerated;
import gg.jte.generated.precompiled.dashboard.JtepageGenerated;
import gg.jte.generated.precompiled.dashboard.JtestatsGenerated;
import java.util.List;
import tracker.activity.ActivityLog;
import tracker.activity.ActivityView;
import tracker.activity.Stamped;
import tracker.groups.GroupRecords;
import tracker.groups.GroupService;
import tracker.plan.ForecastService;
import tracker.plan.PlanRecords;
import tracker.plan.PlanService;
import tracker.tasks.TaskStatistics;
import tracker.tasks.TaskView;
import tracker.web.Pages;

/** The dashboard at {@code /} and its live parts: statistics, the plan's front, running groups, recent activity. */
final class DashboardController {

  /** How many ready tasks the dashboard lists. */
  static final int READY_SHOWN = 10;
  static final int ACTIVITY_SHOWN = 15;
  static final int FORECAST_RUNS = 2_000;

  /** What the panels show is read again after a change, or after this long for what moves with the clock. */
  static final long KEPT_MILLIS = 30_000;

  private final PlanService plan;
  private final ForecastService forecast;
  // each panel's data, read once per change of the database however many browsers watch it
  // (at 100k tasks the statistics, burn-up and critical path take most of a second to read)
  private final TaskStatistics statistics;
  private final Stamped<PlanRecords.CriticalPathView> path;
  private final Stamped<List<TaskView>> ready;
  private final Stamped<List<GroupRecords.GroupView>> running;
  private final Stamped<List<ActivityView>> recent;

  DashboardController(TaskStatistics statistics, PlanService plan, ForecastService forecast, GroupService groups,
      ActivityLog activity) {
    this.plan = plan;
    this.forecast = forecast;
    this.statistics = statistics; // keeps its figures itself, for the API too
    this.path = new Stamped<>(activity, KEPT_MILLIS, () -> plan.criticalPath(false, null, null));
    this.ready = new Stamped<>(activity, KEPT_MILLIS, () -> plan.ready(null, READY_SHOWN));
    this.running = new Stamped<>(activity, KEPT_MILLIS, () -> groups.list("running"));
    this.recent = new Stamped<>(activity, KEPT_MILLIS, () -> activity.recent(ACTIVITY_SHOWN));
  }

  void page(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtepageGenerated.render(out, intercept, statistics.stats(),
        statistics.overview(), path.get(), forecast.workCalendar(), ready.get(), running.get(), recent.get(),
        inlineForecast()));
  }

  /** The forecast drawn with the page; null (it loads after the page) on a big plan or while another forecast runs. */
  private ForecastService.ForecastView inlineForecast() {
    if (plan.graph().size() > ForecastService.PAGE_FORECAST_TASKS) {
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
    Pages.render(ctx, (out, intercept) -> JtestatsGenerated.render(out, intercept, statistics.stats(),
        statistics.overview()));
  }

  void front(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtefrontGenerated.render(out, intercept, path.get(), forecast.workCalendar(),
        ready.get()));
  }

  void activity(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JteactivityGenerated.render(out, intercept, recent.get()));
  }

  void groups(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JtegroupsGenerated.render(out, intercept, running.get()));
  }
}
