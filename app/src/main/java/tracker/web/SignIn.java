package tracker.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tracker.core.TrackerException;

/**
 * With a server token, the browser's changes need it too: a person enters the token once at
 * {@code /login} and gets an HttpOnly, SameSite=Strict session cookie (the token itself never
 * sits in the browser). Each sign-in gets its own session: a random id and an expiry, signed
 * with a key derived from the token, so every instance sharing the token accepts it and a new
 * token ends every session. {@code POST /logout} ends it in the browser. Reading stays open, as
 * it does for the API.
 */
final class SignIn {

  static final String COOKIE = "tracker_session";
  /** How long a sign-in lasts. */
  static final Duration LIFETIME = Duration.ofHours(12);

  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder UNBASE64 = Base64.getUrlDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String token;
  private final SecretKeySpec key;

  SignIn(String token) {
    this.token = token == null || token.isBlank() ? null : token;
    this.key = this.token == null ? null
        : new SecretKeySpec(hmac(new SecretKeySpec(this.token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
            "implementation-tracker web session key".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
  }

  /** Refuses a page's change without a valid session cookie. */
  void guard(Context ctx) {
    if (token == null || ctx.path().equals("/login") || ctx.path().equals("/logout")) {
      return;
    }
    if (!valid(ctx.cookie(COOKIE), Instant.now())) {
      throw new TrackerException(401, "Sign-in needed", "this server has a token; sign in at /login to make changes",
          List.of());
    }
  }

  void page(Context ctx) {
    Pages.render(ctx, "layout/login.jte", "state", FormState.EMPTY, "next", safeNext(ctx.queryParam("next")));
  }

  void submit(Context ctx) {
    Form form = Form.of(ctx);
    String given = form.values().get("token"); // exactly as typed: a token with a space is another token
    String next = safeNext(form.text("next"));
    if (token == null || given != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8))) {
      if (token != null) {
        ctx.cookie(cookie(ctx, newSession(Instant.now().plus(LIFETIME)), (int) LIFETIME.toSeconds()));
      }
      Pages.redirect(ctx, next);
      return;
    }
    ctx.status(401);
    Pages.render(ctx, "layout/login.jte", "state",
        new FormState(java.util.Map.of(), java.util.Map.of("token", "is not this server's token"), null), "next", next);
  }

  /** Ends the browser's session: the cookie is cleared. */
  void logout(Context ctx) {
    ctx.cookie(cookie(ctx, "", 0));
    Pages.redirect(ctx, "/");
  }

  private static Cookie cookie(Context ctx, String value, int maxAge) {
    Cookie cookie = new Cookie(COOKIE, value);
    cookie.setHttpOnly(true);
    cookie.setSameSite(SameSite.STRICT);
    cookie.setPath("/");
    cookie.setMaxAge(maxAge);
    cookie.setSecure(overHttps(ctx));
    return cookie;
  }

  /** Whether the browser reached us over HTTPS, directly or through a proxy that says so. */
  private static boolean overHttps(Context ctx) {
    String forwarded = ctx.header("X-Forwarded-Proto");
    // the first proxy's word counts: it is the one the browser talked to
    return "https".equalsIgnoreCase(ctx.scheme())
        || forwarded != null && forwarded.split(",")[0].trim().equalsIgnoreCase("https")
        || String.valueOf(ctx.header("Forwarded")).split(",")[0].toLowerCase(Locale.ROOT).contains("proto=https");
  }

  /** A new session: its expiry and a random id, signed. */
  String newSession(Instant expires) {
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String payload = expires.getEpochSecond() + "." + BASE64.encodeToString(id);
    return payload + "." + BASE64.encodeToString(hmac(key, payload.getBytes(StandardCharsets.UTF_8)));
  }

  /** Whether a cookie is a session this server signed that has not expired at {@code now}. */
  boolean valid(String cookie, Instant now) {
    if (cookie == null) {
      return false;
    }
    int signature = cookie.lastIndexOf('.');
    int dot = cookie.indexOf('.');
    if (dot <= 0 || signature <= dot) {
      return false;
    }
    String payload = cookie.substring(0, signature);
    byte[] given;
    try {
      given = UNBASE64.decode(cookie.substring(signature + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (!BASE64.encodeToString(given).equals(cookie.substring(signature + 1))) {
      return false; // one signature has one spelling: no padding, no stray bits
    }
    if (!MessageDigest.isEqual(hmac(key, payload.getBytes(StandardCharsets.UTF_8)), given)) {
      return false;
    }
    try {
      return now.getEpochSecond() < Long.parseLong(cookie.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Only a path on this server: a sign-in link must not send anyone elsewhere. Browsers drop tabs
   * and newlines from URLs and read a backslash as a slash, so "/\t/evil" or "/\\evil" would
   * leave the site; anything but printable ASCII, and any scheme or host, falls back to "/".
   */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//")) {
      return "/";
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '\\') {
        return "/";
      }
    }
    try {
      URI uri = new URI(next);
      return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null
          && uri.getRawPath().startsWith("/") && !uri.getRawPath().startsWith("//") ? next : "/";
    } catch (URISyntaxException e) {
      return "/";
    }
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
