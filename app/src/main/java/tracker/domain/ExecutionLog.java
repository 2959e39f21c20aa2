package tracker.domain;

import io.ebean.annotation.ConstraintMode;
import io.ebean.annotation.DbForeignKey;
import io.ebean.annotation.Index;
import io.ebean.annotation.DbJson;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** What happened while a group ran (legacy table `parallel_execution_log`). */
@Index(columnNames = "group_id")
@Index(columnNames = "task_id")
@Entity
@Table(name = "parallel_execution_log")
public class ExecutionLog extends BaseEntity {

  @ManyToOne(optional = false)
  @DbForeignKey(onDelete = ConstraintMode.CASCADE)
  private ExecutionGroup group;

  /** The task the entry is about; kept as null when that task is deleted. */
  @ManyToOne
  @DbForeignKey(onDelete = ConstraintMode.SET_NULL)
  private Task task;

  @Column(nullable = false)
  private LogLevel level = LogLevel.INFO;

  @Column(nullable = false, length = 2000, columnDefinition = "varchar(2000) check (length(message) >= 1)")
  private String message;

  @DbJson
  private Map<String, Object> metadata = new LinkedHashMap<>();

  public ExecutionGroup getGroup() {
    return group;
  }

  public void setGroup(ExecutionGroup group) {
    this.group = group;
  }

  public Task getTask() {
    return task;
  }

  public void setTask(Task task) {
    this.task = task;
  }

  public LogLevel getLevel() {
    return level;
  }

  public void setLevel(LogLevel level) {
    this.level = level;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }

  public Map<String, Object> getMetadata() {
    return metadata;
  }

  public void setMetadata(Map<String, Object> metadata) {
    this.metadata = metadata;
  }
}
