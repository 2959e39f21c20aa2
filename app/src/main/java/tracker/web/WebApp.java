package tracker.web;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import tracker.Tracker;

/** Builds the web application: the one route table, with controllers given their services. */
public final class WebApp {

  private WebApp() {}

  public static Javalin create(Tracker tracker) {
    HealthController health = new HealthController(tracker.database());
    DashboardController dashboard = new DashboardController(tracker.tasks());
    return Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      config.fileRenderer(new JteRenderer());
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
      });
      config.routes.get("/health", health::health);
      config.routes.get("/", dashboard::page);
    });
  }
}
