package tracker.plan;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.plan.JtecalendarGenerated;
import gg.jte.generated.precompiled.plan.JteforecastGenerated;
import gg.jte.generated.precompiled.plan.JtepageGenerated;
import gg.jte.generated.precompiled.plan.JtespreadGenerated;
import gg.jte.generated.precompiled.plan.JtetimelineGenerated;
import tracker.core.TrackerException;
import java.util.concurrent.atomic.AtomicReference;
import tracker.plan.ForecastService.PlanForecast;
import tracker.plan.PlanRecords.TimelineView;
import tracker.web.Form;
import tracker.web.FormState;
import tracker.web.Pages;

/** The plan page: the forecast, the Gantt and the waves, re-planned in place for another parallelism limit. */
public final class PlanPages {

  /** Bars drawn on the Gantt; a bigger plan is summarised beyond these. */
  static final int GANTT_BARS = 200;

  /** Runs behind the page's forecast (fewer on big plans). */
  static final int PANEL_RUNS = 2_000;

  private final PlanService plan;
  private final ForecastService forecast;

  public PlanPages(PlanService plan, ForecastService forecast) {
    this.plan = plan;
    this.forecast = forecast;
  }

  /** {@code GET /plan?max_parallel=N&target=DATE}: the page, or for htmx the timeline partial. */
  public void page(Context ctx) {
    page(ctx, FormState.EMPTY, FormState.EMPTY);
  }

  private void page(Context ctx, FormState calendarState, FormState spreadState) {
    Form form = Form.ofQuery(ctx);
    Integer maxParallel = form.integer("max_parallel");
    AtomicReference<TimelineView> view = new AtomicReference<>();
    FormState state = Pages.attempt(form, () -> view.set(plan.timeline(maxParallel)));
    if (view.get() == null) {
      ctx.status(422); // the limit is refused: the default plan, with the message beside the input (htmx swaps a 422)
      view.set(plan.timeline(null));
    }
    PlanForecast gantt;
    String refused = null;
    if (view.get().allTasks() > ForecastService.PAGE_FORECAST_TASKS) {
      gantt = forecast.planSchedule(view.get().maxParallel(), GANTT_BARS); // the forecast panel loads after the page
    } else {
      try {
        gantt = forecast.planForecast(view.get().maxParallel(), target(ctx), PANEL_RUNS, GANTT_BARS);
      } catch (TrackerException wrongTarget) {
        refused = refusal(ctx, wrongTarget);
        gantt = forecast.planForecast(view.get().maxParallel(), null, PANEL_RUNS, GANTT_BARS);
      }
    }
    int zoom = zoom(ctx);
    TimelineView shown = view.get();
    PlanForecast drawn = gantt;
    String said = refused;
    if (Pages.partial(ctx)) {
      Pages.render(ctx, (out, intercept) -> JtetimelineGenerated.render(out, intercept, shown, state, drawn, zoom));
    } else {
      Pages.render(ctx, (out, intercept) -> JtepageGenerated.render(out, intercept, shown, state, drawn, said, zoom,
          forecast.calendar(), calendarState, forecast.spread(), spreadState));
    }
  }

  /** {@code GET /plan/forecast?max_parallel=N&target=DATE}: the forecast panel. */
  public void forecast(Context ctx) {
    Form form = Form.ofQuery(ctx);
    Integer maxParallel = form.integer("max_parallel");
    ForecastService.ForecastView view;
    String refused = null;
    try {
      form.check();
      view = forecast.planForecast(maxParallel, target(ctx), PANEL_RUNS, 0).forecast();
    } catch (TrackerException wrong) {
      refused = refusal(ctx, wrong);
      view = forecast.planForecast(null, null, PANEL_RUNS, 0).forecast();
    }
    ForecastService.ForecastView shown = view;
    String said = refused;
    Pages.render(ctx, (out, intercept) -> JteforecastGenerated.render(out, intercept, shown, said));
  }

  /** A refused forecast parameter as the panel says it (422, so htmx shows it); a busy server stays a 503. */
  private static String refusal(Context ctx, TrackerException refused) {
    if (refused.status() == 503) {
      throw refused;
    }
    ctx.status(422);
    return refused.errors().isEmpty() ? refused.getMessage() : String.join("; ", refused.errors().stream()
        .map(e -> e.field().replace('_', ' ') + " " + e.message()).toList()) + "; showing the forecast without it.";
  }

  /** {@code POST /plan/calendar}: the calendar form, saved; the page's forecast follows it. */
  public void calendar(Context ctx) {
    Form form = Form.of(ctx);
    ForecastService.CalendarDraft draft = new ForecastService.CalendarDraft(form.text("start_date"),
        form.decimal("hours_per_day"), form.integer("days_per_week")); // parsed first: a malformed number is refused
    saveSettings(ctx, form, () -> forecast.setCalendar(draft, form.has("start_date")), true); // emptied: today
  }

  /** {@code POST /plan/spread}: the ranges by complexity, saved; the page's forecast follows them. */
  public void spread(Context ctx) {
    Form form = Form.of(ctx);
    java.util.function.Function<String, ForecastService.SpreadChange> level = name -> new ForecastService.SpreadChange(
        form.decimal(name + ".optimistic"), form.decimal(name + ".pessimistic"));
    ForecastService.SpreadDraft draft = new ForecastService.SpreadDraft(level.apply("simple"), level.apply("medium"),
        level.apply("complex"), level.apply("expert"));
    saveSettings(ctx, form, () -> forecast.setSpread(draft), false);
  }

  /** Saves one of the forecast's settings forms: its partial for htmx (the forecast then reloads), else the page. */
  private void saveSettings(Context ctx, Form form, Runnable save, boolean calendar) {
    FormState state = Pages.attempt(form, save);
    if (state.errors().isEmpty() && state.message() == null) {
      ctx.header("HX-Trigger", "calendar-changed");
    }
    Pages.answer(ctx, state, () -> {
      if (calendar) {
        Pages.render(ctx, (out, intercept) -> JtecalendarGenerated.render(out, intercept, forecast.calendar(), state));
      } else {
        Pages.render(ctx, (out, intercept) -> JtespreadGenerated.render(out, intercept, forecast.spread(), state));
      }
    }, "/plan", () -> page(ctx, calendar ? state : FormState.EMPTY, calendar ? FormState.EMPTY : state));
  }

  /** How far the Gantt is stretched: 1 (the whole plan on a screen), 2 or 4 times; anything else is 1. */
  private static int zoom(Context ctx) {
    String zoom = ctx.queryParam("zoom");
    return "2".equals(zoom) ? 2 : "4".equals(zoom) ? 4 : 1;
  }

  private static String target(Context ctx) {
    String target = ctx.queryParam("target");
    return target == null || target.isBlank() ? null : target;
  }
}
