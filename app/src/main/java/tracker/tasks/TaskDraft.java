package tracker.tasks;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

/**
 * The writable fields of a task as a client sends them. Enums travel as their contract strings
 * so that an unknown value is a rule broken (422) rather than a malformed request. An explicit
 * null clears a nullable field; on any other field it is a 400 (see Json).
 */
public record TaskDraft(
    String title,
    @JsonSetter(nulls = Nulls.SET) String description,
    String componentArea,
    Integer phase,
    String priority,
    String complexity,
    String status,
    String sourceDocument,
    @JsonSetter(nulls = Nulls.SET) String successCriteria,
    Double timeEstimateHours,
    @JsonSetter(nulls = Nulls.SET) Long parentTaskId,
    @JsonSetter(nulls = Nulls.SET) String assignee,
    java.util.List<String> labels,
    @JsonSetter(nulls = Nulls.SET) Double optimisticHours,
    @JsonSetter(nulls = Nulls.SET) Double pessimisticHours) {

  /** The JSON names of the writable fields, as in the contract. */
  public static final java.util.List<String> FIELDS = java.util.List.of(
      "title", "description", "component_area", "phase", "priority", "complexity", "status",
      "source_document", "success_criteria", "time_estimate_hours", "parent_task_id", "assignee", "labels",
      "optimistic_hours", "pessimistic_hours");

  /** A task without an assignee or labels. */
  public TaskDraft(String title, String description, String componentArea, Integer phase, String priority,
      String complexity, String status, String sourceDocument, String successCriteria, Double timeEstimateHours,
      Long parentTaskId) {
    this(title, description, componentArea, phase, priority, complexity, status, sourceDocument, successCriteria,
        timeEstimateHours, parentTaskId, null, null, null, null);
  }

  /** A task with an assignee and labels, without a range. */
  public TaskDraft(String title, String description, String componentArea, Integer phase, String priority,
      String complexity, String status, String sourceDocument, String successCriteria, Double timeEstimateHours,
      Long parentTaskId, String assignee, java.util.List<String> labels) {
    this(title, description, componentArea, phase, priority, complexity, status, sourceDocument, successCriteria,
        timeEstimateHours, parentTaskId, assignee, labels, null, null);
  }
}
