package tracker.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tracker.core.Numbers;
import tracker.core.Actor;
import tracker.core.ChangeFeed;
import tracker.core.Rules;
import tracker.db.DatabaseKind;
import tracker.db.NamedSql;
import tracker.db.Transactions;

/**
 * The append-only activity history. Every service change records its entry here inside its own
 * write transaction, so an entry exists exactly when its change was committed; listeners are
 * told once the transaction commits.
 */
public class ActivityLog {

  /** Every action an entry can name, and every kind of entity (the contract's enums; a test keeps them equal). */
  public static final java.util.Set<String> ACTIONS = java.util.Set.of("created", "updated", "deleted",
      "status_changed", "progress_added", "comment_added", "dependency_added", "dependency_removed", "claimed",
      "heartbeat", "lease_expired", "task_status_changed", "log_added", "imported", "completed_with_subtasks",
      "reopened_by_subtask", "stale_write_refused", "restored", "purged", "identity_created", "role_changed",
      "token_created", "token_revoked");
  public static final java.util.Set<String> ENTITIES = java.util.Set.of("task", "group", "import", "identity");

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Map<String, Object>>> CHANGES = new TypeReference<>() {};
  private static final String INSERT_INTO = """
      insert into activity (created_at, actor, entity, entity_id, task_id, group_id, action, changes)\s""";
  private static final String ENTRY = ":at, :actor, :entity, :entity_id, :task_id, :group_id, :action, :changes";
  private static final NamedSql INSERT = NamedSql.of(INSERT_INTO + "values (" + ENTRY + ")");
  private static final String COLUMNS = """
      select id, created_at, actor, entity, entity_id, task_id, group_id, action, changes from activity\s""";
  private static final NamedSql HISTORY = NamedSql.of(COLUMNS + "where task_id = :task order by id");
  private static final NamedSql RECENT = NamedSql.of(COLUMNS + "order by id desc limit :limit");
  private static final NamedSql AFTER = NamedSql.of(COLUMNS + "where id > :since order by id limit :limit");
  private static final NamedSql TOUCHED = NamedSql.of("""
      select task_id, action from activity where id > :after and id <= :up_to order by id limit :limit""");
  /**
   * PostgreSQL: the entry, the lock that keeps ids in commit order (see {@link
   * #keepIdsInCommitOrder}; the id is drawn after it is held, as the row comes out of the
   * subquery) and the word to other instances, in one round trip: the lock is held from here to
   * the commit, so each statement after it made every writer on every instance wait longer.
   */
  private static final String ENTRY_IN_COMMIT_ORDER = INSERT_INTO + "select " + ENTRY
      + " from (select pg_advisory_xact_lock(:key), pg_notify(:channel, '')) as in_commit_order";
  private static final NamedSql INSERT_IN_COMMIT_ORDER = NamedSql.of(ENTRY_IN_COMMIT_ORDER);
  /**
   * The same and the commit, in one round trip ({@link Transactions#sendWithCommit}): the lock
   * is then held while PostgreSQL runs the two, not while the answer travels to the server
   * instance and its COMMIT back, with every other writer of every instance waiting for it.
   */
  private static final NamedSql INSERT_AND_COMMIT = NamedSql.of(ENTRY_IN_COMMIT_ORDER + "; commit");
  private static final NamedSql NOTIFY = NamedSql.of("select pg_notify(:channel, '')");
  private static final NamedSql ORDER = NamedSql.of("select pg_advisory_xact_lock(:key)");
  /** Any fixed number: the key of the PostgreSQL lock that keeps activity ids in commit order. */
  private static final long ORDER_LOCK = 7_070_001L;

  /**
   * Actions that leave every ready task ready and in its order (a claim only takes its own task
   * out), unless they also moved a task's status: a progress of 100 % completes, a blocker
   * comment blocks, a solution unblocks.
   */
  static final java.util.Set<String> KEEP_THE_ORDER = java.util.Set.of("claimed", "heartbeat", "progress_added",
      "comment_added", "stale_write_refused", "log_added");

  private final Transactions tx;
  private final DatabaseKind kind;
  private final ChangeFeed feed;
  private final java.util.concurrent.atomic.AtomicLong orderChanges = new java.util.concurrent.atomic.AtomicLong();

  public ActivityLog(Transactions tx, DatabaseKind kind, ChangeFeed feed) {
    this.tx = tx;
    this.kind = kind;
    this.feed = feed;
  }

  /** Records a change of a task; {@code namedActor} (a request's updated_by or worker) wins over the current actor. */
  public void task(long taskId, String action, Changes changes, String namedActor) {
    record("task", taskId, taskId, null, action, changes, namedActor);
  }

  /** Records a change of a group (and of one of its tasks, when {@code taskId} is given). */
  public void group(long groupId, Long taskId, String action, Changes changes) {
    record("group", groupId, taskId, groupId, action, changes, null);
  }

  /** Records a change of the team: an identity made, its role changed, a token made or revoked. */
  public void identity(long identityId, String action, Changes changes) {
    record("identity", identityId, null, null, action, changes, null);
  }

  /** Records an import of many rows at once, with its counts. */
  public void imported(Changes counts) {
    record("import", null, null, null, "imported", counts, null);
  }

  /**
   * One entry: a single INSERT on the connection of the change's write transaction (the most
   * frequent write path); joining it costs nothing, and it keeps the entry from being rolled back
   * as a read if a caller forgot its transaction.
   */
  private void record(String entity, Long entityId, Long taskId, Long groupId, String action, Changes changes,
      String namedActor) {
    // what the entry says is taken now: on PostgreSQL the statement may be sent later, with the commit
    Instant now = Instant.now();
    String actor = Actor.or(namedActor);
    String fields = json(changes);
    tx.write(() -> tx.jdbc(c -> {
      if (kind.hasSingleWriter()) {
        try (NamedSql.Bound insert = INSERT.prepare(c)) {
          bind(insert, now, entity, entityId, taskId, groupId, action, fields, actor).update();
        }
      } else {
        tx.sendWithCommit(c, (connection, commit) -> {
          try (NamedSql.Bound insert = (commit ? INSERT_AND_COMMIT : INSERT_IN_COMMIT_ORDER).prepare(connection)) {
            bind(insert, now, entity, entityId, taskId, groupId, action, fields, actor)
                .set("key", ORDER_LOCK).set("channel", PostgresWakeUp.CHANNEL).update();
          }
        });
      }
      return null;
    }));
    tx.afterCommit(feed::committed);
    if (!KEEP_THE_ORDER.contains(action) || (!action.equals("claimed") && changes.fields().containsKey("status"))) {
      tx.afterCommit(orderChanges::incrementAndGet);
    }
  }

  /**
   * How many changes committed by this process may have changed which tasks are ready, or their
   * order (everything but claims, heartbeats and the like); counted once committed, so a plan read
   * after this number was taken holds every change it counts. Other processes' changes show in
   * {@link #stamp} only.
   */
  public long orderChanges() {
    return orderChanges.get();
  }

  private static NamedSql.Bound bind(NamedSql.Bound insert, Instant at, String entity, Long entityId, Long taskId,
      Long groupId, String action, String changes, String namedActor) throws SQLException {
    return insert.set("at", at).set("actor", Actor.or(namedActor)).set("entity", entity)
        .set("entity_id", entityId).set("task_id", taskId).set("group_id", groupId).set("action", action)
        .set("changes", changes);
  }

  private static String json(Changes changes) {
    try {
      return JSON.writeValueAsString(changes.fields());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PostgreSQL: other instances hear of this change when it commits (see PostgresWakeUp). */
  private void notifyOtherInstances(Connection c) throws SQLException {
    if (!kind.hasSingleWriter()) {
      try (NamedSql.Bound notify = NOTIFY.prepare(c).set("channel", PostgresWakeUp.CHANNEL)) {
        notify.query().close();
      }
    }
  }

  /**
   * Entries written through one prepared statement, for changes of many rows (bulk requests);
   * must be used inside a write transaction and closed before it commits.
   */
  public Batch batch() {
    return new Batch();
  }

  /** Entries of one write transaction, sent to the database as one JDBC batch on close. */
  public final class Batch implements AutoCloseable {

    private final NamedSql.Bound insert;
    private final Instant now = Instant.now();
    private int pending;

    private Batch() {
      insert = tx.jdbc(c -> {
        tx.sendHeldNow(c); // an entry recorded before comes before these
        keepIdsInCommitOrder(c);
        return INSERT.prepare(c);
      });
    }

    public void task(long taskId, String action, Changes changes, String namedActor) {
      add("task", taskId, taskId, null, action, changes, namedActor);
    }

    void add(String entity, Long entityId, Long taskId, Long groupId, String action, Changes changes,
        String namedActor) {
      try {
        bind(insert, now, entity, entityId, taskId, groupId, action, json(changes), namedActor).jdbc().addBatch();
        if (++pending == 1000) {
          insert.jdbc().executeBatch();
          pending = 0;
        }
      } catch (SQLException e) {
        throw new jakarta.persistence.PersistenceException(e.getMessage(), e);
      }
    }

    @Override
    public void close() {
      try (insert) {
        if (pending > 0) {
          insert.jdbc().executeBatch();
        }
        notifyOtherInstances(insert.jdbc().getConnection());
      } catch (SQLException e) {
        throw new jakarta.persistence.PersistenceException(e.getMessage(), e);
      }
      tx.afterCommit(feed::committed);
      tx.afterCommit(orderChanges::incrementAndGet); // a bulk change: taken as one that reorders
    }
  }

  /**
   * On PostgreSQL, writers that record activity queue here until they commit, so a reader that
   * has seen id N has seen every id below it (the live stream and Last-Event-ID depend on it).
   * SQLite has a single writer already.
   */
  private void keepIdsInCommitOrder(Connection c) throws SQLException {
    if (!kind.hasSingleWriter()) {
      try (NamedSql.Bound lock = ORDER.prepare(c).set("key", ORDER_LOCK)) {
        lock.query().close();
      }
    }
  }

  // ---- reading ----

  /**
   * Entries after {@code sinceId}, oldest first, optionally of one task or group: a script
   * follows the history by passing the last id it saw. Malformed parameters are a 400.
   */
  public List<ActivityView> list(String sinceId, String taskId, String groupId, String limit) {
    Rules rules = new Rules();
    long since = number(rules, "since_id", sinceId, 0, 0);
    long task = number(rules, "task_id", taskId, 1, 0);
    long group = number(rules, "group_id", groupId, 1, 0);
    long max = number(rules, "limit", limit, 1, DEFAULT_LIMIT);
    if (max > MAX_LIMIT) {
      rules.add("limit", "must be at most " + MAX_LIMIT);
    }
    rules.checkAsBadRequest("Invalid query parameters");
    Map<String, Long> params = new LinkedHashMap<>(Map.of("since", since, "limit", max));
    StringBuilder sql = new StringBuilder(COLUMNS).append("where id > :since");
    if (task > 0) {
      sql.append(" and task_id = :task");
      params.put("task", task);
    }
    if (group > 0) {
      sql.append(" and group_id = :group");
      params.put("group", group);
    }
    return query(NamedSql.of(sql.append(" order by id limit :limit").toString()), params);
  }

  /** A task's history, oldest first. */
  public List<ActivityView> history(long taskId) {
    return query(HISTORY, Map.of("task", taskId));
  }

  /** The newest entries, newest first (the dashboard). */
  public List<ActivityView> recent(int limit) {
    return query(RECENT, Map.of("limit", (long) limit));
  }

  /** Entries after an id, oldest first, at most {@code limit}. */
  public List<ActivityView> after(long id, int limit) {
    return query(AFTER, Map.of("since", id, "limit", (long) limit));
  }

  /** The stamp data read now is current under (see {@link ChangeStamp}). */
  public ChangeStamp stamp() {
    long commits = tx.commits();
    return new ChangeStamp(commits, lastId());
  }

  /** A task an entry is about (null for a group or an import) and what the entry did. */
  public record Touch(Long taskId, String action) {}

  /** What the entries after {@code afterId} up to {@code upToId} touched, oldest first, at most {@code limit}. */
  public List<Touch> touchedBetween(long afterId, long upToId, int limit) {
    return tx.oneStatement(c -> {
      try (NamedSql.Bound s = TOUCHED.prepare(c).set("after", afterId).set("up_to", upToId).set("limit", limit);
          ResultSet rs = s.query()) {
        List<Touch> touched = new ArrayList<>();
        while (rs.next()) {
          touched.add(new Touch(nullableLong(rs, "task_id"), rs.getString("action")));
        }
        return touched;
      }
    });
  }

  public long lastId() {
    return tx.oneStatement(c -> {
      try (PreparedStatement s = c.prepareStatement("select coalesce(max(id), 0) as last_id from activity");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong("last_id");
      }
    });
  }

  private List<ActivityView> query(NamedSql sql, Map<String, Long> params) {
    return tx.jdbc(c -> {
      try (NamedSql.Bound s = sql.prepare(c)) {
        for (Map.Entry<String, Long> param : params.entrySet()) {
          s.set(param.getKey(), (long) param.getValue());
        }
        List<ActivityView> entries = new ArrayList<>();
        try (ResultSet rs = s.query()) {
          while (rs.next()) {
            entries.add(new ActivityView(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
                rs.getString("actor"), rs.getString("entity"), nullableLong(rs, "entity_id"),
                nullableLong(rs, "task_id"), nullableLong(rs, "group_id"), rs.getString("action"),
                parse(rs.getString("changes"))));
          }
        }
        return entries;
      }
    });
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Map<String, Map<String, Object>> parse(String changes) {
    try {
      return JSON.readValue(changes, CHANGES);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("activity changes are not JSON: " + changes, e);
    }
  }

  private static long number(Rules rules, String name, String text, long min, long fallback) {
    if (text == null) {
      return fallback;
    }
    Long value = Numbers.whole(text);
    if (value == null) {
      rules.add(name, "must be a whole number");
      return fallback;
    }
    if (value < min) {
      rules.add(name, "must be at least " + min);
    }
    return value;
  }

}
