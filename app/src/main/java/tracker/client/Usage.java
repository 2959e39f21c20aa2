package tracker.client;

import java.util.Collection;
import tracker.core.NumberField;
import tracker.domain.ContractValue;

/**
 * The values a command's help documents, checked before any request is sent: a wrong one is a
 * usage error (exit 2) naming the option, by the same ranges and names the server applies.
 */
final class Usage {

  Usage range(String option, NumberField field, Number value) {
    return range(option, value, field.min(), field.max());
  }

  Usage range(String option, Number value, double min, double max) {
    if (value != null && (value.doubleValue() < min || value.doubleValue() > max)) {
      throw new UsageError(option + " must be between " + shown(min) + " and "
          + shown(max) + ", not " + value);
    }
    return this;
  }

  <E extends Enum<E> & ContractValue> Usage oneOf(String option, Class<E> type, String value) {
    if (value != null && ContractValue.parse(type, value).isEmpty()) {
      throw new UsageError(option + " must be one of "
          + String.join(", ", ContractValue.values(type)) + ", not " + value);
    }
    return this;
  }

  /** A sort name, optionally prefixed by - for descending. */
  Usage sort(String option, String value, Collection<String> names) {
    if (value != null && !names.contains(value.startsWith("-") ? value.substring(1) : value)) {
      throw new UsageError(option + " must be one of " + String.join(", ",
          new java.util.TreeSet<>(names)) + ", optionally prefixed by -, not " + value);
    }
    return this;
  }

  private static String shown(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
