package tracker.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One setting the team changes at run time (the plan's calendar), shared by every instance. */
@Entity
@Table(name = "settings")
public class Setting {

  @Id
  @Column(length = 100)
  private String name;

  @Column(nullable = false, length = 1000)
  private String value;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
