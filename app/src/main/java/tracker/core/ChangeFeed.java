package tracker.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import tracker.db.Transactions;

/**
 * Tells listeners (the /events stream) which task or group changed, once the change is
 * committed: a rolled-back change is never announced.
 */
public final class ChangeFeed {

  public static final String TASK_UPDATED = "task-updated";
  public static final String GROUP_UPDATED = "group-updated";

  private final Transactions tx;
  private final List<BiConsumer<String, Long>> listeners = new CopyOnWriteArrayList<>();

  public ChangeFeed(Transactions tx) {
    this.tx = tx;
  }

  public void taskChanged(long id) {
    tx.afterCommit(() -> publish(TASK_UPDATED, id));
  }

  public void groupChanged(long id) {
    tx.afterCommit(() -> publish(GROUP_UPDATED, id));
  }

  /** Listens for (event, id); answers the handle that stops listening. */
  public Runnable listen(BiConsumer<String, Long> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void publish(String event, long id) {
    for (BiConsumer<String, Long> listener : listeners) {
      listener.accept(event, id);
    }
  }
}
