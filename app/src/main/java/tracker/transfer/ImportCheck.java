package tracker.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tracker.activity.ActivityLog;
import tracker.core.Labels;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.domain.Task;
import tracker.domain.CommentType;
import tracker.domain.Complexity;
import tracker.domain.ContractValue;
import tracker.domain.DependencyType;
import tracker.domain.ExecutionStatus;
import tracker.domain.LogLevel;
import tracker.domain.Priority;
import tracker.domain.TaskStatus;
import tracker.graph.CycleFinder;

/**
 * The rules an import must keep before it writes a row: the same limits, characters, enums and
 * ranges as the API ({@link TextField}, {@link Rules}), references to rows of the file, no task
 * that is its own ancestor and no dependency cycle. Every broken rule is named with its table,
 * row and id, so a hand-edited export is refused as a whole with a list of what to fix.
 */
final class ImportCheck {

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  /** How many problems a refusal lists (the count says how many there were). */
  static final int SHOWN = 50;

  private final List<String> problems = new ArrayList<>();
  private final Map<String, Set<Long>> ids = new HashMap<>();

  /** The problems of a document, in table order; empty when it may be imported. */
  static List<String> problems(JsonNode document, List<String> tables, Map<String, List<String>> columns) {
    ImportCheck check = new ImportCheck();
    check.run(document, tables, columns);
    return check.problems;
  }

  private void run(JsonNode document, List<String> tables, Map<String, List<String>> columns) {
    document.fieldNames().forEachRemaining(key -> {
      if (!tables.contains(key) && !List.of("format", "format_version", "schema_version").contains(key)) {
        problems.add(key + ": is not a table of the tracker");
      }
    });
    for (String table : tables) {
      JsonNode rows = document.path(table);
      Set<Long> seen = new HashSet<>();
      ids.put(table, seen);
      if (!rows.isMissingNode() && !rows.isArray()) { // null too
        problems.add(table + ": must be an array of rows");
        continue;
      }
      for (int i = 0; i < rows.size(); i++) {
        Row row = new Row(table, i, rows.get(i), columns.get(table));
        if (row.node.isObject()) {
          Long id = row.id();
          if (id != null && !seen.add(id)) {
            row.problem("id", "repeats id " + id);
          }
          check(row);
        } else {
          problems.add(table + "[" + i + "]: must be an object");
        }
      }
    }
    Map<Long, Long> parentOf = checkParents(document.path("tasks"));
    checkDependencyCycles(document.path("task_dependencies"), parentOf);
  }

  /** The dependencies seen so far, as "task>prerequisite": a pair may be given once. */
  private final Set<String> dependencyPairs = new java.util.HashSet<>();
  private final Set<String> groupMembers = new java.util.HashSet<>();

  private static Double number(JsonNode node) {
    return node.isNumber() ? node.asDouble() : null;
  }

  private void check(Row row) {
    switch (row.table) {
      case "tasks" -> {
        row.text(TextField.TITLE, true);
        row.text(TextField.DESCRIPTION, false);
        row.text(TextField.COMPONENT_AREA, true);
        row.text(TextField.SOURCE_DOCUMENT, true);
        row.text(TextField.SUCCESS_CRITERIA, false);
        row.whole(NumberField.PHASE, true);
        row.oneOf("priority", Priority.class, true);
        row.oneOf("complexity", Complexity.class, true);
        row.oneOf("status", TaskStatus.class, true);
        row.oneOf("status_before_blocked", TaskStatus.class, false);
        row.decimal(NumberField.HOURS.field(), NumberField.HOURS.min(), NumberField.HOURS.max(), true);
        row.decimal(NumberField.OPTIMISTIC_HOURS.field(), NumberField.OPTIMISTIC_HOURS.min(),
            NumberField.OPTIMISTIC_HOURS.max(), false);
        row.decimal(NumberField.PESSIMISTIC_HOURS.field(), NumberField.PESSIMISTIC_HOURS.min(),
            NumberField.PESSIMISTIC_HOURS.max(), false);
        row.whole("parent_task_id", 1, LARGEST, false);
        row.text(TextField.WORKER, "claimed_by", false);
        row.text(TextField.IDENTITY_NAME, "assignee", false);
        row.labels("labels");
        row.whole(NumberField.LEASE_SECONDS, false);
        row.whole("version", 1, LARGEST, true);
        row.whole("claim_token", 0, LARGEST, false);
        if ("blocked".equals(row.node.path("status_before_blocked").asText(null))) {
          row.problem("status_before_blocked", "cannot be blocked: it is the status a solution restores");
        }
        row.times("lease_expires_at", "blocked_since");
        row.requiredTimes("created_at", "updated_at");
        JsonNode likely = row.node.path("time_estimate_hours");
        if (likely.isNumber()) { // the API's rule, from the same place
          Rules range = new Rules();
          range.rangeAroundEstimate(likely.asDouble(), number(row.node.path("optimistic_hours")),
              number(row.node.path("pessimistic_hours")));
          range.errors().forEach(e -> row.problem(e.field(), e.message()));
        }
      }
      case "task_dependencies" -> {
        Long task = row.reference("task_id", "tasks", true);
        Long prerequisite = row.reference("depends_on_task_id", "tasks", true);
        if (task != null && task.equals(prerequisite)) {
          row.problem("depends_on_task_id", "a task cannot depend on itself");
        } else if (task != null && prerequisite != null && !dependencyPairs.add(task + ">" + prerequisite)) {
          row.problem("depends_on_task_id", "repeats the dependency of task " + task + " on task " + prerequisite);
        }
        row.oneOf("dependency_type", DependencyType.class, true);
        row.requiredTimes("created_at");
      }
      case "task_progress" -> {
        row.reference("task_id", "tasks", true);
        row.whole(NumberField.PROGRESS, true);
        row.text(TextField.PROGRESS_NOTES, false);
        row.text(TextField.UPDATED_BY, true);
        row.requiredTimes("created_at");
      }
      case "task_comments" -> {
        row.reference("task_id", "tasks", true);
        row.text(TextField.COMMENT, true);
        row.oneOf("comment_type", CommentType.class, true);
        row.text(TextField.AUTHOR, false);
        row.requiredTimes("created_at");
      }
      case "execution_groups" -> {
        row.text(TextField.GROUP_NAME, true);
        row.whole(NumberField.MAX_PARALLEL, true);
        row.oneOf("status", ExecutionStatus.class, true);
        row.decimal("total_hours", 0, Double.MAX_VALUE, true);
        row.decimal("estimated_duration", 0, Double.MAX_VALUE, true);
        row.whole("version", 1, LARGEST, true);
        row.metadata("metadata");
        row.requiredTimes("created_at", "updated_at");
      }
      case "group_tasks" -> {
        Long group = row.reference("group_id", "execution_groups", true);
        Long task = row.reference("task_id", "tasks", true);
        if (group != null && task != null && !groupMembers.add(group + ">" + task)) {
          row.problem("task_id", "repeats task " + task + " in group " + group);
        }
        row.whole("execution_order", 0, Integer.MAX_VALUE, true);
        row.decimal("task_hours", 0, Double.MAX_VALUE, true);
        row.oneOf("status", ExecutionStatus.class, true);
        row.whole("version", 1, LARGEST, true);
        row.requiredTimes("created_at", "updated_at");
      }
      case "parallel_execution_log" -> {
        row.reference("group_id", "execution_groups", true);
        row.reference("task_id", "tasks", false);
        row.oneOf("level", LogLevel.class, true);
        row.text(TextField.LOG_MESSAGE, true);
        row.metadata("metadata");
        row.requiredTimes("created_at");
      }
      default -> {
        // the history is kept as written (it may name rows that are gone), in the shape the API reads
        row.text(TextField.ACTOR, "actor", true);
        row.member("entity", ActivityLog.ENTITIES);
        row.member("action", ActivityLog.ACTIONS);
        row.whole("entity_id", 1, LARGEST, false);
        row.whole("task_id", 1, LARGEST, false);
        row.whole("group_id", 1, LARGEST, false);
        row.jsonObjectText("changes");
        row.requiredTimes("created_at");
      }
    }
  }

  /** A task may not be its own parent or ancestor; answers each task's parent. */
  private Map<Long, Long> checkParents(JsonNode tasks) {
    Map<Long, Long> parentOf = new LinkedHashMap<>();
    for (JsonNode task : tasks) {
      if (exactLong(task.path("id")) != null && exactLong(task.path("parent_task_id")) != null) {
        parentOf.put(task.get("id").asLong(), task.get("parent_task_id").asLong());
      }
    }
    for (Long start : parentOf.keySet()) {
      Set<Long> path = new java.util.LinkedHashSet<>();
      for (Long at = start; at != null; at = parentOf.get(at)) {
        if (!path.add(at)) {
          if (at.equals(start)) {
            problems.add("tasks id " + start + ": parent_task_id " + (path.size() == 1
                ? "is the task itself" : "makes the task its own ancestor: " + describe(path)));
          }
          break;
        }
      }
    }
    parentOf.forEach((task, parent) -> {
      if (!ids.get("tasks").contains(parent)) {
        problems.add("tasks id " + task + ": parent_task_id " + parent + " is not a task of the file");
      }
    });
    for (Long task : parentOf.keySet()) {
      int depth = 0;
      for (Long at = parentOf.get(task); at != null && depth <= Task.MAX_SUBTASK_DEPTH; at = parentOf.get(at)) {
        depth++;
      }
      if (depth > Task.MAX_SUBTASK_DEPTH) {
        problems.add("tasks id " + task + ": nests deeper than " + Task.MAX_SUBTASK_DEPTH + " levels of subtasks");
      }
    }
    return parentOf;
  }

  /** No dependency cycle, and no task that waits for itself through the hierarchy. */
  private void checkDependencyCycles(JsonNode dependencies, Map<Long, Long> parentOf) {
    Map<Long, List<Long>> prerequisites = new HashMap<>();
    Map<Long, List<Long>> blocking = new HashMap<>();
    for (JsonNode d : dependencies) {
      if (exactLong(d.path("task_id")) != null && exactLong(d.path("depends_on_task_id")) != null) {
        prerequisites.computeIfAbsent(d.get("task_id").asLong(), k -> new ArrayList<>())
            .add(d.get("depends_on_task_id").asLong());
        if (!"enhances".equals(d.path("dependency_type").asText())) {
          blocking.computeIfAbsent(d.get("task_id").asLong(), k -> new ArrayList<>())
              .add(d.get("depends_on_task_id").asLong());
        }
      }
    }
    CycleFinder.anyCycle(prerequisites).ifPresent(cycle ->
        problems.add("task_dependencies: form the cycle " + CycleFinder.describe(cycle)
            + "; a plan's dependencies may never form a cycle"));
    if (problems.isEmpty()) {
      tracker.graph.Deadlocks.anyIn(blocking, parentOf).ifPresent(task ->
          problems.add("tasks id " + task + ": waits for itself through the hierarchy (a subtask starts only when what"
              + " its parent waits for is done, and a task with subtasks finishes through them)"));
    }
  }

  private static String describe(Set<Long> path) {
    return String.join(" → ", path.stream().map(id -> "#" + id).toList()) + " → #" + path.iterator().next();
  }

  /**
   * The largest id, version or token a file may carry: the next one given after it must still be
   * exact in every JSON reader (an id of 2^63 - 1 left no room for the next task at all).
   */
  private static final long LARGEST = Rules.EXACT_INTEGER;

  /** The value as a long when it is a whole number that fits one (20 digits would wrap), else null. */
  private static Long exactLong(JsonNode value) {
    return value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : null;
  }

  /** One row of a table, and the checks of its columns. */
  private final class Row {

    private final String table;
    private final int index;
    private final JsonNode node;

    Row(String table, int index, JsonNode node, List<String> columns) {
      this.table = table;
      this.index = index;
      this.node = node;
      if (node.isObject()) {
        node.fieldNames().forEachRemaining(name -> {
          if (!columns.contains(name)) {
            problem(name, "is not a column of " + table);
          }
        });
        Long id = id();
        if (id == null || id < 1 || id > LARGEST) {
          problem("id", "must be a whole number between 1 and " + LARGEST + ", not " + node.get("id"));
        }
      }
    }

    Long id() {
      return exactLong(node.path("id"));
    }

    void problem(String column, String message) {
      Long id = id();
      problems.add(table + "[" + index + "]" + (id == null ? "" : " id " + id) + ": " + column + " " + message);
    }

    private JsonNode value(String column, boolean required) {
      JsonNode value = node.get(column);
      if (value == null || value.isNull()) {
        if (required) {
          problem(column, "is required");
        }
        return null;
      }
      return value;
    }

    void text(TextField field, boolean required) {
      text(field, field.field(), required);
    }

    void text(TextField field, String column, boolean required) {
      JsonNode value = value(column, required);
      if (value == null) {
        return;
      }
      if (!value.isTextual()) {
        problem(column, "must be text");
        return;
      }
      Rules rules = new Rules();
      if (required) {
        rules.required(field, value.asText());
      } else {
        rules.text(field, value.asText());
      }
      rules.errors().forEach(e -> problem(column, e.message()));
    }

    /** Labels in their stored form (",a,b,"): each a valid label, sorted, once. */
    void labels(String column) {
      JsonNode value = value(column, false);
      if (value == null) {
        return;
      }
      Rules rules = new Rules();
      java.util.List<String> given = value.isTextual() ? Labels.of(value.asText()) : java.util.List.of();
      if (!value.isTextual() || !value.asText().equals(Labels.stored(Labels.checked(rules, column, given)))) {
        problem(column, "must be labels between commas, sorted, each once: \",a,b,\"");
      }
      rules.errors().forEach(e -> problem(e.field(), e.message()));
    }

    void whole(NumberField field, boolean required) {
      whole(field.field(), field.minWhole(), field.maxWhole(), required);
    }

    void whole(String column, long min, long max, boolean required) {
      JsonNode value = value(column, required);
      Long whole = value == null ? null : exactLong(value);
      if (value != null && (whole == null || whole < min || whole > max)) {
        problem(column, "must be a whole number between " + min + " and " + max + ", not " + value);
      }
    }

    void decimal(String column, double min, double max, boolean required) {
      JsonNode value = value(column, required);
      if (value != null && (!value.isNumber() || value.asDouble() < min || value.asDouble() > max)) {
        problem(column, "must be a number between " + min + " and " + max + ", not " + value);
      }
    }

    <E extends Enum<E> & ContractValue> void oneOf(String column, Class<E> type, boolean required) {
      JsonNode value = value(column, required);
      if (value != null && (!value.isTextual() || ContractValue.parse(type, value.asText()).isEmpty())) {
        problem(column, "must be one of " + String.join(", ", ContractValue.values(type)) + ", not " + value);
      }
    }

    Long reference(String column, String target, boolean required) {
      JsonNode value = value(column, required);
      if (value == null) {
        return null;
      }
      if (exactLong(value) == null || !ids.get(target).contains(value.asLong())) {
        problem(column, value + " is not a row of " + target + " in the file");
        return null;
      }
      return value.asLong();
    }

    void member(String column, Set<String> allowed) {
      JsonNode value = value(column, true);
      if (value != null && (!value.isTextual() || !allowed.contains(value.asText()))) {
        problem(column, "must be one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ", not " + value);
      }
    }

    /** A column holding a JSON object as text (the history's changes). */
    void jsonObjectText(String column) {
      JsonNode value = value(column, true);
      if (value == null) {
        return;
      }
      try {
        if (!value.isTextual() || !MAPPER.readTree(value.asText()).isObject()) {
          problem(column, "must be a JSON object written as text");
        }
      } catch (java.io.IOException e) {
        problem(column, "must be a JSON object written as text");
      }
    }

    /** A free-form object (or null) by the rules the API keeps for metadata. */
    void metadata(String column) {
      JsonNode value = value(column, false);
      if (value == null) {
        return;
      }
      if (!value.isObject()) {
        problem(column, "must be a JSON object, not " + value.getNodeType().name().toLowerCase());
        return;
      }
      Rules rules = new Rules();
      rules.json(column, MAPPER.convertValue(value, Map.class));
      rules.errors().forEach(e -> problem(e.field(), e.message()));
    }

    void times(String... columns) {
      for (String column : columns) {
        JsonNode value = value(column, false);
        if (value != null) {
          try {
            Instant.parse(value.asText());
            if (!value.isTextual() || !value.asText().matches("[0-9]{4}-.*")) {
              // "+12026-02-03T00:00:00Z" parses, and an export would write it back in no form the contract names
              throw new DateTimeParseException("a year of four digits", value.asText(), 0);
            }
          } catch (DateTimeParseException e) {
            problem(column, "must be an ISO-8601 UTC time with a four-digit year, not " + value);
          }
        }
      }
    }

    void requiredTimes(String... columns) {
      for (String column : columns) {
        if (value(column, true) != null) {
          times(column);
        }
      }
    }
  }
}
