package tracker.db;

import io.ebean.event.BeanPersistAdapter;
import io.ebean.event.BeanPersistRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import tracker.domain.AccessToken;
import tracker.domain.BaseEntity;
import tracker.domain.ExecutionGroup;
import tracker.domain.Identity;
import tracker.domain.SavedView;
import tracker.domain.Scenario;
import tracker.domain.Task;
import tracker.domain.TrashEntry;

/**
 * On SQLite a new row takes the highest id plus one, so deleting the newest task handed its id
 * to the next one: links, scripts and the history that kept it then pointed at another task.
 * Here each table whose ids people and scripts keep has a high-water mark in {@code id_floor}
 * (migration 1.8 seeds it from the rows and the history); a new row takes the mark plus one, in
 * the inserting transaction, and no id is ever given twice. PostgreSQL's identity columns never
 * reuse ids and need none of this.
 */
public final class IdsNeverReused extends BeanPersistAdapter {

  private static final Map<Class<?>, String> TABLES = Map.of(Task.class, "tasks", ExecutionGroup.class,
      "execution_groups", Scenario.class, "scenarios", Identity.class, "identities", AccessToken.class, "access_tokens",
      SavedView.class, "saved_views", TrashEntry.class, "trash");

  @Override
  public boolean isRegisterFor(Class<?> type) {
    return TABLES.containsKey(type);
  }

  @Override
  public boolean preInsert(BeanPersistRequest<?> request) {
    BaseEntity row = (BaseEntity) request.bean();
    if (row.getId() == null) {
      row.setId(next(request.transaction().connection(), TABLES.get(row.getClass())));
    }
    return true;
  }

  /** The next id of {@code table} if its ids are marked (SQLite's tables above), else null. */
  public static Long nextIfMarked(Connection connection, String table) {
    return TABLES.containsValue(table) ? next(connection, table) : null;
  }

  /** Raises the table's mark above both its last id given and its highest row (an import may insert its own ids). */
  static long next(Connection connection, String table) {
    try (NamedSql.Bound s = NamedSql.of("""
            update id_floor set last_id = max(last_id, (select coalesce(max(id), 0) from %s)) + 1
             where table_name = :table returning last_id""".formatted(table)).prepare(connection).set("table", table);
        ResultSet rs = s.query()) {
      if (!rs.next()) {
        throw new IllegalStateException("id_floor has no row for " + table);
      }
      return rs.getLong("last_id");
    } catch (SQLException e) {
      throw new IllegalStateException("could not give " + table + " a new id: " + e.getMessage(), e);
    }
  }
}
