package tracker.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tracker.app.Tracker;
import tracker.client.ClientFailure;
import tracker.client.McpBridge;
import tracker.client.PlanCommands;
import tracker.client.TaskCommands;

/** The command line: {@code java -jar tracker.jar [command] [options]}; no command means {@code serve}. */
@Command(name = "tracker", mixinStandardHelpOptions = true, version = "Implementation Tracker " + Tracker.VERSION,
    description = "Plan and track an implementation plan: a web UI for people, a JSON API for scripts.")
public final class Main {

  /** Every command, in the order the help lists them. */
  private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, ImportLegacyCommand.class,
      BackupCommand.class, TransferCommands.Export.class, TransferCommands.Import.class, TokenCommands.class,
      // a client of a running server's JSON API, and its MCP server over stdio
      McpBridge.class, TaskCommands.ListTasks.class, TaskCommands.Show.class, TaskCommands.Add.class,
      TaskCommands.Edit.class, TaskCommands.Status.class, TaskCommands.Comment.class, TaskCommands.Dependency.class,
      TaskCommands.History.class, PlanCommands.Stats.class, PlanCommands.Ready.class, PlanCommands.Claim.class,
      PlanCommands.Heartbeat.class, PlanCommands.CriticalPath.class, PlanCommands.Plan.class,
      PlanCommands.ForecastCommand.class);

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs a command line and answers its exit code: 0 done, 1 failed (or the server refused),
   * 2 a usage error, 3 the server unreachable, 4 nothing ready to claim.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    String[] line = withDefaultCommand(args);
    CommandLine cli = new CommandLine(new Main());
    for (Class<?> command : commandsFor(line[0])) {
      cli.addSubcommand(command);
    }
    cli.setOut(out).setErr(err); // after the commands: picocli hands these only to those it already has
    cli.setParameterExceptionHandler((ex, ignored) -> {
      ex.getCommandLine().getErr().println("tracker: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, ignored) -> {
      commandLine.getErr().println("tracker: " + oneLine(ex));
      return ex instanceof ClientFailure failure ? failure.exitCode() : 1;
    });
    return cli.execute(line);
  }

  /**
   * The command a line names, alone: picocli reads every registered command's fields by
   * reflection, which for the server's commands loads the web server and the ORM, so a client
   * call in a script's loop registers only its own. Anything else (help, a typo) gets them all.
   */
  private static List<Class<?>> commandsFor(String first) {
    if (first.equals("--version") || first.equals("-V")) {
      return List.of();
    }
    for (Class<?> command : COMMANDS) {
      if (command.getAnnotation(Command.class).name().equals(first)) {
        return List.of(command);
      }
    }
    return COMMANDS;
  }

  /** {@code tracker} and {@code tracker --port 8080} mean {@code tracker serve …}. */
  static String[] withDefaultCommand(String[] args) {
    boolean rootOption = args.length > 0 && Arrays.asList("--help", "-h", "--version", "-V").contains(args[0]);
    if (args.length == 0 || (args[0].startsWith("-") && !rootOption)) {
      String[] serve = new String[args.length + 1];
      serve[0] = "serve";
      System.arraycopy(args, 0, serve, 1, args.length);
      return serve;
    }
    return args;
  }

  private static String oneLine(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.replaceAll("\\s+", " ").trim();
  }
}
