package tracker.app;

import java.util.ArrayList;
import java.util.List;
import io.javalin.http.sse.SseClient;
import tracker.activity.ActivityStream;
import tracker.activity.ActivityView;


/**
 * {@code GET /events}: Server-Sent Events for every committed change, from the activity history:
 * {@code task-updated} and {@code group-updated} with the id as data, and the activity id as the
 * event id. A client that reconnects with {@code Last-Event-ID} first receives every change it
 * missed, none twice. With {@code ?per_entity=true} each change is also sent under the entity's
 * own name ({@code task-42}, {@code group-7}). {@code ?since=ID} does what {@code Last-Event-ID}
 * does for a first connection (an EventSource cannot send the header until it reconnects): the
 * pages pass the entry they were rendered at, so no change falls between render and connect.
 */
final class EventsController {

  private final ActivityStream stream;

  /** The request attribute holding the last entry written before the client was answered. */
  static final String START = "tracker.events.start";

  /** Whether a stream's request still may read (its token not revoked, its session not ended). */
  private final java.util.function.Predicate<io.javalin.http.Context> stillAllowed;

  EventsController(ActivityStream stream, java.util.function.Predicate<io.javalin.http.Context> stillAllowed) {
    this.stream = stream;
    this.stillAllowed = stillAllowed;
  }

  /** How often, at most, an open stream's credentials are checked again (before an entry is sent). */
  static final long RECHECK_MILLIS = 1_000;

  /**
   * Runs before the answer's headers go out (Javalin flushes them before the stream handler
   * runs): a new client starts after the last entry written by then, so a change the client makes
   * once it sees the stream open is never missed.
   */
  void markStart(io.javalin.http.Context ctx) {
    // a bad cursor is a 400 before the stream opens, never a silent start from now
    tracker.web.Api.flag(ctx, "per_entity");
    if (java.util.Collections.list(ctx.req().getHeaders("Last-Event-ID")).size() > 1) {
      throw tracker.core.TrackerException.badRequest("Last-Event-ID is given more than once", List.of(
          new tracker.core.FieldError("Last-Event-ID", "is given more than once; give it once")));
    }
    long start = stream.lastId();
    notPast(start, "Last-Event-ID", cursor("Last-Event-ID", ctx.header("Last-Event-ID")));
    notPast(start, "since", cursor("since", ctx.queryParam("since")));
    ctx.attribute(START, start);
  }

  /** A resume point past the newest entry would hide every entry up to it (none was ever sent): a 400. */
  private static void notPast(long newest, String name, Long resumeAfter) {
    if (resumeAfter != null && resumeAfter > newest) {
      throw tracker.core.TrackerException.badRequest(name + " is beyond the newest history entry", List.of(
          new tracker.core.FieldError(name, "is " + resumeAfter + ", beyond the newest history entry " + newest)));
    }
  }

  /** A history entry id as a client sends it back (absent: null); anything else is a 400. */
  private static Long cursor(String name, String raw) {
    if (raw == null) {
      return null;
    }
    Long id = tracker.core.Numbers.whole(raw);
    if (id == null || id < 0) {
      throw tracker.core.TrackerException.badRequest(name + " must be a history entry id (a whole number, 0 or more),"
          + " not " + tracker.core.Rules.quote(raw), List.of(new tracker.core.FieldError(name, "must be a whole number,"
          + " 0 or more")));
    }
    return id;
  }

  private final java.util.Set<SseClient> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Ends every open stream (the server is stopping: clients reconnect to another instance or later). */
  void closeAll() {
    open.forEach(SseClient::close);
  }

  void stream(SseClient client) {
    boolean perEntity = "true".equals(client.ctx().queryParam("per_entity")); // both checked by markStart
    Long lastSeen = cursor("Last-Event-ID", client.ctx().header("Last-Event-ID"));
    if (lastSeen == null) {
      // a browser's first connection cannot send the header: the page says where it was rendered
      lastSeen = cursor("since", client.ctx().queryParam("since"));
    }
    // A new client starts from the last entry written before it was told it is connected, so a
    // change that lands between that moment and its subscription still reaches it.
    client.keepAlive();
    // written before the subscription: after it, only the stream's thread writes to this client
    client.sendComment("connected");
    Long start = client.ctx().attribute(START);
    if (lastSeen != null && start != null && start - lastSeen > MOST_REPLAYED) {
      // too far behind to replay on the shared dispatcher: the client is told to reload what it shows
      client.sendEvent("reset", String.valueOf(start), String.valueOf(start));
      lastSeen = start;
    }
    long[] checkedAt = {System.currentTimeMillis()};
    Runnable stop = stream.subscribe(entry -> {
      long now = System.currentTimeMillis();
      if (now - checkedAt[0] >= RECHECK_MILLIS) {
        checkedAt[0] = now;
        if (!stillAllowed.test(client.ctx())) {
          client.close(); // revoked or signed out: nothing more, and the client's reconnect is refused
          return false;
        }
      }
      return send(client, entry, perEntity);
    }, lastSeen != null ? lastSeen : start);
    open.add(client);
    client.onClose(() -> {
      open.remove(client);
      stop.run();
    });
  }

  private static boolean send(SseClient client, ActivityView entry, boolean perEntity) {
    if (client.terminated()) {
      return false;
    }
    try {
      return sendEntry(client, entry, perEntity);
    } catch (RuntimeException closing) {
      return false; // the client went away while we wrote to it: it is dropped, the others go on
    }
  }

  /**
   * The events of one entry; only the last carries the entry's id, so every id names one event
   * and a client resuming with Last-Event-ID gets the whole entry again rather than skip part of it
   * (a dependency change touches two tasks: two events).
   */
  private static boolean sendEntry(SseClient client, ActivityView entry, boolean perEntity) {
    List<String[]> events = new ArrayList<>();
    if (entry.entity().equals("task") && entry.taskId() != null && LIST_CHANGES.contains(entry.action())) {
      // a list shows a new task or loses a deleted one: lists listen to these
      events.add(new String[] {entry.action().equals("deleted") ? "task-deleted" : "task-created",
          String.valueOf(entry.taskId())});
    }
    for (Long task : entry.touchedTasks()) {
      events.add(new String[] {"task-updated", String.valueOf(task)});
      if (perEntity) {
        events.add(new String[] {"task-" + task, String.valueOf(task)});
      }
    }
    if (entry.groupId() != null) {
      events.add(new String[] {"group-updated", String.valueOf(entry.groupId())});
      if (perEntity) {
        events.add(new String[] {"group-" + entry.groupId(), String.valueOf(entry.groupId())});
      }
    }
    if (entry.entity().equals("import")) {
      events.add(new String[] {"imported", "0"});
    }
    for (int i = 0; i < events.size(); i++) {
      client.sendEvent(events.get(i)[0], events.get(i)[1], i == events.size() - 1 ? String.valueOf(entry.id()) : null);
    }
    return !client.terminated();
  }

  /** A client further behind than this many history entries gets a {@code reset} event instead of the replay. */
  static final long MOST_REPLAYED = 5_000;

  /** The actions that add a task to lists or take one away. */
  private static final java.util.Set<String> LIST_CHANGES = java.util.Set.of("created", "restored", "imported",
      "deleted");
}
