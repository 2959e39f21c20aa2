package tracker.plan;

import io.javalin.http.Context;
import tracker.web.Api;

/** The JSON handlers of the what-if drafts: parse, call the scenario service, answer. */
public final class ScenarioApi {

  private final ScenarioService scenarios;

  public ScenarioApi(ScenarioService scenarios) {
    this.scenarios = scenarios;
  }

  public void list(Context ctx) {
    ctx.json(scenarios.list());
  }

  public void create(Context ctx) {
    ScenarioService.ScenarioView created = scenarios.create(Api.body(ctx, ScenarioService.ScenarioDraft.class).value());
    ctx.status(201).header("Location", "/api/scenarios/" + created.id()).json(created);
  }

  public void get(Context ctx) {
    ctx.json(scenarios.get(Api.id(ctx, "id")));
  }

  public void delete(Context ctx) {
    scenarios.delete(Api.id(ctx, "id"));
    ctx.status(204);
  }

  public void compare(Context ctx) {
    ctx.json(scenarios.compare(ctx.queryParam("ids"), ctx.queryParam("runs"), ctx.queryParam("max_parallel"),
        ctx.queryParam("target"), ctx.queryParam("seed")));
  }
}
