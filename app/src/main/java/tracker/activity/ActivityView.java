package tracker.activity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One entry of the activity history as the API shows it: when, who, which entity, what action,
 * and each changed field's {@code from} and {@code to}.
 */
public record ActivityView(long id, Instant at, String actor, String entity, Long entityId, Long taskId, Long groupId,
    String action, Map<String, Map<String, Object>> changes) {

  /** The action in words ("status changed"). */
  public String actionText() {
    return action.replace('_', ' ');
  }

  /** Field names as people say them. */
  private static final Map<String, String> SAID = Map.of("time_estimate_hours", "estimate", "progress_percentage",
      "progress", "parent_task_id", "part of", "component_area", "component", "optimistic_hours", "optimistic",
      "pessimistic_hours", "pessimistic", "success_criteria", "success criteria", "source_document", "source document",
      "dependency_type", "kind");

  /**
   * Each change as one line in words: "status: not started → in progress", "now depends on #2",
   * "estimate: 2 h → 3 h".
   */
  public List<String> changeLines() {
    return changes.entrySet().stream().map(e -> {
      String field = e.getKey();
      String from = said(field, e.getValue().get("from"));
      String to = said(field, e.getValue().get("to"));
      if (field.equals("depends_on_task_id")) {
        return to != null ? "now depends on " + to : "no longer depends on " + from;
      }
      String name = SAID.getOrDefault(field, field.replace('_', ' '));
      if (from == null) {
        return name + ": " + to;
      }
      return to == null ? name + ": " + from + " (removed)" : name + ": " + from + " → " + to;
    }).toList();
  }

  /** Fields whose values are codes ("in_progress"), said with spaces. */
  private static final java.util.Set<String> CODES = java.util.Set.of("status", "status_before_blocked",
      "dependency_type", "comment_type");

  private static String said(String field, Object value) {
    if (value == null) {
      return null;
    }
    if (field.endsWith("task_id")) {
      return "#" + value;
    }
    if (field.endsWith("_hours")) {
      return value + " h";
    }
    if (field.equals("progress_percentage")) {
      return value + " %";
    }
    String text = String.valueOf(value);
    return CODES.contains(field) ? text.replace('_', ' ') : text;
  }

  /** The tasks this entry touched: its task, and for a dependency also the task depended on. */
  public List<Long> touchedTasks() {
    Map<String, Object> other = changes.get("depends_on_task_id");
    Object otherId = other == null ? null : other.get("to") != null ? other.get("to") : other.get("from");
    if (taskId == null) {
      return List.of();
    }
    return otherId instanceof Number n ? List.of(taskId, n.longValue()) : List.of(taskId);
  }
}
