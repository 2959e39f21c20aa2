package tracker.activity;

import java.util.function.Supplier;

/**
 * A value read from the database and kept while the {@link ChangeStamp} stays the same (and for at
 * most a while, for what moves with the clock alone, such as hours blocked so far). The stamp is
 * read before the value, so a change landing during the read is never hidden: at worst the next
 * call reads again.
 */
public final class Stamped<T> {

  private record Kept<T>(ChangeStamp stamp, long atMillis, T value) {}

  private final ActivityLog activity;
  private final long maxAgeMillis;
  private final Supplier<T> read;
  private volatile Kept<T> kept;

  public Stamped(ActivityLog activity, long maxAgeMillis, Supplier<T> read) {
    this.activity = activity;
    this.maxAgeMillis = maxAgeMillis;
    this.read = read;
  }

  public T get() {
    ChangeStamp stamp = activity.stamp();
    long now = System.currentTimeMillis();
    Kept<T> known = kept;
    if (known != null && known.stamp().equals(stamp) && now - known.atMillis() < maxAgeMillis) {
      return known.value();
    }
    T value = read.get();
    kept = new Kept<>(stamp, now, value);
    return value;
  }
}
