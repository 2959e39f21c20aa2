package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Task complexity. */
public enum Complexity implements ContractValue {
  SIMPLE("Simple"),
  MEDIUM("Medium"),
  COMPLEX("Complex"),
  EXPERT("Expert");

  private final String value;

  Complexity(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
