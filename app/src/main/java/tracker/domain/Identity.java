package tracker.domain;

import io.ebean.annotation.Index;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A person or an agent that holds tokens; every change it makes is recorded under its name. */
@Entity
@Table(name = "identities")
public class Identity extends BaseEntity {

  @Index(unique = true)
  @Column(nullable = false, length = 50)
  private String name;

  @Column(nullable = false)
  private IdentityKind kind = IdentityKind.PERSON;

  @Column(nullable = false)
  private Role role = Role.READER;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public IdentityKind getKind() {
    return kind;
  }

  public void setKind(IdentityKind kind) {
    this.kind = kind;
  }

  public Role getRole() {
    return role;
  }

  public void setRole(Role role) {
    this.role = role;
  }
}
