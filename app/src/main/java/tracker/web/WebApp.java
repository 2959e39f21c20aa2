package tracker.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import tracker.Tracker;
import tracker.core.TrackerException;
import tracker.groups.GroupApi;
import tracker.plan.PlanApi;
import tracker.tasks.TaskApi;

/** Builds the web application: the one route table, with controllers given their services. */
public final class WebApp {

  private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private WebApp() {}

  /** The app without a token: every request may change data (loopback use and tests). */
  public static Javalin create(Tracker tracker) {
    return create(tracker, null);
  }

  /** The app; with a token, every changing /api request must carry {@code Authorization: Bearer <token>}. */
  public static Javalin create(Tracker tracker, String token) {
    tracker.plan().startLeaseSweeper(); // leases run out even when no request comes
    HealthController health = new HealthController(tracker.database());
    DashboardController dashboard = new DashboardController(tracker.tasks());
    TaskApi tasks = new TaskApi(tracker.tasks(), tracker.bulk());
    PlanApi plan = new PlanApi(tracker.plan());
    GroupApi groups = new GroupApi(tracker.groups());
    OpenApiController openApi = new OpenApiController();
    EventsController events = new EventsController(tracker.changes());
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = Api.MAX_BULK_BODY_BYTES; // each route's own limit: Api.bodyLimit
      config.jsonMapper(new JsonBodies());
      config.fileRenderer(new JteRenderer());
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
      });
      config.staticFiles.enableWebjars();

      config.routes.before("/api/*", ctx -> guardApi(ctx, token));
      config.routes.exception(TrackerException.class, Problems::refused);
      config.routes.exception(HttpResponseException.class, Problems::http);
      config.routes.exception(Exception.class, Problems::unexpected);
      config.routes.error(404, WebApp::apiNotFound);
      config.routes.error(405, WebApp::apiNotFound);

      config.routes.get("/health", health::health);
      config.routes.get("/ping", ctx -> ctx.contentType("text/plain").result("pong"));
      config.routes.get("/openapi.json", openApi::document);
      config.routes.get("/api/docs", openApi::page);
      config.routes.get("/", dashboard::page);
      config.routes.sse("/events", events::stream);

      config.routes.get("/api/tasks", tasks::list);
      config.routes.post("/api/tasks", tasks::create);
      config.routes.post("/api/tasks/bulk", tasks::createMany);
      config.routes.post("/api/tasks/bulk-status", tasks::changeManyStatuses);
      config.routes.get("/api/tasks/{id}", tasks::get);
      config.routes.patch("/api/tasks/{id}", tasks::update);
      config.routes.delete("/api/tasks/{id}", tasks::delete);
      config.routes.post("/api/tasks/{id}/status", tasks::status);
      config.routes.get("/api/tasks/{id}/progress", tasks::progress);
      config.routes.post("/api/tasks/{id}/progress", tasks::addProgress);
      config.routes.get("/api/tasks/{id}/comments", tasks::comments);
      config.routes.post("/api/tasks/{id}/comments", tasks::addComment);
      config.routes.post("/api/tasks/{id}/dependencies", tasks::addDependency);
      config.routes.delete("/api/tasks/{id}/dependencies/{depends_on_task_id}", tasks::removeDependency);
      config.routes.post("/api/tasks/{id}/heartbeat", plan::heartbeat);
      config.routes.get("/api/stats", tasks::stats);

      config.routes.get("/api/critical-path", plan::criticalPath);
      config.routes.get("/api/ready", plan::ready);
      config.routes.post("/api/claim", plan::claim);
      config.routes.get("/api/plan", plan::plan);

      config.routes.get("/api/groups", groups::list);
      config.routes.post("/api/groups", groups::create);
      config.routes.post("/api/groups/from-plan", groups::fromPlan);
      config.routes.get("/api/groups/{id}", groups::get);
      config.routes.delete("/api/groups/{id}", groups::delete);
      config.routes.post("/api/groups/{id}/status", groups::status);
      config.routes.patch("/api/groups/{id}/tasks/{task_id}", groups::taskStatus);
      config.routes.get("/api/groups/{id}/logs", groups::logs);
      config.routes.post("/api/groups/{id}/logs", groups::addLog);
    });
  }

  /** Token and size checks before any /api handler runs, so a refused request changes nothing. */
  private static void guardApi(Context ctx, String token) {
    if (ctx.contentLength() > Api.bodyLimit(ctx.path())) {
      throw Api.tooLarge(Api.bodyLimit(ctx.path()));
    }
    if (token == null || token.isBlank() || READS.contains(ctx.method())) {
      return;
    }
    String expected = "Bearer " + token;
    String given = ctx.header("Authorization");
    if (given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8))) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new TrackerException(401, "Unauthorized",
          given == null ? "this request changes data and needs Authorization: Bearer <token>"
              : "the bearer token is not the server's token", List.of());
    }
  }

  /** An unknown /api route answers problem+json; pages keep the plain 404. */
  private static void apiNotFound(Context ctx) {
    boolean alreadyProblem = String.valueOf(ctx.res().getContentType()).startsWith("application/problem+json");
    if (ctx.path().startsWith("/api") && !alreadyProblem) {
      int status = ctx.statusCode();
      Problems.send(ctx, status, status == 405 ? "Method not allowed" : "Not found",
          "no route " + ctx.method() + " " + ctx.path(), List.of());
    }
  }
}
