package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.support.TestDatabases;

/** The pool's statement cache over {@link SqliteDriver}: reuse keeps JDBC's meaning of cleared parameters. */
class SqliteDriverTest {

  @TempDir
  Path dir;

  @Test
  void a_statement_taken_back_from_the_cache_has_no_parameters_left_and_answers_for_new_ones() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir);
        Connection connection = tracker.database().ebean().dataSource().getConnection()) {
      String sql = "select ? as a, ? as b";
      PreparedStatement first = connection.prepareStatement(sql);
      first.setLong(1, 7);
      first.setString(2, "seven");
      assertThat(row(first)).isEqualTo("7|seven");
      first.close(); // back into the pool's cache, which clears its parameters

      PreparedStatement again = connection.prepareStatement(sql);
      assertThat(again.unwrap(PreparedStatement.class)).isSameAs(first.unwrap(PreparedStatement.class));
      // the pool's statements are the driver's own, whose clearing keeps the compiled statement
      // (SQLite's recompilation itself is not visible through JDBC)
      assertThat(again.unwrap(PreparedStatement.class).getClass().getEnclosingClass()).isEqualTo(SqliteDriver.class);
      assertThat(row(again)).isEqualTo("null|null"); // nothing of the last use is left
      again.setLong(1, 8);
      again.setString(2, "eight");
      assertThat(row(again)).isEqualTo("8|eight");
      again.close();
      connection.rollback();
    }
  }

  private static String row(PreparedStatement statement) throws Exception {
    try (ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getString(1) + "|" + rs.getString(2);
    }
  }
}
