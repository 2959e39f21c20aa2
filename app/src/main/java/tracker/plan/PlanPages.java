package tracker.plan;

import io.javalin.http.Context;
import java.util.concurrent.atomic.AtomicReference;
import tracker.plan.PlanRecords.TimelineView;
import tracker.web.Form;
import tracker.web.FormState;
import tracker.web.Pages;

/** The plan page: the timeline and waves, re-planned in place for another parallelism limit. */
public final class PlanPages {

  /** Bars drawn on the timeline; a bigger plan is summarised beyond these. */
  static final int TIMELINE_BARS = 200;

  /** Runs behind the page's forecast panel (fewer on big plans). */
  static final int PANEL_RUNS = 2_000;

  private final PlanService plan;
  private final ForecastService forecast;

  public PlanPages(PlanService plan, ForecastService forecast) {
    this.plan = plan;
    this.forecast = forecast;
  }

  /** {@code GET /plan?max_parallel=N}: the page, or for htmx the timeline partial. */
  public void page(Context ctx) {
    Form form = Form.ofQuery(ctx);
    Integer maxParallel = form.integer("max_parallel");
    AtomicReference<TimelineView> view = new AtomicReference<>();
    FormState state = Pages.attempt(form, () -> view.set(plan.timeline(maxParallel, TIMELINE_BARS)));
    if (view.get() == null) {
      ctx.status(400); // the limit is refused: the default plan, with the message beside the input
      view.set(plan.timeline(null, TIMELINE_BARS));
    }
    if (Pages.partial(ctx)) {
      Pages.render(ctx, "plan/timeline.jte", "view", view.get(), "state", state);
    } else {
      Pages.render(ctx, "plan/page.jte", "view", view.get(), "state", state, "forecast",
          panel(view.get().maxParallel(), null));
    }
  }

  /** {@code GET /plan/forecast?max_parallel=N&target=DATE}: the forecast panel. */
  public void forecast(Context ctx) {
    Form form = Form.ofQuery(ctx);
    Integer maxParallel = form.integer("max_parallel");
    ForecastService.ForecastView view;
    try {
      view = panel(maxParallel, form.text("target"));
    } catch (tracker.core.TrackerException refused) {
      ctx.status(400);
      view = panel(null, null);
    }
    Pages.render(ctx, "plan/forecast.jte", "forecast", view);
  }

  private ForecastService.ForecastView panel(Integer maxParallel, String target) {
    return forecast.forecast(String.valueOf(Math.min(PANEL_RUNS, ForecastService.defaultRuns(plan.graph().size()))),
        maxParallel == null ? null : String.valueOf(maxParallel), target, null);
  }
}
