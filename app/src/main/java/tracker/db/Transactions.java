package tracker.db;

import io.ebean.Database;
import io.ebean.Transaction;
import io.ebean.bean.PersistenceContext;
import io.ebeaninternal.api.SpiTransaction;
import io.ebeaninternal.server.persist.BatchControl;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import tracker.core.Actor;
import tracker.core.TrackerException;

/**
 * Runs service work in one write transaction: everything or nothing.
 *
 * <p>On SQLite there is a single writer. SQLite admits one writing transaction at a time anyway;
 * a deferred transaction that reads and then writes can fail at once with SQLITE_BUSY when
 * another connection committed in between (the busy timeout does not help there). Queuing
 * writers behind an in-process gate means no writer ever meets another inside SQLite, while
 * readers keep running concurrently thanks to WAL; writers that queue together are committed
 * together (group commit, see {@link Pending}). The busy timeout covers other processes (a
 * backup, a second tool). PostgreSQL needs no gate: its row locks do the work.
 */
public final class Transactions {

  private final Database db;
  private final ReentrantLock writerGate;
  private final AtomicLong commits = new AtomicLong();
  /** What to do once the current thread's write transaction commits. */
  private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();
  /** The write whose work runs on this thread now (see {@link #sendWithCommit}). */
  private final ThreadLocal<Pending<?>> running = new ThreadLocal<>();

  /** Connections in autocommit mode, for reads of one statement (see {@link #oneStatement}). */
  private final javax.sql.DataSource statementReads;

  public Transactions(Database db, DatabaseKind kind, javax.sql.DataSource statementReads) {
    this.db = db;
    this.writerGate = kind.hasSingleWriter() ? new ReentrantLock(false) : null;
    this.statementReads = statementReads;
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
    return write(work, false);
  }

  /**
   * As {@link #write(Supplier)}, but the work runs on the calling thread, alone in its transaction,
   * never in another writer's group: for work bound to its thread, such as an HTTP handler that
   * answers its own request inside the transaction (Idempotency-Key).
   */
  public <T> T writeOnThisThread(Supplier<T> work) {
    return write(work, true);
  }

  private <T> T write(Supplier<T> work, boolean onThisThread) {
    if (db.currentTransaction() != null) {
      return work.get(); // part of the caller's transaction
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return onThisThread ? writeAlone(work) : writeOnce(work);
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
    if (writerGate == null) {
      return writeAlone(work);
    }
    Pending<T> mine = new Pending<>(work, Actor.acting());
    waiting.add(mine);
    while (!mine.done) {
      if (writerGate.tryLock()) {
        try {
          while (!mine.done) {
            run(nextGroup());
          }
        } finally {
          writerGate.unlock();
        }
        wakeNextLeader();
      } else {
        LockSupport.park(this);
      }
    }
    return mine.outcome();
  }

  private <T> T writeAlone(Supplier<T> work) {
    Pending<T> alone = new Pending<>(work, Actor.acting());
    if (writerGate == null) {
      run(List.of(alone));
      return alone.outcome();
    }
    writerGate.lock();
    try {
      run(List.of(alone));
    } finally {
      writerGate.unlock();
    }
    wakeNextLeader();
    return alone.outcome();
  }

  /**
   * A write waiting for SQLite's single writer. Whichever waiting writer takes the gate runs the
   * work of those queued behind it, in their order, in one transaction with a savepoint each, and
   * commits once: throughput grows with the number of writers instead of each one paying its own
   * commit and hand-over of the gate. The owner is woken once the group committed (or its own
   * work failed), so an answer still means committed.
   */
  private final class Pending<T> {
    final Supplier<T> work;
    /** Who acts for the owner: the work records them, on whichever thread runs it. */
    final Actor.Acting acting;
    final Thread owner = Thread.currentThread();
    final long asked = System.nanoTime();
    final List<Runnable> callbacks = new ArrayList<>();
    /** The statement held back to travel with the commit (see {@link #sendWithCommit}). */
    WithCommit held;
    T result;
    Throwable failure;
    volatile boolean done;

    Pending(Supplier<T> work, Actor.Acting acting) {
      this.work = work;
      this.acting = acting;
    }

    /** Runs the work on this thread, in the transaction under way, as the owner's thread would. */
    boolean runHere() {
      Actor.Acting here = Actor.acting();
      Actor.act(acting);
      afterCommit.set(callbacks);
      running.set(this);
      try {
        result = work.get();
        return true;
      } catch (RuntimeException | Error e) {
        failure = e;
        return false;
      } finally {
        afterCommit.remove();
        running.remove();
        Actor.act(here);
      }
    }

    void forget() {
      held = null;
      result = null;
      failure = null;
      callbacks.clear();
    }

    void finish() {
      done = true;
      if (owner != Thread.currentThread()) {
        LockSupport.unpark(owner);
      }
    }

    /** On the owner's thread: announces what committed (outside the gate), then answers. */
    T outcome() {
      if (failure instanceof RuntimeException e) {
        throw e;
      }
      if (failure instanceof Error e) {
        throw e;
      }
      callbacks.forEach(Runnable::run);
      return result;
    }
  }

  /** The most writes committed together: bounds how long the first of them waits for the last. */
  static final int MOST_IN_GROUP = 64;

  private final ConcurrentLinkedQueue<Pending<?>> waiting = new ConcurrentLinkedQueue<>();

  private List<Pending<?>> nextGroup() {
    List<Pending<?>> group = new ArrayList<>();
    for (Pending<?> next; group.size() < MOST_IN_GROUP && (next = waiting.poll()) != null; ) {
      group.add(next);
    }
    return group;
  }

  /** After the gate is let go: the writer first in line takes it next, unless a newcomer did. */
  private void wakeNextLeader() {
    Pending<?> next = waiting.peek();
    if (next != null) {
      LockSupport.unpark(next.owner);
    }
  }

  /**
   * Runs a group of writes in one transaction, each all or nothing: a failed one is rolled back to
   * its savepoint and answered with its failure while the others commit. Should a failure leave
   * Ebean's batch holding statements (nothing can undo those alone), the transaction rolls back
   * and each of the others runs again alone.
   */
  private void run(List<Pending<?>> group) {
    if (group.isEmpty()) {
      return;
    }
    if (writerGate != null) {
      long started = System.nanoTime();
      group.forEach(p -> observer.waitedForWriter(started - p.asked));
    }
    List<Pending<?>> again = List.of();
    try (Transaction tx = db.beginTransaction()) {
      Connection connection = tx.connection();
      boolean alone = group.size() == 1;
      for (int i = 0; i < group.size(); i++) {
        Pending<?> pending = group.get(i);
        Savepoint savepoint = alone ? null : connection.setSavepoint();
        boolean ran = pending.runHere() && flushed(tx, pending);
        if (alone) {
          break;
        }
        if (ran) {
          connection.releaseSavepoint(savepoint);
        } else if (nothingQueued(tx)) {
          connection.rollback(savepoint);
        } else {
          again = new ArrayList<>(group);
          again.remove(pending);
          again.forEach(Pending::forget);
          group = List.of(pending);
          break; // closing the transaction rolls everything back
        }
        persistenceContext(tx).clear(); // the next work reads the rows afresh, not beans this one kept
      }
      if (group.stream().anyMatch(p -> p.failure == null)) {
        // Committed on the connection: Ebean's own commit hands every write transaction to a
        // background thread for its L2 cache and listeners, which this application does not use,
        // and waking that thread costs more than a status change's UPDATE (ServiceVsJdbcBenchmark).
        // Closing the transaction then rolls back nothing. What this forbids: Ebean's L2 (bean and
        // query) cache and its persist and transaction listeners would never hear of these
        // commits; work after a commit goes in afterCommit.
        Pending<?> only = group.get(0);
        if (alone && only.held != null) {
          only.held.send(connection, true);
        }
        connection.commit(); // nothing left to do when the held statement committed
        commits.incrementAndGet();
      }
    } catch (SQLException | RuntimeException e) {
      // the commit (or a savepoint) failed: nothing of the group is written
      PersistenceException failure = e instanceof PersistenceException pe ? pe : new PersistenceException(e.getMessage(), e);
      group.stream().filter(p -> p.failure == null).forEach(p -> {
        p.forget();
        p.failure = failure; // a serialization failure is retried by the caller's write()
      });
    }
    group.forEach(Pending::finish);
    again.forEach(p -> run(List.of(p)));
  }

  /** Sends what Ebean still batches, so that the work's statements are inside its savepoint. */
  private static boolean flushed(Transaction tx, Pending<?> pending) {
    try {
      tx.flush();
      return true;
    } catch (RuntimeException e) {
      pending.failure = e;
      return false;
    }
  }

  private static boolean nothingQueued(Transaction tx) {
    BatchControl batch = ((SpiTransaction) tx).batchControl();
    return batch == null || batch.isEmpty();
  }

  private static PersistenceContext persistenceContext(Transaction tx) {
    return ((SpiTransaction) tx).persistenceContext();
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

  /** A statement that can travel with the commit: {@code send} sends it, and COMMIT with it when asked. */
  public interface WithCommit {
    void send(Connection connection, boolean commit) throws SQLException;
  }

  /**
   * Sends {@code statement} with the commit of the current write, in the same round trip
   * (PostgreSQL, whose driver runs both in one exchange): for the last statement of a write that
   * holds a lock every writer needs until it commits (the history's commit order, see
   * ActivityLog), which then is held for no round trip to the client. Only the last one travels
   * with the commit: one held back before is sent now, on its own. Sent at once on SQLite (a
   * group of writes commits together there) and outside a write run by this class.
   */
  public void sendWithCommit(Connection connection, WithCommit statement) throws SQLException {
    Pending<?> write = running.get();
    if (write == null || writerGate != null) {
      statement.send(connection, false);
      return;
    }
    sendHeldNow(connection);
    write.held = statement;
  }

  /** Sends the statement held for the current write's commit now, for statements that must follow it. */
  public void sendHeldNow(Connection connection) throws SQLException {
    Pending<?> write = running.get();
    if (write != null && write.held != null) {
      WithCommit held = write.held;
      write.held = null;
      held.send(connection, false);
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

  /**
   * Runs a read of one statement: on the connection of the current transaction, or outside one on
   * a connection in autocommit mode, where the statement is its own snapshot and no transaction
   * is begun or ended around it (on SQLite a rollback and a begin, about 4 % of the by-id read's
   * CPU under wrk; on PostgreSQL a round trip).
   */
  public <T> T oneStatement(OnConnection<T> work) {
    if (db.currentTransaction() != null) {
      return jdbc(work);
    }
    try (Connection connection = statementReads.getConnection()) {
      return work.apply(connection);
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
