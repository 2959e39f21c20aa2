package tracker.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tracker.app.Tracker;
import tracker.cli.BackupCommand;
import tracker.cli.ImportLegacyCommand;
import tracker.cli.ServeCommand;
import tracker.cli.TransferCommands;
import tracker.client.ClientFailure;
import tracker.client.McpBridge;
import tracker.client.PlanCommands;
import tracker.client.TaskCommands;

/** The command line: {@code java -jar tracker.jar [command] [options]}; no command means {@code serve}. */
@Command(name = "tracker", mixinStandardHelpOptions = true, version = "Implementation Tracker " + Tracker.VERSION,
    description = "Plan and track an implementation plan: a web UI for people, a JSON API for scripts.",
    subcommands = {ServeCommand.class, ImportLegacyCommand.class, BackupCommand.class,
        TransferCommands.Export.class, TransferCommands.Import.class,
        // a client of a running server's JSON API, and its MCP server over stdio
        TokenCommands.class,
        McpBridge.class, TaskCommands.ListTasks.class, TaskCommands.Show.class, TaskCommands.Add.class,
        TaskCommands.Edit.class,
        TaskCommands.Status.class, TaskCommands.Comment.class, TaskCommands.Dependency.class,
        TaskCommands.History.class, PlanCommands.Stats.class, PlanCommands.Ready.class, PlanCommands.Claim.class,
        PlanCommands.Heartbeat.class, PlanCommands.CriticalPath.class, PlanCommands.Plan.class,
        PlanCommands.ForecastCommand.class})
public final class Main {

  public static void main(String[] args) {
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /**
   * Runs a command line and answers its exit code: 0 done, 1 failed (or the server refused),
   * 2 a usage error, 3 the server unreachable, 4 nothing ready to claim.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main()).setOut(out).setErr(err);
    cli.setParameterExceptionHandler((ex, ignored) -> {
      ex.getCommandLine().getErr().println("tracker: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, ignored) -> {
      commandLine.getErr().println("tracker: " + oneLine(ex));
      return ex instanceof ClientFailure failure ? failure.exitCode() : 1;
    });
    return cli.execute(withDefaultCommand(args));
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
