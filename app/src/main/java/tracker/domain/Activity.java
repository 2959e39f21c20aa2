package tracker.domain;

import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * One change, appended in the transaction that made it and never changed after: who did what to
 * which task or group, with each changed field's old and new value (JSON text). No foreign keys:
 * the history of a deleted task stays.
 */
@Index(columnNames = "task_id")
@Index(columnNames = "group_id")
@Entity
@Table(name = "activity")
public class Activity extends BaseEntity {

  @Column(nullable = false, length = 100)
  private String actor;

  /** {@code task}, {@code group} or {@code import}. */
  @Column(nullable = false, length = 20)
  private String entity;

  private Long entityId;

  private Long taskId;

  private Long groupId;

  @Column(nullable = false, length = 40)
  private String action;

  /** {"field": {"from": old, "to": new}, …} */
  @Lob
  @Column(nullable = false)
  private String changes;

  public String getActor() {
    return actor;
  }

  public String getEntity() {
    return entity;
  }

  public Long getEntityId() {
    return entityId;
  }

  public Long getTaskId() {
    return taskId;
  }

  public Long getGroupId() {
    return groupId;
  }

  public String getAction() {
    return action;
  }

  public String getChanges() {
    return changes;
  }
}
