package tracker.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tracker.core.FieldError;
import tracker.core.Numbers;
import tracker.core.TrackerException;

/**
 * A submitted HTML form: its fields as the person typed them, read as the types the services
 * take. A field that does not parse is a field error, reported with the service's own rules.
 */
public final class Form {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<FieldError> errors = new ArrayList<>();

  private Form(Map<String, List<String>> params) {
    params.forEach((name, list) -> values.put(name, list.isEmpty() ? "" : list.get(0)));
  }

  /** The fields of a posted form. */
  public static Form of(Context ctx) {
    return new Form(ctx.formParamMap());
  }

  /** The fields of a form sent with GET. */
  public static Form ofQuery(Context ctx) {
    return new Form(ctx.queryParamMap());
  }

  public Map<String, String> values() {
    return values;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /**
   * The text without the spaces and line breaks around it; blank is null (not given). Only
   * those are trimmed: any other control character stays, for the rules to refuse by name.
   */
  public String text(String name) {
    String value = values.get(name);
    return value == null || value.isBlank() ? null : value.replaceAll("^[ \\t\\r\\n]+|[ \\t\\r\\n]+$", "");
  }

  public Integer integer(String name) {
    Long whole = parsed(name, value -> {
      Long parsed = Numbers.whole(value);
      return parsed == null || parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE ? null : parsed;
    }, "must be a whole number");
    return whole == null ? null : whole.intValue();
  }

  /** A whole number of any size a long holds, such as a version. */
  public Long whole(String name) {
    return parsed(name, Numbers::whole, "must be a whole number");
  }

  public Long id(String name) {
    return parsed(name, value -> Numbers.whole(value.startsWith("#") ? value.substring(1) : value), "must be a task id");
  }

  public Double decimal(String name) {
    return parsed(name, Numbers::decimal, "must be a number");
  }

  /** The field read by {@code parse}; null when blank, or when it does not parse (a field error, then). */
  private <T> T parsed(String name, Function<String, T> parse, String problem) {
    String value = text(name);
    if (value == null) {
      return null;
    }
    T parsed = parse.apply(value);
    if (parsed == null) {
      errors.add(new FieldError(name, problem));
    }
    return parsed;
  }

  /** Refuses (422) if a field did not parse, so nothing is stored. */
  public void check() {
    if (!errors.isEmpty()) {
      throw TrackerException.invalid(errors);
    }
  }
}
