package tracker.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tracker.core.TrackerException;

/**
 * Browser-facing protection on every response: security headers with a Content-Security-Policy
 * that allows no inline script, and a refusal (403) of state-changing requests that a browser
 * marks as coming from another site. Browsers send {@code Sec-Fetch-Site} (and {@code Origin}) on
 * every such request and a page cannot forge them; scripts send neither and are governed by the
 * API token instead. This needs no per-form token and works for htmx and plain forms alike.
 */
public final class Security {

  private static final Set<HandlerType> READS = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  /** Pages run only our own script files; htmx is configured not to eval (layout/page.jte). */
  private static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** Swagger UI sets inline styles on its elements; scripts stay our own files. */
  private static final String DOCS_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

  private Security() {}

  /** The headers of every answer, also those Jetty writes itself (ProblemErrors). */
  static final Map<String, String> HEADERS = Map.of(
      "Content-Security-Policy", POLICY,
      "X-Content-Type-Options", "nosniff",
      "X-Frame-Options", "DENY",
      "Referrer-Policy", "same-origin",
      "Cross-Origin-Opener-Policy", "same-origin",
      "Permissions-Policy", "camera=(), microphone=(), geolocation=()");

  public static void headers(Context ctx) {
    HEADERS.forEach(ctx::header);
    if (ctx.path().equals("/api/docs")) {
      ctx.header("Content-Security-Policy", DOCS_POLICY);
    }
  }

  public static void refuseCrossSite(Context ctx) {
    if (READS.contains(ctx.method())) {
      return;
    }
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null) {
      // the browser's own verdict; it stays right behind a proxy that rewrites Host
      if (!site.equals("same-origin") && !site.equals("none")) {
        throw forbidden("a " + site + " request may not change data");
      }
      return;
    }
    // older browsers send no Sec-Fetch-Site: compare the Origin they send with the Host
    String origin = ctx.header("Origin");
    if (origin != null && !sameHost(origin, ctx.header("Host"))) {
      throw forbidden("a request from " + origin + " may not change data");
    }
  }

  private static boolean sameHost(String origin, String host) {
    try {
      URI uri = URI.create(origin);
      String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return host != null && (host.equalsIgnoreCase(authority)
          || host.equalsIgnoreCase(uri.getHost() + ":" + defaultPort(uri.getScheme())) && uri.getPort() == -1);
    } catch (IllegalArgumentException e) {
      return false; // "null" or garbage: not our page
    }
  }

  private static int defaultPort(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? 443 : 80;
  }

  private static TrackerException forbidden(String detail) {
    return new TrackerException(403, "Forbidden", detail, List.of());
  }
}
