package tracker.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A statement written with named parameters ({@code :id}), like the ones Ebean's SqlQuery takes,
 * for the paths that run plain JDBC on a pooled or transaction's connection (the measured hot
 * reads, the status change, the activity insert): it is turned into JDBC's positional form once,
 * so no statement is bound by counting question marks, and its layout (runs of white space) is
 * kept to one space. Quoted text and PostgreSQL's {@code ::} casts are left alone; a
 * {@code --} comment, which would then run to the end, is refused.
 */
public final class NamedSql {

  private final String positional;
  private final Map<String, List<Integer>> positions;
  /** Where each column of this statement's result stands, by label: read from the first result. */
  private volatile Map<String, Integer> columns;

  private NamedSql(String positional, Map<String, List<Integer>> positions) {
    this.positional = positional;
    this.positions = positions;
  }

  public static NamedSql of(String sql) {
    StringBuilder positional = new StringBuilder(sql.length());
    Map<String, List<Integer>> positions = new LinkedHashMap<>();
    boolean quoted = false;
    int count = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        throw new IllegalArgumentException("a -- comment would run to the end of the one-line text: " + sql);
      } else if (!quoted && Character.isWhitespace(c)) {
        // one space for a run of layout: the pool's statement cache hashes and compares the
        // whole text on every prepare (a text block's indentation made the task read 40 % longer)
        if (positional.length() > 0 && positional.charAt(positional.length() - 1) != ' ') {
          positional.append(' ');
        }
        continue;
      } else if (!quoted && c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
        positional.append("::");
        i++;
        continue;
      } else if (!quoted && c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
          end++;
        }
        positions.computeIfAbsent(sql.substring(i + 1, end), name -> new ArrayList<>())
            .add(++count);
        positional.append('?');
        i = end - 1;
        continue;
      }
      positional.append(c);
    }
    return new NamedSql(positional.toString().strip(), Map.copyOf(positions));
  }

  /** The statement as JDBC takes it. */
  public String positional() {
    return positional;
  }

  public Bound prepare(Connection connection) throws SQLException {
    return new Bound(connection.prepareStatement(positional));
  }

  /** Prepared to hand back the generated {@code id} of an insert. */
  public Bound prepareReturningId(Connection connection) throws SQLException {
    return new Bound(connection.prepareStatement(positional, new String[] {"id"}));
  }

  /** A prepared statement bound by parameter name; closing it closes the statement. */
  public final class Bound implements AutoCloseable {
    private final PreparedStatement statement;

    private Bound(PreparedStatement statement) {
      this.statement = statement;
    }

    private List<Integer> at(String name) {
      List<Integer> at = positions.get(name);
      if (at == null) {
        throw new IllegalArgumentException("the statement has no parameter :" + name + ": " + positional);
      }
      return at;
    }

    /** Sets one value at every place the name stands. */
    private interface Setter {
      void at(int index) throws SQLException;
    }

    private Bound each(String name, Setter setter) throws SQLException {
      for (int i : at(name)) {
        setter.at(i);
      }
      return this;
    }

    public Bound set(String name, long value) throws SQLException {
      return each(name, i -> statement.setLong(i, value));
    }

    public Bound set(String name, Long value) throws SQLException {
      return value == null ? each(name, i -> statement.setNull(i, Types.BIGINT)) : set(name, value.longValue());
    }

    public Bound set(String name, int value) throws SQLException {
      return each(name, i -> statement.setInt(i, value));
    }

    public Bound set(String name, boolean value) throws SQLException {
      return each(name, i -> statement.setBoolean(i, value));
    }

    public Bound set(String name, String value) throws SQLException {
      return each(name, i -> statement.setString(i, value));
    }

    public Bound set(String name, Instant value) throws SQLException {
      return set(name, value == null ? null : Timestamp.from(value));
    }

    public Bound set(String name, Timestamp value) throws SQLException {
      return each(name, i -> statement.setTimestamp(i, value));
    }

    public Bound set(String name, Array value) throws SQLException {
      return each(name, i -> statement.setArray(i, value));
    }

    public ResultSet query() throws SQLException {
      return statement.executeQuery();
    }

    /** The result, read by column name ({@link Rows}). */
    public Rows rows() throws SQLException {
      ResultSet rs = statement.executeQuery();
      Map<String, Integer> known = columns;
      if (known == null) {
        known = Rows.positions(rs.getMetaData());
        columns = known;
      }
      return new Rows(rs, known);
    }

    public int update() throws SQLException {
      return statement.executeUpdate();
    }

    /** The statement itself, for batches and generated keys. */
    public PreparedStatement jdbc() {
      return statement;
    }

    @Override
    public void close() throws SQLException {
      statement.close();
    }
  }
}
