package tracker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.activity.Changes;
import tracker.app.Tracker;
import tracker.app.WebApp;
import tracker.support.TestDatabases;

/**
 * A swarm of 16 agents finishing a 2,000-task plan with dependencies, each doing claim →
 * heartbeat → finish: over MCP (the SDK's client, /mcp) against the same loop over the JSON API,
 * in alternating rounds on the same server and plan (reset between rounds). Target: MCP ≥ 0.8 ×
 * the API's tasks per second; no task done twice, none lost.
 */
@Tag("benchmark")
class AgentSwarmBenchmark {

  static final int AGENTS = 16;
  static final int LAYERS = 20;
  static final int WIDTH = 100;
  static final int ROUNDS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  /** One agent's way of talking to the server. */
  interface Agent extends AutoCloseable {
    /** Claims, heartbeats and finishes one task; answers its id, or null when nothing is ready. */
    Long workOnce(String worker);

    @Override
    void close();
  }

  @Test
  void sixteen_agents_over_mcp_against_the_json_api() throws Exception {
    try (Tracker tracker = TestDatabases.sqlite(dir)) {
      int total = SwarmBenchmark.seedLayers(tracker, LAYERS, WIDTH);
      Javalin app = WebApp.create(tracker).start("127.0.0.1", 0);
      try {
        String base = "http://127.0.0.1:" + app.port();
        List<Double> api = new ArrayList<>();
        List<Double> mcp = new ArrayList<>();
        List<Double> plainMcp = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          // each round runs the three in another order, so no side always meets a warmer server
          for (int side = 0; side < 3; side++) {
            int which = (side + round) % 3;
            reset(tracker);
            double rate = run(total, AGENTS, worker -> which == 0 ? new ApiAgent(base)
                : which == 1 ? new McpAgent(base) : new PlainMcpAgent(base));
            (which == 0 ? api : which == 1 ? mcp : plainMcp).add(rate);
          }
        }
        double apiRate = api.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double mcpRate = mcp.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double plainRate = plainMcp.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Bench bench = new Bench("Agent swarm: " + AGENTS + " agents, " + total + " tasks with dependencies, SQLite");
        bench.figure("JSON API: tasks finished/s", apiRate, "1/s", "baseline", true);
        bench.figure("MCP, the SDK's client: tasks finished/s", mcpRate, "1/s", "", true);
        bench.figure("MCP, plain JSON-RPC posts: tasks finished/s", plainRate, "1/s", "", true);
        bench.figure("MCP (SDK client) / JSON API", mcpRate / apiRate, "ratio", "≥ 0.8", mcpRate / apiRate >= 0.8);
        bench.figure("MCP (plain posts) / JSON API", plainRate / apiRate, "ratio", "≥ 0.8", plainRate / apiRate >= 0.8);
        System.out.println(bench.table());
      } finally {
        app.stop();
      }
    }
  }

  /**
   * Runs a swarm of {@code count} agents until every task is finished; answers tasks per second.
   * Fails on a task done twice or one lost.
   */
  static double run(int total, int count, java.util.function.Function<String, Agent> connect) throws Exception {
    Map<Long, String> finished = new ConcurrentHashMap<>();
    AtomicInteger doubles = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(count);
    List<Future<?>> agents = new ArrayList<>();
    long start = System.nanoTime();
    for (int a = 0; a < count; a++) {
      String worker = "agent-" + a;
      agents.add(pool.submit(() -> {
        try (Agent agent = connect.apply(worker)) {
          while (finished.size() < total) {
            Long id = agent.workOnce(worker);
            if (id == null) {
              Thread.sleep(2); // the next tasks wait for ones others hold
            } else if (finished.putIfAbsent(id, worker) != null) {
              doubles.incrementAndGet();
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> agent : agents) {
      agent.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    assertThat(doubles).as("tasks done twice").hasValue(0);
    assertThat(finished).as("tasks lost").hasSize(total);
    return total / seconds;
  }

  /** The loop over the JSON API. */
  static final class ApiAgent implements Agent {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    ApiAgent(String base) {
      this.base = base;
    }

    @Override
    public Long workOnce(String worker) {
      HttpResponse<String> claimed = post("/api/claim", "{\"worker\":\"" + worker + "\",\"lease_seconds\":600}");
      if (claimed.statusCode() == 204) {
        return null;
      }
      JsonNode task = read(claimed.body());
      long id = task.get("id").asLong();
      long token = task.get("claim_token").asLong();
      post("/api/tasks/" + id + "/heartbeat", "{\"worker\":\"" + worker + "\",\"claim_token\":" + token + "}");
      HttpResponse<String> done = post("/api/tasks/" + id + "/status", "{\"status\":\"completed\",\"updated_by\":\""
          + worker + "\",\"claim_token\":" + token + "}");
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      return id;
    }

    private static JsonNode read(String body) {
      try {
        return JSON.readTree(body);
      } catch (Exception e) {
        throw new IllegalStateException(body, e);
      }
    }

    private HttpResponse<String> post(String path, String body) {
      try {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      // the HttpClient holds nothing that needs closing on Java 17
    }
  }

  /**
   * The same loop over MCP with the least a client can do: one JSON-RPC POST per tool call, on
   * the same HTTP client as the API loop, so the difference to it is the server's MCP layer alone.
   */
  static final class PlainMcpAgent implements Agent {
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger ids = new AtomicInteger();

    PlainMcpAgent(String base) {
      this.base = base;
      call("initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"bench\","
          + "\"version\":\"1\"}}");
    }

    @Override
    public Long workOnce(String worker) {
      JsonNode next = tool("next_task", "{\"worker\":\"" + worker + "\",\"lease_seconds\":600}");
      if (next.get("task").isNull()) {
        return null;
      }
      long id = next.get("task").get("id").asLong();
      long token = next.get("task").get("claim_token").asLong();
      tool("heartbeat", "{\"task_id\":" + id + ",\"worker\":\"" + worker + "\",\"claim_token\":" + token + "}");
      JsonNode done = tool("finish_task", "{\"task_id\":" + id + ",\"worker\":\"" + worker + "\",\"claim_token\":"
          + token + "}");
      assertThat(done.get("task").get("status").asText()).isEqualTo("completed");
      return id;
    }

    private JsonNode tool(String name, String arguments) {
      JsonNode result = call("tools/call", "{\"name\":\"" + name + "\",\"arguments\":" + arguments + "}");
      assertThat(result.path("isError").asBoolean()).as("%s: %s", name, result).isFalse();
      return result.get("structuredContent");
    }

    private JsonNode call(String method, String params) {
      try {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/mcp"))
            .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
            .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + ids.incrementAndGet()
                + ",\"method\":\"" + method + "\",\"params\":" + params + "}")).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).get("result");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      // nothing held
    }
  }

  /** The same loop over MCP, with the SDK's client. */
  static final class McpAgent implements Agent {
    private final McpSyncClient client;

    McpAgent(String base) {
      client = McpClient.sync(HttpClientStreamableHttpTransport.builder(base).endpoint("/mcp").build())
          .requestTimeout(Duration.ofSeconds(60)).build();
      client.initialize();
    }

    @Override
    public Long workOnce(String worker) {
      JsonNode next = call("next_task", Map.of("worker", worker, "lease_seconds", 600));
      if (next.get("task").isNull()) {
        return null;
      }
      long id = next.get("task").get("id").asLong();
      long token = next.get("task").get("claim_token").asLong();
      call("heartbeat", Map.of("task_id", id, "worker", worker, "claim_token", token));
      JsonNode done = call("finish_task", Map.of("task_id", id, "worker", worker, "claim_token", token));
      assertThat(done.get("task").get("status").asText()).isEqualTo("completed");
      return id;
    }

    private JsonNode call(String tool, Map<String, Object> args) {
      McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
      assertThat(result.isError()).as("%s: %s", tool, result.content()).isNotEqualTo(Boolean.TRUE);
      return JSON.valueToTree(result.structuredContent());
    }

    @Override
    public void close() {
      client.closeGracefully();
    }
  }

  /** Every task back to not started, unclaimed (the plan's graph is kept). */
  static void reset(Tracker tracker) {
    tracker.database().transactions().write(() -> {
      tracker.database().ebean().sqlUpdate("update tasks set status = 'not_started', claimed_by = null,"
          + " lease_expires_at = null, lease_seconds = null, blocked_since = null, status_before_blocked = null,"
          + " version = version + 1").execute();
      // a write in the history moves the change stamp, so the planner reads the reset plan
      tracker.activity().task(1, "updated", Changes.of().added("note", "benchmark reset"), "bench");
    });
  }
}
