package tracker.tasks;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import tracker.domain.DependencyType;
import tracker.domain.TaskStatus;

/** One task with what it depends on, what depends on it, and its subtasks. */
public record TaskDetail(
    @JsonUnwrapped TaskView task,
    List<Dependency> dependencies,
    List<Dependent> dependents,
    List<Long> subtaskIds) {

  /** A task this one depends on. */
  public record Dependency(long dependsOnTaskId, DependencyType dependencyType, String title, TaskStatus status) {}

  /** A task that depends on this one. */
  public record Dependent(long taskId, DependencyType dependencyType, String title, TaskStatus status) {}
}
