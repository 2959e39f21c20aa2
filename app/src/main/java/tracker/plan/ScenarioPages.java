package tracker.plan;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.plan.JtecomparisonGenerated;
import gg.jte.generated.precompiled.plan.JtescenarioformGenerated;
import gg.jte.generated.precompiled.plan.JtescenariospageGenerated;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tracker.core.FieldError;
import tracker.core.TrackerException;
import tracker.plan.ScenarioService.Change;
import tracker.plan.ScenarioService.Comparison;
import tracker.web.Form;
import tracker.web.FormState;
import tracker.web.Pages;

/** The Scenarios page: what-if drafts side by side with the live plan, a form for a new one. */
public final class ScenarioPages {

  /** Change rows the form offers; more through the API. */
  public static final int FORM_ROWS = 3;
  /** Runs behind each column of the page's comparison (fewer on big plans). */
  static final int PAGE_RUNS = 2_000;

  private final ScenarioService scenarios;

  public ScenarioPages(ScenarioService scenarios) {
    this.scenarios = scenarios;
  }

  /** {@code GET /scenarios?ids=1&ids=2}: the comparison of the chosen scenarios, every draft, and the form. */
  public void page(Context ctx) {
    render(ctx, FormState.EMPTY);
  }

  /** {@code GET /scenarios/compare?ids=1,2}: the comparison partial, refreshed when the plan changes. */
  public void comparison(Context ctx) {
    Comparison comparison = scenarios.overview(chosen(ctx), PAGE_RUNS);
    Pages.render(ctx, (out, intercept) -> JtecomparisonGenerated.render(out, intercept, comparison, chosen(ctx)));
  }

  /** {@code POST /scenarios}: a new draft from the form. */
  public void create(Context ctx) {
    Form form = Form.of(ctx);
    List<Change> changes = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    boolean unknownRows = form.values().keySet().stream().anyMatch(name -> name.startsWith("changes")
        && !ROW_FIELD.matcher(name).matches());
    List<Integer> untyped = new ArrayList<>();
    for (int row = 0; row < FORM_ROWS; row++) {
      String at = "changes[" + row + "].";
      String type = form.text(at + "type");
      if (type == null && form.values().entrySet().stream()
          .anyMatch(field -> field.getKey().startsWith(at) && !field.getValue().isBlank())) {
        untyped.add(row); // values without a kind of change: refused, not dropped
      } else if (type != null) {
        changes.add(new Change(type, form.id(at + "task_id"), form.decimal(at + "delay_hours"),
            form.decimal(at + "optimistic_hours"), form.decimal(at + "time_estimate_hours"),
            form.decimal(at + "pessimistic_hours"), form.id(at + "depends_on_task_id")));
        rows.add(row);
      }
    }
    ScenarioService.ScenarioDraft draft = new ScenarioService.ScenarioDraft(form.text("name"),
        form.integer("max_parallel"), changes); // parsed first: a malformed number is refused with the rest
    FormState state = Pages.attempt(form, () -> {
      if (unknownRows) {
        throw TrackerException.invalid("changes", "the form has " + FORM_ROWS + " change rows, numbered 0 to "
            + (FORM_ROWS - 1) + "; more changes through the API");
      }
      if (!untyped.isEmpty()) {
        throw TrackerException.invalid(untyped.stream().map(row -> new tracker.core.FieldError(
            "changes[" + row + "].type", "is required when the row has values")).toList());
      }
      try {
        scenarios.create(draft);
      } catch (TrackerException refused) {
        throw onRows(refused, rows);
      }
    });
    if (state.errors().isEmpty() && state.message() == null) {
      ctx.header("HX-Trigger", "scenarios-changed");
    }
    Pages.answer(ctx, state, () -> Pages.render(ctx, (out, intercept) -> JtescenarioformGenerated.render(out, intercept,
        state, FORM_ROWS)),
        "/scenarios", () -> render(ctx, state));
  }

  /** {@code POST /scenarios/{id}/delete}. */
  public void delete(Context ctx) {
    scenarios.delete(Pages.id(ctx, "id"));
    Pages.redirect(ctx, "/scenarios");
  }

  private static final Pattern CHANGE = Pattern.compile("^changes\\[(\\d+)\\]");
  private static final Pattern ROW_FIELD = Pattern.compile("changes\\[[0-" + (FORM_ROWS - 1) + "]\\]\\.[a-z_]+");

  /** The refusal with each change's index turned into the form row it came from. */
  private static TrackerException onRows(TrackerException refused, List<Integer> rows) {
    List<FieldError> errors = refused.errors().stream().map(e -> {
      Matcher m = CHANGE.matcher(e.field());
      if (!m.find()) {
        return e;
      }
      int index = Integer.parseInt(m.group(1));
      return index < rows.size() ? new FieldError(m.replaceFirst("changes[" + rows.get(index) + "]"), e.message()) : e;
    }).toList();
    return new TrackerException(refused.status(), refused.title(), refused.getMessage(), errors);
  }

  /** The scenarios chosen in the query ({@code ids}, once or repeated, or comma-separated). */
  private static String chosen(Context ctx) {
    List<String> ids = ctx.queryParams("ids");
    return ids.isEmpty() ? null : String.join(",", ids);
  }

  /** The page answers at once: a comparison that takes long to compute loads after it (the partial). */
  private void render(Context ctx, FormState state) {
    Comparison comparison;
    String chosen = chosen(ctx);
    String refused = null;
    try {
      comparison = scenarios.quickOverview(chosen, PAGE_RUNS).orElse(null);
    } catch (TrackerException wrongChoice) {
      if (wrongChoice.status() != 400 && wrongChoice.status() != 404) {
        throw wrongChoice;
      }
      ctx.status(422);
      refused = wrongChoice.getMessage();
      chosen = null;
      comparison = scenarios.quickOverview(null, PAGE_RUNS).orElse(null);
    }
    Comparison shown = comparison;
    String said = refused;
    String ids = chosen;
    Pages.render(ctx, (out, intercept) -> JtescenariospageGenerated.render(out, intercept, shown, said, ids,
        scenarios.list(), state, FORM_ROWS));
  }
}
