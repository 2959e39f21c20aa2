package tracker.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.db.DatabaseKind;
import tracker.db.NamedSql;
import tracker.db.TrackerDatabase;
import tracker.db.Transactions;

/**
 * The whole database as one JSON document and back: every table, every column, with a format
 * version, so a later release can read what an earlier one wrote. Into an empty database the
 * ids are kept (export → import → export is identical); into one with data, new ids are given
 * and every reference is re-pointed, so the import adds to what is there.
 */
public final class DataTransfer {

  public static final String FORMAT = "implementation-tracker";
  public static final int FORMAT_VERSION = 1;

  /** A table: its columns in order, which of them are times, and which refer to which table. */
  private record Table(String name, List<String> columns, List<String> times, Map<String, String> references) {}

  private static final String HISTORY = "activity";

  private static final List<Table> TABLES = List.of(
      new Table("tasks", List.of("id", "title", "description", "component_area", "phase", "priority", "complexity",
          "status", "source_document", "success_criteria", "time_estimate_hours", "parent_task_id", "claimed_by",
          "lease_expires_at", "lease_seconds", "blocked_since", "status_before_blocked", "claim_token", "assignee",
          "labels", "optimistic_hours", "pessimistic_hours", "version", "created_at", "updated_at"), List.of("lease_expires_at", "blocked_since", "created_at", "updated_at"),
          Map.of("parent_task_id", "tasks")),
      new Table("task_dependencies", List.of("id", "task_id", "depends_on_task_id", "dependency_type", "created_at"),
          List.of("created_at"), Map.of("task_id", "tasks", "depends_on_task_id", "tasks")),
      new Table("task_progress", List.of("id", "task_id", "progress_percentage", "notes", "updated_by", "created_at"),
          List.of("created_at"), Map.of("task_id", "tasks")),
      new Table("task_comments", List.of("id", "task_id", "comment", "comment_type", "author", "created_at"),
          List.of("created_at"), Map.of("task_id", "tasks")),
      new Table("execution_groups", List.of("id", "name", "total_hours", "estimated_duration", "max_parallel_tasks",
          "status", "metadata", "version", "created_at", "updated_at"), List.of("created_at", "updated_at"), Map.of()),
      new Table("group_tasks", List.of("id", "group_id", "task_id", "execution_order", "task_hours", "status",
          "version", "created_at", "updated_at"), List.of("created_at", "updated_at"),
          Map.of("group_id", "execution_groups", "task_id", "tasks")),
      new Table("parallel_execution_log", List.of("id", "group_id", "task_id", "level", "message", "metadata",
          "created_at"), List.of("created_at"), Map.of("group_id", "execution_groups", "task_id", "tasks")),
      // the history keeps the ids it was written with (its tasks may be gone): restored into an
      // empty database only, where every id stays as it was
      new Table(HISTORY, List.of("id", "created_at", "actor", "entity", "entity_id", "task_id", "group_id", "action",
          "changes"), List.of("created_at"), Map.of()));

  /**
   * Tables an export leaves out, and why; every other table of the schema must be in
   * {@link #TABLES} with all its columns (ExportCoversTheSchemaTest checks both databases).
   */
  public static final Map<String, String> LEFT_OUT = Map.ofEntries(
      Map.entry("db_migration", "the schema's own history: the target applies its migrations itself"),
      Map.entry("web_sessions", "sign-ins belong to the server they were opened on, and are secrets"),
      Map.entry("idempotent_answers", "answers kept a day for retries of the requests that were sent to that server"),
      Map.entry("task_search", "the search index, rebuilt from the tasks"),
      Map.entry("identities", "the team stays with its server: make people and agents again there (token create)"),
      Map.entry("access_tokens", "token hashes are credentials of the server they were made on"),
      Map.entry("trash", "deleted tasks: restore one before exporting to take it along"),
      Map.entry("settings", "the calendar belongs to the server: set it there (PATCH /api/calendar)"),
      Map.entry("scenarios", "what-if drafts name tasks by the ids of the server they were made on"),
      Map.entry("saved_views", "named task lists of the server they were made on (their filters may name its people)"),
      Map.entry("id_floor", "SQLite's marks of the ids given: the target keeps its own"));

  /** The tables and columns an export writes, in order. */
  public static Map<String, List<String>> exportedColumns() {
    Map<String, List<String>> columns = new java.util.LinkedHashMap<>();
    TABLES.forEach(table -> columns.put(table.name(), table.columns()));
    return columns;
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final TrackerDatabase database;
  private final ActivityLog activity;

  public DataTransfer(TrackerDatabase database, ActivityLog activity) {
    this.database = database;
    this.activity = activity;
  }

  /** A file refused before anything was written: what is wrong with it, row by row. */
  public static final class Refused extends RuntimeException {
    private final List<String> problems;

    Refused(Path file, List<String> problems) {
      super(file + " breaks " + problems.size() + " rule" + (problems.size() == 1 ? "" : "s")
          + " of the tracker; nothing was imported" + (problems.size() > ImportCheck.SHOWN
              ? " (the first " + ImportCheck.SHOWN + " follow)" : ""));
      this.problems = problems.stream().limit(ImportCheck.SHOWN).toList();
    }

    public List<String> problems() {
      return problems;
    }
  }

  /** Writes every table to {@code file}; answers the number of rows written. */
  public int export(Path file) throws IOException {
    ObjectNode document = JSON.createObjectNode();
    document.put("format", FORMAT);
    document.put("format_version", FORMAT_VERSION);
    document.put("schema_version", database.schemaVersion());
    int[] rows = {0};
    database.transactions().jdbc(c -> {
      for (Table table : TABLES) {
        ArrayNode array = document.putArray(table.name());
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select " + String.join(", ", table.columns()) + " from " + table.name()
                + " order by id")) {
          while (rs.next()) {
            writeRow(rs, table, array.addObject());
            rows[0]++;
          }
        }
      }
      return null;
    });
    JSON.writeValue(file.toFile(), document);
    return rows[0];
  }

  /** One row as an export writes it. */
  private static void writeRow(ResultSet rs, Table table, ObjectNode row) throws SQLException {
    for (String column : table.columns()) {
      if (table.times().contains(column)) {
        Timestamp time = rs.getTimestamp(column);
        row.put(column, time == null ? null : time.toInstant().toString());
      } else if (column.equals("metadata")) {
        String text = rs.getString(column);
        row.set(column, text == null ? null : readJson(text));
      } else {
        row.putPOJO(column, rs.getObject(column));
      }
    }
  }

  /** Which rows hang on a set of tasks ({@code ?} stands for the ids), by table. */
  private static final Map<String, String> HANGING_ON_TASKS = new java.util.LinkedHashMap<>();

  static {
    HANGING_ON_TASKS.put("tasks", "id in (?)");
    HANGING_ON_TASKS.put("task_dependencies", "task_id in (?) or depends_on_task_id in (?)");
    HANGING_ON_TASKS.put("task_progress", "task_id in (?)");
    HANGING_ON_TASKS.put("task_comments", "task_id in (?)");
    HANGING_ON_TASKS.put("group_tasks", "task_id in (?)");
    HANGING_ON_TASKS.put("parallel_execution_log", "task_id in (?)"); // kept when a task goes, its link cleared
  }

  /**
   * The rows of some tasks and of everything that hangs on them (their dependencies both ways,
   * progress, comments, group places), written as an export writes them: what the trash keeps.
   */
  public static ObjectNode rowsOf(Connection c, java.util.Collection<Long> taskIds) throws SQLException {
    ObjectNode rows = JSON.createObjectNode();
    String ids = String.join(", ", taskIds.stream().map(String::valueOf).toList()); // longs: nothing to escape
    for (Table table : TABLES) {
      String where = HANGING_ON_TASKS.get(table.name());
      if (where == null) {
        continue;
      }
      ArrayNode array = rows.putArray(table.name());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select " + String.join(", ",
          table.columns()) + " from " + table.name() + " where " + where.replace("?", ids) + " order by id")) {
        while (rs.next()) {
          writeRow(rs, table, array.addObject());
        }
      }
    }
    return rows;
  }

  /** What a put-back did: what could not come back, and each task's id now (the same, unless SQLite gave it away). */
  public record PutBack(List<String> leftOut, Map<Long, Long> taskIds) {}

  /**
   * Puts rows written by {@link #rowsOf} back, with their ids where they are free (SQLite gives
   * the highest id away again: such a row comes back under a new one, and the rows that refer to
   * it follow). A dependency on a task that is gone since, or a place in a group that is gone
   * since, cannot come back: answered as what was left out.
   */
  public static PutBack putBack(Connection c, JsonNode rows, DatabaseKind kind) throws SQLException {
    List<String> leftOut = new java.util.ArrayList<>();
    Map<Long, Long> taskIds = new java.util.LinkedHashMap<>();
    java.util.Set<Long> restored = new java.util.HashSet<>();
    rows.path("tasks").forEach(task -> restored.add(task.get("id").asLong()));
    for (Table table : TABLES) {
      if (!HANGING_ON_TASKS.containsKey(table.name())) {
        continue;
      }
      for (JsonNode row : rows.path(table.name())) {
        if (table.name().equals("parallel_execution_log")) {
          relink(c, row, taskIds);
          continue;
        }
        String missing = missingReference(c, table, row, restored);
        if (missing != null) {
          leftOut.add(table.name() + " " + row.get("id").asLong() + ": " + missing);
          continue;
        }
        Map<String, Map<Long, Long>> references = references(table, row, taskIds);
        boolean same = references.values().stream().allMatch(m -> m.entrySet().stream()
            .allMatch(e -> e.getKey().equals(e.getValue())));
        long id = same && !exists(c, table.name(), row.get("id").asLong())
            ? insert(c, table, row, true, Map.of(), kind)
            : insert(c, table, row, false, references, kind);
        if (table.name().equals("tasks")) {
          taskIds.put(row.get("id").asLong(), id);
        }
      }
      if (table.name().equals("tasks")) {
        try (NamedSql.Bound update = SET_PARENT_IF_THERE.prepare(c)) {
          for (JsonNode task : rows.path("tasks")) {
            JsonNode parent = task.get("parent_task_id");
            if (parent != null && !parent.isNull()) {
              update.set("parent", taskIds.getOrDefault(parent.asLong(), parent.asLong()))
                  .set("id", taskIds.get(task.get("id").asLong()));
              if (update.update() == 0) {
                leftOut.add("tasks " + task.get("id").asLong() + ": its parent " + parent.asLong() + " is gone");
              }
            }
          }
        }
      }
    }
    return new PutBack(leftOut, taskIds);
  }

  private static final String SET_PARENT_SQL = "update tasks set parent_task_id = :parent where id = :id";
  private static final NamedSql SET_PARENT = NamedSql.of(SET_PARENT_SQL);
  /** Sets a parent only if that task is there (an import into a database that had data). */
  private static final NamedSql SET_PARENT_IF_THERE = NamedSql.of(SET_PARENT_SQL
      + " and exists (select 1 from tasks p where p.id = :parent)");
  private static final NamedSql RELINK = NamedSql.of(
      "update parallel_execution_log set task_id = :task where id = :id and task_id is null");

  /** A log entry that named a deleted task names it again (the entry itself stayed). */
  private static void relink(Connection c, JsonNode row, Map<Long, Long> taskIds) throws SQLException {
    long task = row.get("task_id").asLong();
    try (NamedSql.Bound update = RELINK.prepare(c)) {
      update.set("task", taskIds.getOrDefault(task, task)).set("id", row.get("id").asLong()).update();
    }
  }

  private static boolean exists(Connection c, String table, long id) throws SQLException {
    try (NamedSql.Bound exists = NamedSql.of("select 1 from " + table + " where id = :id").prepare(c).set("id", id);
        ResultSet rs = exists.query()) {
      return rs.next();
    }
  }

  /** Where a row's references point now: tasks put back under a new id there, anything else as it was. */
  private static Map<String, Map<Long, Long>> references(Table table, JsonNode row, Map<Long, Long> taskIds) {
    Map<String, Map<Long, Long>> ids = new HashMap<>();
    table.references().forEach((column, target) -> {
      JsonNode value = row.get(column);
      if (value != null && !value.isNull() && !column.equals("parent_task_id")) {
        long was = value.asLong();
        ids.computeIfAbsent(target, t -> new HashMap<>())
            .put(was, target.equals("tasks") ? taskIds.getOrDefault(was, was) : was);
      }
    });
    return ids;
  }

  /** What a row refers to that is neither being put back nor in the database, if anything. */
  private static String missingReference(Connection c, Table table, JsonNode row, java.util.Set<Long> restored)
      throws SQLException {
    for (Map.Entry<String, String> reference : table.references().entrySet()) {
      JsonNode value = row.get(reference.getKey());
      if (reference.getKey().equals("parent_task_id") || value == null || value.isNull()
          || reference.getValue().equals("tasks") && restored.contains(value.asLong())) {
        continue;
      }
      if (!exists(c, reference.getValue(), value.asLong())) {
        return reference.getKey() + " " + value.asLong() + " is gone";
      }
    }
    return null;
  }

  /** Reads a document written by {@link #export}, in one transaction; answers the rows read. */
  public int importFrom(Path file) throws IOException {
    return importFrom(read(file));
  }

  /** An export read and checked by every rule, before any database is opened. */
  public record Checked(Path file, JsonNode document) {}

  /**
   * Reads and checks a file written by {@link #export}: a file that is no export, of a newer
   * format, or breaking a rule is refused here, so a refused import opens (and creates) nothing.
   */
  public static Checked read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("there is no file " + file);
    }
    JsonNode document;
    try {
      document = JSON.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + " is not JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    }
    if (document == null || !document.isObject() || !FORMAT.equals(document.path("format").asText())) {
      throw new IllegalArgumentException(file + " is not an Implementation Tracker export");
    }
    JsonNode version = document.path("format_version");
    if (!version.isInt() || version.asInt() < 1 || version.asInt() > FORMAT_VERSION) {
      throw new IllegalArgumentException(file + " has format_version " + (version.isMissingNode() ? "missing" : version)
          + "; this release reads the numbers 1 to " + FORMAT_VERSION);
    }
    List<String> problems = ImportCheck.problems(document, TABLES.stream().map(Table::name).toList(),
        TABLES.stream().collect(java.util.stream.Collectors.toMap(Table::name, Table::columns)));
    if (!problems.isEmpty()) {
      throw new Refused(file, problems);
    }
    return new Checked(file, document);
  }

  /** Imports a checked export in one transaction; answers the rows read. */
  public int importFrom(Checked checked) {
    JsonNode document = checked.document();
    Path file = checked.file();
    Transactions tx = database.transactions();
    return tx.write(() -> {
      Map<String, Map<Long, Long>> newIds = new HashMap<>();
      boolean keepIds = tx.jdbc(DataTransfer::isEmpty);
      int rows = tx.jdbc(c -> insertAll(c, document, keepIds, newIds));
      tx.jdbc(c -> CompletedProgress.complete(c, "Completed (imported)"));
      if (!keepIds) {
        recordImport(document.path("tasks"), newIds.get("tasks"), file.getFileName().toString());
      }
      return rows;
    });
  }

  private int insertAll(Connection c, JsonNode document, boolean keepIds, Map<String, Map<Long, Long>> newIds)
      throws SQLException {
    int rows = 0;
    for (Table table : TABLES) {
      if (table.name().equals(HISTORY) && !keepIds) {
        continue; // its ids and actors belong to the other database; each task's entry says it came in
      }
      Map<Long, Long> ids = new HashMap<>();
      newIds.put(table.name(), ids);
      for (JsonNode row : document.path(table.name())) {
        if (table.name().equals("tasks")) {
          keepStateRules((ObjectNode) row);
        }
        ids.put(row.get("id").asLong(), insert(c, table, row, keepIds, newIds, database.kind()));
        rows++;
      }
      if (table.name().equals("tasks")) {
        repointParents(c, document.path("tasks"), ids);
      }
    }
    for (Table table : keepIds ? TABLES : List.<Table>of()) {
      String pastRows = database.kind().idGeneratorPastRows(table.name());
      if (pastRows != null) {
        try (Statement s = c.createStatement()) {
          s.execute(pastRows);
        }
      }
    }
    return rows;
  }

  /**
   * A task row as the state rules leave a task (TaskStateMachine): only a claimed in-progress
   * task holds a claim and a lease; only a blocked one has a blocked time (its last change, when the
   * file has none, as files written before the rules held everywhere may lack it).
   */
  private static void keepStateRules(ObjectNode task) {
    String status = task.path("status").asText();
    if (!status.equals("in_progress") || task.path("claimed_by").isNull() || task.path("claimed_by").isMissingNode()) {
      task.putNull("claimed_by");
      task.putNull("lease_expires_at");
      task.putNull("lease_seconds");
    }
    if (!status.equals("blocked")) {
      task.putNull("blocked_since");
      task.putNull("status_before_blocked");
    } else if (task.path("blocked_since").isNull() || task.path("blocked_since").isMissingNode()) {
      task.set("blocked_since", task.get("updated_at"));
    }
  }

  /**
   * One activity entry per task added to a database that had data, so followers of the history
   * ({@code /events}, {@code since_id}) learn of every new task.
   */
  private void recordImport(JsonNode tasks, Map<Long, Long> newIds, String fileName) {
    try (ActivityLog.Batch entries = activity.batch()) {
      for (JsonNode task : tasks) {
        long oldId = task.get("id").asLong();
        entries.task(newIds.get(oldId), "imported", Changes.of().added("file", fileName).added("old_id", oldId)
            .added("title", task.get("title").asText()), null);
      }
    }
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      return JSON.getNodeFactory().textNode(text);
    }
  }

  private static boolean isEmpty(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "select (select count(*) from tasks) + (select count(*) from execution_groups) as rows_held")) {
      rs.next();
      return rs.getLong("rows_held") == 0;
    }
  }

  /** Inserts a row (parents are set afterwards, as they may come later); answers its id. */
  private static long insert(Connection c, Table table, JsonNode row, boolean keepIds,
      Map<String, Map<Long, Long>> newIds, DatabaseKind kind) throws SQLException {
    // on SQLite a new task's or group's id comes from its table's high-water mark, never a deleted one's
    Long markedId = keepIds || !kind.reusesDeletedIds() ? null : tracker.db.IdsNeverReused.nextIfMarked(c, table.name());
    List<String> columns = table.columns().stream()
        .filter(col -> keepIds || markedId != null || !col.equals("id"))
        .filter(col -> !col.equals("parent_task_id"))
        .toList();
    String sql = "insert into " + table.name() + " (" + String.join(", ", columns) + ") values ("
        + String.join(", ", columns.stream().map(col -> "?").toList()) + ")";
    try (PreparedStatement insert = keepIds || markedId != null ? c.prepareStatement(sql)
        : c.prepareStatement(sql, new String[] {"id"})) {
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i);
        JsonNode value = row.get(column);
        String target = table.references().get(column);
        if (markedId != null && column.equals("id")) {
          insert.setLong(i + 1, markedId);
        } else if ((value == null || value.isNull()) && column.equals("claim_token")) {
          insert.setLong(i + 1, 0); // an export from before claim tokens
        } else if (value == null || value.isNull()) {
          insert.setNull(i + 1, table.times().contains(column) ? Types.TIMESTAMP : Types.NULL); // NULL: any column type
        } else if (target != null) {
          insert.setLong(i + 1, keepIds ? value.asLong() : newIds.get(target).get(value.asLong()));
        } else if (table.times().contains(column)) {
          insert.setTimestamp(i + 1, Timestamp.from(Instant.parse(value.asText())));
        } else if (column.equals("metadata")) {
          kind.bindJson(insert, i + 1, value.toString());
        } else if (value.isIntegralNumber()) {
          insert.setLong(i + 1, value.asLong());
        } else if (value.isNumber()) {
          insert.setDouble(i + 1, value.asDouble());
        } else {
          insert.setString(i + 1, value.asText());
        }
      }
      insert.executeUpdate();
      if (keepIds) {
        return row.get("id").asLong();
      }
      if (markedId != null) {
        return markedId;
      }
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    }
  }

  private static void repointParents(Connection c, JsonNode tasks, Map<Long, Long> ids) throws SQLException {
    try (NamedSql.Bound update = SET_PARENT.prepare(c)) {
      for (JsonNode task : tasks) {
        JsonNode parent = task.get("parent_task_id");
        if (parent != null && !parent.isNull()) {
          update.set("parent", ids.get(parent.asLong())).set("id", ids.get(task.get("id").asLong())).update();
        }
      }
    }
  }

}
