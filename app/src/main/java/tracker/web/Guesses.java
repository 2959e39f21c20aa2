package tracker.web;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong tokens per client address (a bearer token or the sign-in form): after
 * {@link #ALLOWED} in {@link #WINDOW}, the address is refused (429) until the oldest of them is a
 * window old, so a token cannot be guessed at the speed of the network. Per instance, in memory.
 */
public final class Guesses {

  public static final int ALLOWED = 10;
  public static final Duration WINDOW = Duration.ofMinutes(1);

  private final Map<String, Deque<Long>> wrong = new ConcurrentHashMap<>();

  /** Seconds until the address may try again; 0 when it may now. */
  public long waitSeconds(String address, long nowMillis) {
    Deque<Long> times = wrong.get(address);
    if (times == null) {
      return 0;
    }
    synchronized (times) {
      while (!times.isEmpty() && times.peekFirst() <= nowMillis - WINDOW.toMillis()) {
        times.pollFirst();
      }
      if (times.size() < ALLOWED) {
        return 0;
      }
      return Math.max(1, (times.peekFirst() + WINDOW.toMillis() - nowMillis + 999) / 1000);
    }
  }

  /** Records a wrong token from the address. */
  public void wrong(String address, long nowMillis) {
    Deque<Long> times = wrong.computeIfAbsent(address, a -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(nowMillis);
      while (times.size() > ALLOWED) {
        times.pollFirst();
      }
    }
  }
}
