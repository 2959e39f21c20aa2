package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar, started as a user would start it (runs after {@code package}, in {@code verify}). */
class ServeJarIT {

  static final Path JAR = Path.of("target", "tracker.jar");

  @TempDir
  Path dir;

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  Process start(List<String> args, String... env) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("out.log").toFile()).redirectError(dir.resolve("err.log").toFile());
    for (int i = 0; i < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    return builder.start();
  }

  @Test
  void the_jar_creates_tracker_db_applies_migrations_and_serves_health_and_the_dashboard() throws Exception {
    int port = freePort();
    Process server = start(List.of("--demo"), "TRACKER_PORT", String.valueOf(port));
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> health = awaitHealth(http, port);
      assertThat(health.body()).contains("\"status\":\"ok\"", "\"database\":\"sqlite\"", "\"schema_version\":\"" + tracker.support.TestDatabases.SCHEMA_VERSION + "\"");
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.body()).contains("/static/htmx-2.0.11.min.js", "Dashboard");
      assertThat(dir.resolve("tracker.db")).exists();
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void with_db_url_the_jar_runs_on_postgresql_and_is_driven_by_its_own_client() throws Exception {
    int port = freePort();
    String url = tracker.support.TestDatabases.postgresUrl(); // empty: the jar applies the schema
    Process server = start(List.of(), "TRACKER_PORT", String.valueOf(port), "DB_URL", url);
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> health = awaitHealth(http, port);
      assertThat(health.body()).contains("\"database\":\"postgresql\"");

      String serverUrl = "http://127.0.0.1:" + port;
      Process add = client("add", "--title", "On PostgreSQL", "--component", "DB", "--phase", "1", "--source", "x",
          "--server", serverUrl);
      assertThat(add.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(add.exitValue()).isZero();
      Process claim = client("claim", "--worker", "w", "--server", serverUrl);
      assertThat(claim.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(claim.exitValue()).isZero();
      assertThat(new String(claim.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("On PostgreSQL");
      Process none = client("claim", "--worker", "w", "--server", serverUrl);
      assertThat(none.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(none.exitValue()).isEqualTo(4);
      assertThat(http.send(HttpRequest.newBuilder(URI.create(serverUrl + "/")).build(),
          HttpResponse.BodyHandlers.ofString()).body()).contains("On PostgreSQL");
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /**
   * SIGKILL to the launcher, then waits until its server's JVM (which stops when its launcher
   * goes, its stdin pipe ending) is gone too and the port is free for a restart.
   */
  static void kill(Process launcher) throws Exception {
    java.util.List<ProcessHandle> servers = launcher.descendants().toList();
    launcher.destroyForcibly();
    launcher.waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle server : servers) {
      server.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  /** Polls /health until the started jar answers (at most 15 s). */
  static HttpResponse<String> awaitHealth(HttpClient http, int port) throws Exception {
    for (int i = 0; i < 150; i++) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the server did not answer /health on port " + port);
  }

  /** The jar as a command-line client, its output kept for the test to read. */
  Process client(String... args) throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", JAR.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
  }

  @Test
  void a_busy_port_is_named_before_anything_is_created() throws Exception {
    try (ServerSocket holder = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      Process process = start(List.of("--port", String.valueOf(holder.getLocalPort())));
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(2);
      String err = Files.readString(dir.resolve("err.log"), StandardCharsets.UTF_8);
      assertThat(err.strip().lines()).hasSize(1);
      assertThat(err).contains("port " + holder.getLocalPort(), "in use");
      assertThat(dir.resolve("tracker.db")).doesNotExist();
    }
  }

  @Test
  void a_bad_setting_in_the_environment_exits_non_zero_with_one_line() throws Exception {
    Process process = start(List.of(), "TRACKER_PORT", "seventy");
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(2);
    String err = Files.readString(dir.resolve("err.log"), StandardCharsets.UTF_8);
    assertThat(err.strip().lines()).hasSize(1);
    assertThat(err).contains("--port", "seventy");
    assertThat(dir.resolve("tracker.db")).doesNotExist();
  }

  @Test
  void db_echo_logs_every_sql_statement() throws Exception {
    int port = freePort();
    Process server = start(List.of("--port", String.valueOf(port)), "DB_ECHO", "true");
    try {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 100; i++) {
        try {
          http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/tasks")).build(),
              HttpResponse.BodyHandlers.ofString());
          break;
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(dir.resolve("err.log"))).contains("SQL", "from tasks t0");
  }

  @Test
  void help_exits_zero() throws Exception {
    Process process = start(List.of("--help"));
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("out.log"))).contains("serve");
  }

}
