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

  private final PlanService plan;

  public PlanPages(PlanService plan) {
    this.plan = plan;
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
    Pages.render(ctx, Pages.partial(ctx) ? "plan/timeline.jte" : "plan/page.jte", "view", view.get(), "state", state);
  }
}
