package tracker.tasks;

/**
 * The filters, order and page of a task listing, as raw strings from a query string or a form;
 * the service checks them.
 */
public record TaskQuery(
    String status,
    String phase,
    String componentArea,
    String priority,
    String complexity,
    String parentTaskId,
    String q,
    String sort,
    String limit,
    String offset,
    String assignee,
    String label,
    String readiness) {

  /** A listing with the assignee and label filters, any readiness. */
  public TaskQuery(String status, String phase, String componentArea, String priority, String complexity,
      String parentTaskId, String q, String sort, String limit, String offset, String assignee, String label) {
    this(status, phase, componentArea, priority, complexity, parentTaskId, q, sort, limit, offset, assignee, label,
        null);
  }

  /** A listing without the assignee and label filters. */
  public TaskQuery(String status, String phase, String componentArea, String priority, String complexity,
      String parentTaskId, String q, String sort, String limit, String offset) {
    this(status, phase, componentArea, priority, complexity, parentTaskId, q, sort, limit, offset, null, null, null);
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
}
