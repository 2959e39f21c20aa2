package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's CLI as a script's loop calls it, against a running server with 1,000 tasks: the wall
 * time of whole processes, each command paired in turn with the JVM's own floor (an empty main
 * with the jar first on the class path) and, when Debian's {@code task} is installed, with
 * Taskwarrior doing the same on 1,000 tasks of its own.
 */
@Tag("benchmark")
class CliBenchmarkIT {

  static final int TASKS = 1_000;
  static final int ROUNDS = 15;

  @TempDir
  Path dir;

  @Test
  void client_commands_cost_little_more_than_starting_java() throws Exception {
    JarServer server = JarServer.start(dir.resolve("t.db"), dir);
    try {
      String url = server.url();
      server.awaitHealth(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build());
      seed(url);
      Bench bench = new Bench("CLI: whole processes against a server with " + TASKS + " tasks (median of " + ROUNDS
          + " pairs)");
      String floorClassPath = JarServer.JAR + File.pathSeparator + Path.of("target", "test-classes").toAbsolutePath();
      List<String> floor = List.of("java", "-cp", floorClassPath, EmptyMain.class.getName());
      // status and the Taskwarrior pairs take tasks from the end, far from the ones claims take first
      AtomicInteger next = new AtomicInteger(TASKS);
      Map<String, IntFunction<List<String>>> commands = new java.util.LinkedHashMap<>();
      commands.put("ready", i -> List.of("ready", "--limit", "20"));
      commands.put("claim", i -> List.of("claim", "--worker", "bench", "--lease", "600"));
      commands.put("status (in_progress)", i -> List.of("status", String.valueOf(next.getAndDecrement()), "in_progress"));
      double slowest = 0;
      for (Map.Entry<String, IntFunction<List<String>>> command : commands.entrySet()) {
        AtomicInteger call = new AtomicInteger();
        Bench.Row row = bench.compare(command.getKey(), "java floor", () -> run(floor, url),
            "tracker " + command.getKey(), () -> run(cli(command.getValue().apply(call.getAndIncrement())), url),
            1, ROUNDS, 1, 2.0);
        slowest = Math.max(slowest, row.candidateMicros() / 1e6);
      }
      bench.figure("slowest median of ready, claim, status", slowest, "s", "≤ 0.35", slowest <= 0.35);
      // the README's recipe: a class-data archive written by one `ready`, then named on every call
      Path archive = dir.resolve("tracker-cli.jsa");
      run(List.of("java", "-XX:ArchiveClassesAtExit=" + archive, "-jar", JarServer.JAR.toString(), "ready"), url);
      double slowestArchived = 0;
      for (Map.Entry<String, IntFunction<List<String>>> command : commands.entrySet()) {
        AtomicInteger call = new AtomicInteger();
        List<String> archived = List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off,cds+dynamic=off");
        Bench.Row row = bench.compare(command.getKey() + ", archived", "java floor", () -> run(floor, url),
            "tracker " + command.getKey(),
            () -> run(cli(archived, command.getValue().apply(call.getAndIncrement())), url), 1, ROUNDS, 1, 2.0);
        slowestArchived = Math.max(slowestArchived, row.candidateMicros() / 1e6);
      }
      bench.figure("slowest median, archived", slowestArchived, "s", "≤ 0.35", slowestArchived <= 0.35);
      besideTaskwarrior(bench, url, next);
      System.out.println(bench.table());
      assertThat(bench.rows()).isNotEmpty();
    } finally {
      server.stop();
    }
  }

  /**
   * The commands a script user would otherwise give Taskwarrior (2.6, Debian's), on 1,000 tasks
   * of its own: the ready report, a modify, a completion and an add, paired call by call.
   */
  private void besideTaskwarrior(Bench bench, String url, AtomicInteger next) throws Exception {
    if (!new File("/usr/bin/task").canExecute()) {
      System.out.println("Taskwarrior is not installed (apt-get install taskwarrior): its comparison is skipped");
      return;
    }
    Path taskData = Files.createDirectories(dir.resolve("taskwarrior"));
    Path taskrc = Files.writeString(dir.resolve("taskrc"), "data.location=" + taskData + "\nconfirmation=off\n"
        + "gc=off\nverbose=nothing\ncolor=off\nrecurrence=off\n");
    StringBuilder tasks = new StringBuilder("[");
    for (int i = 1; i <= TASKS; i++) {
      tasks.append(i > 1 ? "," : "").append("{\"description\":\"Task ").append(i)
          .append("\",\"status\":\"pending\",\"project\":\"area").append(i % 20).append("\",\"entry\":\"20261201T000000Z\"")
          .append(",\"uuid\":\"").append(java.util.UUID.nameUUIDFromBytes(("t" + i).getBytes(StandardCharsets.UTF_8)))
          .append("\"}");
    }
    Path file = Files.writeString(dir.resolve("tasks.json"), tasks.append(']').toString());
    run(task(taskrc, "import", file.toString()), url);
    AtomicInteger taskId = new AtomicInteger(1);
    AtomicInteger ours = new AtomicInteger(next.get());
    bench.compare("ready (Taskwarrior: task ready)", "task", () -> run(task(taskrc, "ready"), url), "tracker",
        () -> run(cli(List.of("ready", "--limit", "20")), url), 1, ROUNDS, 1, 3.0);
    bench.compare("modify (task N modify priority:H)", "task",
        () -> run(task(taskrc, String.valueOf(taskId.getAndIncrement()), "modify", "priority:H"), url), "tracker",
        () -> run(cli(List.of("edit", String.valueOf(ours.getAndDecrement()), "--priority", "High")), url),
        1, ROUNDS, 1, 3.0);
    bench.compare("complete (task N done)", "task",
        () -> run(task(taskrc, String.valueOf(taskId.getAndIncrement()), "done"), url), "tracker",
        () -> run(cli(List.of("status", String.valueOf(ours.getAndDecrement()), "completed")), url), 1, ROUNDS, 1, 3.0);
    bench.compare("add (task add …)", "task", () -> run(task(taskrc, "add", "Another", "project:area1"), url),
        "tracker", () -> run(cli(List.of("add", "--title", "Another", "--component", "area1", "--phase", "1",
            "--source", "bench")), url), 1, ROUNDS, 1, 3.0);
  }

  private static List<String> cli(List<String> args) {
    return cli(List.of(), args);
  }

  private static List<String> cli(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", JarServer.JAR.toString()));
    command.addAll(args);
    return command;
  }

  private static List<String> task(Path taskrc, String... args) {
    List<String> command = new ArrayList<>(List.of("task", "rc:" + taskrc));
    command.addAll(List.of(args));
    return command;
  }

  /** Runs a whole process to its end; it must succeed (exit 0). */
  private static void run(List<String> command, String url) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.PIPE);
      builder.environment().put("TRACKER_URL", url);
      Process process = builder.start();
      String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", command) + ": " + err).isZero();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Gives the server 1,000 tasks in one bulk request. */
  private static void seed(String url) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    StringBuilder plan = new StringBuilder("{\"tasks\": [");
    for (int i = 0; i < TASKS; i++) {
      plan.append(i > 0 ? "," : "").append("{\"title\": \"Task ").append(i).append("\", \"component_area\": \"area")
          .append(i % 20).append("\", \"phase\": ").append(1 + i % 4).append(", \"source_document\": \"bench\"}");
    }
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(url + "/api/tasks/bulk"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(plan.append("]}")
            .toString())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }
}
