package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyed write whose answer never arrives: the client sends it and hangs up, the server is
 * killed with SIGKILL, and the retry with the same key on the restarted server gets one effect
 * in all — whether the kill came before the commit (the retry makes the change) or after it (the
 * retry gets the stored answer).
 */
class IdempotentRetryIT {

  @TempDir
  Path dir;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  Process start(int port) throws Exception {
    Process server = new ProcessBuilder("java", "-jar", ServeJarIT.JAR.toAbsolutePath().toString(), "--db",
        dir.resolve("retry.db").toString(), "--port", String.valueOf(port))
        .redirectOutput(dir.resolve("out.log").toFile()).redirectError(dir.resolve("err.log").toFile()).start();
    ServeJarIT.awaitHealth(http, port);
    return server;
  }

  HttpResponse<String> post(int port, String path, String body, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").header("Idempotency-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a_retry_after_a_lost_answer_and_a_crash_takes_effect_once() throws Exception {
    for (int pauseMillis : List.of(0, 1500)) {
      int port = ServeJarIT.freePort();
      Process server = start(port);
      String key = "lost-answer-" + pauseMillis;
      String body = "{\"title\": \"Retried " + pauseMillis + "\", \"component_area\": \"DB\", \"phase\": 1,"
          + " \"source_document\": \"s\"}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      try (Socket socket = new Socket("127.0.0.1", port); OutputStream out = socket.getOutputStream()) {
        out.write(("POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
            + "Idempotency-Key: " + key + "\r\nContent-Length: " + bytes.length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        Thread.sleep(pauseMillis); // 0: killed around the commit; 1500: after it, even on a busy machine
      }
      ServeJarIT.kill(server); // the launcher and its server's JVM
      assertThat(server.isAlive()).isFalse();

      server = start(port);
      try {
        HttpResponse<String> retry = post(port, "/api/tasks", body, key);
        assertThat(retry.statusCode()).isEqualTo(201);
        HttpResponse<String> again = post(port, "/api/tasks", body, key);
        assertThat(again.body()).isEqualTo(retry.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        String listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/tasks?q=Retried%20" + pauseMillis)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(listed).contains("\"total\":1");
        if (pauseMillis > 0) {
          assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true"); // committed before the kill
        }
      } finally {
        server.destroy();
        server.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
