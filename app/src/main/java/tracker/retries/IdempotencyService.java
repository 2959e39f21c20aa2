package tracker.retries;

import io.ebean.Database;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import tracker.domain.IdempotentAnswer;
import tracker.domain.query.QIdempotentAnswer;

/**
 * The answers to writes sent with an {@code Idempotency-Key}, kept for a day: saved in the
 * write's own transaction (so a retry after a lost answer finds it, even across a crash), looked
 * up before a write runs, and pruned as they age.
 */
public final class IdempotencyService {

  public static final Duration KEPT = Duration.ofHours(24);
  private static final long PRUNE_EVERY_MILLIS = Duration.ofMinutes(10).toMillis();

  private final Database db;
  private final AtomicLong lastPrune = new AtomicLong();

  public IdempotencyService(Database db) {
    this.db = db;
  }

  /** The answer saved under a key within the last day, if any. */
  public Optional<IdempotentAnswer> find(String key) {
    return new QIdempotentAnswer(db).idempotencyKey.eq(key).createdAt.after(Instant.now().minus(KEPT))
        .findOneOrEmpty();
  }

  /** Saves an answer; call inside the write's transaction. A concurrent save of the same key fails on its unique index. */
  public void save(IdempotentAnswer answer) {
    pruneNowAndThen();
    // a key may come back after a day: its old answer goes
    new QIdempotentAnswer(db).idempotencyKey.eq(answer.getIdempotencyKey()).createdAt.before(Instant.now().minus(KEPT))
        .delete();
    db.save(answer);
  }

  private void pruneNowAndThen() {
    long now = System.currentTimeMillis();
    long last = lastPrune.get();
    if (now - last >= PRUNE_EVERY_MILLIS && lastPrune.compareAndSet(last, now)) {
      new QIdempotentAnswer(db).createdAt.before(Instant.now().minus(KEPT)).delete();
    }
  }
}
