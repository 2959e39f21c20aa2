package tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import java.time.Instant;

/** Identity and creation time shared by every table. */
@MappedSuperclass
public abstract class BaseEntity {

  @Id
  private Long id;

  // Set on insert unless already given: the legacy import keeps the old timestamps,
  // which @WhenCreated would overwrite.
  @Column(nullable = false)
  private Instant createdAt;

  // public: Ebean finds lifecycle methods among the public ones
  @PrePersist
  public void stampCreation() {
    if (createdAt == null) {
      createdAt = Instant.now();
    }
  }

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public Instant getCreatedAt() {
    return createdAt;
  }

  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }
}
