package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Level of an execution log entry. */
public enum LogLevel implements ContractValue {
  INFO("info"),
  WARNING("warning"),
  ERROR("error"),
  DEBUG("debug");

  private final String value;

  LogLevel(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
