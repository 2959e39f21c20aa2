package tracker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tracker.app.Tracker;
import tracker.support.TestDatabases;

/** A column or table added to the schema later cannot be dropped by export and import without this failing. */
class ExportCoversTheSchemaTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @ValueSource(strings = {TestDatabases.SQLITE, TestDatabases.POSTGRESQL})
  void every_column_of_every_table_is_exported_or_its_table_is_left_out_with_a_reason(String kind) throws Exception {
    Map<String, List<String>> schema = new TreeMap<>();
    try (Tracker tracker = TestDatabases.open(kind, dir)) {
      tracker.database().transactions().jdbc(c -> {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet tables = meta.getTables(null, kind.equals(TestDatabases.POSTGRESQL) ? "public" : null, "%",
            new String[] {"TABLE"})) {
          while (tables.next()) {
            String table = tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, tables.getString("TABLE_SCHEM"), tables.getString("TABLE_NAME"),
                "%")) {
              while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
              }
            }
            schema.put(table, columns);
          }
        }
        return null;
      });
    }
    Map<String, List<String>> exported = DataTransfer.exportedColumns();
    for (Map.Entry<String, List<String>> table : schema.entrySet()) {
      boolean leftOut = DataTransfer.LEFT_OUT.keySet().stream().anyMatch(t -> table.getKey().startsWith(t));
      if (leftOut) {
        continue;
      }
      assertThat(exported).as("table %s is exported or left out with a reason", table.getKey())
          .containsKey(table.getKey());
      assertThat(new TreeSet<>(exported.get(table.getKey()))).as("the columns of %s", table.getKey())
          .isEqualTo(new TreeSet<>(table.getValue()));
    }
    assertThat(schema.keySet()).as("every exported table exists").containsAll(exported.keySet());
  }
}
