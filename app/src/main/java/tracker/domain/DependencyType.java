package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Kind of dependency; blocks and requires order work, enhances does not. */
public enum DependencyType implements ContractValue {
  BLOCKS("blocks"),
  REQUIRES("requires"),
  ENHANCES("enhances");

  private final String value;

  DependencyType(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
