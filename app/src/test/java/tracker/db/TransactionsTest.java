package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tracker.core.Actor;
import tracker.activity.Changes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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

  /**
   * Writers that queue behind the single writer are committed together, each still all or
   * nothing: one that fails leaves nothing behind and the others commit, each as its own caller
   * (the actor), and each caller is answered only after its write committed.
   */
  @Test
  void writers_that_queue_together_commit_together_and_a_failed_one_leaves_nothing() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      Transactions tx = tracker.database().transactions();
      ExecutorService pool = Executors.newFixedThreadPool(17);
      try {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> tx.write(() -> {
          insert(tracker, "first");
          holding.countDown();
          await(release); // keeps the writer while the others queue
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        long commitsBefore = tx.commits();
        List<Future<Long>> queued = new ArrayList<>();
        List<Thread> writers = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.Map<String, String> announcedOn = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < 16; i++) {
          String worker = "worker-" + i;
          boolean fails = i == 7;
          queued.add(pool.submit(() -> {
            Actor.set(worker);
            writers.add(Thread.currentThread());
            long written = tx.write(() -> {
              insert(tracker, Actor.current());
              if (fails) {
                throw new IllegalArgumentException("refused after writing");
              }
              tx.afterCommit(() -> announcedOn.put(worker, Thread.currentThread().getName()
                  + (count(tracker, "select count(*) as n from activity where actor = '" + worker + "'") == 1
                  ? "" : " before the commit")));
              return count(tracker, "select count(*) as n from activity");
            });
            // announced after the commit, on the caller's own thread, as if it had written alone
            assertThat(announcedOn.get(worker)).isEqualTo(Thread.currentThread().getName());
            return written;
          }));
        }
        // all sixteen wait behind the first (parked in the queue), so one of them leads them all
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writers.size() < 16 || writers.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
          assertThat(System.nanoTime()).as("the writers queue").isLessThan(deadline);
          Thread.sleep(5);
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          try {
            queued.get(i).get(10, TimeUnit.SECONDS);
          } catch (java.util.concurrent.ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
            refused.add("worker-" + i);
          }
        }
        assertThat(refused).containsExactly("worker-7");
        assertThat(tracker.database().ebean().sqlQuery("select actor from activity where action = 'grouped' order by id")
            .mapToScalar(String.class).findList())
            .hasSize(16).contains("first", "worker-0", "worker-15").doesNotContain("worker-7");
        assertThat(tx.commits() - commitsBefore).as("commits for the first and the sixteen queued").isLessThan(16);
        assertThat(announcedOn).hasSize(15).doesNotContainKey("worker-7");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /**
   * A read of one statement runs on the current write's connection inside it, and outside one in
   * autocommit mode: each read sees what committed before it, never a snapshot a pooled connection
   * kept from an earlier read.
   */
  @ParameterizedTest
  @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
  void a_read_of_one_statement_sees_its_write_inside_it_and_every_commit_before_it_outside(String database) {
    try (Tracker tracker = TestDatabases.open(database, dir)) {
      Transactions tx = tracker.database().transactions();
      long before = activityRows(tx);
      long seenInside = tx.write(() -> {
        insert(tracker, "inside");
        return activityRows(tx);
      });
      assertThat(seenInside).isEqualTo(before + 1);
      for (int i = 1; i <= 40; i++) {
        // a pooled connection that kept the snapshot of its last read would count the rows before this commit
        assertThat(activityRows(tx)).isEqualTo(before + i);
        tx.write(() -> insert(tracker, "outside"));
      }
    }
  }

  /**
   * PostgreSQL sends a write's last history entry with its COMMIT, in one round trip
   * (Transactions.sendWithCommit): when that entry fails, nothing of the write stays; an entry
   * recorded before it is sent first, so entries keep their order; and it still works once the
   * driver prepares the statement on the server (from its fifth use).
   */
  @Test
  void on_postgresql_an_entry_sent_with_the_commit_fails_with_its_write_and_entries_keep_their_order() {
    try (Tracker tracker = TestDatabases.open(TestDatabases.POSTGRESQL, dir)) {
      Transactions tx = tracker.database().transactions();
      long before = activityRows(tx);
      assertThatThrownBy(() -> tx.write(() -> {
        insert(tracker, "written before the entry");
        tracker.activity().task(1, "x".repeat(41), Changes.of(), "tester"); // longer than the column
        return null;
      })).hasMessageContaining("too long");
      assertThat(activityRows(tx)).isEqualTo(before);

      tx.write(() -> {
        tracker.activity().task(1, "first", Changes.of(), "tester");
        tracker.activity().task(1, "second", Changes.of(), "tester");
        return null;
      });
      for (int i = 0; i < 8; i++) {
        tx.write(() -> tracker.activity().task(1, "again", Changes.of(), "tester"));
      }
      assertThat(tracker.database().ebean().sqlQuery("select action from activity where actor = 'tester' order by id")
          .mapToScalar(String.class).findList())
          .containsExactly("first", "second", "again", "again", "again", "again", "again", "again", "again", "again");
    }
  }

  private static long activityRows(Transactions tx) {
    return tx.oneStatement(c -> {
      try (var s = c.prepareStatement("select count(*) from activity"); var rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private static void insert(Tracker tracker, String actor) {
    tracker.database().ebean().sqlUpdate("insert into activity (created_at, actor, entity, action, changes)"
        + " values (current_timestamp, :actor, 'task', 'grouped', '{}')").setParameter("actor", actor).execute();
  }

  private static long count(Tracker tracker, String sql) {
    return tracker.database().ebean().sqlQuery(sql).findOne().getLong("n");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
