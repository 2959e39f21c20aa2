package tracker.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tracker.core.TrackerException;

/**
 * With a server token, the browser's changes need it too: a person enters the token once at
 * {@code /login} and gets an HttpOnly, SameSite=Strict cookie derived from it (the token itself
 * never sits in the browser). Reading stays open, as it does for the API.
 */
final class SignIn {

  static final String COOKIE = "tracker_session";

  private final String token;
  private final String session;

  SignIn(String token) {
    this.token = token == null || token.isBlank() ? null : token;
    this.session = this.token == null ? null : sessionOf(this.token);
  }

  boolean required() {
    return token != null;
  }

  /** Refuses a page's change without the session cookie. */
  void guard(Context ctx) {
    if (token == null || ctx.path().equals("/login")) {
      return;
    }
    String given = ctx.cookie(COOKIE);
    if (given == null || !MessageDigest.isEqual(session.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8))) {
      throw new TrackerException(401, "Sign-in needed", "this server has a token; sign in at /login to make changes",
          List.of());
    }
  }

  void page(Context ctx) {
    Pages.render(ctx, "layout/login.jte", "state", FormState.EMPTY, "next", safeNext(ctx.queryParam("next")));
  }

  void submit(Context ctx) {
    Form form = Form.of(ctx);
    String given = form.text("token");
    String next = safeNext(form.text("next"));
    if (token == null || given != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8))) {
      if (token != null) {
        Cookie cookie = new Cookie(COOKIE, session);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        ctx.cookie(cookie);
      }
      Pages.redirect(ctx, next);
      return;
    }
    ctx.status(401);
    Pages.render(ctx, "layout/login.jte", "state",
        new FormState(java.util.Map.of(), java.util.Map.of("token", "is not this server's token"), null), "next", next);
  }

  /** Only a path on this server: a sign-in link must not send anyone elsewhere. */
  private static String safeNext(String next) {
    return next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\") ? next : "/";
  }

  private static String sessionOf(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal("implementation-tracker web session".getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
