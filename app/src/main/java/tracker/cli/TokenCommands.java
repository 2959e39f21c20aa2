package tracker.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tracker.app.Tracker;
import tracker.core.Times;
import tracker.core.TrackerException;
import tracker.team.TeamRecords.IdentityDraft;
import tracker.team.TeamRecords.IdentityView;
import tracker.team.TeamRecords.NewToken;
import tracker.team.TeamRecords.TokenDraft;
import tracker.team.TeamRecords.TokenView;
import tracker.team.TeamService;

/**
 * {@code token create|list|revoke}: the team's tokens, worked on the database directly (so the
 * first admin can be made before anyone can sign in), by the same rules as the API.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Make, list and revoke the tokens of people and agents, on the database directly.",
    subcommands = {TokenCommands.Create.class, TokenCommands.ListTokens.class, TokenCommands.Revoke.class})
public final class TokenCommands {

  /** The database and the way a refusal is reported, shared by the three commands. */
  abstract static class OnTeam implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    abstract void run(TeamService team, PrintWriter out);

    String jdbcUrl() {
      return database.jdbcUrl();
    }

    static String article(String word) {
      return ("aeiou".indexOf(word.charAt(0)) >= 0 ? "an " : "a ") + word;
    }

    @Override
    public Integer call() {
      try (Tracker tracker = Tracker.open(jdbcUrl())) {
        run(tracker.team(), spec.commandLine().getOut());
        return 0;
      } catch (TrackerException refused) {
        spec.commandLine().getErr().println("tracker: " + (refused.errors().isEmpty() ? refused.getMessage()
            : String.join("; ", refused.errors().stream().map(e -> e.field() + " " + e.message()).toList())));
        return refused.status() == 404 || refused.status() == 422 ? 2 : 1;
      }
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Make a token for NAME, making the identity first if it is new (then --role is needed);"
          + " prints the secret once.")
  static final class Create extends OnTeam {

    @Option(names = "--name", required = true, description = "The person's or agent's name.")
    String name;

    @Option(names = "--role", description = "reader, worker, planner or admin: for a new identity, or to change"
        + " an existing one's role.")
    String role;

    @Option(names = "--kind", description = "person (default) or agent, for a new identity.")
    String kind;

    @Option(names = "--token-name", defaultValue = "token", description = "What the token is for (default ${DEFAULT-VALUE}).")
    String tokenName;

    @Option(names = "--expires", paramLabel = "DATE", description = "When the token stops working: a date"
        + " (the end of that day, UTC) or a date-time with offset; default never.")
    String expires;

    @Override
    void run(TeamService team, PrintWriter out) {
      TeamService.Issued issued = team.tokenFor(new IdentityDraft(name, kind, role), new TokenDraft(tokenName, expires));
      IdentityView identity = issued.identity();
      if (issued.made()) {
        out.println("Made " + identity.kind().value() + " " + identity.name() + " (" + identity.role().value() + ")");
      } else if (issued.roleChanged()) {
        out.println(identity.name() + " is now " + article(identity.role().value()));
      }
      if (!issued.made() && kind != null && !kind.equals(identity.kind().value())) {
        out.println(identity.name() + " stays " + article(identity.kind().value()) + " (--kind applies to new identities)");
      }
      NewToken token = issued.token();
      out.println("Token " + token.details().id() + " (" + token.details().name() + ") for " + identity.name()
          + (token.details().expiresAt() == null ? "" : ", expires " + Times.shown(token.details().expiresAt()))
          + "; shown once, keep it secret:");
      out.println(token.token());
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List identities and their tokens (never the secrets).")
  static final class ListTokens extends OnTeam {

    @Override
    String jdbcUrl() {
      return database.existingJdbcUrl();
    }

    @Override
    void run(TeamService team, PrintWriter out) {
      for (IdentityView identity : team.identities()) {
        out.println(identity.name() + "  " + identity.kind().value() + "  " + identity.role().value());
        for (TokenView token : identity.tokens()) {
          out.println("  token " + token.id() + "  " + token.name() + "  made " + Times.shown(token.createdAt())
              + (token.expiresAt() == null ? "" : "  expires " + Times.shown(token.expiresAt()))
              + (token.lastUsedAt() == null ? "  never used" : "  last used " + Times.shown(token.lastUsedAt()))
              + (token.revokedAt() == null ? "" : "  REVOKED " + Times.shown(token.revokedAt())));
        }
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token at once, on every server using this database.")
  static final class Revoke extends OnTeam {

    @Parameters(index = "0", paramLabel = "TOKEN_ID", description = "The token's id, as token list shows it.")
    long id;

    @Override
    String jdbcUrl() {
      return database.existingJdbcUrl();
    }

    @Override
    void run(TeamService team, PrintWriter out) {
      TokenView token = team.revoke(id);
      out.println("Revoked token " + token.id() + " (" + token.name() + ") of " + token.identity());
    }
  }
}
