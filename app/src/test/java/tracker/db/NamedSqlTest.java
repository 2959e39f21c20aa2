package tracker.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedSqlTest {

  @TempDir
  Path dir;

  @Test
  void names_become_positions_in_order_and_quoted_text_and_casts_stay() {
    NamedSql sql = NamedSql.of("select ':not' as a, x::text from t where id = :id and b = :b or id = :id");

    assertThat(sql.positional()).isEqualTo("select ':not' as a, x::text from t where id = ? and b = ? or id = ?");
  }

  @Test
  void a_name_binds_every_place_it_appears_and_an_unknown_name_is_refused() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("named.db"))) {
      NamedSql sql = NamedSql.of("select :n + :n as twice, :text as said, :none is null as missing");
      try (NamedSql.Bound s = sql.prepare(c).set("n", 21).set("text", "hi").set("none", (Long) null);
          ResultSet rs = s.query()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt("twice")).isEqualTo(42);
        assertThat(rs.getString("said")).isEqualTo("hi");
        assertThat(rs.getBoolean("missing")).isTrue();
      }
      try (NamedSql.Bound s = sql.prepare(c)) {
        assertThatThrownBy(() -> s.set("nn", 1)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(":nn");
      }
    }
  }

  @Test
  void layout_becomes_one_space_but_quoted_text_keeps_its_own_and_a_line_comment_is_refused() {
    NamedSql sql = NamedSql.of("""
        select a,   b
          from t
         where c = '  two  spaces'
           and d = :d
        """);
    assertThat(sql.positional()).isEqualTo("select a, b from t where c = '  two  spaces' and d = ?");
    assertThatThrownBy(() -> NamedSql.of("select 1 -- why\n from t")).isInstanceOf(IllegalArgumentException.class);
  }
}
