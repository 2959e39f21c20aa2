package tracker.app;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tracker.activity.ActivityApi;
import tracker.agents.AgentTools;
import tracker.agents.McpEndpoint;
import tracker.core.Actor;
import tracker.core.TrackerException;
import tracker.db.Transactions;
import tracker.graph.CyclicPlanException;
import tracker.groups.GroupApi;
import tracker.groups.GroupPages;
import tracker.plan.PlanApi;
import tracker.plan.PlanPages;
import tracker.plan.ScenarioApi;
import tracker.plan.ScenarioPages;
import tracker.tasks.TaskApi;
import tracker.tasks.TaskPages;
import tracker.web.Api;
import tracker.web.BundledFiles;
import tracker.web.Pages;
import tracker.web.Problems;
import tracker.web.RequestLog;
import tracker.web.Json;
import tracker.web.JsonBodies;
import tracker.web.FrontDoor;
import tracker.web.Guesses;
import tracker.web.ProblemErrors;
import tracker.web.Security;
import tracker.web.Viewer;
import tracker.domain.Role;
import tracker.team.TeamApi;
import tracker.team.TeamPages;

/** Builds the web application: the one route table, with controllers given their services. */
public final class WebApp {

  /** The pages' query parameters that take several values: the list's filters, the compared scenarios. */
  private static final java.util.Set<String> PAGE_REPEATABLE = java.util.stream.Stream.concat(
      tracker.tasks.TaskQuery.MANY_VALUED.stream(), java.util.stream.Stream.of("ids"))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  /** How long a stop waits for requests under way to finish. */
  static final long STOP_MILLIS = 5_000;

  private WebApp() {}

  /** The app without a token: every request may change data (loopback use and tests). */
  public static Javalin create(Tracker tracker) {
    return create(tracker, null);
  }

  /** The app; with a token, every changing /api request must carry {@code Authorization: Bearer <token>}. */
  public static Javalin create(Tracker tracker, String token) {
    return create(tracker, token, Set.of());
  }

  /**
   * Loads the web layer's classes (Jackson, Micrometer, Javalin, Jetty) through throwaway objects:
   * the server calls it on a second thread while the database opens, since start-up is mostly
   * class loading and the machine has another core. Optional work: a failure here shows again
   * where the classes are really used.
   */
  public static void warmUp() {
    try {
      Json.mapper().valueToTree(Map.of("warm", 1));
      Metrics.warmUp();
      Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.routes.get("/", ctx -> ctx.result("warm"));
      });
      new org.eclipse.jetty.server.Server(new org.eclipse.jetty.util.thread.QueuedThreadPool());
    } catch (RuntimeException | LinkageError ignored) {
      // nothing was warmed; start-up takes its usual time
    }
  }

  /**
   * The app; {@code allowedHosts} are the Host names it answers to on a loopback connection
   * besides localhost, 127.0.0.1 and [::1] (see {@link FrontDoor}).
   */
  public static Javalin create(Tracker tracker, String token, Set<String> allowedHosts) {
    return create(tracker, token, allowedHosts, null);
  }

  /** The app, writing a line per request to standard output in {@code logFormat} (null: no request log). */
  public static Javalin create(Tracker tracker, String token, Set<String> allowedHosts, RequestLog.Format logFormat) {
    return create(tracker, token, allowedHosts, logFormat, false);
  }

  /**
   * The app; {@code readsOpen} lets callers without a token read on a server with identities
   * (TRACKER_READ_OPEN), see {@link Access}.
   */
  public static Javalin create(Tracker tracker, String token, Set<String> allowedHosts, RequestLog.Format logFormat,
      boolean readsOpen) {
    tracker.plan().startLeaseSweeper(); // leases run out even when no request comes
    tracker.activityStream().start();
    HealthController health = new HealthController(tracker.database());
    DashboardController dashboard = new DashboardController(tracker.statistics(), tracker.plan(), tracker.forecast(),
        tracker.groups(),
        tracker.activity());
    TaskApi tasks = new TaskApi(tracker.tasks(), tracker.listing(), tracker.bulk(), tracker.statistics(), tracker.trash(),
        tracker.views());
    TaskPages taskPages = new TaskPages(tracker.tasks(), tracker.listing(), tracker.activity(), tracker.statistics(), tracker.trash(),
        tracker.bulk(), new tracker.tasks.TaskNeighbourhood(tracker.database().ebean()), tracker.views());
    PlanPages planPages = new PlanPages(tracker.plan(), tracker.forecast());
    GroupPages groupPages = new GroupPages(tracker.groups());
    PlanApi plan = new PlanApi(tracker.plan(), tracker.forecast());
    ScenarioApi scenarios = new ScenarioApi(tracker.scenarios());
    ScenarioPages scenarioPages = new ScenarioPages(tracker.scenarios());
    GroupApi groups = new GroupApi(tracker.groups());
    ActivityApi activity = new ActivityApi(tracker.activity());
    OpenApiController openApi = new OpenApiController();
    Guesses guesses = new Guesses();
    Metrics metrics = new Metrics(tracker);
    RequestLog requestLog = new RequestLog(logFormat, logFormat == null ? null : System.out);
    Idempotency retried = new Idempotency(tracker.idempotency(), tracker.database().transactions());
    McpEndpoint mcp = new McpEndpoint(new AgentTools(tracker.tasks(), tracker.statistics(), tracker.plan(), tracker.forecast(),
        tracker.database().transactions(), Json.mapper()), Tracker.VERSION);
    Access access = new Access(token, readsOpen, tracker.team(), tracker.sessions(), guesses);
    EventsController events = new EventsController(tracker.activityStream(),
        ctx -> access.stillAllows(ctx, Role.READER));
    SignIn signIn = new SignIn(access, tracker.sessions(), guesses);
    TeamApi team = new TeamApi(tracker.team());
    TeamPages teamPages = new TeamPages(tracker.team());
    return Javalin.create(config -> {
      Routes routes = new Routes(config, access);
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = Api.MAX_BULK_BODY_BYTES; // each route's own limit: FrontDoor
      config.http.prefer405over404 = true;
      config.jetty.modifyHttpConfiguration(http -> {
        // Jetty reuses a connection's earlier header fields when the next request repeats them; by
        // default it matches them ignoring case, so "BEARER S3CRET" would be read as the
        // "Bearer s3cret" sent before on the same connection. Matched byte for byte, a header is
        // always what the client sent.
        http.setHeaderCacheCaseSensitive(true);
      });
      config.jetty.modifyServer(server -> {
        server.setErrorHandler(new ProblemErrors());
        server.setHandler(new FrontDoor(allowedHosts)); // Javalin puts its servlet inside
        metrics.bindJetty(server);
        server.setStopTimeout(STOP_MILLIS);
      });
      config.jsonMapper(new JsonBodies());
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = BundledFiles.folder("static").toString();
        files.location = Location.EXTERNAL;
      });
      config.staticFiles.add(files -> { // the Swagger UI of /api/docs
        files.hostedPath = "/webjars";
        files.directory = BundledFiles.folder("META-INF/resources/webjars").toString();
        files.location = Location.EXTERNAL;
        files.headers = Map.of("Cache-Control", "max-age=31622400"); // versioned paths, as enableWebjars()
      });

      config.events.serverStopping(events::closeAll);
      config.routes.before(metrics::started);
      config.routes.before(requestLog::started);
      config.routes.after(metrics::finished);
      config.routes.after(requestLog::finished);
      config.routes.before(Security::headers);
      config.routes.before(Security::refuseCrossSite);
      config.routes.before(ctx -> {
        if (!ctx.path().startsWith("/static/")) {
          access.identify(ctx);
        }
        if (!isApi(ctx) && !ctx.path().startsWith("/static/") && !Pages.partial(ctx)) {
          ctx.attribute(Pages.RENDERED_AT, tracker.activity().lastId()); // before the page reads: see Pages.renderedAt
        }
      });
      config.routes.after(ctx -> {
        Actor.clear();
        Viewer.clear();
      });
      config.routes.beforeMatched("/api/*", Api::onlyDocumentedQueryParams);
      config.routes.beforeMatched(ctx -> {
        if (ctx.queryString() != null && !isApi(ctx)) {
          Pages.refuseRepeatedQuery(ctx, PAGE_REPEATABLE);
        }
      });
      config.routes.exception(TrackerException.class, WebApp::refused);
      config.routes.exception(CyclicPlanException.class, (e, ctx) ->
          refused(new TrackerException(409, "Dependency cycle", e.getMessage(), List.of()), ctx));
      config.routes.exception(HttpResponseException.class, (e, ctx) -> {
        if (e.getStatus() == 405) {
          ctx.header("Allow", e.getDetails().getOrDefault("availableMethods", ""));
        }
        if (isApi(ctx)) {
          Problems.http(e, ctx);
        } else {
          Pages.error(ctx, e.getStatus(), e.getStatus() == 404 ? "Not found" : "Request refused",
              e.getStatus() == 404 ? "there is no page " + ctx.path() : e.getMessage());
        }
      });
      config.routes.exception(Exception.class, (e, ctx) -> {
        if (Transactions.poolExhausted(e)) {
          refused(TrackerException.busy("every database connection is in use; try again in a moment", 1), ctx);
        } else {
          Problems.unexpected(e, ctx);
        }
      });
      config.routes.error(404, WebApp::notFound);
      config.routes.error(405, WebApp::notFound);

      // ---- for programs and operators ----
      routes.get("/health", null, health::health);
      routes.get("/metrics", Role.READER, metrics::scrape);
      routes.get("/ping", null, ctx -> ctx.contentType("text/plain").result("pong"));
      routes.get("/openapi.json", null, openApi::document);
      routes.get("/api/docs", null, openApi::page);
      routes.post("/mcp", Role.READER, retried.around(mcp::post, mcp::changesData));
      config.routes.get("/mcp", mcp::notAllowed);
      config.routes.delete("/mcp", mcp::notAllowed);
      config.routes.before("/events", ctx -> access.require(ctx, Role.READER));
      config.routes.beforeMatched("/events", Api::onlyDocumentedQueryParams);
      config.routes.before("/events", events::markStart);
      config.routes.sse("/events", events::stream);

      // ---- the JSON API, by path ----
      // The API before the pages: Javalin tries a method's routes in the order they were added,
      // and scripts and workers call the API far more often than people load pages. Within a
      // path, literal routes come before the routes with an id they would otherwise match.
      routes.get("/api/tasks", Role.READER, tasks::list);
      routes.post("/api/tasks", Role.WORKER, retried.around(tasks::create));
      routes.post("/api/tasks/bulk", Role.PLANNER, retried.around(tasks::createMany));
      routes.onlyPost("/api/tasks/bulk");
      routes.post("/api/tasks/bulk-status", Role.PLANNER, retried.around(tasks::changeManyStatuses));
      routes.onlyPost("/api/tasks/bulk-status");
      routes.post("/api/tasks/bulk-labels", Role.PLANNER, retried.around(tasks::changeManyLabels));
      routes.onlyPost("/api/tasks/bulk-labels");
      routes.post("/api/tasks/bulk-update", Role.PLANNER, retried.around(tasks::changeManyFields));
      routes.onlyPost("/api/tasks/bulk-update");
      routes.post("/api/tasks/bulk-delete", Role.PLANNER, retried.around(tasks::deleteMany));
      routes.onlyPost("/api/tasks/bulk-delete");
      routes.get("/api/tasks/{id}", Role.READER, tasks::get);
      routes.patch("/api/tasks/{id}", Role.PLANNER, retried.around(tasks::update));
      routes.delete("/api/tasks/{id}", Role.PLANNER, retried.around(tasks::delete));
      routes.post("/api/tasks/{id}/status", Role.WORKER, retried.around(tasks::status));
      routes.get("/api/tasks/{id}/progress", Role.READER, tasks::progress);
      routes.post("/api/tasks/{id}/progress", Role.WORKER, retried.around(tasks::addProgress));
      routes.get("/api/tasks/{id}/comments", Role.READER, tasks::comments);
      routes.post("/api/tasks/{id}/comments", Role.WORKER, retried.around(tasks::addComment));
      routes.post("/api/tasks/{id}/dependencies", Role.WORKER, retried.around(tasks::addDependency));
      routes.delete("/api/tasks/{id}/dependencies/{depends_on_task_id}", Role.PLANNER, retried.around(tasks::removeDependency));
      routes.post("/api/tasks/{id}/heartbeat", Role.WORKER, retried.around(plan::heartbeat));
      routes.get("/api/tasks/{id}/history", Role.READER, tasks::history);
      routes.get("/api/tasks/{id}/readiness", Role.READER, tasks::readiness);
      routes.get("/api/trash", Role.READER, tasks::trash);
      routes.post("/api/trash/{id}/restore", Role.PLANNER, retried.around(tasks::restore));
      routes.delete("/api/trash/{id}", Role.ADMIN, retried.around(tasks::purge));
      routes.get("/api/views", Role.READER, tasks::views);
      routes.post("/api/views", Role.WORKER, retried.around(tasks::saveView));
      routes.get("/api/views/{id}", Role.READER, tasks::view);
      routes.delete("/api/views/{id}", Role.WORKER, retried.around(tasks::deleteView));
      routes.get("/api/stats", Role.READER, tasks::stats);
      routes.get("/api/activity", Role.READER, activity::list);

      routes.get("/api/critical-path", Role.READER, plan::criticalPath);
      routes.get("/api/ready", Role.READER, plan::ready);
      routes.post("/api/claim", Role.WORKER, retried.around(plan::claim));
      routes.get("/api/plan", Role.READER, plan::plan);
      routes.get("/api/forecast", Role.READER, plan::forecast);
      routes.get("/api/forecast/spread", Role.READER, plan::spread);
      routes.patch("/api/forecast/spread", Role.PLANNER, retried.around(plan::setSpread));
      routes.get("/api/calendar", Role.READER, plan::calendar);
      routes.patch("/api/calendar", Role.PLANNER, retried.around(plan::setCalendar));
      routes.get("/api/scenarios", Role.READER, scenarios::list);
      routes.post("/api/scenarios", Role.PLANNER, retried.around(scenarios::create));
      routes.get("/api/scenarios/compare", Role.READER, scenarios::compare);
      routes.get("/api/scenarios/{id}", Role.READER, scenarios::get);
      routes.delete("/api/scenarios/{id}", Role.PLANNER, retried.around(scenarios::delete));

      routes.get("/api/groups", Role.READER, groups::list);
      routes.post("/api/groups", Role.PLANNER, retried.around(groups::create));
      routes.post("/api/groups/from-plan", Role.PLANNER, retried.around(groups::fromPlan));
      routes.onlyPost("/api/groups/from-plan");
      routes.get("/api/groups/{id}", Role.READER, groups::get);
      routes.delete("/api/groups/{id}", Role.PLANNER, retried.around(groups::delete));
      routes.post("/api/groups/{id}/status", Role.PLANNER, retried.around(groups::status));
      routes.patch("/api/groups/{id}/tasks/{task_id}", Role.PLANNER, retried.around(groups::taskStatus));
      routes.get("/api/groups/{id}/logs", Role.READER, groups::logs);
      routes.post("/api/groups/{id}/logs", Role.PLANNER, retried.around(groups::addLog));

      routes.get("/api/me", Role.READER, team::me);
      routes.get("/api/identities", Role.ADMIN, team::list);
      routes.post("/api/identities", Role.ADMIN, retried.around(team::create));
      routes.get("/api/identities/{id}", Role.ADMIN, team::get);
      routes.patch("/api/identities/{id}", Role.ADMIN, retried.around(team::changeRole));
      routes.post("/api/identities/{id}/tokens", Role.ADMIN, team::createToken);
      routes.delete("/api/tokens/{id}", Role.ADMIN, retried.around(team::revoke));

      // ---- the pages, by path ----
      routes.get("/login", null, signIn::page);
      routes.post("/login", null, signIn::submit);
      routes.post("/logout", null, signIn::logout);
      routes.get("/favicon.ico", null, ctx -> ctx.redirect("/static/favicon.svg", io.javalin.http.HttpStatus.MOVED_PERMANENTLY));
      routes.get("/", Role.READER, dashboard::page);
      routes.get("/dashboard/stats", Role.READER, dashboard::stats);
      routes.get("/dashboard/front", Role.READER, dashboard::front);
      routes.get("/dashboard/groups", Role.READER, dashboard::groups);
      routes.get("/dashboard/activity", Role.READER, dashboard::activity);

      routes.get("/tasks", Role.READER, taskPages::list);
      routes.post("/tasks", Role.WORKER, taskPages::create);
      routes.get("/tasks.csv", Role.READER, taskPages::csv);
      routes.get("/tasks/new", Role.WORKER, taskPages::newForm);
      routes.get("/tasks/graph", Role.READER, taskPages::listGraph);
      routes.post("/tasks/bulk-change", Role.PLANNER, taskPages::bulkChange); // as the API's bulk routes
      routes.get("/tasks/{id}", Role.READER, taskPages::page);
      routes.post("/tasks/{id}", Role.PLANNER, taskPages::update);
      routes.post("/tasks/{id}/delete", Role.PLANNER, taskPages::delete);
      routes.get("/tasks/{id}/row", Role.READER, taskPages::row);
      routes.get("/tasks/{id}/graph", Role.READER, taskPages::graph);
      routes.get("/tasks/{id}/form", Role.READER, taskPages::form);
      routes.get("/tasks/{id}/live", Role.READER, taskPages::live);
      routes.get("/tasks/{id}/readiness", Role.READER, taskPages::readiness);
      routes.post("/tasks/{id}/status", Role.WORKER, taskPages::status);
      routes.post("/tasks/{id}/progress", Role.WORKER, taskPages::addProgress);
      routes.post("/tasks/{id}/comments", Role.WORKER, taskPages::addComment);
      routes.post("/tasks/{id}/dependencies", Role.WORKER, taskPages::addDependency);
      routes.post("/tasks/{id}/dependencies/{depends_on_task_id}/delete", Role.PLANNER, taskPages::removeDependency);
      routes.get("/tasks/{id}/picker", Role.READER, taskPages::picker);
      routes.get("/board", Role.READER, taskPages::board);
      routes.post("/views", Role.WORKER, taskPages::saveView);
      routes.get("/views/{id}", Role.READER, taskPages::openView);
      routes.post("/views/{id}/delete", Role.WORKER, taskPages::deleteView);
      routes.get("/trash", Role.READER, taskPages::trash);
      routes.post("/trash/{id}/restore", Role.PLANNER, taskPages::restore);
      routes.post("/trash/{id}/purge", Role.ADMIN, taskPages::purge);

      routes.get("/plan", Role.READER, planPages::page);
      routes.get("/plan/forecast", Role.READER, planPages::forecast);
      routes.post("/plan/calendar", Role.PLANNER, planPages::calendar);
      routes.post("/plan/spread", Role.PLANNER, planPages::spread);
      routes.get("/scenarios", Role.READER, scenarioPages::page);
      routes.get("/scenarios/compare", Role.READER, scenarioPages::comparison);
      routes.post("/scenarios", Role.PLANNER, scenarioPages::create);
      routes.post("/scenarios/{id}/delete", Role.PLANNER, scenarioPages::delete);

      routes.get("/groups", Role.READER, groupPages::list);
      routes.post("/groups/from-plan", Role.PLANNER, groupPages::fromPlan);
      routes.get("/groups/{id}", Role.READER, groupPages::page);
      routes.post("/groups/{id}/delete", Role.PLANNER, groupPages::delete);
      routes.get("/groups/{id}/panel", Role.READER, groupPages::panel);
      routes.post("/groups/{id}/status", Role.PLANNER, groupPages::status);
      routes.post("/groups/{id}/tasks/{task_id}/status", Role.PLANNER, groupPages::taskStatus);
      routes.get("/groups/{id}/log", Role.READER, groupPages::log);
      routes.post("/groups/{id}/logs", Role.PLANNER, groupPages::addLog);

      routes.get("/team", Role.ADMIN, teamPages::page);
      routes.post("/team/identities", Role.ADMIN, teamPages::createIdentity);
      routes.post("/team/identities/{id}/tokens", Role.ADMIN, teamPages::createToken);
      routes.post("/team/tokens/{id}/revoke", Role.ADMIN, teamPages::revoke);
    });
  }

  /** A 429 for an address that sent too many wrong tokens lately (see Guesses). */
  static void refuseGuessing(Context ctx, Guesses guesses) {
    long wait = guesses.waitSeconds(ctx.ip(), System.currentTimeMillis());
    if (wait > 0) {
      ctx.header("Retry-After", String.valueOf(wait));
      throw new TrackerException(429, "Too many requests", "too many wrong tokens from " + ctx.ip()
          + "; try again in " + wait + " s", List.of());
    }
  }

  /**
   * The route table's entries: each names the role its caller needs (null: anyone), checked
   * before anything else of the route runs, so a refused request changes nothing.
   */
  private record Routes(io.javalin.config.JavalinConfig config, Access access) {

    private io.javalin.http.Handler guarded(Role role, io.javalin.http.Handler handler) {
      return role == null ? handler : access.guarded(role, handler);
    }

    /** A GET route, and HEAD on it answering as GET would (Jetty leaves the body out). */
    void get(String path, Role role, io.javalin.http.Handler handler) {
      config.routes.get(path, guarded(role, handler));
      config.routes.head(path, guarded(role, handler));
    }

    void post(String path, Role role, io.javalin.http.Handler handler) {
      config.routes.post(path, guarded(role, handler));
    }

    void patch(String path, Role role, io.javalin.http.Handler handler) {
      config.routes.patch(path, guarded(role, handler));
    }

    void delete(String path, Role role, io.javalin.http.Handler handler) {
      config.routes.delete(path, guarded(role, handler));
    }

    /**
     * Literal routes that sit where a route with an id would match ("/api/tasks/bulk" against
     * "/api/tasks/{id}"): another method on them is a 405 naming the one they have, not a 400
     * about an id.
     */
    void onlyPost(String path) {
      io.javalin.http.Handler refuse = ctx -> {
        throw new io.javalin.http.MethodNotAllowedResponse("", java.util.Map.of("availableMethods", "POST"));
      };
      config.routes.get(path, refuse);
      config.routes.head(path, refuse);
      config.routes.patch(path, refuse);
      config.routes.delete(path, refuse);
      config.routes.put(path, refuse);
    }
  }

  /** The routes for programs (answered with problem+json), as against the pages for people. */
  private static final Set<String> MACHINE_ROUTES = Set.of("/health", "/ping", "/openapi.json", "/events", "/mcp", "/metrics");

  static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/") || ctx.path().equals("/api") || MACHINE_ROUTES.contains(ctx.path());
  }

  /** A refusal: problem+json for the API, the error page (or flash text for htmx) for the browser. */
  private static void refused(TrackerException e, Context ctx) {
    if (e.retryAfterSeconds() != null) {
      ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
    }
    if (isApi(ctx)) {
      Problems.refused(e, ctx);
    } else {
      // the page says which field broke which rule, as the API's problem does
      String detail = e.errors().isEmpty() ? e.getMessage() : e.getMessage() + ": " + e.errors().stream()
          .map(error -> error.field() + " " + error.message()).collect(java.util.stream.Collectors.joining("; "));
      Pages.error(ctx, e.status(), e.title(), detail);
    }
  }

  /** An unknown route: problem+json under /api, the error page elsewhere (unless a handler answered already). */
  private static void notFound(Context ctx) {
    String contentType = String.valueOf(ctx.res().getContentType());
    if (contentType.startsWith("application/problem+json") || contentType.startsWith("text/html")) {
      return;
    }
    int status = ctx.statusCode();
    String title = status == 405 ? "Method not allowed" : "Not found";
    if (isApi(ctx)) {
      Problems.send(ctx, status, title, "no route " + ctx.method() + " " + ctx.path(), List.of());
    } else if (!ctx.path().startsWith("/static/")) {
      Pages.error(ctx, status, title, "there is no page " + ctx.path());
    }
  }
}
