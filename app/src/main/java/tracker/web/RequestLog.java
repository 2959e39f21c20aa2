package tracker.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.io.PrintStream;
import tracker.core.Actor;

/**
 * One line per request on standard output: time, method, route template,
 * status, duration, who (the actor) and the request id, which is echoed in {@code X-Request-Id}
 * (a client's own, when it sends a sensible one). Plain text, or JSON. Neither the query string
 * nor any header but the request id is written, so no token or secret reaches the log.
 */
public final class RequestLog {

  /** How the lines are written. */
  public enum Format { PLAIN, JSON }

  public static final String HEADER = "X-Request-Id";
  private static final String START = "tracker.log.start";
  private static final String ID = "tracker.log.id";
  /** A client's own request id that is echoed and logged as sent (compiled once: every request asks). */
  private static final java.util.regex.Pattern SENSIBLE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private final Format format;
  private final PrintStream out;

  /**
   * Lines in {@code format} to {@code out} (the server's standard output, so JSON lines stay pure
   * JSON); with a null {@code out}, ids are still given and echoed but nothing is written.
   */
  public RequestLog(Format format, PrintStream out) {
    this.format = format;
    this.out = out;
  }

  /** Before every request: its id (echoed at once, so even a refusal carries it) and start. */
  public void started(Context ctx) {
    String given = ctx.header(HEADER);
    String id = given != null && SENSIBLE_ID.matcher(given).matches() ? given : newId();
    ctx.attribute(ID, id);
    ctx.attribute(START, System.nanoTime());
    ctx.header(HEADER, id);
  }

  /**
   * Eight hex digits, as before from a UUID: a label to find a request's lines by, not a secret,
   * so it needs no SecureRandom, whose shared state every request would wait on.
   */
  private static String newId() {
    String hex = Integer.toHexString(ThreadLocalRandom.current().nextInt());
    return "00000000".substring(hex.length()) + hex;
  }

  /** The request id of the request being handled, for warnings and errors. */
  public static String id(Context ctx) {
    String id = ctx.attribute(ID);
    return id == null ? "-" : id;
  }

  /** The route template a request matched ({@code /api/tasks/{id}}, never an id), or {@code unmatched}. */
  public static String route(Context ctx) {
    io.javalin.router.Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    return matched == null ? "unmatched" : matched.path;
  }

  /** After every request: its line. */
  public void finished(Context ctx) {
    Long start = ctx.attribute(START);
    if (start == null || out == null) {
      return; // no request log (tests, benchmarks): the id is still echoed
    }
    long nanos = System.nanoTime() - start;
    String route = route(ctx);
    if (format == Format.JSON) {
      ObjectNode line = Json.mapper().createObjectNode().put("time", Instant.now().toString())
          .put("method", ctx.method().name()).put("route", route).put("status", ctx.statusCode())
          .put("ms", Math.round(nanos / 1e4) / 100.0).put("actor", Actor.current()).put("request_id", id(ctx));
      out.println(line);
    } else {
      // by hand, not String.format, which parsed its pattern anew for every request (7 % of a /ping)
      long tenths = Math.round(nanos / 1e5);
      out.println(new StringBuilder(128).append(Instant.now()).append(' ').append(ctx.method().name()).append(' ')
          .append(route).append(' ').append(ctx.statusCode()).append(' ').append(tenths / 10).append('.')
          .append(tenths % 10).append("ms actor=").append(Actor.current()).append(" id=").append(id(ctx)));
    }
  }
}
