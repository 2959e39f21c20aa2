package tracker.legacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an import did: every row it could not take (table, old id, reason) and a count per table. */
public final class LegacyReport {

  /** One row that was skipped, or taken with a change the user should know of. */
  public record Line(String table, Long oldId, String reason, boolean skipped) {
    @Override
    public String toString() {
      return table + " " + (oldId == null ? "-" : oldId) + ": " + (skipped ? "skipped: " : "note: ") + reason;
    }
  }

  static final List<String> TABLES = List.of("tasks", "task_dependencies", "task_progress", "task_comments",
      "execution_groups", "group_tasks", "parallel_execution_log");

  private final List<Line> lines = new ArrayList<>();
  private final Map<String, int[]> counts = new LinkedHashMap<>();

  LegacyReport() {
    TABLES.forEach(t -> counts.put(t, new int[2]));
  }

  void imported(String table) {
    counts.get(table)[0]++;
  }

  void skipped(String table, Long oldId, String reason) {
    counts.get(table)[1]++;
    lines.add(new Line(table, oldId, reason, true));
  }

  void note(String table, Long oldId, String reason) {
    lines.add(new Line(table, oldId, reason, false));
  }

  /** Adds each table's imported count to {@code changes} (the import's activity entry). */
  tracker.activity.Changes counts(tracker.activity.Changes changes) {
    counts.forEach((table, c) -> changes.added(table, c[0]));
    return changes;
  }

  /** The report as printed: the lines, then one summary line per table as in the contract. */
  public List<String> text() {
    List<String> text = new ArrayList<>();
    lines.forEach(l -> text.add(l.toString()));
    counts.forEach((table, c) -> text.add(table + ": " + c[0] + " imported, " + c[1] + " skipped"));
    return text;
  }
}
