package tracker.app;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import tracker.core.Actor;
import tracker.core.Rules;
import tracker.core.TextField;
import tracker.core.TrackerException;
import tracker.domain.Role;
import tracker.team.Secrets;
import tracker.team.SessionService;
import tracker.team.TeamRecords.Principal;
import tracker.team.TeamService;
import tracker.web.Guesses;
import tracker.web.Pages;
import tracker.web.Utf8;
import tracker.web.Viewer;

/**
 * Who calls, and whether they may: every request is identified once (a bearer token, else a
 * browser's session cookie, else nobody) and every route names the role it needs.
 *
 * <ul>
 *   <li>No shared token and no identities: an open server (loopback use); everyone is a planner
 *       (managing the team needs a token, so nobody can take an open server over the network).
 *   <li>Only the shared {@code TRACKER_TOKEN}: it acts as an admin; reads stay open to all. Once
 *       identities exist it acts as the admin named {@code shared-token}.
 *   <li>Identities exist: each token acts as its identity's role; without a token, reads are open
 *       only with {@code TRACKER_READ_OPEN=true}, and nothing else is.
 * </ul>
 */
final class Access {

  private final String sharedToken;
  private final String sharedTokenHash;
  private final boolean readsOpenWithIdentities;
  private final TeamService team;
  private final SessionService sessions;
  private final Guesses guesses;

  Access(String sharedToken, boolean readsOpenWithIdentities, TeamService team, SessionService sessions,
      Guesses guesses) {
    this.sharedToken = sharedToken == null || sharedToken.isBlank() ? null : sharedToken;
    this.sharedTokenHash = this.sharedToken == null ? null : Secrets.hash(this.sharedToken);
    this.readsOpenWithIdentities = readsOpenWithIdentities;
    this.team = team;
    this.sessions = sessions;
    this.guesses = guesses;
  }

  /** Whether anyone may do anything without a token: no shared token and no identities. */
  boolean open() {
    return sharedToken == null && !team.hasIdentities();
  }

  /** Runs before every route: finds who calls and sets the actor and the viewer for the request. */
  void identify(Context ctx) {
    boolean open = open();
    Optional<Principal> principal = open ? Optional.empty() : fromBearer(ctx);
    if (!open && principal.isEmpty()) {
      principal = fromSession(ctx.cookie(SignIn.COOKIE));
    }
    String label = actorHeader(ctx);
    if (principal.isPresent() && principal.get().isIdentity()) {
      Principal who = principal.get();
      Actor.identity(who.name(), who.role(), label);
      Viewer.set(new Viewer(who.name(), who.role(), true, true));
      return;
    }
    if (principal.isPresent() && team.hasIdentities()) {
      // among identities the shared token is one more, so what it names cannot pass for one of them
      Actor.identity(TeamService.SHARED_TOKEN_NAME, Role.ADMIN, label);
      Viewer.set(new Viewer(TeamService.SHARED_TOKEN_NAME, Role.ADMIN, true, true));
      return;
    }
    // an open server lets anyone plan; the team's admin work needs a token, made with `token create`
    Role role = principal.isPresent() ? Role.ADMIN : open ? Role.PLANNER : readsOpen() ? Role.READER : null;
    Actor.unbound(label != null ? label : WebApp.isApi(ctx) ? "api" : "web", role);
    Viewer.set(new Viewer(null, role, principal.isPresent(), !open));
  }

  /** Reads without a token: open on a server without identities, else only when the setting says so. */
  private boolean readsOpen() {
    return readsOpenWithIdentities || !team.hasIdentities();
  }

  private Optional<Principal> fromBearer(Context ctx) {
    List<String> headers = ctx.req().getHeaders("Authorization") == null ? List.of()
        : Collections.list(ctx.req().getHeaders("Authorization"));
    if (headers.isEmpty()) {
      return Optional.empty();
    }
    if (headers.size() > 1) {
      throw TrackerException.badRequest("send one Authorization header, not " + headers.size(), List.of());
    }
    String given = headers.get(0);
    // the scheme is case-insensitive (RFC 9110); the token is compared byte for byte, in constant time
    String presented = given.regionMatches(true, 0, "Bearer ", 0, 7) ? given.substring(7) : "";
    Optional<Principal> holder = team.authenticate(presented, Instant.now());
    if (holder.isPresent()) {
      return holder; // 256 random bits cannot be guessed: a throttled address still gets its own token through
    }
    WebApp.refuseGuessing(ctx, guesses);
    if (sharedToken != null && Secrets.same(sharedToken, presented)) {
      return Optional.of(Principal.SHARED_TOKEN);
    }
    guesses.wrong(ctx.ip(), System.currentTimeMillis());
    ctx.header("WWW-Authenticate", "Bearer");
    throw new TrackerException(401, "Unauthorized",
        "the bearer token is not the server's token nor a live token of an identity (unknown, revoked or expired)",
        List.of());
  }

  /**
   * Whether the token or session a request came with still gives {@code needed} now: a stream that
   * stays open re-checks it, so a revoked token or ended session stops receiving. Counts no guess
   * and sets nothing.
   */
  boolean stillAllows(Context ctx, Role needed) {
    if (open()) {
      return true;
    }
    String given = ctx.header("Authorization");
    Optional<Principal> principal;
    if (given != null) {
      String presented = given.regionMatches(true, 0, "Bearer ", 0, 7) ? given.substring(7) : "";
      principal = team.authenticate(presented, Instant.now());
      if (principal.isEmpty() && sharedToken != null && Secrets.same(sharedToken, presented)) {
        principal = Optional.of(Principal.SHARED_TOKEN);
      }
      if (principal.isEmpty()) {
        return false;
      }
    } else {
      principal = fromSession(ctx.cookie(SignIn.COOKIE));
    }
    Role role = principal.map(Principal::role).orElse(readsOpen() ? Role.READER : null);
    return role != null && role.covers(needed);
  }

  /** The principal of a browser's open session; a stale cookie is just nobody. */
  private Optional<Principal> fromSession(String cookie) {
    return sessions.tokenHash(cookie, Instant.now()).flatMap(hash ->
        sharedTokenHash != null && Secrets.same(sharedTokenHash, hash) ? Optional.of(Principal.SHARED_TOKEN)
            : team.byHash(hash, Instant.now()));
  }

  /** The hash a session keeps for an identity's token typed at sign-in, if it is one. */
  Optional<String> identitySignIn(String given) {
    return given == null || given.isEmpty() ? Optional.empty()
        : team.authenticate(given, Instant.now()).map(who -> Secrets.hash(given));
  }

  /** The hash a session keeps for the server's shared token typed at sign-in, if it is that. */
  Optional<String> sharedSignIn(String given) {
    return sharedToken != null && given != null && Secrets.same(sharedToken, given) ? Optional.of(sharedTokenHash)
        : Optional.empty();
  }

  /** A route's handler behind the check that the caller holds {@code needed}. */
  Handler guarded(Role needed, Handler handler) {
    return ctx -> {
      if (require(ctx, needed)) {
        handler.handle(ctx);
      }
    };
  }

  /**
   * Whether the caller holds {@code needed}. Refuses one without it: 401 when nobody signed in
   * (false after sending a browser that asked for a page to sign in), 403 naming the role when
   * the caller's is too small.
   */
  boolean require(Context ctx, Role needed) {
    Viewer viewer = Viewer.current();
    if (viewer.can(needed)) {
      return true;
    }
    if (viewer.signedIn()) {
      Actor.require(needed); // 403, naming the role
    }
    if (!WebApp.isApi(ctx) && !Pages.partial(ctx) && ctx.method().name().equals("GET")) {
      String here = ctx.queryString() == null ? ctx.path() : ctx.path() + "?" + ctx.queryString();
      ctx.redirect("/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
      return false;
    }
    ctx.header("WWW-Authenticate", "Bearer");
    throw new TrackerException(401, "Unauthorized", WebApp.isApi(ctx)
        ? (ctx.path().equals("/mcp") ? "MCP requests need Authorization: Bearer <token>"
            : "this request needs Authorization: Bearer <token> with the role " + needed.value() + " (or above)"
                + (open() ? "; make the first admin's token with `token create` on the server's machine" : ""))
        : "sign in at /login to " + (needed == Role.READER ? "see this" : "make changes"), List.of());
  }

  /** The name a request gives in {@code X-Actor}, if any: who it is, or a label under its identity. */
  private static String actorHeader(Context ctx) {
    String named = ctx.header("X-Actor");
    if (named == null || named.isBlank()) {
      return null;
    }
    // header values arrive as ISO-8859-1; a name in UTF-8 is read as such, other bytes are refused
    byte[] raw = named.getBytes(StandardCharsets.ISO_8859_1);
    if (!Utf8.isValid(raw)) {
      throw TrackerException.badRequest("X-Actor is not valid UTF-8", List.of());
    }
    named = new String(raw, StandardCharsets.UTF_8);
    Rules rules = new Rules();
    rules.text(TextField.ACTOR, named.trim());
    rules.checkAsBadRequest("the X-Actor header names who makes the change: one line of at most "
        + TextField.ACTOR.maxLength() + " characters");
    return named.trim();
  }
}
