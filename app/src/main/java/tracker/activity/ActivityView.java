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
    return changeLines(Map.of());
  }

  /** As {@link #changeLines()}, a task depended on named with its title where {@code titles} knows it. */
  public List<String> changeLines(Map<Long, String> titles) {
    return changes.entrySet().stream().map(e -> {
      String field = e.getKey();
      String from = said(field, e.getValue().get("from"));
      String to = said(field, e.getValue().get("to"));
      if (field.equals("depends_on_task_id")) {
        Object other = e.getValue().get(to != null ? "to" : "from");
        String title = other instanceof Number n ? titles.get(n.longValue()) : null;
        String named = (to != null ? to : from) + (title == null ? "" : " " + title);
        return to != null ? "now depends on " + named : "no longer depends on " + named;
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

  /** The tasks these entries name as depended on (whose titles their lines say). */
  public static java.util.Set<Long> dependedOn(List<ActivityView> entries) {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    for (ActivityView entry : entries) {
      Map<String, Object> change = entry.changes().get("depends_on_task_id");
      if (change != null) {
        for (Object id : new Object[] {change.get("from"), change.get("to")}) {
          if (id instanceof Number n) {
            ids.add(n.longValue());
          }
        }
      }
    }
    return ids;
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
