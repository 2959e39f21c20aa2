package tracker.db;

import io.ebean.Database;
import io.ebean.Transaction;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tracker.core.TrackerException;

/**
 * Runs service work in one write transaction: everything or nothing.
 *
 * <p>On SQLite there is a single writer. SQLite admits one writing transaction at a time anyway;
 * a deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when
 * another connection committed in between (the busy timeout does not help there). Queuing
 * writers on a fair in-process lock means no writer ever meets another inside SQLite, while
 * readers keep running concurrently thanks to WAL. The busy timeout covers other processes
 * (a backup, a second tool). PostgreSQL needs no gate: its row locks do the work.
 */
public final class Transactions {

  private final Database db;
  private final ReentrantLock writerGate;
  private final AtomicLong commits = new AtomicLong();
  /** What to do once the current thread's write transaction commits. */
  private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();

  public Transactions(Database db, DatabaseKind kind) {
    this.db = db;
    this.writerGate = kind.hasSingleWriter() ? new ReentrantLock(false) : null;
  }

  /**
   * How many write transactions this process has committed: a cache of data derived from the
   * database (the plan graph) is fresh while this number has not moved.
   */
  public long commits() {
    return commits.get();
  }

  /** What an operator may watch: waits for SQLite's single writer, and writes run again after a collision. */
  public interface Observer {
    void waitedForWriter(long nanos);

    void retried();
  }

  private volatile Observer observer = new Observer() {
    @Override
    public void waitedForWriter(long nanos) {
      // nobody watching
    }

    @Override
    public void retried() {
      // nobody watching
    }
  };

  public void observe(Observer observer) {
    this.observer = observer;
  }

  /** How often a write that met a concurrent one is run again before the client is told (409). */
  static final int ATTEMPTS = 20;

  /**
   * Thrown by work that found the state it read changed before it could write (a version guard
   * matched no row): the whole transaction is run again on fresh state.
   */
  public static final class Retry extends RuntimeException {
    public Retry(String message) {
      super(message);
    }
  }

  /**
   * Runs work in a write transaction, joining the caller's transaction if there is one. Work
   * that collides with a concurrent write (a serialization failure or deadlock on PostgreSQL, an
   * optimistic-lock failure, a {@link Retry}) is run again, so a client never sees the race.
   */
  public <T> T write(Supplier<T> work) {
    if (db.currentTransaction() != null) {
      return work.get(); // part of the caller's transaction
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return writeOnce(work);
      } catch (RuntimeException e) {
        if (!collided(e)) {
          throw e;
        }
        if (attempt == ATTEMPTS) {
          throw TrackerException.conflict("the change kept meeting concurrent changes; try again ("
              + e.getMessage() + ")");
        }
        observer.retried();
        backOff(attempt);
      }
    }
  }

  private <T> T writeOnce(Supplier<T> work) {
    List<Runnable> callbacks = new ArrayList<>();
    T result;
    if (writerGate != null) {
      long asked = System.nanoTime();
      writerGate.lock();
      observer.waitedForWriter(System.nanoTime() - asked);
    }
    try {
      afterCommit.set(callbacks);
      try (Transaction tx = db.beginTransaction()) {
        result = work.get();
        // Committed on the connection, after sending what Ebean still batches: Ebean's own commit
        // hands every write transaction to a background thread for its L2 cache and listeners,
        // which this application does not use, and waking that thread costs more than a status
        // change's UPDATE (ServiceVsJdbcBenchmark). Closing the transaction then rolls back nothing.
        // What this forbids: Ebean's L2 (bean and query) cache and its persist and transaction
        // listeners would never hear of these commits; work after a commit goes in afterCommit.
        tx.flush();
        try {
          tx.connection().commit();
        } catch (SQLException e) {
          throw new PersistenceException(e.getMessage(), e); // a serialization failure is retried
        }
        commits.incrementAndGet();
      } finally {
        afterCommit.remove();
      }
    } finally {
      if (writerGate != null) {
        writerGate.unlock();
      }
    }
    callbacks.forEach(Runnable::run); // outside the gate: announcing must not hold up other writers
    return result;
  }

  /** Whether a failure is a collision with a concurrent transaction, which running again resolves. */
  static boolean collided(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof Retry || t instanceof OptimisticLockException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
        return true; // PostgreSQL: serialization failure, deadlock detected
      }
    }
    return false;
  }

  /**
   * Whether a failure is the connection pool staying empty past its wait: the server is busy, not
   * broken, and the client may try again (503 with Retry-After rather than a 500).
   */
  public static boolean poolExhausted(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.ebean.datasource.ConnectionPoolExhaustedException) {
        return true;
      }
    }
    return false;
  }

  /** A random pause that grows with each attempt (up to 64 ms), so colliding writers drift apart. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextInt(1, 1 + Math.min(64, 1 << attempt)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying a write", e);
    }
  }

  /**
   * Runs {@code action} after the current write transaction commits (never if it rolls back);
   * outside a write transaction, at once.
   */
  public void afterCommit(Runnable action) {
    List<Runnable> callbacks = afterCommit.get();
    if (callbacks == null) {
      action.run();
    } else {
      callbacks.add(action);
    }
  }

  /**
   * Locks one row until the current write transaction ends, before the work reads it, so
   * concurrent changes of the same row queue instead of colliding (PostgreSQL; SQLite has a
   * single writer already).
   */
  public void lockRow(String table, long id) {
    lockOnPostgres("select 1 from " + table + " where id = :key for update", id);
  }

  /**
   * Makes the current write transaction the only one, among all processes on this database, that
   * holds {@code topic} until it commits: for rules that read many rows before they write (no
   * dependency cycle). SQLite has a single writer already; PostgreSQL takes an advisory lock.
   */
  public void serialize(String topic) {
    lockOnPostgres("select pg_advisory_xact_lock(:key)", topic.hashCode());
  }

  /** Runs a locking query with one parameter, {@code :key}, on PostgreSQL; SQLite's writer gate is the lock there. */
  private void lockOnPostgres(String sql, long key) {
    if (writerGate == null) {
      jdbc(c -> {
        try (NamedSql.Bound lock = NamedSql.of(sql).prepare(c).set("key", key)) {
          lock.query().close();
        }
        return null;
      });
    }
  }

  /**
   * Runs several reads on one connection and one consistent snapshot; no writer gate. The
   * transaction ends by rolling back: there is nothing to commit, and Ebean hands every commit to
   * a background thread for cache notification, a thread wake-up per read.
   */
  public <T> T read(Supplier<T> work) {
    if (db.currentTransaction() != null) {
      return work.get();
    }
    try (Transaction ignored = db.beginTransaction()) {
      return work.get();
    }
  }

  /** Work on the JDBC connection of the current transaction, or of a new read transaction. */
  public interface OnConnection<T> {
    T apply(Connection connection) throws SQLException;
  }

  /**
   * Runs plain JDBC on the connection of the current transaction: for the hot paths where building
   * beans costs more than the statement itself. Outside a transaction the work gets a pooled
   * connection and one snapshot of its own, ended by a rollback, without Ebean's transaction
   * bookkeeping: such work only reads (a write belongs in {@link #write}).
   */
  public <T> T jdbc(OnConnection<T> work) {
    try {
      Transaction current = db.currentTransaction();
      if (current != null) {
        return work.apply(current.connection());
      }
      try (Connection connection = db.dataSource().getConnection()) {
        try {
          return work.apply(connection);
        } finally {
          connection.rollback();
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException(e.getMessage(), e);
    }
  }

  public void write(Runnable work) {
    write(() -> {
      work.run();
      return null;
    });
  }
}
