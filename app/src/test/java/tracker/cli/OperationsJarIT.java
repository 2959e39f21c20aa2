package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The jar as an operator runs it: the request log (plain and JSON, no secret in it) and a stop under load. */
class OperationsJarIT {

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  String run(String format) throws Exception {
    int port = ServeJarIT.freePort();
    Path out = dir.resolve(format + ".log");
    Process server = new ProcessBuilder("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(), "--db",
        dir.resolve(format + ".db").toString(), "--port", String.valueOf(port), "--token", "s3cret-token",
        "--log-format", format).redirectOutput(out.toFile()).redirectError(dir.resolve(format + ".err").toFile()).start();
    try {
      ServeJarIT.awaitHealth(http, port);
      String base = "http://127.0.0.1:" + port;
      HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tasks"))
          .header("Authorization", "Bearer s3cret-token").header("Content-Type", "application/json")
          .header("X-Request-Id", "trace-42")
          .POST(HttpRequest.BodyPublishers.ofString("{\"title\": \"t\", \"component_area\": \"X\", \"phase\": 1,"
              + " \"source_document\": \"s\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(created.headers().firstValue("X-Request-Id")).hasValue("trace-42");
      HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(base + "/api/tasks/1?password=hunter2"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(read.headers().firstValue("X-Request-Id")).isPresent();
    } finally {
      server.destroy();
      server.waitFor(30, TimeUnit.SECONDS);
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void sigterm_under_load_lets_requests_under_way_finish_and_exits_cleanly() throws Exception {
    int port = ServeJarIT.freePort();
    Process server = new ProcessBuilder("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(), "--db",
        dir.resolve("stop.db").toString(), "--port", String.valueOf(port), "--demo")
        .redirectOutput(dir.resolve("stop.log").toFile()).redirectError(dir.resolve("stop.err").toFile()).start();
    ServeJarIT.awaitHealth(http, port);
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
    List<String> broken = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    List<Thread> clients = new java.util.ArrayList<>();
    for (int c = 0; c < 6; c++) {
      Thread client = new Thread(() -> {
        while (running.get()) {
          try {
            java.net.HttpURLConnection connection = (java.net.HttpURLConnection) URI.create("http://127.0.0.1:" + port
                + "/api/tasks?limit=50").toURL().openConnection();
            connection.setRequestProperty("Connection", "close");
            int status = connection.getResponseCode();
            if (status == 503) {
              refused.incrementAndGet(); // arrived once the stop had begun: refused whole, not cut off
            } else if (status == 200) {
              connection.getInputStream().readAllBytes();
              answered.incrementAndGet();
            } else {
              broken.add("status " + status);
            }
          } catch (java.net.ConnectException gone) {
            refused.incrementAndGet(); // the server no longer accepts: what a stopped server does
          } catch (java.io.IOException e) {
            broken.add(e.toString());
          }
        }
      });
      client.start();
      clients.add(client);
    }
    Thread.sleep(1500);
    server.destroy(); // SIGTERM
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    running.set(false);
    for (Thread client : clients) {
      client.join();
    }
    assertThat(answered.get()).isPositive();
    assertThat(refused.get()).isPositive();
    assertThat(broken).as("requests cut off or failed by the stop").isEmpty();
    assertThat(server.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("stop.err"), StandardCharsets.UTF_8)).doesNotContain("ERROR", "WARN", "Exception");
    assertThat(dir.resolve("stop.db-wal")).doesNotExist();
  }

  @Test
  void sigterm_while_a_big_plan_is_still_being_read_waits_for_the_read_and_exits_cleanly() throws Exception {
    Path file = dir.resolve("big.db");
    try (tracker.app.Tracker seeded = tracker.app.Tracker.open("jdbc:sqlite:" + file);
        java.sql.Connection c = seeded.database().ebean().dataSource().getConnection();
        java.sql.PreparedStatement tasks = c.prepareStatement("insert into tasks (id, created_at, updated_at, title,"
            + " description, component_area, phase, priority, complexity, status, source_document,"
            + " time_estimate_hours, version) with recursive n(i) as (select 1 union all select i + 1 from n"
            + " where i < 100000) select i, ?, ?, 'Task ' || i, '', 'Area', 1, 'Medium', 'Medium', 'not_started',"
            + " 's', 1, 1 from n")) {
      java.sql.Timestamp now = java.sql.Timestamp.from(java.time.Instant.now());
      tasks.setTimestamp(1, now);
      tasks.setTimestamp(2, now);
      assertThat(tasks.executeUpdate()).isEqualTo(100_000);
      try (java.sql.PreparedStatement dependencies = c.prepareStatement("insert into task_dependencies (created_at,"
          + " task_id, depends_on_task_id, dependency_type) select ?, id, id - k, 'blocks' from tasks,"
          + " (select 1 as k union all select 7 union all select 31) where id > k")) {
        dependencies.setTimestamp(1, now);
        assertThat(dependencies.executeUpdate()).isGreaterThan(299_000);
      }
      c.commit();
    }
    int port = ServeJarIT.freePort();
    Process server = new ProcessBuilder("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(), "--db",
        file.toString(), "--port", String.valueOf(port)).redirectOutput(dir.resolve("big.log").toFile())
        .redirectError(dir.resolve("big.err").toFile()).start();
    ServeJarIT.awaitHealth(http, port);
    Thread.sleep(300); // while the plan's first read may be under way (PlanBackgroundTest holds the stop at it)
    server.destroy(); // SIGTERM
    assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
    assertThat(Files.readString(dir.resolve("big.err"), StandardCharsets.UTF_8) + Files.readString(
        dir.resolve("big.log"), StandardCharsets.UTF_8)).doesNotContain("ERROR", "WARN", "Exception");
  }

  @Test
  void each_request_is_one_line_with_its_route_status_and_id_and_no_secret() throws Exception {
    String plain = run("plain");
    assertThat(plain).containsPattern("POST /api/tasks 201 [0-9.]+ms actor=api id=trace-42");
    assertThat(plain).containsPattern("GET /api/tasks/\\{id} 400 [0-9.]+ms actor=api id=[0-9a-f]{8}");
    String json = run("json");
    List<String> lines = json.lines().filter(l -> l.startsWith("{")).toList();
    JsonNode create = new ObjectMapper().readTree(lines.stream().filter(l -> l.contains("trace-42")).findFirst()
        .orElseThrow());
    assertThat(create.get("method").asText()).isEqualTo("POST");
    assertThat(create.get("route").asText()).isEqualTo("/api/tasks");
    assertThat(create.get("status").asInt()).isEqualTo(201);
    assertThat(create.get("request_id").asText()).isEqualTo("trace-42");
    for (String log : List.of(plain, json)) {
      assertThat(log).doesNotContain("s3cret-token", "hunter2");
    }
  }
}
