package tracker.domain;

import io.ebean.annotation.ConstraintMode;
import io.ebean.annotation.DbForeignKey;
import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** A task's place in an execution group (legacy table `group_tasks`). */
@Index(columnNames = "task_id")
@Entity
@Table(name = "group_tasks", uniqueConstraints = @UniqueConstraint(columnNames = {"group_id", "task_id"}))
public class GroupTask extends VersionedEntity {

  @ManyToOne(optional = false)
  @DbForeignKey(onDelete = ConstraintMode.CASCADE)
  private ExecutionGroup group;

  @ManyToOne(optional = false)
  @DbForeignKey(onDelete = ConstraintMode.CASCADE)
  private Task task;

  @Column(nullable = false)
  private int executionOrder;

  @Column(nullable = false)
  private double taskHours;

  @Column(nullable = false)
  private ExecutionStatus status = ExecutionStatus.PENDING;

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

  public int getExecutionOrder() {
    return executionOrder;
  }

  public void setExecutionOrder(int executionOrder) {
    this.executionOrder = executionOrder;
  }

  public double getTaskHours() {
    return taskHours;
  }

  public void setTaskHours(double taskHours) {
    this.taskHours = taskHours;
  }

  public ExecutionStatus getStatus() {
    return status;
  }

  public void setStatus(ExecutionStatus status) {
    this.status = status;
  }
}
