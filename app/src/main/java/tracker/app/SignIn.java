package tracker.app;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.layout.JteloginpageGenerated;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import tracker.team.SessionService;
import tracker.web.Pages;
import tracker.web.Form;
import tracker.web.Guesses;
import tracker.web.FormState;

/**
 * A person signs in at {@code /login} with their own token (or the server's shared one) and gets
 * an HttpOnly, SameSite=Strict session cookie holding a random session id (the token itself never
 * sits in the browser); the session then acts as that token's identity and role ({@link Access}).
 * The sessions live in the database ({@link SessionService}), so signing out at
 * {@code POST /logout}, or revoking the token, ends one on every instance.
 */
final class SignIn {

  static final String COOKIE = "tracker_session";
  /** How long a sign-in lasts. */
  static final Duration LIFETIME = Duration.ofHours(12);

  private final Access access;
  private final SessionService sessions;
  private final Guesses guesses;

  SignIn(Access access, SessionService sessions, Guesses guesses) {
    this.access = access;
    this.sessions = sessions;
    this.guesses = guesses;
  }

  void page(Context ctx) {
    Pages.render(ctx, (out, intercept) -> JteloginpageGenerated.render(out, intercept, FormState.EMPTY,
        safeNext(ctx.queryParam("next"))));
  }

  void submit(Context ctx) {
    Form form = Form.of(ctx);
    String next = safeNext(form.text("next"));
    if (access.open()) {
      Pages.redirect(ctx, next); // nothing to sign in to
      return;
    }
    String given = form.values().get("token"); // exactly as typed: a token with a space is another token
    try {
      form.check();
    } catch (tracker.core.TrackerException refused) { // a field given twice: which one was meant is not guessed
      ctx.status(422);
      Pages.render(ctx, (out, intercept) -> JteloginpageGenerated.render(out, intercept,
          FormState.refused(java.util.Map.of(), refused), next));
      return;
    }
    Optional<String> tokenHash = access.identitySignIn(given);
    if (tokenHash.isEmpty()) {
      WebApp.refuseGuessing(ctx, guesses); // an identity's token is never throttled; the shared one may be weak
      tokenHash = access.sharedSignIn(given);
    }
    if (tokenHash.isPresent()) {
      ctx.cookie(cookie(ctx, sessions.start(tokenHash.get(), LIFETIME), (int) LIFETIME.toSeconds()));
      Pages.redirect(ctx, next);
      return;
    }
    guesses.wrong(ctx.ip(), System.currentTimeMillis());
    ctx.status(401);
    Pages.render(ctx, (out, intercept) -> JteloginpageGenerated.render(out, intercept, new FormState(java.util.Map.of(),
        java.util.Map.of("token", "is not a live token of this server (unknown, revoked or expired)"), null), next));
  }

  /** Ends the browser's session, on every instance, and clears its cookie. */
  void logout(Context ctx) {
    sessions.end(ctx.cookie(COOKIE));
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
}
