package tracker.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebean.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import tracker.core.NumberField;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.activity.ActivityLog;
import tracker.activity.Changes;
import tracker.db.Transactions;
import tracker.domain.CommentType;
import tracker.domain.ContractValue;
import tracker.domain.DependencyType;
import tracker.domain.ExecutionGroup;
import tracker.domain.ExecutionLog;
import tracker.domain.ExecutionStatus;
import tracker.domain.GroupTask;
import tracker.domain.LogLevel;
import tracker.domain.Task;
import tracker.domain.TaskComment;
import tracker.domain.TaskDependency;
import tracker.domain.TaskProgress;
import tracker.graph.CycleFinder;
import tracker.transfer.CompletedProgress;
import tracker.tasks.TaskDraft;
import tracker.tasks.TaskService;

/**
 * Imports a legacy raw-SQL tracker file (shared/legacy/schema.sql) in one transaction: opens it
 * read-only, maps old ids to new ones, keeps timestamps, and reports every row it cannot take.
 */
public class LegacyImporter {

  /** Raised to abort: a --strict import at its first bad row, or a dry run at its end (rolls back). */
  static final class Abort extends RuntimeException {
    Abort(String message) {
      super(message, null, false, false);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** An ISO-8601 time that names its offset ({@code Z} or {@code +02:00}). */
  private static final DateTimeFormatter LEGACY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS][.SSS]");

  private final Database db;
  private final Transactions tx;
  private final TaskService tasks;
  private final ActivityLog activity;
  /** One writer at a time (SQLite): the import numbers its tasks itself and writes them in batches. */
  private final boolean singleWriter;

  public LegacyImporter(Database db, Transactions tx, TaskService tasks, ActivityLog activity,
      tracker.db.DatabaseKind kind) {
    this.db = db;
    this.tx = tx;
    this.tasks = tasks;
    this.activity = activity;
    this.singleWriter = kind.hasSingleWriter();
  }

  /** Told how far an import is, every thousand rows and at the end. */
  public interface Progress {
    void rows(long done, long total);

    Progress NONE = (done, total) -> { };
  }

  /** The outcome: the report, and whether the data was written. */
  public record Outcome(LegacyReport report, boolean written, String abortedBecause) {}

  public Outcome run(Path legacyFile, boolean dryRun, boolean strict) throws SQLException {
    return run(legacyFile, dryRun, strict, Progress.NONE);
  }

  public Outcome run(Path legacyFile, boolean dryRun, boolean strict, Progress progress) throws SQLException {
    if (!Files.isRegularFile(legacyFile)) {
      throw new IllegalArgumentException("no legacy database at " + legacyFile);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setReadOnly(true);
    LegacyReport report = new LegacyReport();
    try (Connection legacy = DriverManager.getConnection("jdbc:sqlite:" + legacyFile, config.toProperties())) {
      Set<String> present = tables(legacy);
      if (!present.contains("tasks")) {
        throw new IllegalArgumentException(legacyFile + " has no tasks table: not a legacy tracker database");
      }
      Run run = new Run(legacy, present, report, strict, Instant.now(), progress, total(legacy, present));
      try {
        tx.write(() -> {
          run.all();
          activity.imported(report.counts(Changes.of().added("file", legacyFile.getFileName().toString())));
          if (dryRun) {
            throw new Abort("dry run");
          }
        });
        return new Outcome(report, true, null);
      } catch (Abort abort) {
        return new Outcome(report, false, abort.getMessage());
      }
    }
  }

  private static long total(Connection c, Set<String> present) throws SQLException {
    long total = 0;
    for (String table : LegacyReport.TABLES) {
      if (present.contains(table)) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("select count(*) as n from " + table)) {
          rs.next();
          total += rs.getLong("n");
        }
      }
    }
    return total;
  }

  private static Set<String> tables(Connection c) throws SQLException {
    Set<String> names = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select name from sqlite_master where type = 'table'")) {
      while (rs.next()) {
        names.add(rs.getString("name"));
      }
    }
    return names;
  }

  /** One import: the legacy connection, what it found so far, and the id maps. */
  private final class Run {
    final Connection legacy;
    final Set<String> present;
    final LegacyReport report;
    final boolean strict;
    final Instant now;
    final Map<Long, Task> taskById = new HashMap<>();
    /** Each imported subtask's parent, by old id. */
    final Map<Long, Long> parentOf = new LinkedHashMap<>();
    final Map<Long, ExecutionGroup> groupById = new HashMap<>();
    final Progress progress;
    final long total;
    long done;

    Run(Connection legacy, Set<String> present, LegacyReport report, boolean strict, Instant now, Progress progress,
        long total) {
      this.legacy = legacy;
      this.present = present;
      this.report = report;
      this.strict = strict;
      this.now = now;
      this.progress = progress;
      this.total = total;
    }

    /** Counts a legacy row as read, and tells the progress every thousand rows. */
    void row() {
      if (++done % 1000 == 0 || done == total) {
        progress.rows(done, total);
      }
    }

    void skip(String table, Long oldId, String reason) {
      report.skipped(table, oldId, reason);
      if (strict) {
        throw new Abort(table + " " + oldId + ": " + reason);
      }
    }

    void all() {
      try {
        List<String> deferred = List.of();
        if (singleWriter) {
          // the import holds SQLite's only writer slot, so it can number the new tasks itself
          // and write them in batches too; past every id given before, deleted ones included
          nextTaskId = 1 + db.sqlQuery("""
              select max(coalesce((select max(id) from tasks), 0),
                         coalesce((select last_id from id_floor where table_name = 'tasks'), 0))""")
              .mapToScalar(Long.class).findOne();
          if (nextTaskId == 1) {
            deferred = deferIndexes();
          }
          batch();
        }
        tasks();
        unbatch(); // groups need their new ids read back
        boolean groups = present.contains("execution_groups");
        if (groups) {
          groups();
        }
        // Tasks and groups needed their new ids; the other rows are written in JDBC batches
        // without reading ids back, flushed at commit.
        batch();
        dependencies();
        progress();
        completedAtFullProgress();
        comments();
        if (groups && present.contains("group_tasks")) {
          groupTasks();
        }
        if (groups && present.contains("parallel_execution_log")) {
          logs();
        }
        rebuild(deferred);
      } catch (SQLException e) {
        throw new IllegalStateException("reading the legacy file failed: " + e.getMessage(), e);
      }
    }

    long nextTaskId;

    /**
     * Into an empty SQLite database, the secondary indexes and the text-search triggers are
     * dropped for the import and built once at its end, all inside its transaction (SQLite's DDL
     * is transactional, so an abort or a kill leaves them as they were): one sort per index
     * instead of a tree update per row. Answers the statements that rebuild them.
     */
    List<String> deferIndexes() {
      return tx.jdbc(c -> {
        List<String[]> found = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
            select type, name, sql from sqlite_master
             where type in ('index', 'trigger') and sql is not null
               and tbl_name in ('tasks', 'task_dependencies', 'task_progress', 'task_comments', 'execution_groups',
                                'group_tasks', 'parallel_execution_log')""")) {
          while (rs.next()) {
            found.add(new String[] {rs.getString("type"), rs.getString("name"), rs.getString("sql")});
          }
        }
        List<String> rebuild = new ArrayList<>();
        try (Statement s = c.createStatement()) {
          for (String[] item : found) {
            s.execute("drop " + item[0] + " " + item[1]);
            rebuild.add(item[2]);
          }
        }
        return rebuild;
      });
    }

    void rebuild(List<String> deferred) {
      if (deferred.isEmpty()) {
        return;
      }
      db.currentTransaction().flush();
      tx.jdbc(c -> {
        try (Statement s = c.createStatement()) {
          for (String create : deferred) {
            s.execute(create);
          }
          s.execute("insert into task_search(task_search) values ('rebuild')");
        }
        return null;
      });
    }

    void batch() {
      io.ebean.Transaction current = db.currentTransaction();
      current.setBatchMode(true);
      current.setBatchSize(1000);
      current.setGetGeneratedKeys(false);
    }

    void unbatch() {
      io.ebean.Transaction current = db.currentTransaction();
      current.flush();
      current.setBatchMode(false);
      current.setGetGeneratedKeys(true);
    }

    ResultSet rows(String table) throws SQLException {
      return legacy.createStatement().executeQuery("select * from " + table + " order by id");
    }

    Instant time(String table, long id, String column, String text) {
      if (text == null || text.isBlank()) {
        return now;
      }
      String value = text.trim();
      try {
        // the form is told by its 11th character, not by a failed parse: an exception per row
        // made a third of a large import
        if (value.length() > 10 && value.charAt(10) == ' ') {
          LocalDateTime plain = plainTime(value);
          return (plain != null ? plain : LocalDateTime.parse(value, LEGACY_TIME)).toInstant(ZoneOffset.UTC);
        }
        return hasOffset(value) ? OffsetDateTime.parse(value).toInstant()
            : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException unreadable) {
        report.note(table, id, column + " '" + value + "' is not a timestamp; the import time is used");
        return now;
      }
    }

    /**
     * CURRENT_TIMESTAMP's form, 'yyyy-MM-dd HH:mm:ss', read digit by digit: nearly every legacy
     * timestamp has it, and the formatter's parse made a tenth of a large import. Null for any
     * other form (fractions, a stray character), which the formatter reads or refuses.
     */
    static LocalDateTime plainTime(String value) {
      if (value.length() != 19 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(13) != ':'
          || value.charAt(16) != ':') {
        return null;
      }
      int[] at = {0, 5, 8, 11, 14, 17};
      int[] parts = new int[6];
      for (int i = 0; i < at.length; i++) {
        int width = i == 0 ? 4 : 2;
        int number = 0;
        for (int k = at[i]; k < at[i] + width; k++) {
          char c = value.charAt(k);
          if (c < '0' || c > '9') {
            return null;
          }
          number = number * 10 + (c - '0');
        }
        parts[i] = number;
      }
      return LocalDateTime.of(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]); // checks the ranges
    }

    /** Ends in Z or a ±hh:mm offset. */
    private static boolean hasOffset(String value) {
      int n = value.length();
      return value.endsWith("Z") || n > 6 && (value.charAt(n - 6) == '+' || value.charAt(n - 6) == '-')
          && value.charAt(n - 3) == ':';
    }

    void tasks() throws SQLException {
      try (ResultSet rs = rows("tasks")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          Cell hours = Cell.of(rs, "time_estimate_hours", false);
          Cell phase = Cell.of(rs, "phase", true);
          if (phase.problem() != null || hours.problem() != null) {
            skip("tasks", id, phase.problem() != null ? phase.refusal() : hours.refusal());
            continue;
          }
          TaskDraft draft = new TaskDraft(rs.getString("title"), rs.getString("description"),
              rs.getString("component_area"), phase.whole(), rs.getString("priority"), rs.getString("complexity"),
              rs.getString("status"), rs.getString("source_document"), rs.getString("success_criteria"),
              hours.value() == null ? null : hours.value().doubleValue(), null);
          Rules rules = new Rules();
          Task task = tasks.newTask(draft, rules);
          if (!rules.ok()) {
            skip("tasks", id, describe(rules));
            continue;
          }
          task.setCreatedAt(time("tasks", id, "created_at", rs.getString("created_at")));
          task.setUpdatedAt(time("tasks", id, "updated_at", rs.getString("updated_at")));
          taskById.put(id, task);
          if (rs.getObject("parent_task_id") != null) {
            parentOf.put(id, rs.getLong("parent_task_id"));
          }
        }
      }
      // a task on a loop of parents (10 under 11 under 10) is skipped, and so below are its subtasks
      for (Long start : List.copyOf(parentOf.keySet())) {
        Long at = parentOf.get(start);
        for (int steps = 0; at != null && !at.equals(start) && steps < parentOf.size(); steps++) {
          at = parentOf.get(at);
        }
        if (start.equals(at) && taskById.remove(start) != null) {
          skip("tasks", start, "parent_task_id " + parentOf.get(start) + " leads back to the task itself (a loop of parents)");
        }
      }
      // a task whose parent is missing (or skipped, or itself) is skipped, and so are its subtasks
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Map.Entry<Long, Long> e : parentOf.entrySet()) {
          if (taskById.containsKey(e.getKey()) && (!taskById.containsKey(e.getValue()) || e.getValue().equals(e.getKey()))) {
            taskById.remove(e.getKey());
            skip("tasks", e.getKey(), "parent_task_id " + e.getValue() + " is not an importable task");
            changed = true;
          }
        }
      }
      parentOf.keySet().retainAll(taskById.keySet());
      Set<Long> saved = new HashSet<>();
      for (Long id : taskById.keySet()) {
        saveParentFirst(id, parentOf, saved);
      }
    }

    /** Parents are stored before their subtasks, so each row is written once with its timestamps. */
    void saveParentFirst(Long id, Map<Long, Long> parentOf, Set<Long> saved) {
      if (!saved.add(id)) {
        return;
      }
      Long parent = parentOf.get(id);
      Task task = taskById.get(id);
      if (parent != null) {
        saveParentFirst(parent, parentOf, saved);
        task.setParent(taskById.get(parent));
      }
      if (singleWriter) {
        task.setId(nextTaskId++);
        db.sqlUpdate("update id_floor set last_id = max(last_id, :id) where table_name = 'tasks'")
            .setParameter("id", task.getId()).execute();
      }
      TaskService.startIn(task, task.getUpdatedAt() == null ? now : task.getUpdatedAt()); // blocked since its last change
      db.save(task);
      report.imported("tasks");
    }

    /** Answers a search's batches from a map kept in memory. */
    private static java.util.function.Function<Set<Long>, Map<Long, List<Long>>> inMemory(Map<Long, List<Long>> links) {
      return ids -> {
        Map<Long, List<Long>> answer = new HashMap<>();
        ids.forEach(i -> answer.put(i, links.getOrDefault(i, List.of())));
        return answer;
      };
    }

    /** A dependency row that passed the row checks, waiting for the cycle check. */
    private record Candidate(long id, long from, long to, DependencyType type, String createdAt) {}

    void dependencies() throws SQLException {
      if (!present.contains("task_dependencies")) {
        return;
      }
      List<Candidate> candidates = new ArrayList<>();
      Set<String> pairs = new HashSet<>();
      try (ResultSet rs = rows("task_dependencies")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          long from = rs.getLong("task_id");
          long to = rs.getLong("depends_on_task_id");
          DependencyType type = enumOr(rs.getString("dependency_type"), DependencyType.class, DependencyType.BLOCKS);
          if (!taskById.containsKey(from) || !taskById.containsKey(to)) {
            skip("task_dependencies", id, "refers to task " + (taskById.containsKey(from) ? to : from)
                + ", which is not imported");
          } else if (from == to) {
            skip("task_dependencies", id, "a task cannot depend on itself");
          } else if (type == null) {
            skip("task_dependencies", id, "unknown dependency_type '" + rs.getString("dependency_type") + "'");
          } else if (!pairs.add(from + ">" + to)) {
            skip("task_dependencies", id, "duplicate of another dependency of task " + from + " on " + to);
          } else {
            candidates.add(new Candidate(id, from, to, type, rs.getString("created_at")));
          }
        }
      }
      // One linear check of the whole graph; only when it has a cycle is each edge checked in id
      // order, so that the edge that closes a cycle is the one skipped.
      boolean cyclic = new tracker.graph.PlanGraph(
          taskById.keySet().stream().map(id -> new tracker.graph.PlanGraph.Node(id, 1, tracker.graph.PlanGraph.Status.NOT_STARTED, 0)).toList(),
          candidates.stream().map(c -> new tracker.graph.PlanGraph.Edge(c.from(), c.to())).toList())
          .findCycle().isPresent();
      Map<Long, List<Long>> blockingCandidates = new HashMap<>();
      candidates.stream().filter(c -> c.type() != DependencyType.ENHANCES)
          .forEach(c -> blockingCandidates.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c.to()));
      boolean deadlocked = tracker.graph.Deadlocks.anyIn(blockingCandidates, parentOf).isPresent();
      Map<Long, List<Long>> prerequisites = new HashMap<>();
      Map<Long, List<Long>> blocking = new HashMap<>();
      Map<Long, List<Long>> blocked = new HashMap<>();
      Map<Long, List<Long>> parents = new HashMap<>();
      Map<Long, List<Long>> subtasks = new HashMap<>();
      parentOf.forEach((task, parent) -> {
        parents.put(task, List.of(parent));
        subtasks.computeIfAbsent(parent, k -> new ArrayList<>()).add(task);
      });
      tracker.graph.Deadlocks.Links links = new tracker.graph.Deadlocks.Links(inMemory(blocking), inMemory(blocked),
          inMemory(parents), inMemory(subtasks));
      for (Candidate c : candidates) {
        if (cyclic) {
          var cycle = CycleFinder.cycleClosedBy(c.from(), c.to(), inMemory(prerequisites));
          if (cycle.isPresent()) {
            skip("task_dependencies", c.id(), "would close the cycle " + CycleFinder.describe(cycle.get())
                + " (old ids); this closing edge is skipped");
            continue;
          }
        }
        if (deadlocked && c.type() != DependencyType.ENHANCES) {
          // as the API refuses it: the edge that would leave a task waiting for itself through its parents
          if (tracker.graph.Deadlocks.closedByDependency(c.from(), c.to(), links)) {
            skip("task_dependencies", c.id(), "task " + c.from() + " waiting for task " + c.to() + " would leave a"
                + " task waiting for itself through its parents (old ids); this edge is skipped");
            continue;
          }
          blocking.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c.to());
          blocked.computeIfAbsent(c.to(), k -> new ArrayList<>()).add(c.from());
        }
        prerequisites.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c.to());
        TaskDependency dependency = new TaskDependency();
        dependency.setTask(taskById.get(c.from()));
        dependency.setDependsOn(taskById.get(c.to()));
        dependency.setDependencyType(c.type());
        dependency.setCreatedAt(time("task_dependencies", c.id(), "created_at", c.createdAt()));
        db.save(dependency);
        report.imported("task_dependencies");
      }
    }

    /** Completed is 100 %: see {@link CompletedProgress}; each task given a record is noted in the report. */
    void completedAtFullProgress() {
      db.currentTransaction().flush(); // the progress records batched so far
      Map<Long, Long> oldIds = new HashMap<>();
      taskById.forEach((oldId, task) -> oldIds.put(task.getId(), oldId));
      tx.jdbc(c -> CompletedProgress.complete(c, "completed in the legacy file")).forEach((newId, latest) -> {
        if (oldIds.containsKey(newId)) {
          report.note("tasks", oldIds.get(newId), "completed at " + (latest == null ? "no recorded progress"
              : latest + " %") + ": a progress record of 100 % was added");
        }
      });
    }

    void progress() throws SQLException {
      if (!present.contains("task_progress")) {
        return;
      }
      try (ResultSet rs = rows("task_progress")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          Task task = taskById.get(rs.getLong("task_id"));
          Cell cell = Cell.of(rs, "progress_percentage", true);
          int percentage = cell.whole() == null ? 0 : cell.whole();
          Rules rules = new Rules();
          if (cell.problem() != null) {
            rules.add(cell.column(), cell.problem());
          }
          rules.range(NumberField.PROGRESS, percentage);
          rules.text(TextField.PROGRESS_NOTES, rs.getString("notes"));
          rules.text(TextField.UPDATED_BY, rs.getString("updated_by"));
          if (task == null) {
            skip("task_progress", id, "refers to task " + rs.getLong("task_id") + ", which is not imported");
          } else if (!rules.ok()) {
            skip("task_progress", id, describe(rules));
          } else {
            TaskProgress record = new TaskProgress();
            record.setTask(task);
            record.setProgressPercentage(percentage);
            record.setNotes(rs.getString("notes"));
            String by = rs.getString("updated_by");
            record.setUpdatedBy(by == null || by.isBlank() ? "system" : by);
            record.setCreatedAt(time("task_progress", id, "created_at", rs.getString("created_at")));
            db.save(record);
            report.imported("task_progress");
          }
        }
      }
    }

    void comments() throws SQLException {
      if (!present.contains("task_comments")) {
        return;
      }
      try (ResultSet rs = rows("task_comments")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          Task task = taskById.get(rs.getLong("task_id"));
          CommentType type = enumOr(rs.getString("comment_type"), CommentType.class, CommentType.NOTE);
          Rules rules = new Rules();
          rules.required(TextField.COMMENT, rs.getString("comment"));
          if (task == null) {
            skip("task_comments", id, "refers to task " + rs.getLong("task_id") + ", which is not imported");
          } else if (type == null) {
            skip("task_comments", id, "unknown comment_type '" + rs.getString("comment_type") + "'");
          } else if (!rules.ok()) {
            skip("task_comments", id, describe(rules));
          } else {
            TaskComment comment = new TaskComment();
            comment.setTask(task);
            comment.setComment(rs.getString("comment"));
            comment.setCommentType(type);
            comment.setCreatedAt(time("task_comments", id, "created_at", rs.getString("created_at")));
            db.save(comment);
            report.imported("task_comments");
          }
        }
      }
    }

    void groups() throws SQLException {
      try (ResultSet rs = rows("execution_groups")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          int parallel = rs.getObject("max_parallel_tasks") == null ? 5 : rs.getInt("max_parallel_tasks");
          ExecutionStatus status = enumOr(rs.getString("status"), ExecutionStatus.class, ExecutionStatus.PENDING);
          Rules rules = new Rules();
          rules.required(TextField.GROUP_NAME, rs.getString("name"));
          rules.range(NumberField.MAX_PARALLEL, parallel);
          if (status == null) {
            skip("execution_groups", id, "unknown status '" + rs.getString("status") + "'");
          } else if (!rules.ok()) {
            skip("execution_groups", id, describe(rules));
          } else {
            ExecutionGroup group = new ExecutionGroup();
            group.setName(rs.getString("name"));
            group.setMaxParallelTasks(parallel);
            group.setStatus(status);
            group.setTotalHours(rs.getDouble("total_hours"));
            group.setEstimatedDuration(rs.getDouble("estimated_duration"));
            group.setMetadata(metadata("execution_groups", id, rs.getString("metadata")));
            group.setCreatedAt(time("execution_groups", id, "created_at", rs.getString("created_at")));
            group.setUpdatedAt(time("execution_groups", id, "updated_at", rs.getString("updated_at")));
            db.save(group);
            groupById.put(id, group);
            report.imported("execution_groups");
          }
        }
      }
    }

    void groupTasks() throws SQLException {
      Set<String> pairs = new HashSet<>();
      try (ResultSet rs = rows("group_tasks")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          ExecutionGroup group = groupById.get(rs.getLong("group_id"));
          Task task = taskById.get(rs.getLong("task_id"));
          ExecutionStatus status = enumOr(rs.getString("status"), ExecutionStatus.class, ExecutionStatus.PENDING);
          if (group == null || task == null) {
            skip("group_tasks", id, "refers to " + (group == null ? "group " + rs.getLong("group_id")
                : "task " + rs.getLong("task_id")) + ", which is not imported");
          } else if (status == null) {
            skip("group_tasks", id, "unknown status '" + rs.getString("status") + "'");
          } else if (!pairs.add(rs.getLong("group_id") + ">" + rs.getLong("task_id"))) {
            skip("group_tasks", id, "duplicate of another row for the same group and task");
          } else {
            GroupTask member = new GroupTask();
            member.setGroup(group);
            member.setTask(task);
            member.setExecutionOrder(rs.getInt("execution_order"));
            // the legacy tools often left 0 (the column's default): the group's total is its tasks' hours
            Number hours = Cell.of(rs, "task_hours", false).value();
            member.setTaskHours(hours != null && hours.doubleValue() > 0 ? hours.doubleValue() : task.getTimeEstimateHours());
            member.setStatus(status);
            member.setCreatedAt(time("group_tasks", id, "created_at", rs.getString("created_at")));
            member.setUpdatedAt(time("group_tasks", id, "updated_at", rs.getString("updated_at")));
            db.save(member);
            report.imported("group_tasks");
          }
        }
      }
    }

    void logs() throws SQLException {
      try (ResultSet rs = rows("parallel_execution_log")) {
        while (rs.next()) {
          long id = rs.getLong("id");
          row();
          ExecutionGroup group = groupById.get(rs.getLong("group_id"));
          Long taskId = rs.getObject("task_id") == null ? null : rs.getLong("task_id");
          LogLevel level = enumOr(rs.getString("level"), LogLevel.class, LogLevel.INFO);
          Rules rules = new Rules();
          rules.required(TextField.LOG_MESSAGE, rs.getString("message"));
          if (group == null) {
            skip("parallel_execution_log", id, "refers to group " + rs.getLong("group_id") + ", which is not imported");
          } else if (taskId != null && !taskById.containsKey(taskId)) {
            skip("parallel_execution_log", id, "refers to task " + taskId + ", which is not imported");
          } else if (level == null) {
            skip("parallel_execution_log", id, "unknown level '" + rs.getString("level") + "'");
          } else if (!rules.ok()) {
            skip("parallel_execution_log", id, describe(rules));
          } else {
            ExecutionLog entry = new ExecutionLog();
            entry.setGroup(group);
            entry.setTask(taskId == null ? null : taskById.get(taskId));
            entry.setLevel(level);
            entry.setMessage(rs.getString("message"));
            entry.setMetadata(metadata("parallel_execution_log", id, rs.getString("metadata")));
            entry.setCreatedAt(time("parallel_execution_log", id, "created_at", rs.getString("created_at")));
            db.save(entry);
            report.imported("parallel_execution_log");
          }
        }
      }
    }

    /** JSON object metadata; anything else is kept as text under "legacy_metadata" and reported. */
    Map<String, Object> metadata(String table, long id, String text) {
      Map<String, Object> metadata = new LinkedHashMap<>();
      if (text == null || text.isBlank()) {
        return metadata;
      }
      try {
        JsonNode node = JSON.readTree(text);
        if (node != null && node.isObject()) {
          return JSON.convertValue(node, JSON.getTypeFactory().constructMapType(LinkedHashMap.class, String.class, Object.class));
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException invalid) {
        // reported below
      }
      report.note(table, id, "metadata is not a JSON object; kept as text under \"legacy_metadata\"");
      metadata.put("legacy_metadata", text);
      return metadata;
    }
  }

  /** A legacy enum text: null or blank gives the default; an unknown value gives null. */
  private static <E extends Enum<E> & ContractValue> E enumOr(String text, Class<E> type, E fallback) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    return ContractValue.parse(type, text).orElse(null);
  }

  /**
   * A number column as the legacy file holds it. SQLite keeps whatever was written, whatever the
   * column's type: read as a number, 2.5 in an INTEGER column became 2 and 'abc' became 0 (which
   * the report then called "not 0"). Null when NULL; a problem (what the column must be, and the
   * value as written) when it is no number, or a fraction or beyond any int where a whole number
   * belongs. Text that spells a number (a legacy tool may have written '3') is read as it.
   */
  record Cell(String column, Number value, String problem) {

    static Cell of(ResultSet rs, String column, boolean whole) throws SQLException {
      Object raw = rs.getObject(column);
      Number number = raw instanceof Number given ? given
          : raw instanceof String text ? tracker.core.Numbers.decimal(text.strip()) : null;
      if (raw == null) {
        return new Cell(column, null, null);
      } else if (number == null || !Double.isFinite(number.doubleValue())) {
        return new Cell(column, null, "must be a number, not "
            + (raw instanceof byte[] ? "a blob" : raw instanceof String text ? Rules.quote(text) : raw));
      } else if (whole && (number.doubleValue() != Math.rint(number.doubleValue())
          || number.doubleValue() > Integer.MAX_VALUE || number.doubleValue() < Integer.MIN_VALUE)) {
        return new Cell(column, null, "must be a whole number, not " + raw);
      }
      return new Cell(column, number, null);
    }

    /** The problem as the report names it: column, then what it must be. */
    String refusal() {
      return column + " " + problem;
    }

    Integer whole() {
      return value == null ? null : value.intValue();
    }
  }

  private static String describe(Rules rules) {
    return String.join("; ", rules.errors().stream().map(e -> e.field() + " " + e.message()).toList());
  }

}
