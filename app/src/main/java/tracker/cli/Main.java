package tracker.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tracker.app.Tracker;
import picocli.CommandLine.Model.CommandSpec;
import tracker.client.ClientCommands;

/** The command line: {@code java -jar tracker.jar [command] [options]}; no command means {@code serve}. */
@Command(name = "tracker", mixinStandardHelpOptions = true, version = "Implementation Tracker " + Tracker.VERSION,
    description = "Plan and track an implementation plan: a web UI for people, a JSON API for scripts.")
public final class Main {

  /**
   * The commands on the database itself, in the order the help lists them (the client's follow);
   * a method, not a constant, so that a client call does not load them.
   */
  private static List<Class<?>> databaseCommands() {
    return List.of(ServeCommand.class, ImportLegacyCommand.class, BackupCommand.class, TransferCommands.Export.class,
        TransferCommands.Import.class, TokenCommands.class);
  }

  public static void main(String[] args) {
    String[] line = withDefaultCommand(args);
    if (line[0].equals("serve") && Arrays.stream(line).noneMatch(HELP::contains)) {
      java.util.OptionalInt served = ServerLauncher.launch(line);
      if (served.isPresent()) {
        System.exit(served.getAsInt());
      }
    }
    System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  private static final List<String> HELP = List.of("--help", "-h", "--version", "-V");

  /**
   * Runs a command line and answers its exit code: 0 done, 1 failed (or the server refused),
   * 2 a usage error, 3 the server unreachable, 4 nothing ready to claim.
   */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    String[] line = withDefaultCommand(args);
    // a client of a running server: read without picocli, whose start (~0.13 s) a script's loop pays per call
    java.util.OptionalInt asClient = ClientCommands.run(out, err, List.of(line));
    if (asClient.isPresent()) {
      return asClient.getAsInt();
    }
    CommandLine cli = new CommandLine(new Main());
    List<Class<?>> commands = commandsFor(line[0]);
    for (Class<?> command : commands) {
      cli.addSubcommand(command);
    }
    if (commands.size() > 1) { // the overall help or a typo: list the client's commands too
      for (ClientCommands.Summary client : ClientCommands.summaries()) {
        CommandSpec listed = CommandSpec.create().name(client.name());
        listed.usageMessage().description(client.description());
        cli.addSubcommand(client.name(), listed);
      }
    }
    // numbers as the server reads them, plain ASCII digits: Long.parseLong takes "+1" and "٢" (after the
    // commands, like the streams: picocli hands converters only to those it already has)
    CommandLine.ITypeConverter<Long> plainLong = text -> {
      Long value = tracker.core.Numbers.whole(text);
      if (value == null) {
        throw new CommandLine.TypeConversionException("'" + text + "' is not a whole number (plain digits 0-9)");
      }
      return value;
    };
    CommandLine.ITypeConverter<Integer> plainInt = text -> Math.toIntExact(plainLong.convert(text));
    cli.registerConverter(Long.class, plainLong).registerConverter(long.class, plainLong)
        .registerConverter(Integer.class, plainInt).registerConverter(int.class, plainInt);
    cli.setOut(out).setErr(err); // after the commands: picocli hands these only to those it already has
    cli.setParameterExceptionHandler((ex, ignored) -> {
      ex.getCommandLine().getErr().println("tracker: " + ex.getMessage() + " (see --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, ignored) -> {
      commandLine.getErr().println("tracker: " + ClientCommands.oneLine(ex));
      return 1;
    });
    return cli.execute(line);
  }

  /**
   * The command a line names, alone: picocli reads every registered command's fields by
   * reflection, which for these commands loads the web server and the ORM. Anything else (help,
   * a typo) gets them all.
   */
  private static List<Class<?>> commandsFor(String first) {
    if (first.equals("--version") || first.equals("-V")) {
      return List.of();
    }
    for (Class<?> command : databaseCommands()) {
      if (command.getAnnotation(Command.class).name().equals(first)) {
        return List.of(command);
      }
    }
    return databaseCommands();
  }

  /** {@code tracker} and {@code tracker --port 8080} mean {@code tracker serve …}. */
  static String[] withDefaultCommand(String[] args) {
    boolean rootOption = args.length > 0 && HELP.contains(args[0]);
    if (args.length == 0 || (args[0].startsWith("-") && !rootOption)) {
      String[] serve = new String[args.length + 1];
      serve[0] = "serve";
      System.arraycopy(args, 0, serve, 1, args.length);
      return serve;
    }
    return args;
  }
}
