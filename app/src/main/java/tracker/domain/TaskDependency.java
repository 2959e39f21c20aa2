package tracker.domain;

import io.ebean.annotation.ConstraintMode;
import io.ebean.annotation.DbForeignKey;
import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/** "task depends on dependsOn" (legacy table `task_dependencies`). */
@Entity
@Table(name = "task_dependencies",
    uniqueConstraints = @UniqueConstraint(columnNames = {"task_id", "depends_on_task_id"}))
@Index(columnNames = "depends_on_task_id")
public class TaskDependency extends BaseEntity {

  @ManyToOne(optional = false)
  @DbForeignKey(onDelete = ConstraintMode.CASCADE)
  private Task task;

  @ManyToOne(optional = false)
  @DbForeignKey(onDelete = ConstraintMode.CASCADE)
  @JoinColumn(name = "depends_on_task_id")
  private Task dependsOn;

  // Ebean ignores a join column's definition, so the table's "no self-dependency" check rides here.
  @Column(nullable = false, columnDefinition = "varchar(20) check (task_id <> depends_on_task_id)")
  private DependencyType dependencyType = DependencyType.BLOCKS;

  public Task getTask() {
    return task;
  }

  public void setTask(Task task) {
    this.task = task;
  }

  public Task getDependsOn() {
    return dependsOn;
  }

  public void setDependsOn(Task dependsOn) {
    this.dependsOn = dependsOn;
  }

  public DependencyType getDependencyType() {
    return dependencyType;
  }

  public void setDependencyType(DependencyType dependencyType) {
    this.dependencyType = dependencyType;
  }
}
