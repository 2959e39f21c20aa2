package tracker.client;


import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/** A command run against a server's JSON API: prints the answer as a table, or as JSON with --json. */
abstract class ClientCommand implements Callable<Integer> {

  @Mixin
  Server server;

  /** Checks of the values the help documents, made before any request. */
  Usage usage() {
    return new Usage(server.spec);
  }

  /** Does the work; answers the exit code. */
  abstract int run();

  @Override
  public Integer call() {
    return run();
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
