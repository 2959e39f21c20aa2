package tracker.support;

import tracker.app.Tracker;
import tracker.team.TeamRecords.IdentityDraft;
import tracker.team.TeamRecords.NewToken;
import tracker.team.TeamRecords.TokenDraft;

/** Tokens for tests, made on the database directly as {@code token create} does. */
public final class TeamTokens {

  private TeamTokens() {}

  /** A new token of the identity named (made first, with {@code role}, if there is none). */
  public static NewToken issue(Tracker tracker, String name, String role) {
    var identity = tracker.team().identityNamed(name)
        .orElseGet(() -> tracker.team().createIdentity(new IdentityDraft(name, "agent", role)));
    return tracker.team().createToken(identity.id(), new TokenDraft("t", null));
  }

  /** The Authorization header's value for a new token of the identity named. */
  public static String bearer(Tracker tracker, String name, String role) {
    return "Bearer " + issue(tracker, name, role).token();
  }
}
