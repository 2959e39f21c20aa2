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

  /** Each change as one line for people: "status: not_started → in_progress", "comment: …". */
  public List<String> changeLines() {
    return changes.entrySet().stream().map(e -> {
      Object from = e.getValue().get("from");
      Object to = e.getValue().get("to");
      String field = e.getKey().replace('_', ' ');
      if (from == null) {
        return field + ": " + to;
      }
      return to == null ? field + ": " + from + " (removed)" : field + ": " + from + " → " + to;
    }).toList();
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
