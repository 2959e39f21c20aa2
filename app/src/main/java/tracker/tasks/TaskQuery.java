package tracker.tasks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The filters, order and page of a task listing, as raw strings from a query string or a form;
 * the service checks them. A filter may hold several values, any of which a task matches
 * ({@code status=blocked&status=in_progress}, or {@code status=blocked,in_progress} for the
 * filters whose values never hold a comma); no value is no filter.
 */
public record TaskQuery(
    List<String> status,
    List<String> phase,
    List<String> componentArea,
    List<String> priority,
    List<String> complexity,
    String parentTaskId,
    String q,
    String sort,
    String limit,
    String offset,
    List<String> assignee,
    List<String> label,
    String readiness) {

  public TaskQuery {
    status = present(status);
    phase = present(phase);
    componentArea = present(componentArea);
    priority = present(priority);
    complexity = present(complexity);
    assignee = present(assignee);
    label = present(label);
  }

  /** A listing with at most one value per filter, the assignee and label filters, any readiness. */
  public TaskQuery(String status, String phase, String componentArea, String priority, String complexity,
      String parentTaskId, String q, String sort, String limit, String offset, String assignee, String label) {
    this(one(status), one(phase), one(componentArea), one(priority), one(complexity), parentTaskId, q, sort, limit,
        offset, one(assignee), one(label), null);
  }

  /** A listing with at most one value per filter and without the assignee and label filters. */
  public TaskQuery(String status, String phase, String componentArea, String priority, String complexity,
      String parentTaskId, String q, String sort, String limit, String offset) {
    this(status, phase, componentArea, priority, complexity, parentTaskId, q, sort, limit, offset, null, null);
  }

  /** The filters that take several values at once (any of them matches). */
  public static final java.util.Set<String> MANY_VALUED = java.util.Set.of("status", "phase", "component_area",
      "priority", "complexity", "assignee", "label");

  /** The parameters of a listing, read by name: every value of a filter, the first of the rest. */
  public static TaskQuery from(Function<String, List<String>> values) {
    // numbers and words as sent: " 5" is not a limit (plain digits only, as every route reads them)
    Function<String, String> first = name -> values.apply(name) == null ? null
        : values.apply(name).stream().filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
    return new TaskQuery(values.apply("status"), values.apply("phase"), values.apply("component_area"),
        values.apply("priority"), values.apply("complexity"), first.apply("parent_task_id"), first.apply("q"),
        first.apply("sort"), first.apply("limit"), first.apply("offset"), values.apply("assignee"),
        values.apply("label"), first.apply("readiness"));
  }

  /** The readiness filter's words: not started and waiting for nothing, or held up by an open prerequisite. */
  public static final String READY = "ready";
  public static final String WAITING = "waiting";

  /** The assignee filter's words: the caller's own tasks, and tasks nobody holds. */
  public static final String ME = "me";
  public static final String NOBODY = "none";

  /** Tasks per page without a limit, and the most a page holds. */
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;

  /** The sort names a listing takes (each may be prefixed by - for descending), and what they sort by. */
  public static final java.util.Map<String, String> SORTABLE = java.util.Map.of(
      "id", "id", "priority", "priorityRank", "created_at", "createdAt", "updated_at", "updatedAt",
      "phase", "phase", "title", "title", "component_area", "componentArea", "time_estimate_hours",
      "timeEstimateHours", "status", "status", "progress_percentage", "progressPercentage");

  public static TaskQuery all() {
    return new TaskQuery(null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * The filter's values one by one: a value of a filter whose values never hold a comma may list
   * several ({@code blocked,in_progress}); a component area may hold commas, so it is never split.
   */
  public static List<String> each(List<String> values, boolean commaSeparated) {
    if (!commaSeparated) {
      return values;
    }
    List<String> split = new ArrayList<>();
    for (String value : values) {
      for (String part : value.split(",", -1)) {
        if (!part.isBlank()) {
          split.add(part); // as sent: "1, 2" names no phase " 2" (values carry no spaces)
        }
      }
    }
    return split;
  }

  /** The parameters of this listing, each value once, in a fixed order (a page's link, a saved view). */
  public Map<String, List<String>> parameters() {
    Map<String, List<String>> params = new LinkedHashMap<>();
    params.put("q", one(q));
    params.put("status", status);
    params.put("phase", phase);
    params.put("component_area", componentArea);
    params.put("priority", priority);
    params.put("complexity", complexity);
    params.put("parent_task_id", one(parentTaskId));
    params.put("assignee", assignee);
    params.put("label", label);
    params.put("readiness", one(readiness));
    params.put("sort", one(sort));
    params.put("limit", one(limit));
    params.put("offset", one(offset));
    return params;
  }

  /** The same filters and order, the first {@code size} tasks. */
  public TaskQuery firstPage(int size) {
    return new TaskQuery(status, phase, componentArea, priority, complexity, parentTaskId, q, sort,
        String.valueOf(size), null, assignee, label, readiness);
  }

  /** The filters and order without the page's offset: what a saved view keeps, so it opens at its first page. */
  public Map<String, List<String>> filtersAndOrder() {
    Map<String, List<String>> params = parameters();
    params.remove("offset");
    return params;
  }

  /** The parameters as a query string without its leading {@code ?} (empty for the whole list). */
  public static String queryString(Map<String, List<String>> params) {
    StringBuilder query = new StringBuilder();
    params.forEach((name, values) -> values.forEach(value -> {
      query.append(query.isEmpty() ? "" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }));
    return query.toString();
  }

  private static List<String> one(String value) {
    return value == null || value.isBlank() ? List.of() : List.of(value.strip());
  }

  /** The values given, without blanks (an empty select is "any"); each as sent, so " 1" is no phase. */
  private static List<String> present(List<String> values) {
    return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
  }
}
