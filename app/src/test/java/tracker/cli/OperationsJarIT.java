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

/** The jar's request log, plain and JSON: a line per request with its request id, and no secret in it. */
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
