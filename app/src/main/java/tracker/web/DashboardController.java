package tracker.web;

import io.javalin.http.Context;
import java.util.Map;
import tracker.tasks.TaskService;

/** The dashboard page at {@code /}. */
final class DashboardController {

  private final TaskService tasks;

  DashboardController(TaskService tasks) {
    this.tasks = tasks;
  }

  void page(Context ctx) {
    ctx.render("dashboard/page.jte", Map.of("stats", tasks.stats()));
  }
}
