package tracker.domain;

import io.ebean.annotation.DbJson;
import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** A batch of tasks run in parallel (legacy table `execution_groups`). */
@Entity
@Table(name = "execution_groups")
@Index(columnNames = "status")
public class ExecutionGroup extends VersionedEntity {

  @Column(nullable = false, length = 200, columnDefinition = "varchar(200) check (length(name) >= 1)")
  private String name;

  @Column(nullable = false)
  private double totalHours;

  /** Minutes to run the group's tasks with maxParallelTasks at once. */
  @Column(nullable = false)
  private double estimatedDuration;

  @Column(nullable = false, columnDefinition = "integer check (max_parallel_tasks between 1 and 50)")
  private int maxParallelTasks = 5;

  @Column(nullable = false)
  private ExecutionStatus status = ExecutionStatus.PENDING;

  @DbJson
  private Map<String, Object> metadata = new LinkedHashMap<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public double getTotalHours() {
    return totalHours;
  }

  public void setTotalHours(double totalHours) {
    this.totalHours = totalHours;
  }

  public double getEstimatedDuration() {
    return estimatedDuration;
  }

  public void setEstimatedDuration(double estimatedDuration) {
    this.estimatedDuration = estimatedDuration;
  }

  public int getMaxParallelTasks() {
    return maxParallelTasks;
  }

  public void setMaxParallelTasks(int maxParallelTasks) {
    this.maxParallelTasks = maxParallelTasks;
  }

  public ExecutionStatus getStatus() {
    return status;
  }

  public void setStatus(ExecutionStatus status) {
    this.status = status;
  }

  public Map<String, Object> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, Object> metadata) {
    this.metadata = metadata;
  }
}
