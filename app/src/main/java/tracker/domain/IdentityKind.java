package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Whether an identity is a person (signs in from a browser) or an agent (a script or coding agent). */
public enum IdentityKind implements ContractValue {
  PERSON("person"),
  AGENT("agent");

  private final String value;

  IdentityKind(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
