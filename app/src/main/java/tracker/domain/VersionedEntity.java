package tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import java.time.Instant;

/** A row that people edit: optimistic locking by version and an update time. */
@MappedSuperclass
public abstract class VersionedEntity extends BaseEntity {

  @Version
  private long version;

  @Column(nullable = false)
  private Instant updatedAt;

  @PrePersist
  public void stampFirstUpdate() {
    if (updatedAt == null) {
      updatedAt = getCreatedAt() != null ? getCreatedAt() : Instant.now();
    }
  }

  @PreUpdate
  public void stampUpdate() {
    updatedAt = Instant.now();
  }

  public long getVersion() {
    return version;
  }

  public void setVersion(long version) {
    this.version = version;
  }

  public Instant getUpdatedAt() {
    return updatedAt;
  }

  public void setUpdatedAt(Instant updatedAt) {
    this.updatedAt = updatedAt;
  }
}
