package tracker.team;

import java.time.Instant;
import java.util.List;
import tracker.domain.IdentityKind;
import tracker.domain.Role;

/** Requests and answers of the team routes: identities, their tokens, who is calling. */
public final class TeamRecords {

  private TeamRecords() {}

  public record IdentityDraft(String name, String kind, String role) {}

  public record TokenDraft(String name, String expiresAt) {}

  /** A token as anyone may see it afterwards: never its secret. */
  public record TokenView(long id, long identityId, String identity, String name, Instant createdAt,
      Instant expiresAt, Instant lastUsedAt, Instant revokedAt) {

    /** Whether it still opens the door at {@code now}. */
    public boolean usable(Instant now) {
      return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
  }

  public record IdentityView(long id, String name, IdentityKind kind, Role role, Instant createdAt,
      List<TokenView> tokens) {}

  /** A token just made: the only time its secret is shown. */
  public record NewToken(String token, TokenView details) {}

  /**
   * Who a request acts as: an identity ({@code identityId} set), or the server's shared token
   * (an admin without a name of its own).
   */
  public record Principal(Long identityId, String name, IdentityKind kind, Role role) {

    public static final Principal SHARED_TOKEN = new Principal(null, null, null, Role.ADMIN);

    public boolean isIdentity() {
      return identityId != null;
    }
  }
}
