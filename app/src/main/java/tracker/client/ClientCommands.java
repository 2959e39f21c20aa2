package tracker.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Every client command, and how a line runs one: usage errors exit 2, a refusal or an unreachable
 * server exits with its {@link ClientFailure} code, each on one line of standard error.
 */
public final class ClientCommands {

  private ClientCommands() {}

  /** Every client command, in the order the help lists them. */
  private static List<ClientCommand> all() {
    return List.of(new McpBridge(), new TaskCommands.ListTasks(), new TaskCommands.Show(), new TaskCommands.Add(),
        new TaskCommands.Edit(), new TaskCommands.Status(), new TaskCommands.Comment(),
        new TaskCommands.DependencyAdd(), new TaskCommands.DependencyRemove(), new TaskCommands.History(),
        new PlanCommands.Stats(), new PlanCommands.Ready(), new PlanCommands.Claim(), new PlanCommands.Heartbeat(),
        new PlanCommands.CriticalPath(), new PlanCommands.Plan(), new PlanCommands.ForecastCommand());
  }

  /** A command's name (the first word of a two-word one) and its description, for the overall help. */
  public record Summary(String name, String description) {}

  /** The commands as the overall help lists them: a two-word family (dep) once. */
  public static List<Summary> summaries() {
    return all().stream().map(ClientCommands::summary).distinct().toList();
  }

  private static Summary summary(ClientCommand command) {
    String family = family(command);
    return command.name().contains(" ")
        ? new Summary(family, "Add or remove a dependency (" + family + " add, " + family + " rm).")
        : new Summary(command.name(), command.description());
  }

  /** Runs a line whose first word names a client command and answers its exit code; empty for any other line. */
  public static OptionalInt run(PrintWriter out, PrintWriter err, List<String> line) {
    List<ClientCommand> named = named(line);
    return named.isEmpty() ? OptionalInt.empty() : OptionalInt.of(run(out, err, line, named));
  }

  private static int run(PrintWriter out, PrintWriter err, List<String> line, List<ClientCommand> named) {
    try {
      if (named.size() == 1) {
        ClientCommand command = named.get(0);
        return command.run(line.subList(command.name().contains(" ") ? 2 : 1, line.size()), out);
      }
      if (line.size() > 1 && (line.get(1).equals("--help") || line.get(1).equals("-h"))) {
        out.println("Usage: tracker " + line.get(0) + " COMMAND [OPTIONS]");
        out.println(summary(named.get(0)).description());
        for (ClientCommand command : named) {
          out.printf("  %-10s %s%n", command.name(), command.description());
        }
        out.flush();
        return 0;
      }
      throw new UsageError("say " + String.join(" or ", named.stream().map(ClientCommand::name).toList()));
    } catch (UsageError e) {
      err.println("tracker: " + oneLine(e) + " (see --help)");
      return 2;
    } catch (ClientFailure e) {
      err.println("tracker: " + oneLine(e));
      return e.exitCode();
    } catch (RuntimeException e) {
      err.println("tracker: " + oneLine(e));
      return 1;
    } finally {
      err.flush();
    }
  }

  /**
   * The command a line names, or the family its first word names (dep) when the second word names
   * none of it; none when the first word names no client command.
   */
  private static List<ClientCommand> named(List<String> line) {
    String first = line.get(0);
    String second = line.size() > 1 ? line.get(1) : "";
    List<ClientCommand> family = new ArrayList<>();
    for (ClientCommand command : all()) { // loops, not streams: each lambda's first call costs a cold JVM
      if (command.name().equals(first) || command.name().equals(first + " " + second)) {
        return List.of(command);
      }
      if (family(command).equals(first)) {
        family.add(command);
      }
    }
    return family;
  }

  private static String family(ClientCommand command) {
    int space = command.name().indexOf(' ');
    return space < 0 ? command.name() : command.name().substring(0, space);
  }

  /** An error's root message on one line. */
  public static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return oneLine(root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage());
  }

  /** Runs of whitespace as one space, none at the ends (by hand: a regex compiles on every call). */
  static String oneLine(String text) {
    StringBuilder line = new StringBuilder(text.length());
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        space = true;
      } else {
        line.append(space && !line.isEmpty() ? " " : "").append(c);
        space = false;
      }
    }
    return line.toString();
  }
}
