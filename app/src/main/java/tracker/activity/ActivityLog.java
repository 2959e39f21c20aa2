package tracker.activity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tracker.core.Numbers;
import tracker.core.Actor;
import tracker.core.ChangeFeed;
import tracker.core.Rules;
import tracker.db.DatabaseKind;
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
  private static final String INSERT = "insert into activity (created_at, actor, entity, entity_id, task_id, group_id,"
      + " action, changes) values (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String COLUMNS = "select id, created_at, actor, entity, entity_id, task_id, group_id, action,"
      + " changes from activity";
  /** Any fixed number: the key of the PostgreSQL lock that keeps activity ids in commit order. */
  private static final long ORDER_LOCK = 7_070_001L;

  private final Transactions tx;
  private final DatabaseKind kind;
  private final ChangeFeed feed;

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
    tx.write(() -> tx.jdbc(c -> {
      keepIdsInCommitOrder(c);
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        bind(insert, Timestamp.from(Instant.now()), entity, entityId, taskId, groupId, action, changes, namedActor);
        insert.executeUpdate();
      }
      notifyOtherInstances(c);
      return null;
    }));
    tx.afterCommit(feed::committed);
  }

  private static void bind(PreparedStatement insert, Timestamp at, String entity, Long entityId, Long taskId,
      Long groupId, String action, Changes changes, String namedActor) throws SQLException {
    insert.setTimestamp(1, at);
    insert.setString(2, Actor.or(namedActor));
    insert.setString(3, entity);
    setLong(insert, 4, entityId);
    setLong(insert, 5, taskId);
    setLong(insert, 6, groupId);
    insert.setString(7, action);
    try {
      insert.setString(8, JSON.writeValueAsString(changes.fields()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** PostgreSQL: other instances hear of this change when it commits (see PostgresWakeUp). */
  private void notifyOtherInstances(Connection c) throws SQLException {
    if (!kind.hasSingleWriter()) {
      try (PreparedStatement notify = c.prepareStatement("select pg_notify(?, '')")) {
        notify.setString(1, PostgresWakeUp.CHANNEL);
        notify.executeQuery().close();
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

    private final PreparedStatement insert;
    private final Timestamp now = Timestamp.from(Instant.now());
    private int pending;

    private Batch() {
      insert = tx.jdbc(c -> {
        keepIdsInCommitOrder(c);
        return c.prepareStatement(INSERT);
      });
    }

    public void task(long taskId, String action, Changes changes, String namedActor) {
      add("task", taskId, taskId, null, action, changes, namedActor);
    }

    void add(String entity, Long entityId, Long taskId, Long groupId, String action, Changes changes,
        String namedActor) {
      try {
        bind(insert, now, entity, entityId, taskId, groupId, action, changes, namedActor);
        insert.addBatch();
        if (++pending == 1000) {
          insert.executeBatch();
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
          insert.executeBatch();
        }
        notifyOtherInstances(insert.getConnection());
      } catch (SQLException e) {
        throw new jakarta.persistence.PersistenceException(e.getMessage(), e);
      }
      tx.afterCommit(feed::committed);
    }
  }

  /**
   * On PostgreSQL, writers that record activity queue here until they commit, so a reader that
   * has seen id N has seen every id below it (the live stream and Last-Event-ID depend on it).
   * SQLite has a single writer already.
   */
  private void keepIdsInCommitOrder(Connection c) throws SQLException {
    if (!kind.hasSingleWriter()) {
      try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
        lock.setLong(1, ORDER_LOCK);
        lock.executeQuery().close();
      }
    }
  }

  private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
    if (value == null) {
      s.setNull(index, Types.BIGINT);
    } else {
      s.setLong(index, value);
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
    StringBuilder sql = new StringBuilder(COLUMNS).append(" where id > ?");
    List<Long> params = new ArrayList<>(List.of(since));
    if (task > 0) {
      sql.append(" and task_id = ?");
      params.add(task);
    }
    if (group > 0) {
      sql.append(" and group_id = ?");
      params.add(group);
    }
    sql.append(" order by id limit ?");
    params.add(max);
    return query(sql.toString(), params);
  }

  /** A task's history, oldest first. */
  public List<ActivityView> history(long taskId) {
    return query(COLUMNS + " where task_id = ? order by id", List.of(taskId));
  }

  /** The newest entries, newest first (the dashboard). */
  public List<ActivityView> recent(int limit) {
    return query(COLUMNS + " order by id desc limit ?", List.of((long) limit));
  }

  /** Entries after an id, oldest first, at most {@code limit}. */
  public List<ActivityView> after(long id, int limit) {
    return query(COLUMNS + " where id > ? order by id limit ?", List.of(id, (long) limit));
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
    return tx.jdbc(c -> {
      try (PreparedStatement s = c.prepareStatement(
          "select task_id, action from activity where id > ? and id <= ? order by id limit ?")) {
        s.setLong(1, afterId);
        s.setLong(2, upToId);
        s.setInt(3, limit);
        List<Touch> touched = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            touched.add(new Touch(nullableLong(rs, 1), rs.getString(2)));
          }
        }
        return touched;
      }
    });
  }

  public long lastId() {
    return tx.jdbc(c -> {
      try (PreparedStatement s = c.prepareStatement("select coalesce(max(id), 0) from activity");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  private List<ActivityView> query(String sql, List<Long> params) {
    return tx.jdbc(c -> {
      try (PreparedStatement s = c.prepareStatement(sql)) {
        for (int i = 0; i < params.size(); i++) {
          s.setLong(i + 1, params.get(i));
        }
        List<ActivityView> entries = new ArrayList<>();
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            entries.add(new ActivityView(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), nullableLong(rs, 5), nullableLong(rs, 6), nullableLong(rs, 7), rs.getString(8),
                parse(rs.getString(9))));
          }
        }
        return entries;
      }
    });
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
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
