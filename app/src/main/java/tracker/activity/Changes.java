package tracker.activity;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The fields one change touched, each with its old and new value, in the order they were named. */
public final class Changes {

  private final Map<String, Map<String, Object>> fields = new LinkedHashMap<>();

  public static Changes of() {
    return new Changes();
  }

  /** A field that went from one value to another; left out when it did not change. */
  public Changes field(String name, Object from, Object to) {
    Object before = plain(from);
    Object after = plain(to);
    if (!Objects.equals(before, after)) {
      Map<String, Object> change = new LinkedHashMap<>();
      change.put("from", before);
      change.put("to", after);
      fields.put(name, change);
    }
    return this;
  }

  /** A value that is new with this change (a comment's text, a progress figure). */
  public Changes added(String name, Object value) {
    return field(name, null, value);
  }

  /** Adds another change's fields to this one (one history entry for one request). */
  public Changes with(Changes other) {
    fields.putAll(other.fields);
    return this;
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  Map<String, Map<String, Object>> fields() {
    return fields;
  }

  /** Enums as their contract strings, numbers and text as they are. */
  private static Object plain(Object value) {
    if (value instanceof tracker.domain.ContractValue contract) {
      return contract.value();
    }
    if (value instanceof java.time.Instant instant) {
      return instant.toString();
    }
    return value;
  }
}
