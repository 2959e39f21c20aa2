package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.core.TrackerException;
import tracker.support.TestDatabases;

/** Writes that collide with concurrent ones are run again inside the service, never shown to a client. */
class TransactionsTest {

  @TempDir
  Path dir;

  @Test
  void a_collision_is_run_again_and_only_the_last_attempt_commits() {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      Transactions tx = tracker.database().transactions();
      AtomicInteger attempts = new AtomicInteger();
      String answer = tx.write(() -> {
        tracker.database().ebean().sqlUpdate("insert into activity (created_at, actor, entity, action, changes)"
            + " values (current_timestamp, 'test', 'task', 'try', '{}')").execute();
        if (attempts.incrementAndGet() < 3) {
          throw new RuntimeException("wrapped", new SQLException("could not serialize access", "40001"));
        }
        return "done";
      });
      assertThat(answer).isEqualTo("done");
      assertThat(attempts).hasValue(3);
      assertThat(tracker.database().ebean().sqlQuery("select count(*) as n from activity").findOne().getLong("n"))
          .isOne();
    }
  }

  @Test
  void a_write_that_keeps_colliding_ends_in_a_409_and_other_failures_are_not_retried() {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      Transactions tx = tracker.database().transactions();
      AtomicInteger attempts = new AtomicInteger();
      assertThatThrownBy(() -> tx.write(() -> {
        attempts.incrementAndGet();
        throw new Transactions.Retry("version moved");
      })).isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.status()).isEqualTo(409));
      assertThat(attempts).hasValue(Transactions.ATTEMPTS);

      AtomicInteger once = new AtomicInteger();
      assertThatThrownBy(() -> tx.write(() -> {
        once.incrementAndGet();
        throw new IllegalStateException("a bug, not a collision");
      })).isInstanceOf(IllegalStateException.class);
      assertThat(once).hasValue(1);
    }
  }

  @Test
  void deadlocks_and_serialization_failures_count_as_collisions() {
    assertThat(Transactions.collided(new SQLException("deadlock detected", "40P01"))).isTrue();
    assertThat(Transactions.collided(new RuntimeException(new SQLException("x", "40001")))).isTrue();
    assertThat(Transactions.collided(new SQLException("unique violation", "23505"))).isFalse();
  }
}
