package tracker.app;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import tracker.app.Tracker;
import tracker.activity.ActivityApi;
import tracker.agents.AgentTools;
import tracker.agents.McpEndpoint;
import tracker.core.Actor;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.graph.CyclicPlanException;
import tracker.groups.GroupApi;
import tracker.groups.GroupPages;
import tracker.plan.PlanApi;
import tracker.plan.PlanPages;
import tracker.tasks.TaskApi;
import tracker.tasks.TaskPages;
import tracker.web.Api;
import tracker.web.Pages;
import tracker.web.Problems;
import tracker.web.RequestLog;
import tracker.web.Json;
import tracker.web.JsonBodies;
import tracker.web.JteRenderer;
import tracker.web.FrontDoor;
import tracker.web.Guesses;
import tracker.web.ProblemErrors;
import tracker.web.Security;
import tracker.web.Utf8;

/** Builds the web application: the one route table, with controllers given their services. */
public final class WebApp {

  private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

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
   * The app; {@code allowedHosts} are the Host names it answers to on a loopback connection
   * besides localhost, 127.0.0.1 and [::1] (see {@link FrontDoor}).
   */
  public static Javalin create(Tracker tracker, String token, Set<String> allowedHosts) {
    return create(tracker, token, allowedHosts, null);
  }

  /** The app, writing a line per request to standard output in {@code logFormat} (null: no request log). */
  public static Javalin create(Tracker tracker, String token, Set<String> allowedHosts, RequestLog.Format logFormat) {
    tracker.plan().startLeaseSweeper(); // leases run out even when no request comes
    tracker.activityStream().start();
    HealthController health = new HealthController(tracker.database());
    DashboardController dashboard = new DashboardController(tracker.statistics(), tracker.plan(), tracker.groups(),
        tracker.activity());
    TaskApi tasks = new TaskApi(tracker.tasks(), tracker.bulk(), tracker.statistics());
    TaskPages taskPages = new TaskPages(tracker.tasks(), tracker.activity(), tracker.statistics());
    PlanPages planPages = new PlanPages(tracker.plan());
    GroupPages groupPages = new GroupPages(tracker.groups());
    PlanApi plan = new PlanApi(tracker.plan());
    GroupApi groups = new GroupApi(tracker.groups());
    ActivityApi activity = new ActivityApi(tracker.activity());
    OpenApiController openApi = new OpenApiController();
    EventsController events = new EventsController(tracker.activityStream());
    Guesses guesses = new Guesses();
    Metrics metrics = new Metrics(tracker);
    RequestLog requestLog = new RequestLog(logFormat, logFormat == null ? null : System.out);
    Idempotency retried = new Idempotency(tracker.idempotency(), tracker.database().transactions());
    McpEndpoint mcp = new McpEndpoint(new AgentTools(tracker.tasks(), tracker.statistics(), tracker.plan(),
        tracker.database().transactions(), Json.mapper()), Tracker.VERSION);
    SignIn signIn = new SignIn(token, tracker.sessions(), guesses);
    return Javalin.create(config -> {
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
      config.fileRenderer(new JteRenderer());
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
      });
      config.staticFiles.enableWebjars();

      config.events.serverStopping(events::closeAll);
      config.routes.before(metrics::started);
      config.routes.before(requestLog::started);
      config.routes.after(metrics::finished);
      config.routes.after(requestLog::finished);
      config.routes.before(ctx -> Actor.set(actorOf(ctx)));
      config.routes.after(ctx -> Actor.clear());
      config.routes.before(Security::headers);
      config.routes.before(Security::refuseCrossSite);
      config.routes.before("/api/*", ctx -> guardApi(ctx, token, guesses));
      config.routes.before("/mcp", ctx -> guardApi(ctx, token, guesses));
      config.routes.beforeMatched("/api/*", Api::onlyDocumentedQueryParams);
      config.routes.before(ctx -> {
        if (!isApi(ctx) && !READS.contains(ctx.method())) {
          signIn.guard(ctx);
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
      config.routes.exception(Exception.class, Problems::unexpected);
      config.routes.error(404, WebApp::notFound);
      config.routes.error(405, WebApp::notFound);

      get(config, "/health", health::health);
      get(config, "/metrics", metrics::scrape);
      get(config, "/ping", ctx -> ctx.contentType("text/plain").result("pong"));
      get(config, "/openapi.json", openApi::document);
      get(config, "/api/docs", openApi::page);
      get(config, "/login", signIn::page);
      config.routes.post("/login", signIn::submit);
      config.routes.post("/logout", signIn::logout);
      // The API before the pages: Javalin tries a method's routes in the order they were added,
      // and scripts and workers call the API far more often than people load pages.
      get(config, "/api/tasks", tasks::list);
      config.routes.post("/api/tasks", retried.around(tasks::create));
      config.routes.post("/api/tasks/bulk", retried.around(tasks::createMany));
      config.routes.post("/api/tasks/bulk-status", retried.around(tasks::changeManyStatuses));
      onlyPost(config, "/api/tasks/bulk");
      onlyPost(config, "/api/tasks/bulk-status");
      get(config, "/api/tasks/{id}", tasks::get);
      config.routes.patch("/api/tasks/{id}", retried.around(tasks::update));
      config.routes.delete("/api/tasks/{id}", retried.around(tasks::delete));
      config.routes.post("/api/tasks/{id}/status", retried.around(tasks::status));
      get(config, "/api/tasks/{id}/progress", tasks::progress);
      config.routes.post("/api/tasks/{id}/progress", retried.around(tasks::addProgress));
      get(config, "/api/tasks/{id}/comments", tasks::comments);
      config.routes.post("/api/tasks/{id}/comments", retried.around(tasks::addComment));
      config.routes.post("/api/tasks/{id}/dependencies", retried.around(tasks::addDependency));
      config.routes.delete("/api/tasks/{id}/dependencies/{depends_on_task_id}", retried.around(tasks::removeDependency));
      config.routes.post("/api/tasks/{id}/heartbeat", retried.around(plan::heartbeat));
      get(config, "/api/tasks/{id}/history", activity::history);
      get(config, "/api/tasks/{id}/readiness", tasks::readiness);
      get(config, "/api/stats", tasks::stats);
      get(config, "/api/activity", activity::list);

      get(config, "/api/critical-path", plan::criticalPath);
      get(config, "/api/ready", plan::ready);
      config.routes.post("/api/claim", retried.around(plan::claim));
      get(config, "/api/plan", plan::plan);

      config.routes.post("/mcp", retried.around(mcp::post, mcp::changesData));
      config.routes.get("/mcp", mcp::notAllowed);
      config.routes.delete("/mcp", mcp::notAllowed);

      get(config, "/api/groups", groups::list);
      config.routes.post("/api/groups", retried.around(groups::create));
      config.routes.post("/api/groups/from-plan", retried.around(groups::fromPlan));
      onlyPost(config, "/api/groups/from-plan");
      get(config, "/api/groups/{id}", groups::get);
      config.routes.delete("/api/groups/{id}", retried.around(groups::delete));
      config.routes.post("/api/groups/{id}/status", retried.around(groups::status));
      config.routes.patch("/api/groups/{id}/tasks/{task_id}", retried.around(groups::taskStatus));
      get(config, "/api/groups/{id}/logs", groups::logs);
      config.routes.post("/api/groups/{id}/logs", retried.around(groups::addLog));

      get(config, "/", dashboard::page);
      get(config, "/dashboard/stats", dashboard::stats);
      get(config, "/dashboard/front", dashboard::front);
      get(config, "/dashboard/groups", dashboard::groups);
      get(config, "/dashboard/activity", dashboard::activity);
      config.routes.before("/events", events::markStart);
      config.routes.sse("/events", events::stream);

      get(config, "/tasks", taskPages::list);
      config.routes.post("/tasks", taskPages::create);
      get(config, "/tasks/new", taskPages::newForm);
      get(config, "/tasks/{id}", taskPages::page);
      config.routes.post("/tasks/{id}", taskPages::update);
      config.routes.post("/tasks/{id}/delete", taskPages::delete);
      get(config, "/tasks/{id}/row", taskPages::row);
      get(config, "/tasks/{id}/summary", taskPages::summary);
      get(config, "/tasks/{id}/readiness", taskPages::readiness);
      config.routes.post("/tasks/{id}/status", taskPages::status);
      get(config, "/tasks/{id}/progress", taskPages::progress);
      config.routes.post("/tasks/{id}/progress", taskPages::addProgress);
      get(config, "/tasks/{id}/comments", taskPages::comments);
      config.routes.post("/tasks/{id}/comments", taskPages::addComment);
      get(config, "/tasks/{id}/dependencies", taskPages::dependencies);
      config.routes.post("/tasks/{id}/dependencies", taskPages::addDependency);
      config.routes.post("/tasks/{id}/dependencies/{depends_on_task_id}/delete", taskPages::removeDependency);
      get(config, "/tasks/{id}/picker", taskPages::picker);
      get(config, "/tasks/{id}/history", taskPages::history);
      get(config, "/plan", planPages::page);
      get(config, "/groups", groupPages::list);
      config.routes.post("/groups/from-plan", groupPages::fromPlan);
      get(config, "/groups/{id}", groupPages::page);
      config.routes.post("/groups/{id}/delete", groupPages::delete);
      get(config, "/groups/{id}/panel", groupPages::panel);
      config.routes.post("/groups/{id}/status", groupPages::status);
      config.routes.post("/groups/{id}/tasks/{task_id}/status", groupPages::taskStatus);
      get(config, "/groups/{id}/log", groupPages::log);
      config.routes.post("/groups/{id}/logs", groupPages::addLog);
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

  /** A GET route, and HEAD on it answering as GET would (Jetty leaves the body out). */
  private static void get(io.javalin.config.JavalinConfig config, String path, io.javalin.http.Handler handler) {
    config.routes.get(path, handler);
    config.routes.head(path, handler);
  }

  /**
   * Literal routes that sit where a route with an id would match ("/api/tasks/bulk" against
   * "/api/tasks/{id}"): another method on them is a 405 naming the one they have, not a 400
   * about an id.
   */
  private static void onlyPost(io.javalin.config.JavalinConfig config, String path) {
    io.javalin.http.Handler refuse = ctx -> {
      throw new io.javalin.http.MethodNotAllowedResponse("", java.util.Map.of("availableMethods", "POST"));
    };
    config.routes.get(path, refuse);
    config.routes.head(path, refuse);
    config.routes.patch(path, refuse);
    config.routes.delete(path, refuse);
    config.routes.put(path, refuse);
  }

  /** The token check before any /api handler runs, so a refused request changes nothing. */
  private static void guardApi(Context ctx, String token, Guesses guesses) {
    if (token == null || token.isBlank() || READS.contains(ctx.method())) {
      return;
    }
    refuseGuessing(ctx, guesses);
    java.util.List<String> headers = ctx.req().getHeaders("Authorization") == null ? List.of()
        : java.util.Collections.list(ctx.req().getHeaders("Authorization"));
    if (headers.size() > 1) {
      throw TrackerException.badRequest("send one Authorization header, not " + headers.size(), List.of());
    }
    String given = headers.isEmpty() ? null : headers.get(0);
    // the scheme is case-insensitive (RFC 9110); the token is compared byte for byte, in constant time
    String presented = given != null && given.regionMatches(true, 0, "Bearer ", 0, 7) ? given.substring(7) : "";
    if (given == null || !MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8))) {
      if (given != null) {
        guesses.wrong(ctx.ip(), System.currentTimeMillis());
      }
      ctx.header("WWW-Authenticate", "Bearer");
      throw new TrackerException(401, "Unauthorized",
          given == null ? (ctx.path().equals("/mcp") ? "MCP requests need Authorization: Bearer <token>"
              : "this request changes data and needs Authorization: Bearer <token>")
              : "the bearer token is not the server's token", List.of());
    }
  }

  /** Who a request's changes are recorded as: its X-Actor header, else {@code api} or {@code web}. */
  private static String actorOf(Context ctx) {
    String named = ctx.header("X-Actor");
    if (named == null || named.isBlank()) {
      return isApi(ctx) ? "api" : "web";
    }
    // header values arrive as ISO-8859-1; a name in UTF-8 is read as such, other bytes are refused
    byte[] raw = named.getBytes(StandardCharsets.ISO_8859_1);
    if (!Utf8.isValid(raw)) {
      throw TrackerException.badRequest("X-Actor is not valid UTF-8", List.of());
    }
    named = new String(raw, StandardCharsets.UTF_8);
    Rules rules = new Rules();
    rules.text(TextField.ACTOR, named.trim());
    rules.checkAsBadRequest("the X-Actor header names who makes the change: one line of at most "
        + TextField.ACTOR.maxLength() + " characters");
    return named.trim();
  }

  /** The routes for programs (answered with problem+json), as against the pages for people. */
  private static final Set<String> MACHINE_ROUTES = Set.of("/health", "/ping", "/openapi.json", "/events", "/mcp", "/metrics");

  private static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/") || ctx.path().equals("/api") || MACHINE_ROUTES.contains(ctx.path());
  }

  /** A refusal: problem+json for the API, the error page (or flash text for htmx) for the browser. */
  private static void refused(TrackerException e, Context ctx) {
    if (isApi(ctx)) {
      Problems.refused(e, ctx);
    } else {
      Pages.error(ctx, e.status(), e.title(), e.getMessage());
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
