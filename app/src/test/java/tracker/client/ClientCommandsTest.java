package tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.tasks.TaskQuery;
import tracker.cli.Main;
import tracker.app.Tracker;
import tracker.api.ApiClient;
import tracker.support.TestDatabases;
import tracker.tasks.TaskQuery;
import tracker.app.WebApp;

/** The jar as a client of a real server started by the test: output, --json, exit codes. */
class ClientCommandsTest {

  @TempDir
  Path dir;
  Tracker tracker;
  Javalin app;
  String url;

  /** What a command printed and how it exited. */
  record Run(int exit, String out, String err) {}

  @BeforeEach
  void startServer() {
    tracker = TestDatabases.sqlite(dir);
    app = WebApp.create(tracker).start("127.0.0.1", 0);
    url = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stopServer() {
    app.stop();
    tracker.close();
  }

  /** Runs the jar's command line against the test's server. */
  private Run tracker(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    boolean help = all.contains("--help") || all.equals(List.of("dep"));
    if (!help) {
      all.addAll(List.of("--server", url));
    }
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private long add(String title) {
    Run run = tracker("add", "--title", title, "--component", "CLI", "--phase", "1", "--source", "plan.md",
        "--hours", "2");
    assertThat(run.exit()).as(run.err()).isZero();
    return Long.parseLong(run.out().replaceAll("(?s)Created task #(\\d+):.*", "$1"));
  }

  @Test
  void add_takes_dependencies_in_the_same_call_and_a_whole_plan_from_a_file() throws Exception {
    long first = add("Design");
    Run second = tracker("add", "--title", "Build", "--component", "CLI", "--phase", "1", "--source", "plan.md",
        "--depends-on", String.valueOf(first), "--dep-type", "requires");
    assertThat(second.exit()).as(second.err()).isZero();
    long id = Long.parseLong(second.out().replaceAll("(?s)Created task #(\\d+):.*", "$1"));
    assertThat(tracker.tasks().detail(id).dependencies()).singleElement()
        .satisfies(d -> assertThat(d.dependsOnTaskId()).isEqualTo(first));

    java.nio.file.Path plan = dir.resolve("plan.json");
    java.nio.file.Files.writeString(plan, "[{\"ref\": \"a\", \"title\": \"A\", \"component_area\": \"P\", \"phase\": 1,"
        + " \"source_document\": \"p.md\"}, {\"title\": \"B\", \"component_area\": \"P\", \"phase\": 2,"
        + " \"source_document\": \"p.md\", \"depends_on\": [{\"ref\": \"a\"}]}]");
    Run planned = tracker("add", "--from-file", plan.toString());
    assertThat(planned.exit()).as(planned.err()).isZero();
    assertThat(planned.out()).startsWith("Created 2 tasks");
    assertThat(tracker.tasks().readiness(id + 2).reasons()).extracting(r -> r.taskId()).containsExactly(id + 1);

    long before = tracker.listing().list(TaskQuery.all()).total();
    java.nio.file.Files.writeString(plan, "[{\"title\": \"C\", \"component_area\": \"P\", \"phase\": 9,"
        + " \"source_document\": \"p.md\"}]");
    Run refused = tracker("add", "--from-file", plan.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err()).contains("phase");
    assertThat(tracker("add", "--from-file", dir.resolve("missing.json").toString()).exit()).isEqualTo(2);
    assertThat(tracker.listing().list(TaskQuery.all()).total()).isEqualTo(before);
  }

  @Test
  void every_documented_value_is_checked_before_a_request_is_sent() {
    long task = add("Checked");
    String id = String.valueOf(task);
    String[][] wrong = {
        {"add", "--title", "x", "--component", "C", "--phase", "9", "--source", "s"},
        {"add", "--title", "x", "--component", "C", "--phase", "1", "--source", "s", "--priority", "urgent"},
        {"add", "--title", "x", "--component", "C", "--phase", "1", "--source", "s", "--hours", "500"},
        {"add", "--title", "x", "--component", "C", "--phase", "1", "--source", "s", "--depends-on", id,
            "--dep-type", "needs"},
        {"edit", id, "--complexity", "hard"},
        {"status", id, "doing"},
        {"status", id, "completed", "--progress", "101"},
        {"comment", id, "text", "--type", "rant"},
        {"dep", "add", id, "1", "--type", "needs"},
        {"tasks", "--limit", "1000"},
        {"tasks", "--sort", "colour"},
        {"tasks", "--status", "done"},
        {"ready", "--limit", "0"},
        {"claim", "--worker", "w", "--lease", "0"},
        {"heartbeat", id, "--worker", "w", "--claim-token", "0"},
        {"plan", "--max-parallel", "51"},
        {"show", "0"},
        {"show", "--", "-1"},
        {"forecast", "--target", "2026-02-30"},
    };
    for (String[] args : wrong) {
      Run run = tracker(args);
      assertThat(run.exit()).as("%s: %s", String.join(" ", args), run.err()).isEqualTo(2);
      assertThat(run.err()).contains("must be");
    }
    assertThat(tracker.listing().list(TaskQuery.all()).total()).isEqualTo(1);
    assertThat(tracker.tasks().get(task).version()).isEqualTo(1);
  }

  @Test
  void a_worker_loop_claims_works_and_completes_until_nothing_is_ready() {
    long first = add("Write the parser");
    long second = add("Write the printer");
    assertThat(tracker("dep", "add", String.valueOf(second), String.valueOf(first)).out())
        .contains("Task #" + second + " depends on #" + first + " (blocks)");

    List<String> done = new ArrayList<>();
    for (int round = 0; round < 5; round++) {
      Run claim = tracker("claim", "--worker", "agent-1", "--lease", "60");
      if (claim.exit() == 4) {
        assertThat(claim.err()).contains("nothing is ready");
        break;
      }
      assertThat(claim.exit()).as(claim.err()).isZero();
      String id = claim.out().split("\t")[0];
      assertThat(tracker("heartbeat", id, "--worker", "agent-1").exit()).isZero();
      Run status = tracker("status", id, "completed", "--progress", "100", "--note", "done", "--by", "agent-1");
      assertThat(status.out()).contains("Task #" + id + " is completed (100%)");
      done.add(id);
    }
    assertThat(done).containsExactly(String.valueOf(first), String.valueOf(second));
    assertThat(tracker.tasks().get(second).status().value()).isEqualTo("completed");
    assertThat(tracker("history", String.valueOf(second)).out())
        .contains("claimed", "agent-1", "status: in_progress → completed");
  }

  @Test
  void tables_by_default_and_the_apis_json_unchanged_with_json() {
    long id = add("Write the parser");
    assertThat(tracker("comment", String.valueOf(id), "Looks fine", "--type", "decision").exit()).isZero();
    assertThat(tracker("edit", String.valueOf(id), "--priority", "Critical", "--hours", "3.5").exit()).isZero();

    Run table = tracker("tasks", "--status", "not_started");
    assertThat(table.out()).startsWith("ID  STATUS").contains("Critical", "3.5", "Write the parser", "1 of 1 tasks");
    Run json = tracker("tasks", "--status", "not_started", "--json");
    assertThat(json.out().strip()).isEqualTo(new ApiClient(app.port()).get("/api/tasks?status=not_started").text());

    assertThat(tracker("show", String.valueOf(id)).out()).contains("#" + id + " Write the parser", "priority", "Critical");
    assertThat(tracker("ready").out()).contains("Write the parser");
    assertThat(tracker("stats").out()).contains("1 tasks: 0 completed", "3.5 hours");
    assertThat(tracker("critical-path").out()).contains("Write the parser", "total 3.5 h");
    assertThat(tracker("plan", "--max-parallel", "2").out()).contains("#" + id, "makespan 3.5 h");
    assertThat(tracker("dep", "rm", String.valueOf(id), "99").exit()).isEqualTo(1);
  }

  @Test
  void exit_codes_say_what_went_wrong() {
    // a rule only the server knows (a title is required) is its refusal: exit 1 with its problem
    Run refused = tracker("add", "--title", "", "--component", "CLI", "--phase", "1", "--source", "x");
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.err().strip()).startsWith("tracker: 422 Invalid input:").contains("title:")
        .doesNotContain("\n");
    Run usage = tracker("add", "--title", "t", "--component", "CLI", "--phase", "9", "--source", "x");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err().strip()).contains("--phase must be between 1 and 4, not 9").doesNotContain("\n");
    assertThat(tracker.listing().list(TaskQuery.all()).total()).isZero();

    assertThat(tracker("show", "42").exit()).isEqualTo(1);
    assertThat(tracker("tasks", "--phase", "two").exit()).isEqualTo(2);
    assertThat(tracker("status", "1").exit()).isEqualTo(2);
    assertThat(tracker("claim").exit()).isEqualTo(2);
    assertThat(tracker("dep").exit()).isEqualTo(2);

    StringWriter err = new StringWriter();
    int unreachable = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "tasks", "--server",
        "http://127.0.0.1:1");
    assertThat(unreachable).isEqualTo(3);
    assertThat(err.toString()).contains("cannot reach the server at http://127.0.0.1:1");

    assertThat(tracker("claim", "--worker", "w").exit()).isEqualTo(4);
  }

  @Test
  void every_command_has_help() {
    for (String command : List.of("tasks", "show", "add", "edit", "status", "comment", "dep", "history", "stats",
        "ready", "claim", "heartbeat", "critical-path", "plan")) {
      Run help = tracker(command, "--help");
      assertThat(help.exit()).as(command).isZero();
      assertThat(help.out()).as(command).contains("Usage: tracker " + command);
    }
    assertThat(tracker("tasks", "--help").out()).contains("--server", "--json");
    assertThat(tracker("dep", "add", "--help").out()).contains("DEPENDS_ON", "--type", "--server");
  }
}
