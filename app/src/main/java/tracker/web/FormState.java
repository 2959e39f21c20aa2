package tracker.web;

import java.util.HashMap;
import java.util.Map;
import tracker.core.FieldError;
import tracker.core.TrackerException;

/**
 * What a form shows after a refused submit: the values the person typed, a message beside each
 * broken field, and a message for the whole form.
 */
public record FormState(Map<String, String> values, Map<String, String> errors, String message) {

  public static final FormState EMPTY = new FormState(Map.of(), Map.of(), null);

  /** The typed values with the refusal's field errors (several rules on one field join into one line). */
  public static FormState refused(Map<String, String> values, TrackerException refusal) {
    Map<String, String> errors = new HashMap<>();
    for (FieldError e : refusal.errors()) {
      errors.merge(e.field(), e.message(), (a, b) -> a + "; " + b);
    }
    String message = refusal.errors().isEmpty() ? refusal.getMessage()
        : refusal.errors().size() == 1 ? "Please correct the field below."
        : "Please correct the " + refusal.errors().size() + " fields below.";
    return new FormState(values, errors, message);
  }

  /** The typed value, else the stored one. */
  public String value(String field, Object stored) {
    String typed = values.get(field);
    return typed != null ? typed : stored == null ? "" : String.valueOf(stored);
  }

  public String error(String field) {
    return errors.get(field);
  }

  public boolean hasError(String field) {
    return errors.containsKey(field);
  }
}
