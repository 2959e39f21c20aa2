package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/** Kind of comment. */
public enum CommentType implements ContractValue {
  NOTE("note"),
  DECISION("decision"),
  BLOCKER("blocker"),
  SOLUTION("solution");

  private final String value;

  CommentType(String value) {
    this.value = value;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
