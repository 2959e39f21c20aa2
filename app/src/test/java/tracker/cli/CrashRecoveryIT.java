package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar killed with SIGKILL in the middle of writes, five times: the file stays sound and keeps every acknowledged write. */
class CrashRecoveryIT {

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void a_killed_server_loses_no_acknowledged_write_and_leaves_a_sound_file() throws Exception {
    Path db = dir.resolve("crash.db");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    long taskId = -1;
    for (int round = 0; round < 5; round++) {
      int port = freePort();
      Process server = new ProcessBuilder("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(),
          "--db", db.toString(), "--port", String.valueOf(port))
          .redirectOutput(dir.resolve("out-" + round + ".log").toFile())
          .redirectError(dir.resolve("err-" + round + ".log").toFile())
          .start();
      try {
        waitForHealth(port);
        if (taskId < 0) {
          taskId = idOf(post(port, "/api/tasks", "{\"title\": \"Crash target\", \"component_area\": \"DB\", \"phase\": 1,"
              + " \"source_document\": \"s\"}").body());
        }
        long task = taskId;
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          String prefix = "r" + round + "w" + w + "-";
          Thread writer = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
              String mark = prefix + i;
              try {
                String body = i % 2 == 0
                    ? "{\"comment\": \"" + mark + "\"}"
                    : "{\"title\": \"" + mark + "\", \"component_area\": \"DB\", \"phase\": 1, \"source_document\": \"s\"}";
                HttpResponse<String> response = post(port, i % 2 == 0 ? "/api/tasks/" + task + "/comments" : "/api/tasks", body);
                if (response.statusCode() / 100 == 2) {
                  acknowledged.add(mark);
                }
              } catch (IOException e) {
                return; // the server is gone
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
          });
          writer.start();
          writers.add(writer);
        }
        Thread.sleep(700 + round * 150L);
        ServeJarIT.kill(server); // SIGKILL: no shutdown hook, no checkpoint

        running.set(false);
        for (Thread writer : writers) {
          writer.join(5000);
        }
      } finally {
        ServeJarIT.kill(server);
      }
    }

    // a sixth start recovers the WAL; then the file is checked directly
    int port = freePort();
    Process server = new ProcessBuilder("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(),
        "--db", db.toString(), "--port", String.valueOf(port)).start();
    try {
      waitForHealth(port);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("pragma integrity_check")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("ok");
      }
      Set<String> stored = new HashSet<>();
      try (ResultSet rs = s.executeQuery("select comment from task_comments union all select title from tasks")) {
        while (rs.next()) {
          stored.add(rs.getString(1));
        }
      }
      assertThat(acknowledged).hasSizeGreaterThan(50);
      assertThat(stored).containsAll(acknowledged);
    }
  }

  HttpResponse<String> post(int port, String path, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  void waitForHealth(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try {
        if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the server did not start on port " + port);
  }

  static long idOf(String json) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"id\":(\\d+)").matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Long.parseLong(m.group(1));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
