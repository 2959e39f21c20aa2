package tracker.tasks;

import java.time.Instant;
import java.util.List;
import tracker.core.Labels;
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
    String claimedBy,
    Instant leaseExpiresAt,
    Instant blockedSince,
    long version,
    Instant createdAt,
    Instant updatedAt,
    long claimToken,
    String assignee,
    List<String> labels,
    Double optimisticHours,
    Double pessimisticHours) {

  /** This task after a status change: a claim ends when it leaves in_progress; blocked records since when. */
  TaskView withStatus(TaskStatus newStatus, long newVersion, Instant when, int progress) {
    boolean stillClaimed = newStatus == TaskStatus.IN_PROGRESS;
    Instant since = newStatus != TaskStatus.BLOCKED ? null : blockedSince != null ? blockedSince : when;
    return new TaskView(id, title, description, componentArea, phase, priority, complexity, newStatus,
        sourceDocument, successCriteria, timeEstimateHours, parentTaskId, progress,
        stillClaimed ? claimedBy : null, stillClaimed ? leaseExpiresAt : null, since, newVersion, createdAt, when,
        claimToken, assignee, labels, optimisticHours, pessimisticHours);
  }

  static TaskView of(Task task) {
    return of(task, task.getProgressPercentage());
  }

  static TaskView of(Task task, int progressPercentage) {
    return new TaskView(task.getId(), task.getTitle(), task.getDescription(), task.getComponentArea(),
        task.getPhase(), task.getPriority(), task.getComplexity(), task.getStatus(),
        task.getSourceDocument(), task.getSuccessCriteria(), task.getTimeEstimateHours(),
        task.getParent() == null ? null : task.getParent().getId(), progressPercentage, task.getClaimedBy(),
        task.getLeaseExpiresAt(), task.getBlockedSince(), task.getVersion(), task.getCreatedAt(), task.getUpdatedAt(),
        task.getClaimToken(), task.getAssignee(), Labels.of(task.getLabels()), task.getOptimisticHours(),
        task.getPessimisticHours());
  }
}
