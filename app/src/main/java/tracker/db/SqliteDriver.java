package tracker.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Connection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * sqlite-jdbc with one change: clearing a statement's parameters no longer calls
 * {@code sqlite3_clear_bindings}.
 *
 * <p>The connection pool clears the parameters of every statement it takes back into its cache,
 * and SQLite answers {@code sqlite3_clear_bindings} by marking the compiled statement expired, so
 * every reuse of a cached statement compiled it again: 25–40 µs for a join, several times the cost
 * of running it (measured on the task lookup of ApiBenchmark). sqlite-jdbc binds every parameter
 * from its own array at each execution, so emptying that array clears all a caller can observe.
 */
public final class SqliteDriver extends JDBC {

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!isValidURL(url)) {
      return null;
    }
    String trimmed = url.trim();
    return new ReusingConnection(trimmed, trimmed.substring(PREFIX.length()), info);
  }

  private static final class ReusingConnection extends JDBC4Connection {

    ReusingConnection(String url, String fileName, Properties info) throws SQLException {
      super(url, fileName, info);
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability)
        throws SQLException {
      checkOpen();
      checkCursor(type, concurrency, holdability);
      return new ReusableStatement(this, sql);
    }
  }

  private static final class ReusableStatement extends JDBC4PreparedStatement {

    ReusableStatement(SQLiteConnection connection, String sql) throws SQLException {
      super(connection, sql);
    }

    @Override
    public void clearParameters() throws SQLException {
      checkOpen();
      if (batch != null) {
        Arrays.fill(batch, batchPos, batchPos + paramCount, null);
      }
    }
  }
}
