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

  /**
   * The typed values with the refusal's field errors (several rules on one field join into one
   * line). An error about an item of a field ({@code labels[0]}) is shown at the field; one about
   * a field the form did not send is said in the form's message, so no refusal goes unexplained.
   */
  public static FormState refused(Map<String, String> values, TrackerException refusal) {
    Map<String, String> errors = new HashMap<>();
    java.util.List<String> unplaced = new java.util.ArrayList<>();
    for (FieldError e : refusal.errors()) {
      String field = e.field();
      String base = field.replaceFirst("[\\[.].*$", "");
      if (values.containsKey(field)) {
        errors.merge(field, e.message(), (a, b) -> a + "; " + b);
      } else if (values.containsKey(base)) {
        errors.merge(base, field + " " + e.message(), (a, b) -> a + "; " + b);
      } else {
        errors.merge(field, e.message(), (a, b) -> a + "; " + b); // a page may show it under the rule's name
        unplaced.add(field.replace('_', ' ') + " " + e.message());
      }
    }
    String message = refusal.errors().isEmpty() ? refusal.getMessage()
        : !unplaced.isEmpty() ? String.join("; ", unplaced) + (errors.size() == unplaced.size() ? "." : "; and see below.")
        : errors.size() == 1 ? "Please correct the field below."
        : "Please correct the " + errors.size() + " fields below.";
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
