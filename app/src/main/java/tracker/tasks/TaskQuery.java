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
    String offset) {

  public static TaskQuery all() {
    return new TaskQuery(null, null, null, null, null, null, null, null, null, null);
  }
}
