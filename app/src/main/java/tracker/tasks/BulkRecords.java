package tracker.tasks;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;

/** The bodies of the bulk routes. */
public final class BulkRecords {

  private BulkRecords() {}

  /** A dependency of a bulk task: on another task of the request ({@code ref}) or a stored one ({@code task_id}). */
  public record BulkDependency(String ref, Long taskId, String dependencyType) {}

  /** A task of a bulk request: the writable fields plus a name for references within the request. */
  public record BulkTask(String ref, String parentRef, List<BulkDependency> dependsOn, String title,
      @JsonSetter(nulls = Nulls.SET) String description, String componentArea, Integer phase, String priority,
      String complexity, String status, String sourceDocument, @JsonSetter(nulls = Nulls.SET) String successCriteria,
      Double timeEstimateHours, @JsonSetter(nulls = Nulls.SET) Long parentTaskId,
      @JsonSetter(nulls = Nulls.SET) String assignee, List<String> labels,
      @JsonSetter(nulls = Nulls.SET) Double optimisticHours, @JsonSetter(nulls = Nulls.SET) Double pessimisticHours) {

    TaskDraft draft() {
      return new TaskDraft(title, description, componentArea, phase, priority, complexity, status, sourceDocument,
          successCriteria, timeEstimateHours, parentTaskId, assignee, labels, optimisticHours, pessimisticHours);
    }
  }

  public record BulkCreate(List<BulkTask> tasks) {}

  public record BulkStatus(List<Long> taskIds, String status, String notes, String updatedBy) {}

  public record BulkLabels(List<Long> taskIds, List<String> add, List<String> remove) {}

  /** The same fields for many tasks: only those given change. */
  public record BulkUpdate(List<Long> taskIds, String priority, String componentArea, Integer phase, String complexity,
      @JsonSetter(nulls = Nulls.SET) String assignee) {

    TaskDraft draft() {
      return new TaskDraft(null, null, componentArea, phase, priority, complexity, null, null, null, null, null,
          assignee, null);
    }
  }
}
