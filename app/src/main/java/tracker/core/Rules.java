package tracker.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tracker.domain.ContractValue;

/** Collects every broken rule of one request, so a client learns all of them in one answer. */
public final class Rules {

  private final List<FieldError> errors;
  private final String prefix;

  public Rules() {
    this(new ArrayList<>(), "");
  }

  private Rules(List<FieldError> errors, String prefix) {
    this.errors = errors;
    this.prefix = prefix;
  }

  /** Rules that report into this one with field names under {@code prefix}, e.g. "tasks[3].". */
  public Rules under(String prefix) {
    return new Rules(errors, this.prefix + prefix);
  }

  public void add(String field, String message) {
    errors.add(new FieldError(prefix + field, message));
  }

  /** A required text: not blank, within its field's limit and characters. */
  public String required(TextField field, String value) {
    if (value == null || value.isBlank()) {
      add(field.field(), "is required");
      return value;
    }
    if (Names.invisible(value)) { // a zero-width space reads as nothing, and would name nothing people can see
      add(field.field(), "is required: it holds only invisible characters");
      return value;
    }
    return text(field, value);
  }

  /** Whether an optional text of a field's kind, sent under another name, keeps the field's rules. */
  public boolean text(TextField field, String value, String name) {
    String problem = value == null ? null : field.problem(value);
    if (problem != null) {
      add(name, problem);
    }
    return problem == null;
  }

  /** An optional text within its field's limit and characters. */
  public String text(TextField field, String value) {
    String problem = value == null ? null : field.problem(value);
    if (problem != null) {
      add(field.field(), problem);
    }
    return value;
  }

  /** A whole number within its field's range. */
  public Integer range(NumberField field, Integer value) {
    return range(field.field(), value, field.minWhole(), field.maxWhole());
  }

  /** A number within its field's range. */
  public Double range(NumberField field, Double value) {
    return range(field.field(), value, field.min(), field.max());
  }

  /** A whole number within its field's range, for fields wider than an int (claim tokens). */
  public Long range(NumberField field, Long value) {
    if (value != null && (value < (long) field.min() || value > (long) field.max())) {
      add(field.field(), "must be between " + (long) field.min() + " and " + (long) field.max() + ", not " + value);
    }
    return value;
  }

  public Integer range(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      add(field, "must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }

  public Double range(String field, Double value, double min, double max) {
    if (value != null && (value.isNaN() || value < min || value > max)) {
      add(field, "must be between " + min + " and " + max + ", not " + value);
    }
    return value;
  }

  /**
   * A whole-number parameter given as text (a query string): absent or blank is {@code fallback};
   * anything else must be a plain integer within min..max, or a rule is broken.
   */
  public int whole(String field, String value, int min, int max, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Long parsed = Numbers.whole(value);
    if (parsed != null && parsed >= min && parsed <= max) {
      return parsed.intValue();
    }
    add(field, "must be an integer between " + min + " and " + max);
    return fallback;
  }

  /** An enum given as its contract string; null stays null, an unknown string is an error. */
  public <E extends Enum<E> & ContractValue> E oneOf(String field, String value, Class<E> type) {
    if (value == null) {
      return null;
    }
    Optional<E> parsed = ContractValue.parse(type, value);
    if (parsed.isEmpty()) {
      add(field, "must be one of " + String.join(", ", ContractValue.values(type)) + ", not " + quote(value));
    }
    return parsed.orElse(null);
  }

  /** A required enum given as its contract string. */
  public <E extends Enum<E> & ContractValue> E requiredOneOf(String field, String value, Class<E> type) {
    if (value == null) {
      add(field, "is required");
      return null;
    }
    return oneOf(field, value, type);
  }

  /** The largest whole number every JSON reader keeps exactly (2^53). */
  public static final long EXACT_INTEGER = 1L << 53;

  /**
   * A free-form JSON object (a group's or a log entry's metadata) by the same rules as the text
   * fields: keys one line, strings paragraphs, numbers finite and, when whole, exact in every
   * JSON reader (within ±2^53), so what is stored is what was sent and what is read back.
   */
  public void json(String field, Object value) {
    if (value instanceof java.util.Map<?, ?> map) {
      map.forEach((key, item) -> {
        String name = String.valueOf(key);
        String problem = TextField.METADATA_KEY.problem(name);
        if (problem != null) {
          add(field, "key " + quote(name) + " " + problem);
        }
        json(field + "." + name, item);
      });
    } else if (value instanceof java.util.List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        json(field + "[" + i + "]", list.get(i));
      }
    } else if (value instanceof String text) {
      String problem = TextField.METADATA_TEXT.problem(text);
      if (problem != null) {
        add(field, problem);
      }
    } else if (value instanceof java.math.BigInteger || value instanceof Long || value instanceof Integer) {
      java.math.BigInteger whole = new java.math.BigInteger(value.toString());
      if (whole.abs().compareTo(java.math.BigInteger.valueOf(EXACT_INTEGER)) > 0) {
        add(field, "must be a whole number within ±2^53, not " + value);
      }
    } else if (value instanceof Number number && !Double.isFinite(number.doubleValue())) {
      add(field, "must be a finite number");
    } else if (value instanceof Number number && Math.abs(number.doubleValue()) >= EXACT_INTEGER) {
      // written with a point or an exponent, 2^53 itself may stand for 2^53 + 1 rounded: no longer exact
      // 1e16 or 12345678901234567890.5: a reader gets a rounded value back, whatever was sent
      add(field, "must be a number within ±2^53, not " + value);
    }
  }

  /** A forecast's range holds the estimate: optimistic ≤ time_estimate_hours ≤ pessimistic (each entry point's rule). */
  public void rangeAroundEstimate(double likely, Double optimistic, Double pessimistic) {
    if (optimistic != null && optimistic > likely) {
      add("optimistic_hours", "must be at most time_estimate_hours (" + likely + "), not " + optimistic);
    }
    if (pessimistic != null && pessimistic < likely) {
      add("pessimistic_hours", "must be at least time_estimate_hours (" + likely + "), not " + pessimistic);
    }
  }

  /** A value as a message shows it: quoted, control characters escaped, at most 40 characters. */
  public static String quote(String value) {
    StringBuilder shown = new StringBuilder("'");
    value.codePoints().limit(40).forEach(c -> shown.append(Character.isISOControl(c) || Character.isSurrogate((char) c)
        ? String.format("\\u%04x", c) : Character.toString(c)));
    return shown.append(value.codePointCount(0, value.length()) > 40 ? "…'" : "'").toString();
  }

  /** The broken rules so far, as "field message" lines' parts. */
  public List<FieldError> errors() {
    return List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty();
  }

  /** Throws a 400 naming every malformed parameter, if there is one. */
  public void checkAsBadRequest(String detail) {
    if (!errors.isEmpty()) {
      throw TrackerException.badRequest(detail, errors);
    }
  }

  /** Throws a 422 naming every broken rule, if there is one. */
  public void check() {
    if (!errors.isEmpty()) {
      throw TrackerException.invalid(errors);
    }
  }
}
