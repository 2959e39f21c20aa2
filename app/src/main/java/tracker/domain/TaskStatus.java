package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Task status. */
public enum TaskStatus implements ContractValue {
  NOT_STARTED("not_started"),
  IN_PROGRESS("in_progress"),
  COMPLETED("completed"),
  BLOCKED("blocked");

  private final String value;

  TaskStatus(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
