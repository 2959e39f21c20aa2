package tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;

/**
 * A named what-if over the plan: changes (delays, ranges, dependencies added or removed) and a
 * parallelism, kept as a draft that changes nothing live and is compared with the live plan.
 */
@Entity
@Table(name = "scenarios")
public class Scenario extends BaseEntity {

  /** Unique, ignoring case (the service checks; the column keeps the name as written). */
  @Column(nullable = false, length = 100, unique = true)
  private String name;

  /** Tasks at once in this scenario; null: the live plan's default. */
  private Integer maxParallel;

  /** The changes, as the API's JSON array. */
  @Lob
  @Column(nullable = false)
  private String changes;

  @Column(nullable = false, length = 100)
  private String createdBy;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public Integer getMaxParallel() {
    return maxParallel;
  }

  public void setMaxParallel(Integer maxParallel) {
    this.maxParallel = maxParallel;
  }

  public String getChanges() {
    return changes;
  }

  public void setChanges(String changes) {
    this.changes = changes;
  }

  public String getCreatedBy() {
    return createdBy;
  }

  public void setCreatedBy(String createdBy) {
    this.createdBy = createdBy;
  }
}
