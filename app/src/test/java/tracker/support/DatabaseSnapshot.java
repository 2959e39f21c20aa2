package tracker.support;

import io.ebean.Database;
import io.ebean.SqlRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A digest of every row of every table: equal digests mean the data did not change. The history's
 * record of a refused stale claim token is left out: keeping it is the point of the refusal.
 */
public final class DatabaseSnapshot {

  private static final List<String> TABLES = List.of("tasks", "task_dependencies", "task_progress",
      "task_comments", "execution_groups", "group_tasks", "parallel_execution_log", "activity");

  private DatabaseSnapshot() {}

  public static String of(Database db) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String table : TABLES) {
        digest.update(table.getBytes(StandardCharsets.UTF_8));
        String only = table.equals("activity") ? " where action <> 'stale_write_refused'" : "";
        for (SqlRow row : db.sqlQuery("select * from " + table + only + " order by id").findList()) {
          digest.update(row.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
