package tracker.web;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every request passes before any route runs, at Jetty's level (so nothing of the app sees a
 * refused request):
 * <ul>
 *   <li>On a loopback connection only loopback Host names (and those the operator lists) are
 *       served: a page on a rebound DNS name reaches 127.0.0.1 with its own name as Host.</li>
 *   <li>A body must be UTF-8 (the only charset of JSON, and of our forms): any other charset is a
 *       415 rather than a guess.</li>
 *   <li>A body over its route's limit is a 413 before it is read; the rest of it is then read and
 *       dropped (within bounds) before the connection closes, so the client reads the answer.</li>
 *   <li>A body is read without holding a request thread, and must keep up a minimum data rate:
 *       a client that trickles a body occupies one idle connection for a few seconds, never one of
 *       the threads that answer everyone else.</li>
 * </ul>
 */
public final class FrontDoor extends Handler.Wrapper {

  /** The names a loopback server always answers to. */
  static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

  /** A body must arrive at this rate at least, measured every {@link #RATE_CHECK_MILLIS}. */
  static final long MIN_BYTES_PER_SECOND = 8 * 1024;
  static final long RATE_CHECK_MILLIS = 2_000;

  /** After a 413, at most this much of the rest of the body is read and dropped, for this long. */
  static final long DRAIN_BYTES = 16 * 1024 * 1024;
  static final long DRAIN_MILLIS = 5_000;

  private final Set<String> allowedHosts;

  public FrontDoor(Set<String> extraHosts) {
    this.allowedHosts = extraHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(
        java.util.stream.Collectors.toUnmodifiableSet());
  }

  /**
   * Whatever the server puts behind the front door (Javalin's servlet context) is wrapped in a
   * graceful handler: on stop, requests under way finish (within the server's stop timeout)
   * while new connections are no longer accepted.
   */
  @Override
  public void setHandler(Handler handler) {
    super.setHandler(handler == null || handler instanceof org.eclipse.jetty.server.handler.GracefulHandler ? handler
        : new org.eclipse.jetty.server.handler.GracefulHandler(handler));
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String refusal = foreignHost(request);
    if (refusal != null) {
      return ProblemErrors.write(request, response, callback, 421, "Misdirected request", refusal);
    }
    String query = request.getHttpURI().getQuery();
    if (query != null && !Utf8.percentEncodedIsValid(query)) {
      return ProblemErrors.write(request, response, callback, 400, "Bad request",
          "the query string is not valid UTF-8 once its %-escapes are decoded");
    }
    if (request.getHeaders().contains(METHOD_OVERRIDE) && !patchByPost(request)) {
      return ProblemErrors.write(request, response, callback, 400, "Bad request",
          METHOD_OVERRIDE + " may only turn a POST into a PATCH");
    }
    request = withoutConditionalGet(request);
    long length = request.getLength();
    boolean chunked = request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING, HttpHeaderValue.CHUNKED.asString());
    if (length <= 0 && !chunked) {
      return super.handle(request, response, callback);
    }
    String unsupported = unsupportedBody(request);
    if (unsupported != null) {
      return ProblemErrors.write(request, response, callback, 415, "Unsupported media type", unsupported);
    }
    int limit = Api.bodyLimit(Request.getPathInContext(request));
    if (length > limit) {
      return refuseTooLarge(request, response, callback, limit);
    }
    new BodyLoader(request, response, callback, limit).load();
    return true;
  }

  private static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  /**
   * Javalin routes a request by its {@code X-HTTP-Method-Override} header when it has one, whatever
   * its real method. Only a POST saying PATCH once is let through: the CLI's HTTP client (the JDK's
   * quickest to start) cannot send PATCH, and no other pair should reach a handler disguised.
   */
  private static boolean patchByPost(Request request) {
    List<String> overrides = request.getHeaders().getValuesList(METHOD_OVERRIDE);
    return HttpMethod.POST.is(request.getMethod()) && overrides.equals(List.of(HttpMethod.PATCH.asString()));
  }

  /** The media types a body may have: JSON for the API, a URL-encoded form for the pages. */
  private static final Set<String> BODY_TYPES = Set.of("application/json", "application/x-www-form-urlencoded");

  /** Null when the body's type, charset and encoding are ones the server reads, else why not. */
  private static String unsupportedBody(Request request) {
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (contentType != null) {
      String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
      boolean json = type.equals("application/json") || type.matches("application/[a-z0-9.-]+\\+json");
      if (!BODY_TYPES.contains(type) && !json) {
        return "send the body as application/json (the API) or application/x-www-form-urlencoded (the pages), not "
            + printable(type);
      }
      String path = Request.getPathInContext(request);
      if (json && !path.startsWith("/api/") && !path.equals("/mcp")) {
        // a page reads a form: a body labelled JSON would otherwise be parsed as one
        return "send a page's form as application/x-www-form-urlencoded, not " + printable(type);
      }
    }
    String charset = charsetOf(contentType);
    if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
      return "send the body as UTF-8, not charset " + printable(charset);
    }
    String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
    if (encoding != null && !encoding.trim().equalsIgnoreCase("identity")) {
      return "send the body uncompressed, not with Content-Encoding " + printable(encoding);
    }
    return null;
  }

  /**
   * The API answers every GET in full: its ETag is the task's version, for If-Match on a change,
   * while the body also shows progress and relations that move without it, so an If-None-Match
   * answered with 304 could be stale.
   */
  private static Request withoutConditionalGet(Request request) {
    if (!request.getHeaders().contains(HttpHeader.IF_NONE_MATCH)
        && !request.getHeaders().contains(HttpHeader.IF_MODIFIED_SINCE)) {
      return request;
    }
    HttpFields headers = HttpFields.build(request.getHeaders()).remove(HttpHeader.IF_NONE_MATCH)
        .remove(HttpHeader.IF_MODIFIED_SINCE).asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return headers;
      }
    };
  }

  /** Null when the Host may be served, else why not. */
  private String foreignHost(Request request) {
    SocketAddress local = request.getConnectionMetaData().getLocalSocketAddress();
    if (!(local instanceof InetSocketAddress address) || address.getAddress() == null
        || !address.getAddress().isLoopbackAddress()) {
      return null; // bound to a real interface: the token rules apply, not the name
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    String name = host == null ? request.getHttpURI().getHost() : nameOf(host);
    if (name != null && (LOOPBACK_NAMES.contains(name.toLowerCase(Locale.ROOT))
        || allowedHosts.contains(name.toLowerCase(Locale.ROOT)) || isAddressOf(name, address))) {
      return null;
    }
    return "this server answers to localhost, 127.0.0.1 and [::1]"
        + (allowedHosts.isEmpty() ? "" : " and " + String.join(", ", allowedHosts.stream().sorted().toList()))
        + ", not to '" + printable(String.valueOf(host)) + "' (add a name with --allowed-hosts)";
  }

  /** Whether a Host name is the literal address the connection came in on (e.g. 127.0.0.2). */
  private static boolean isAddressOf(String name, InetSocketAddress local) {
    String literal = local.getAddress().getHostAddress();
    return name.equals(literal) || name.equals("[" + literal + "]");
  }

  /** The name part of a Host header value (without its port), as given. */
  static String nameOf(String host) {
    String value = host.trim();
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? value : value.substring(0, end + 1);
    }
    int colon = value.indexOf(':');
    return colon < 0 ? value : value.substring(0, colon);
  }

  /** The charset parameter of a Content-Type, unquoted; null without one. */
  static String charsetOf(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
        return parameter.substring(equals + 1).trim().replace("\"", "");
      }
    }
    return null;
  }

  private static String printable(String text) {
    String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "…" : clean;
  }

  /**
   * Answers 413 at once, then reads and drops what is still on its way before the connection
   * closes: closing a socket with unread bytes makes TCP reset the connection, which can destroy the
   * answer in the client's buffers before the client (still busy sending) has read it.
   */
  private static boolean refuseTooLarge(Request request, Response response, Callback callback, int limit) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    Drain drain = new Drain(request, callback);
    return ProblemErrors.write(request, response, Callback.from(drain::start, callback::failed), 413,
        "Content too large", "the body is over " + limit + " bytes");
  }

  /** Reads and drops the rest of a refused body, up to {@link #DRAIN_BYTES} or {@link #DRAIN_MILLIS}. */
  private static final class Drain implements Runnable {

    private final Request request;
    private final Callback callback;
    private final AtomicBoolean finished = new AtomicBoolean();
    private long dropped;
    private volatile Scheduler.Task deadline;

    Drain(Request request, Callback callback) {
      this.request = request;
      this.callback = callback;
    }

    void start() {
      deadline = request.getComponents().getScheduler().schedule(this::finish, DRAIN_MILLIS, TimeUnit.MILLISECONDS);
      run();
    }

    @Override
    public void run() {
      while (!finished.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
        dropped += chunk.remaining();
        chunk.release();
        if (end || dropped > DRAIN_BYTES) {
          finish();
          return;
        }
      }
    }

    private void finish() {
      if (finished.compareAndSet(false, true)) {
        Scheduler.Task task = deadline;
        if (task != null) {
          task.cancel();
        }
        callback.succeeded();
      }
    }
  }

  /**
   * Reads a body as it arrives, on whatever thread delivers it, and hands the request on only
   * when the whole body is here; refuses it (413) past the limit or (408) below the minimum rate.
   */
  private final class BodyLoader implements Runnable {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final int limit;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final long started = System.nanoTime();
    private volatile Scheduler.Task rateCheck;

    BodyLoader(Request request, Response response, Callback callback, int limit) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.limit = limit;
    }

    void load() {
      scheduleRateCheck();
      run();
    }

    /** Reads what has arrived; asks to be called again when more does. */
    @Override
    public void run() {
      while (!settled.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          refuse(400, "Bad request", "the body could not be read");
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int size;
        synchronized (body) {
          size = body.size() + bytes.remaining();
          if (size <= limit) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            body.write(copy, 0, copy.length);
          }
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (size > limit) {
          if (settled.compareAndSet(false, true)) {
            cancelRateCheck();
            refuseTooLarge(request, response, callback, limit);
          }
          return;
        }
        if (last) {
          dispatch();
          return;
        }
      }
    }

    private void scheduleRateCheck() {
      rateCheck = request.getComponents().getScheduler().schedule(this::checkRate, RATE_CHECK_MILLIS,
          TimeUnit.MILLISECONDS);
    }

    private void checkRate() {
      if (settled.get()) {
        return;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      int received;
      synchronized (body) {
        received = body.size();
      }
      if (received < MIN_BYTES_PER_SECOND * seconds) {
        refuse(408, "Request timeout", "the body arrived slower than " + MIN_BYTES_PER_SECOND
            + " bytes a second (" + received + " bytes in " + Math.round(seconds) + " s)");
      } else {
        scheduleRateCheck();
      }
    }

    private void refuse(int status, String title, String detail) {
      if (settled.compareAndSet(false, true)) {
        cancelRateCheck();
        ProblemErrors.write(request, response, callback, status, title, detail);
      }
    }

    private void dispatch() {
      if (!settled.compareAndSet(false, true)) {
        return;
      }
      cancelRateCheck();
      byte[] bytes = body.toByteArray();
      String type = String.valueOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE)).toLowerCase(Locale.ROOT);
      boolean form = type.startsWith("application/x-www-form-urlencoded");
      if (form ? !Utf8.percentEncodedIsValid(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
          : !Utf8.isValid(bytes)) {
        ProblemErrors.write(request, response, callback, 400, "Bad request", form
            ? "the form is not valid UTF-8 once its %-escapes are decoded" : "the body is not valid UTF-8");
        return;
      }
      Request whole = new BufferedRequest(request, bytes);
      try {
        if (!getHandler().handle(whole, response, callback)) {
          Response.writeError(whole, response, callback, 404);
        }
      } catch (Throwable failure) {
        Response.writeError(whole, response, callback, failure);
      }
    }

    private void cancelRateCheck() {
      Scheduler.Task task = rateCheck;
      if (task != null) {
        task.cancel();
      }
    }
  }

  /** The request with its body already in memory: reading it never blocks. */
  private static final class BufferedRequest extends Request.Wrapper {

    private Content.Chunk rest;

    BufferedRequest(Request wrapped, byte[] body) {
      super(wrapped);
      this.rest = Content.Chunk.from(ByteBuffer.wrap(body), true);
    }

    @Override
    public synchronized Content.Chunk read() {
      Content.Chunk chunk = rest;
      rest = Content.Chunk.EOF;
      return chunk;
    }

    @Override
    public void demand(Runnable demandCallback) {
      demandCallback.run();
    }
  }
}
