package tracker.db;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link NamedSql} statement's result, read by column name with each name resolved to its
 * position once per statement text (the text fixes them). sqlite-jdbc looks a name up anew on
 * every read, upper-casing and hashing it: 14 % of a task read by id (ApiBenchmark, JFR).
 */
public final class Rows implements AutoCloseable {

  private final ResultSet rs;
  private final Map<String, Integer> positions;

  Rows(ResultSet rs, Map<String, Integer> positions) {
    this.rs = rs;
    this.positions = positions;
  }

  /** A result that did not come from a {@link NamedSql} statement (one of Ebean's), its columns read now. */
  public static Rows over(ResultSet rs) throws SQLException {
    return new Rows(rs, positions(rs.getMetaData()));
  }

  /** The positions of a result's columns by their lower-case labels; the first of a repeated label wins, as in JDBC. */
  static Map<String, Integer> positions(ResultSetMetaData columns) throws SQLException {
    Map<String, Integer> positions = new HashMap<>();
    for (int i = columns.getColumnCount(); i >= 1; i--) {
      positions.put(columns.getColumnLabel(i).toLowerCase(Locale.ROOT), i);
    }
    return Map.copyOf(positions);
  }

  private int at(String column) {
    Integer position = positions.get(column);
    if (position == null) {
      throw new IllegalArgumentException("the result has no column " + column + "; it has " + positions.keySet());
    }
    return position;
  }

  public boolean next() throws SQLException {
    return rs.next();
  }

  public long getLong(String column) throws SQLException {
    return rs.getLong(at(column));
  }

  public int getInt(String column) throws SQLException {
    return rs.getInt(at(column));
  }

  /** A nullable whole number. */
  public Long getLongOrNull(String column) throws SQLException {
    long value = rs.getLong(at(column));
    return rs.wasNull() ? null : value;
  }

  /** A nullable decimal. */
  public Double getDoubleOrNull(String column) throws SQLException {
    double value = rs.getDouble(at(column));
    return rs.wasNull() ? null : value;
  }

  public double getDouble(String column) throws SQLException {
    return rs.getDouble(at(column));
  }

  public String getString(String column) throws SQLException {
    return rs.getString(at(column));
  }

  public Instant getInstant(String column) throws SQLException {
    Timestamp timestamp = rs.getTimestamp(at(column));
    return timestamp == null ? null : timestamp.toInstant();
  }

  @Override
  public void close() throws SQLException {
    rs.close();
  }
}
