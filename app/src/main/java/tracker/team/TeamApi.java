package tracker.team;

import io.javalin.http.Context;
import java.util.List;
import tracker.core.FieldError;
import tracker.core.TrackerException;
import tracker.domain.Role;
import tracker.team.TeamRecords.IdentityDraft;
import tracker.team.TeamRecords.IdentityView;
import tracker.team.TeamRecords.NewToken;
import tracker.team.TeamRecords.TokenDraft;
import tracker.web.Api;
import tracker.web.Viewer;

/** The JSON handlers of the team: who am I, identities and their tokens (admins only, see WebApp). */
public final class TeamApi {

  private final TeamService team;

  public TeamApi(TeamService team) {
    this.team = team;
  }

  /** Who the caller is: a signed-in identity, the shared token, or nobody (reads open). */
  public record Me(String name, Role role, boolean signedIn) {}

  /** A role change. */
  public record RoleChange(String role) {}

  public void me(Context ctx) {
    Viewer viewer = Viewer.current();
    ctx.json(new Me(viewer.name(), viewer.role(), viewer.signedIn()));
  }

  public void list(Context ctx) {
    ctx.json(team.identities());
  }

  public void get(Context ctx) {
    ctx.json(team.identity(Api.id(ctx, "id")));
  }

  public void create(Context ctx) {
    IdentityView created = team.createIdentity(Api.body(ctx, IdentityDraft.class).value());
    ctx.status(201).header("Location", "/api/identities/" + created.id()).json(created);
  }

  public void changeRole(Context ctx) {
    ctx.json(team.changeRole(Api.id(ctx, "id"), Api.body(ctx, RoleChange.class).value().role()));
  }

  /** A new token; its secret is in this answer only, so the answer is never kept for a retry. */
  public void createToken(Context ctx) {
    if (ctx.header("Idempotency-Key") != null) {
      // a replay would have to keep the secret: a retry must not get a second token silently either
      throw TrackerException.badRequest("a new token is never replayed: its secret is shown once and not kept;"
          + " send this request without Idempotency-Key", List.of(new FieldError("Idempotency-Key",
          "is not taken on this route")));
    }
    String body = ctx.body();
    TokenDraft draft = body.isBlank() ? new TokenDraft(null, null) : Api.body(ctx, TokenDraft.class).value();
    NewToken created = team.createToken(Api.id(ctx, "id"), draft);
    ctx.header("Cache-Control", "no-store").status(201).json(created);
  }

  public void revoke(Context ctx) {
    ctx.json(team.revoke(Api.id(ctx, "id")));
  }
}
