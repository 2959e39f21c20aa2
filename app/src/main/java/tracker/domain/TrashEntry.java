package tracker.domain;

import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A deleted task, whole: its rows and those of its subtasks, dependencies (both ways), progress,
 * comments and group places, as an export writes them, until it is restored or purged. Its
 * history stays where it is, in the activity table.
 */
@Index(columnNames = "created_at")
@Entity
@Table(name = "trash")
public class TrashEntry extends BaseEntity {

  /** The task that was deleted (its subtasks went with it). */
  @Column(nullable = false)
  private long taskId;

  @Column(nullable = false, length = 500)
  private String title;

  /** How many tasks went: the task and its subtasks. */
  @Column(nullable = false)
  private int taskCount;

  @Column(nullable = false, length = 100)
  private String deletedBy;

  @Lob
  @Column(nullable = false)
  private String snapshot;

  public long getTaskId() {
    return taskId;
  }

  public void setTaskId(long taskId) {
    this.taskId = taskId;
  }

  public String getTitle() {
    return title;
  }

  public void setTitle(String title) {
    this.title = title;
  }

  public int getTaskCount() {
    return taskCount;
  }

  public void setTaskCount(int taskCount) {
    this.taskCount = taskCount;
  }

  public String getDeletedBy() {
    return deletedBy;
  }

  public void setDeletedBy(String deletedBy) {
    this.deletedBy = deletedBy;
  }

  public String getSnapshot() {
    return snapshot;
  }

  public void setSnapshot(String snapshot) {
    this.snapshot = snapshot;
  }
}
