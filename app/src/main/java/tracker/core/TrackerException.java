package tracker.core;

import java.util.List;

/**
 * A refusal a client can act on. The status is the HTTP status the API answers with
 * (problem+json); the UI shows the message beside the fields. Services throw these only.
 */
public class TrackerException extends RuntimeException {

  private final int status;
  private final String title;
  private final List<FieldError> errors;
  private final Integer retryAfterSeconds;

  public TrackerException(int status, String title, String detail, List<FieldError> errors) {
    this(status, title, detail, errors, null);
  }

  private TrackerException(int status, String title, String detail, List<FieldError> errors,
      Integer retryAfterSeconds) {
    super(detail);
    this.status = status;
    this.title = title;
    this.errors = List.copyOf(errors);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A 503: the server is busy with this kind of work; the answer says when to try again (Retry-After). */
  public static TrackerException busy(String detail, int retryAfterSeconds) {
    return new TrackerException(503, "Busy", detail, List.of(), retryAfterSeconds);
  }

  /** When a refused client may try again, in seconds; null: no advice. */
  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public static TrackerException notFound(String what, Object id) {
    return new TrackerException(404, "Not found", what + " " + id + " does not exist", List.of());
  }

  public static TrackerException invalid(List<FieldError> errors) {
    String detail = errors.size() == 1
        ? errors.get(0).field() + ": " + errors.get(0).message()
        : errors.size() + " fields are invalid";
    return new TrackerException(422, "Invalid input", detail, errors);
  }

  public static TrackerException invalid(String field, String message) {
    return invalid(List.of(new FieldError(field, message)));
  }

  public static TrackerException badRequest(String detail, List<FieldError> errors) {
    return new TrackerException(400, "Bad request", detail, errors);
  }

  public static TrackerException conflict(String detail) {
    return new TrackerException(409, "Conflict", detail, List.of());
  }

  /** A conflict with what another row holds in {@code field} (a name taken): the 409 names the field. */
  public static TrackerException conflict(String field, String detail) {
    return new TrackerException(409, "Conflict", detail, List.of(new FieldError(field, detail)));
  }

  public static TrackerException stale(String detail) {
    return new TrackerException(412, "Precondition failed", detail, List.of());
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
