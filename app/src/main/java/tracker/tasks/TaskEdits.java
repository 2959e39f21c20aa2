package tracker.tasks;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The edit form's fields as text, and what an edit changed. The form carries the values it was
 * loaded with ({@code was.FIELD}), so a save sends only the fields the person changed, and a
 * change made meanwhile by someone else to another field is kept instead of overwritten.
 */
public final class TaskEdits {

  private TaskEdits() {}

  static final String WAS = "was.";
  private static final Set<String> NUMBERS = Set.of("phase", "time_estimate_hours", "parent_task_id",
      "optimistic_hours", "pessimistic_hours");

  /** Each field of a task as its input shows it; a new task's defaults when {@code task} is null. */
  public static Map<String, String> formValues(TaskView task) {
    Map<String, String> values = new LinkedHashMap<>();
    if (task == null) {
      values.put("time_estimate_hours", "1.0");
      values.put("priority", "Medium");
      values.put("complexity", "Medium");
      values.put("status", "not_started");
      return values;
    }
    values.put("title", task.title());
    values.put("description", task.description());
    values.put("component_area", task.componentArea());
    values.put("phase", String.valueOf(task.phase()));
    values.put("time_estimate_hours", String.valueOf(task.timeEstimateHours()));
    values.put("priority", task.priority().value());
    values.put("complexity", task.complexity().value());
    values.put("status", task.status().value());
    values.put("source_document", task.sourceDocument());
    values.put("parent_task_id", task.parentTaskId() == null ? null : String.valueOf(task.parentTaskId()));
    values.put("optimistic_hours", task.optimisticHours() == null ? null : String.valueOf(task.optimisticHours()));
    values.put("pessimistic_hours", task.pessimisticHours() == null ? null : String.valueOf(task.pessimisticHours()));
    values.put("assignee", task.assignee());
    values.put("labels", String.join(", ", task.labels()));
    values.put("success_criteria", task.successCriteria());
    return values;
  }

  /**
   * The fields the person changed: those whose typed value differs from the one the form was
   * loaded with. A form without the loaded values (a script's post) changes every field it sends.
   */
  static Set<String> changed(Map<String, String> typed) {
    Set<String> changed = new TreeSet<>();
    for (String field : TaskDraft.FIELDS) {
      if (typed.containsKey(field) && (!typed.containsKey(WAS + field)
          || !same(field, typed.get(field), typed.get(WAS + field)))) {
        changed.add(field);
      }
    }
    return changed;
  }

  /** The changed fields that someone else changed too, to another value, since the form was loaded. */
  static List<String> collisions(Set<String> changed, Map<String, String> typed, Map<String, String> now) {
    List<String> collisions = new ArrayList<>();
    for (String field : changed) {
      String current = now.get(field);
      if (!same(field, current, typed.get(WAS + field)) && !same(field, current, typed.get(field))) {
        collisions.add(field);
      }
    }
    return collisions;
  }

  /** Whether two texts of a field mean the same: spaces around, "8" and "8.0", labels in any order. */
  static boolean same(String field, String a, String b) {
    String x = a == null ? "" : a.strip();
    String y = b == null ? "" : b.strip();
    if (x.equals(y)) {
      return true;
    }
    if (NUMBERS.contains(field)) {
      try {
        return !x.isEmpty() && !y.isEmpty() && new BigDecimal(x).compareTo(new BigDecimal(y)) == 0;
      } catch (NumberFormatException notNumbers) {
        return false;
      }
    }
    if (field.equals("labels")) {
      return labels(x).equals(labels(y));
    }
    return false;
  }

  private static Set<String> labels(String typed) {
    Set<String> labels = new TreeSet<>();
    for (String label : typed.split(",")) {
      if (!label.isBlank()) {
        labels.add(label.strip());
      }
    }
    return labels;
  }
}
