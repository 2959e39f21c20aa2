package tracker.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A command run against a server's JSON API: prints the answer as a table, or as JSON with --json.
 * Its {@link Param}s both read its line and write its help; the line is read without reflection,
 * so a call from a script's loop costs little more than the JVM's own start.
 */
abstract class ClientCommand {

  private final String name;
  private final String description;
  private final List<Param> params;
  Arguments args;
  Server server;

  /** {@code name} may be two words (dep add); every command also takes the server's options. */
  ClientCommand(String name, String description, Param... own) {
    this.name = name;
    this.description = description;
    this.params = new ArrayList<>(List.of(own));
    params.addAll(Server.PARAMS);
  }

  String name() {
    return name;
  }

  String description() {
    return description;
  }

  /** Reads the line (after the command's name), then does the work; answers the exit code. */
  final int run(List<String> line, PrintWriter out) {
    args = Arguments.read(params, line);
    if (args.help()) {
      printHelp(out);
      return 0;
    }
    server = new Server(args.text("--server"), args.flag("--json"), out);
    return run();
  }

  /** Does the work; answers the exit code. */
  abstract int run();

  void printHelp(PrintWriter out) {
    StringBuilder usage = new StringBuilder("Usage: tracker ").append(name).append(" [OPTIONS]");
    List<String[]> rows = new ArrayList<>();
    for (Param param : params) {
      if (param.isPositional()) {
        usage.append(' ').append(param.label());
      } else if (param.required()) {
        usage.append(' ').append(param.shown());
      }
      rows.add(new String[] {param.shown(), param.help()});
    }
    rows.add(new String[] {"-h, --help", "Show this help message and exit."});
    out.println(usage);
    out.println(description);
    int width = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
    for (String[] row : rows) {
      out.println(("  " + row[0] + " ".repeat(width - row[0].length() + 3) + row[1]).stripTrailing());
    }
    out.flush();
  }

  /** Checks of the values the help documents, made before any request. */
  Usage usage() {
    return new Usage();
  }

  /** With --json, the API's answer unchanged; answers whether it was printed. */
  boolean printedAsJson(Server.Answer answer) {
    if (server.json()) {
      server.out().println(answer.body());
      server.out().flush();
    }
    return server.json();
  }

  void println(String line) {
    server.out().println(line);
    server.out().flush();
  }

  static String text(JsonView node, String field) {
    JsonView value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }

  /** One task as a row of the task tables. */
  static Object[] taskRow(JsonView t) {
    return new Object[] {t.get("id").asLong(), text(t, "status"), t.get("phase").asInt(), text(t, "priority"),
        text(t, "time_estimate_hours"), t.get("progress_percentage").asInt() + "%", text(t, "component_area"),
        text(t, "title")};
  }

  static final String[] TASK_COLUMNS = {">ID", "STATUS", ">PH", "PRIORITY", ">HOURS", ">DONE", "COMPONENT", "TITLE"};
}
