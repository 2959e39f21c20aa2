package tracker.app;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import tracker.db.TrackerDatabase;


/** {@code GET /health}: the server is up and which database and schema it runs on. */
final class HealthController {

  private final TrackerDatabase database;

  HealthController(TrackerDatabase database) {
    this.database = database;
  }

  void health(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", "ok");
    body.put("version", Tracker.VERSION);
    body.put("database", database.kind().label());
    body.put("schema_version", database.schemaVersion());
    ctx.json(body);
  }
}
