package tracker.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells listeners (the live activity stream) that a write transaction with activity has
 * committed; they read what is new from the activity table. A rolled-back change is never
 * announced, and nothing is carried here that the table does not hold.
 */
public final class ChangeFeed {

  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public void committed() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  /** Listens for commits; answers the handle that stops listening. */
  public Runnable listen(Runnable listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }
}
