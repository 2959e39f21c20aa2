package tracker.agents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.testtools.JavalinTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.app.WebApp;
import tracker.support.ApiTests;

/** The MCP server at /mcp, driven by the official SDK's client as an agent would. */
class McpServerTest extends ApiTests {

  private static final ObjectMapper JSON = new ObjectMapper();

  static McpSyncClient client(String baseUrl) {
    McpSyncClient client = McpClient.sync(HttpClientStreamableHttpTransport.builder(baseUrl).endpoint("/mcp").build())
        .requestTimeout(Duration.ofSeconds(30)).build();
    client.initialize();
    return client;
  }

  static JsonNode call(McpSyncClient client, String tool, Map<String, Object> args) {
    McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
    assertThat(result.isError()).as("%s %s: %s", tool, args, result.content()).isNotEqualTo(Boolean.TRUE);
    return JSON.valueToTree(result.structuredContent());
  }

  /** A layered plan: {@code layers} rows of {@code width} tasks, each needing two tasks of the row before. */
  static List<Long> plan(McpSyncClient client, int layers, int width) {
    List<Long> ids = new ArrayList<>();
    for (int layer = 0; layer < layers; layer++) {
      for (int i = 0; i < width; i++) {
        List<Long> before = layer == 0 ? List.of()
            : List.of(ids.get((layer - 1) * width + i), ids.get((layer - 1) * width + (i + 1) % width));
        ids.add(call(client, "add_task", Map.of("title", "L" + layer + " T" + i, "component_area", "Area " + i % 3,
            "hours", 1 + i % 4, "depends_on", before)).get("task").get("id").asLong());
      }
    }
    return ids;
  }

  @Test
  void the_tool_list_is_small_and_every_tool_has_schemas() {
    int[] size = new int[1];
    api(api -> {
      try (McpSyncClient client = client(api.baseUrl())) {
        McpSchema.ListToolsResult tools = client.listTools();
        assertThat(tools.tools()).extracting(McpSchema.Tool::name).containsExactlyInAnyOrder("next_task", "heartbeat",
            "finish_task", "report_blocker", "resolve_blocker", "show_task", "list_ready", "add_task",
            "add_dependency", "plan_summary");
        for (McpSchema.Tool tool : tools.tools()) {
          assertThat(tool.description()).isNotBlank().doesNotContain("\n");
          assertThat(tool.inputSchema()).containsEntry("type", "object");
          assertThat(tool.outputSchema()).containsEntry("type", "object");
        }
        String listed = api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
            "Content-Type", "application/json", "Accept", "application/json, text/event-stream").text();
        size[0] = listed.length();
        assertThat(listed.length() / 4).as("tokens of tools/list").isLessThan(3000);
        assertThat(client.getServerInfo().name()).isEqualTo("implementation-tracker");
        assertThat(client.readResource(new McpSchema.ReadResourceRequest(McpEndpoint.PLAN_RESOURCE)).contents())
            .hasSize(1);
      }
    });
    // printed outside the server's run, which captures its output
    System.out.printf("tools/list on %s: %d characters, about %d tokens%n", database, size[0], size[0] / 4);
  }

  @Test
  void eight_agents_finish_a_plan_with_dependencies_each_task_exactly_once() {
    api(api -> {
      List<Long> ids;
      try (McpSyncClient planner = client(api.baseUrl())) {
        ids = plan(planner, 4, 6);
      }
      Map<Long, String> finishedBy = new ConcurrentHashMap<>();
      AtomicInteger doubles = new AtomicInteger();
      ExecutorService agents = Executors.newFixedThreadPool(8);
      List<Future<?>> running = new ArrayList<>();
      for (int a = 0; a < 8; a++) {
        String worker = "agent-" + a;
        running.add(agents.submit(() -> {
          try (McpSyncClient client = client(api.baseUrl())) {
            while (true) {
              JsonNode next = call(client, "next_task", Map.of("worker", worker, "lease_seconds", 60));
              if (next.get("task").isNull()) {
                JsonNode summary = call(client, "plan_summary", Map.of());
                if (summary.get("by_status").get("completed").asInt() == ids.size()) {
                  return null;
                }
                Thread.sleep(20); // others hold what comes next
                continue;
              }
              long id = next.get("task").get("id").asLong();
              long token = next.get("task").get("claim_token").asLong();
              call(client, "heartbeat", Map.of("task_id", id, "worker", worker, "claim_token", token));
              JsonNode done = call(client, "finish_task", Map.of("task_id", id, "worker", worker, "claim_token", token,
                  "note", "done by " + worker));
              assertThat(done.get("task").get("status").asText()).isEqualTo("completed");
              if (finishedBy.putIfAbsent(id, worker) != null) {
                doubles.incrementAndGet();
              }
            }
          }
        }));
      }
      for (Future<?> agent : running) {
        try {
          agent.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
          throw new AssertionError("an agent failed", e);
        }
      }
      agents.shutdown();
      assertThat(doubles).hasValue(0);
      assertThat(finishedBy.keySet()).containsExactlyInAnyOrderElementsOf(ids);
      for (long id : ids) {
        JsonNode history = api.get("/api/tasks/" + id + "/history").json();
        assertThat(history.findValuesAsText("action").stream().filter("claimed"::equals)).hasSize(1);
      }
    });
  }

  @Test
  void a_refused_call_is_a_tool_error_the_agent_can_read() {
    api(api -> {
      try (McpSyncClient client = client(api.baseUrl())) {
        long id = call(client, "add_task", Map.of("title", "t", "component_area", "X")).get("task").get("id").asLong();
        JsonNode claimed = call(client, "next_task", Map.of("worker", "a"));
        assertThat(claimed.get("task").get("id").asLong()).isEqualTo(id);
        McpSchema.CallToolResult stale = client.callTool(new McpSchema.CallToolRequest("finish_task",
            Map.of("task_id", id, "worker", "b", "claim_token", 99)));
        assertThat(stale.isError()).isTrue();
        assertThat(((McpSchema.TextContent) stale.content().get(0)).text()).startsWith("409").contains("held by a");
        JsonNode why = call(client, "show_task", Map.of("task_id", id));
        assertThat(why.get("ready").asBoolean()).isFalse();
        assertThat(why.get("not_ready_because").get(0).asText()).startsWith("claimed by a");
        McpSchema.CallToolResult otherWorker = client.callTool(new McpSchema.CallToolRequest("finish_task",
            Map.of("task_id", id, "worker", "b", "claim_token", claimed.get("task").get("claim_token").asLong())));
        assertThat(otherWorker.isError()).isTrue();
        assertThat(((McpSchema.TextContent) otherWorker.content().get(0)).text()).contains("held by a");
        McpSchema.CallToolResult cycle = client.callTool(new McpSchema.CallToolRequest("add_dependency",
            Map.of("task_id", id, "depends_on_task_id", id)));
        assertThat(cycle.isError()).isTrue();
        McpSchema.CallToolResult unknownArgument = client.callTool(new McpSchema.CallToolRequest("list_ready",
            Map.of("colour", "red")));
        assertThat(unknownArgument.isError()).isTrue();
        McpSchema.CallToolResult wrongType = client.callTool(new McpSchema.CallToolRequest("show_task",
            Map.of("task_id", "one")));
        assertThat(wrongType.isError()).isTrue();
        assertThat(((McpSchema.TextContent) wrongType.content().get(0)).text()).contains("task_id", "an integer")
            .doesNotContain("tracker.", "Coercion", "java.");
        // the published input schema holds, in the tool's own argument names, before anything runs
        java.util.function.BiFunction<String, Map<String, Object>, String> refusal = (tool, args) -> {
          McpSchema.CallToolResult result = client.callTool(new McpSchema.CallToolRequest(tool, args));
          assertThat(result.isError()).as(tool + " " + args).isTrue();
          return ((McpSchema.TextContent) result.content().get(0)).text();
        };
        long token = claimed.get("task").get("claim_token").asLong();
        assertThat(refusal.apply("finish_task", Map.of("task_id", id, "worker", "a", "claim_token", token,
            "status", "blocked"))).contains("status: must be one of completed, in_progress, not_started");
        assertThat(refusal.apply("finish_task", Map.of("task_id", id, "worker", "a", "claim_token", token,
            "progress", 101))).contains("progress: must be at most 100");
        assertThat(refusal.apply("plan_summary", Map.of("max_parallel", 0))).contains("max_parallel: must be at least 1");
        assertThat(refusal.apply("show_task", Map.of())).contains("task_id: is required");
        assertThat(refusal.apply("report_blocker", Map.of("task_id", id, "worker", "a", "claim_token", token,
            "reason", " "))).as("the service's rule, in the tool's name").contains("reason:").doesNotContain("comment:");
        assertThat(refusal.apply("show_task", Map.of("task_id", -1))).contains("task_id: must be at least 1");
        assertThat(api.get("/api/tasks/" + id).json().get("status").asText()).isEqualTo("in_progress");
      }
    });
  }

  @Test
  void the_endpoint_answers_plain_http_as_the_transport_says() {
    api(api -> {
      String accept = "application/json, text/event-stream";
      assertThat(api.get("/mcp", "Accept", "text/event-stream").status()).isEqualTo(405);
      assertThat(api.send("POST", "/mcp", "{not json", "Content-Type", "application/json", "Accept", accept).status())
          .isEqualTo(400);
      ApiClient.Reply notification = api.send("POST", "/mcp",
          "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", "Content-Type", "application/json",
          "Accept", accept);
      assertThat(notification.status()).isEqualTo(202);
      ApiClient.Reply ping = api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}",
          "Content-Type", "application/json", "Accept", accept, "MCP-Protocol-Version", "2025-06-18");
      assertThat(ping.json().get("result").size()).isZero();
      assertThat(api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"ping\"}", "Content-Type",
          "application/json", "MCP-Protocol-Version", "1999-01-01").status()).isEqualTo(400);
      assertThat(api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"ping\"}", "Content-Type",
          "application/json", "Origin", "http://evil.example").status()).isEqualTo(403);
      assertThat(api.send("POST", "/mcp", "id=1", "Content-Type", "application/x-www-form-urlencoded").status())
          .isEqualTo(415);
      String[][] malformed = {
          {"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", "400", "-32600"},
          {"null", "400", "-32600"},
          {"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}", "400", "-32600"},
          {"{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}", "400", "-32600"},
          {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", "400", "-32600"},
          {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\"}", "200", "-32602"},
          {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":\"x\"}", "200", "-32602"},
          {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"list_ready\","
              + "\"arguments\":[1]}}", "200", "-32602"},
          {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\"}", "200", "-32602"},
          {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resources/read\"}", "200", "-32602"},
      };
      for (String[] message : malformed) {
        ApiClient.Reply reply = api.send("POST", "/mcp", message[0], "Content-Type", "application/json", "Accept", accept);
        assertThat(reply.status()).as(message[0]).isEqualTo(Integer.parseInt(message[1]));
        assertThat(reply.json().get("error").get("code").asText()).as(message[0]).isEqualTo(message[2]);
      }
    });
  }

  @Test
  void a_keyed_tool_call_takes_effect_once_and_a_refused_one_leaves_nothing() {
    api(api -> {
      String accept = "application/json, text/event-stream";
      String add = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"add_task\","
          + "\"arguments\":{\"title\":\"once\",\"component_area\":\"X\"}}}";
      ApiClient.Reply first = api.send("POST", "/mcp", add, "Content-Type", "application/json", "Accept", accept,
          "Idempotency-Key", "add-once");
      ApiClient.Reply again = api.send("POST", "/mcp", add, "Content-Type", "application/json", "Accept", accept,
          "Idempotency-Key", "add-once");
      assertThat(again.text()).isEqualTo(first.text());
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(rows("tasks")).isEqualTo(1);

      // a task whose prerequisite does not exist: refused, and the task itself is not left behind
      String broken = "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"add_task\","
          + "\"arguments\":{\"title\":\"half\",\"component_area\":\"X\",\"depends_on\":[999]}}}";
      ApiClient.Reply refused = api.send("POST", "/mcp", broken, "Content-Type", "application/json", "Accept", accept,
          "Idempotency-Key", "add-half");
      assertThat(refused.json().get("result").get("isError").asBoolean()).isTrue();
      assertThat(rows("tasks")).isEqualTo(1);
      assertThat(rows("idempotent_answers")).isEqualTo(1);
      ApiClient.Reply listed = api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\","
          + "\"params\":{\"name\":\"list_ready\",\"arguments\":{\"limit\":-1}}}", "Content-Type", "application/json",
          "Accept", accept, "Idempotency-Key", "read");
      assertThat(listed.json().get("result").get("isError").asBoolean()).isTrue();
      assertThat(rows("idempotent_answers")).isEqualTo(1); // reads are never kept
    });
  }

  @Test
  void with_a_token_only_its_holder_changes_anything_through_mcp() {
    JavalinTest.test(WebApp.create(tracker, "s3cret", java.util.Set.of()), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Content-Type",
          "application/json").status()).as("reads are open under the shared token alone, as for the API").isEqualTo(200);
      var claim = api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
          + "{\"name\":\"next_task\",\"arguments\":{\"worker\":\"w\"}}}", "Content-Type", "application/json");
      assertThat(claim.json().get("result").get("isError").asBoolean()).isTrue();
      assertThat(claim.text()).contains("needs the role worker");
      assertThat(api.send("POST", "/mcp", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", "Content-Type",
          "application/json", "Authorization", "Bearer s3cret").status()).isEqualTo(200);
    });
  }
}
