package tracker.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tracker.core.FieldError;
import tracker.core.TrackerException;

/** Every failure of the API as application/problem+json (RFC 9457), mapped in this one place. */
public final class Problems {

  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();

  private Problems() {}

  public static void send(Context ctx, int status, String title, String detail, List<FieldError> errors) {
    ctx.status(status).contentType("application/problem+json").result(body(status, title, detail, errors));
  }

  /** A problem document's bytes. */
  static byte[] body(int status, String title, String detail, List<FieldError> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", "about:blank");
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("errors", errors);
    try {
      return MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void refused(TrackerException e, Context ctx) {
    send(ctx, e.status(), e.title(), e.getMessage(), e.errors());
  }

  public static void http(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String title = status == 413 ? "Content too large" : status == 404 ? "Not found"
        : status == 405 ? "Method not allowed" : "Request refused";
    String detail = status == 413 ? "the body is over " + Api.bodyLimit(ctx.path()) + " bytes"
        : status == 405 ? ctx.method() + " is not a method of " + ctx.path() + "; allowed: "
            + e.getDetails().getOrDefault("availableMethods", "none") : e.getMessage();
    send(ctx, status, title, detail, List.of());
  }

  public static void unexpected(Exception e, Context ctx) {
    LOG.error("Unexpected failure on {} {} (request {})", ctx.method(), ctx.path(), RequestLog.id(ctx), e);
    send(ctx, 500, "Internal error", "the server failed; the change was not made", List.of());
  }
}
