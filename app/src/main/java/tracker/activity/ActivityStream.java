package tracker.activity;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tracker.core.ChangeFeed;

/**
 * Delivers the activity history live: one dispatcher thread reads what is new from the
 * activity table (woken by this process's commits, by other instances' through PostgreSQL NOTIFY, and every
 * {@link #POLL_MILLIS} ms in any case) and hands each entry, in id order, to every subscriber. A
 * subscriber that comes back with the last id it saw first gets every entry it missed; because
 * the replay and the live entries go through the same thread, none is lost or sent twice.
 */
public final class ActivityStream implements AutoCloseable {

  /** How often other processes' changes are looked for. */
  static final long POLL_MILLIS = 250;
  private static final int PAGE = 500;
  private static final Logger LOG = LoggerFactory.getLogger(ActivityStream.class);

  /** Where entries go; {@code send} answers false once the subscriber is gone. */
  public interface Subscriber {
    boolean send(ActivityView entry);
  }

  private final ActivityLog log;
  private final ChangeFeed feed;
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();
  private ScheduledExecutorService dispatcher;
  private Runnable stopListening;
  private long lastSent = -1;
  private final java.util.concurrent.atomic.AtomicLong delivered = new java.util.concurrent.atomic.AtomicLong();
  private volatile java.util.function.Consumer<ActivityView> watcher = entry -> { };

  private final PostgresWakeUp listener;

  /** A stream; with {@code postgresListen}, also woken by other instances' commits at once. */
  public ActivityStream(ActivityLog log, ChangeFeed feed, PostgresConnector postgresListen) {
    this.log = log;
    this.feed = feed;
    this.listener = postgresListen == null ? null : new PostgresWakeUp(postgresListen::open, this::wake);
  }

  /** Opens a connection of its own to LISTEN on. */
  public interface PostgresConnector {
    java.sql.Connection open() throws java.sql.SQLException;
  }

  public synchronized void start() {
    if (dispatcher != null) {
      return;
    }
    dispatcher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "activity-stream");
      thread.setDaemon(true);
      return thread;
    });
    dispatcher.execute(() -> lastSent = log.lastId());
    stopListening = feed.listen(this::wake);
    if (listener != null) {
      listener.start();
    }
    dispatcher.scheduleWithFixedDelay(this::wake, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** How many clients are subscribed (the open /events streams). */
  public int subscribers() {
    return subscribers.size();
  }

  /** How many entries were delivered to subscribers so far, counting each subscriber. */
  public long delivered() {
    return delivered.get();
  }

  /** Sees every committed entry of every instance once, in order, as the stream picks it up. */
  public void watch(java.util.function.Consumer<ActivityView> watcher) {
    this.watcher = watcher;
  }

  /** The id of the newest entry written so far (0 when there is none). */
  public long lastId() {
    return log.lastId();
  }

  /** Asks the dispatcher to look for new entries (many asks before it runs make one look). */
  public void wake() {
    ScheduledExecutorService running = dispatcher;
    if (running != null && !running.isShutdown() && wakeQueued.compareAndSet(false, true)) {
      try {
        running.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        wakeQueued.set(false); // the stream is closing: nobody is left to tell
      }
    }
  }

  /**
   * Adds a subscriber; with {@code lastSeenId} it first receives every entry after that id.
   * Answers the handle that removes it.
   */
  public Runnable subscribe(Subscriber given, Long lastSeenId) {
    start();
    // the live loop may still be behind the id the subscriber starts after: nothing at or before
    // that id reaches it twice
    Subscriber subscriber = lastSeenId == null ? given : entry -> entry.id() <= lastSeenId || given.send(entry);
    dispatcher.execute(() -> {
      if (lastSeenId != null) {
        long from = lastSeenId;
        boolean more = true;
        while (more && from < lastSent) {
          more = false;
          for (ActivityView entry : log.after(from, PAGE)) {
            if (entry.id() > lastSent) {
              break; // newer than what the live loop has sent: it will send it
            }
            if (!subscriber.send(entry)) {
              return;
            }
            from = entry.id();
            more = true;
          }
        }
      }
      subscribers.add(subscriber);
    });
    return () -> subscribers.remove(subscriber);
  }

  private void drain() {
    wakeQueued.set(false);
    try {
      List<ActivityView> fresh;
      do {
        fresh = log.after(lastSent, PAGE);
        for (ActivityView entry : fresh) {
          deliver(entry);
          lastSent = entry.id();
          watcher.accept(entry);
        }
      } while (fresh.size() == PAGE);
    } catch (RuntimeException e) {
      LOG.warn("Reading new activity failed; will try again", e);
    }
  }

  /**
   * Hands one entry to every subscriber, then drops those that are gone. A subscriber may leave
   * while it is served (a failed write closes the connection and runs its unsubscribe on this
   * thread), so the list is never changed while it is walked: the entry reaches each of the
   * others once, and the entry counts as sent.
   */
  private void deliver(ActivityView entry) {
    List<Subscriber> gone = new java.util.ArrayList<>();
    for (Subscriber subscriber : subscribers) {
      boolean sent;
      try {
        sent = subscriber.send(entry);
      } catch (RuntimeException broken) {
        sent = false;
      }
      if (sent) {
        delivered.incrementAndGet();
      } else {
        gone.add(subscriber);
      }
    }
    subscribers.removeAll(gone);
  }

  @Override
  public synchronized void close() {
    if (stopListening != null) {
      stopListening.run();
    }
    if (listener != null) {
      listener.close();
    }
    if (dispatcher != null) {
      dispatcher.shutdown(); // lets a read in flight finish before the database closes
      try {
        dispatcher.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      dispatcher.shutdownNow();
      dispatcher = null;
    }
  }
}
