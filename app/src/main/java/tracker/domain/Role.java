package tracker.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.ebean.annotation.DbEnumValue;

/**
 * What an identity may do, each role including the ones before it: a reader reads; a worker
 * also claims, keeps a lease, changes status, progress and comments, adds tasks and
 * dependencies; a planner also edits and deletes tasks, groups and anything in bulk; an admin
 * also manages identities and tokens.
 */
public enum Role implements ContractValue {
  READER("reader"),
  WORKER("worker"),
  PLANNER("planner"),
  ADMIN("admin");

  private final String value;

  Role(String value) {
    this.value = value;
  }

  /** Whether this role may do what {@code needed} may. */
  public boolean covers(Role needed) {
    return compareTo(needed) >= 0;
  }

  @Override
  @DbEnumValue(length = 20)
  @JsonValue
  public String value() {
    return value;
  }
}
