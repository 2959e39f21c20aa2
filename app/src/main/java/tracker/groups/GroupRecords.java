package tracker.groups;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import tracker.domain.ExecutionStatus;
import tracker.domain.LogLevel;

/** Requests and answers of the execution-group routes. */
public final class GroupRecords {

  private GroupRecords() {}

  public record GroupDraft(String name, Integer maxParallelTasks, List<Long> taskIds, Map<String, Object> metadata) {}

  public record FromPlanRequest(Integer maxParallelTasks, String namePrefix) {}

  public record StatusRequest(String status) {}

  public record LogDraft(String level, String message, Long taskId, Map<String, Object> metadata) {}

  public record GroupTaskView(long taskId, String title, int executionOrder, double taskHours, ExecutionStatus status) {}

  /** A group; {@code estimated_duration} is in minutes. */
  public record GroupView(long id, String name, ExecutionStatus status, int maxParallelTasks, double totalHours,
      double estimatedDuration, Map<String, Object> metadata, Instant createdAt, Instant updatedAt,
      List<GroupTaskView> tasks) {

    /** How many of its tasks the group has completed. */
    public long completedTasks() {
      return tasks.stream().filter(t -> t.status() == ExecutionStatus.COMPLETED).count();
    }
  }

  public record LogView(long id, long groupId, Long taskId, LogLevel level, String message,
      Map<String, Object> metadata, Instant createdAt) {}
}
