package tracker.web;

import io.javalin.http.sse.SseClient;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import tracker.core.ChangeFeed;

/**
 * {@code GET /events}: Server-Sent Events ({@code task-updated}, {@code group-updated}, the id as
 * data) so open pages and scripts learn of every committed change. Events are sent from one
 * dispatcher thread, so a slow client never holds up a write. With {@code ?per_entity=true} each
 * change is also sent under the entity's own name ({@code task-42}, {@code group-7}), so an open
 * page refreshes only the parts that show that entity.
 */
final class EventsController {

  private final ChangeFeed changes;
  private final ExecutorService dispatcher = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "events");
    thread.setDaemon(true);
    return thread;
  });

  EventsController(ChangeFeed changes) {
    this.changes = changes;
  }

  void stream(SseClient client) {
    boolean perEntity = "true".equals(client.ctx().queryParam("per_entity"));
    client.keepAlive();
    client.sendComment("connected");
    Runnable stop = changes.listen((event, id) -> dispatcher.execute(() -> {
      if (!client.terminated()) {
        client.sendEvent(event, String.valueOf(id));
        if (perEntity) {
          client.sendEvent(event.replace("-updated", "-") + id, String.valueOf(id));
        }
      }
    }));
    client.onClose(stop);
  }
}
