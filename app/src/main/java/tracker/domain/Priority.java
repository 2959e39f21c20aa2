package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Task priority, ordered by meaning: Critical first. */
public enum Priority implements ContractValue {
  CRITICAL("Critical"),
  HIGH("High"),
  MEDIUM("Medium"),
  LOW("Low");

  private final String value;

  Priority(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
