package tracker.tasks;

import java.time.Instant;
import tracker.domain.Complexity;
import tracker.domain.Priority;
import tracker.domain.Task;
import tracker.domain.TaskStatus;

/** A task as the API and the pages show it. */
public record TaskView(
    long id,
    String title,
    String description,
    String componentArea,
    int phase,
    Priority priority,
    Complexity complexity,
    TaskStatus status,
    String sourceDocument,
    String successCriteria,
    double timeEstimateHours,
    Long parentTaskId,
    int progressPercentage,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /** This task after a status change. */
  TaskView withStatus(TaskStatus newStatus, long newVersion, Instant when, int progress) {
    return new TaskView(id, title, description, componentArea, phase, priority, complexity, newStatus,
        sourceDocument, successCriteria, timeEstimateHours, parentTaskId, progress, newVersion, createdAt, when);
  }

  static TaskView of(Task task) {
    return of(task, task.getProgressPercentage());
  }

  static TaskView of(Task task, int progressPercentage) {
    return new TaskView(task.getId(), task.getTitle(), task.getDescription(), task.getComponentArea(),
        task.getPhase(), task.getPriority(), task.getComplexity(), task.getStatus(),
        task.getSourceDocument(), task.getSuccessCriteria(), task.getTimeEstimateHours(),
        task.getParent() == null ? null : task.getParent().getId(), progressPercentage,
        task.getVersion(), task.getCreatedAt(), task.getUpdatedAt());
  }
}
