package tracker.web;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tracker.core.FieldError;
import tracker.core.Numbers;
import tracker.core.TrackerException;

/**
 * A submitted HTML form: its fields as the person typed them, read as the types the services
 * take. A field that does not parse is a field error, reported with the service's own rules.
 */
public final class Form {

  private final Map<String, List<String>> given;
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<FieldError> errors = new ArrayList<>();

  /**
   * Our forms send each field once, except the ones named {@code repeatable} (chosen rows, filters
   * with several values): a second value of any other field is refused, never silently dropped
   * (as the API's 400 for a repeated parameter).
   */
  private Form(Map<String, List<String>> params, Set<String> repeatable) {
    given = params;
    params.forEach((name, list) -> {
      values.put(name, list.isEmpty() ? "" : list.get(0));
      if (list.size() > 1 && !repeatable.contains(name)) {
        errors.add(new FieldError(name, "is given " + list.size() + " times; give it once"));
      }
    });
  }

  /** The fields of a posted form, each given once. */
  public static Form of(Context ctx) {
    return of(ctx, Set.of());
  }

  /** The fields of a posted form; those named {@code repeatable} may carry several values. */
  public static Form of(Context ctx, Set<String> repeatable) {
    return new Form(ctx.formParamMap(), repeatable);
  }

  /** The fields of a form sent with GET, each given once. */
  public static Form ofQuery(Context ctx) {
    return new Form(ctx.queryParamMap(), Set.of());
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
    return parsed(name, Form::taskId, "must be a task id");
  }

  /** A task id as people type it: 12 or #12. */
  private static Long taskId(String value) {
    return Numbers.whole(value.startsWith("#") ? value.substring(1) : value);
  }

  /** Every value of a field that a form repeats by design (the chosen rows); each must be a task id. */
  public List<Long> ids(String name) {
    List<Long> ids = new ArrayList<>();
    for (String value : given.getOrDefault(name, List.of())) {
      Long id = taskId(value);
      if (id == null) {
        errors.add(new FieldError(name, "must be task ids, not " + tracker.core.Rules.quote(value)));
      } else {
        ids.add(id);
      }
    }
    return ids;
  }

  public Double decimal(String name) {
    return parsed(name, Numbers::decimal, "must be a number");
  }

  /** The field read by {@code parse}; null when blank, or when it does not parse (a field error, then). */
  private <T> T parsed(String name, Function<String, T> parse, String problem) {
    String value = values.get(name); // a number as sent: " 5" is no number, as everywhere else
    if (value == null || value.isBlank()) {
      return null;
    }
    T parsed = parse.apply(value);
    if (parsed == null) {
      errors.add(new FieldError(name, problem));
    }
    return parsed;
  }

  /** A field error the form's own reading found (two fields that disagree); refused by {@link #check}. */
  public void refuse(String name, String problem) {
    errors.add(new FieldError(name, problem));
  }

  /** Refuses (422) if a field did not parse, so nothing is stored. */
  public void check() {
    if (!errors.isEmpty()) {
      throw TrackerException.invalid(errors);
    }
  }
}
