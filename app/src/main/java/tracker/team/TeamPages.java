package tracker.team;

import io.javalin.http.Context;
import gg.jte.generated.precompiled.team.JtepageGenerated;
import tracker.team.TeamRecords.IdentityDraft;
import tracker.team.TeamRecords.NewToken;
import tracker.team.TeamRecords.TokenDraft;
import tracker.web.Form;
import tracker.web.FormState;
import tracker.web.Pages;

/** The admin page of the team: identities, their tokens, a new token's secret shown once. */
public final class TeamPages {

  private final TeamService team;

  public TeamPages(TeamService team) {
    this.team = team;
  }

  public void page(Context ctx) {
    render(ctx, FormState.EMPTY, null);
  }

  private void render(Context ctx, FormState state, NewToken created) {
    ctx.header("Cache-Control", "no-store");
    Pages.render(ctx, (out, intercept) -> JtepageGenerated.render(out, intercept, team.identities(), state, created));
  }

  public void createIdentity(Context ctx) {
    Form form = Form.of(ctx);
    FormState state = Pages.attempt(form, () -> team.createIdentity(
        new IdentityDraft(form.text("name"), form.text("kind"), form.text("role"))));
    if (state.errors().isEmpty() && state.message() == null) {
      Pages.redirect(ctx, "/team");
    } else {
      ctx.status(422);
      render(ctx, state, null);
    }
  }

  /** Shows the new secret on the answer itself (never in a URL or a redirect), once. */
  public void createToken(Context ctx) {
    Form form = Form.of(ctx);
    long identity = Pages.id(ctx, "id");
    NewToken[] created = new NewToken[1];
    FormState attempted = Pages.attempt(form, () ->
        created[0] = team.createToken(identity, new TokenDraft(form.text("name"), form.text("expires_at"))));
    // the token forms are one small row per identity: the reasons go in the page's message, not
    // beside the new-identity form's fields of the same names
    FormState state = attempted.errors().isEmpty() ? attempted : new FormState(java.util.Map.of(), java.util.Map.of(),
        "The token was not made: " + attempted.errors().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
            .map(e -> e.getKey().replace('_', ' ') + " " + e.getValue()).collect(java.util.stream.Collectors.joining("; ")));
    ctx.status(created[0] == null ? 422 : 201);
    render(ctx, state, created[0]);
  }

  public void revoke(Context ctx) {
    team.revoke(Pages.id(ctx, "id"));
    Pages.redirect(ctx, "/team");
  }
}
