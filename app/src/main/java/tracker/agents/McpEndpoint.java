package tracker.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import tracker.core.FieldError;
import tracker.core.TrackerException;
import tracker.web.Json;

/**
 * The MCP server at {@code /mcp}: Streamable HTTP without sessions (every POST carries one
 * JSON-RPC message and is answered with one JSON body; there is no server-initiated stream, so
 * GET is a 405). The official SDK's stateless server does the protocol (initialize and version
 * negotiation, tools/list, tools/call with input and output schema checks, resources); this class
 * is its transport, a Javalin handler, so that /mcp sits behind the same Host, Origin, token and
 * body rules as the API. Tools run on the request's thread.
 */
public final class McpEndpoint implements McpStatelessServerTransport {

  /** Newest first is the SDK's order of preference: it answers the last one a client does not name. */
  static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_03_26,
      ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
  static final String PLAN_RESOURCE = "tracker://plan";
  /** The request attribute saying a tool call was refused (a tool error travels in a 200 answer). */
  public static final String REFUSED = "tracker.mcp.refused";
  /** The tools that change the plan: a retry of one with the same Idempotency-Key gets the first answer. */
  static final java.util.Set<String> CHANGING_TOOLS = java.util.Set.of("next_task", "heartbeat", "finish_task",
      "report_blocker", "resolve_blocker", "add_task", "add_dependency");

  private final AgentTools tools;
  private final String version;
  private final ObjectMapper json;
  private final JacksonMcpJsonMapper mcpJson;
  private volatile McpStatelessServerHandler handler;

  public McpEndpoint(AgentTools tools, String version) {
    this.tools = tools;
    this.version = version;
    this.json = Json.mapper();
    this.mcpJson = new JacksonMcpJsonMapper(new ObjectMapper());
  }

  /**
   * Builds the MCP server on the first message rather than at start: the SDK and its schema
   * validator cost the server a third of a second of start-up that a plan without agents never uses.
   */
  private synchronized McpStatelessServerHandler handler() {
    if (handler == null) {
      // the server registers itself as this transport's handler; nothing else holds it
      McpServer.sync(this)
          .serverInfo("implementation-tracker", version)
          .instructions("A plan of tasks with dependencies. Loop: next_task (keep its claim_token) -> work, heartbeat"
              + " before the lease ends -> finish_task; report_blocker when stuck; stop when next_task gives null.")
          .capabilities(McpSchema.ServerCapabilities.builder().tools(false).resources(false, false).build())
          .immediateExecution(true)
          .validateToolInputs(false)
          .jsonMapper(mcpJson)
          .tools(toolSpecifications())
          .resources(new McpStatelessServerFeatures.SyncResourceSpecification(
              McpSchema.Resource.builder().uri(PLAN_RESOURCE).name("plan").title("The plan at a glance")
                  .mimeType("application/json").build(),
              (context, request) -> new McpSchema.ReadResourceResult(List.of(new McpSchema.TextResourceContents(
                  PLAN_RESOURCE, "application/json", text(tools.call("plan_summary", null)))))))
          .build();
    }
    return handler;
  }

  private List<McpStatelessServerFeatures.SyncToolSpecification> toolSpecifications() {
    try (InputStream in = McpEndpoint.class.getResourceAsStream("/mcp/tools.json")) {
      JsonNode listed = json.readTree(in);
      List<McpStatelessServerFeatures.SyncToolSpecification> specifications = new java.util.ArrayList<>();
      for (JsonNode tool : listed) {
        String name = tool.get("name").asText();
        McpSchema.Tool declared = McpSchema.Tool.builder().name(name).description(tool.get("description").asText())
            .inputSchema(asMap(tool.get("inputSchema"))).outputSchema(asMap(tool.get("outputSchema"))).build();
        JsonNode schema = tool.get("inputSchema");
        specifications.add(new McpStatelessServerFeatures.SyncToolSpecification(declared,
            (context, request) -> run(name, schema, request)));
      }
      return specifications;
    } catch (IOException e) {
      throw new UncheckedIOException("the MCP tool list cannot be read", e);
    }
  }

  /** A tool's answer, or the refusal a client would get from the API as a tool error it can read. */
  private McpSchema.CallToolResult run(String name, JsonNode schema, McpSchema.CallToolRequest request) {
    try {
      JsonNode arguments = json.valueToTree(request.arguments() == null ? Map.of() : request.arguments());
      ToolArguments.check(schema, arguments);
      Object result = tools.call(name, arguments);
      @SuppressWarnings("unchecked")
      Map<String, Object> structured = json.convertValue(result, Map.class);
      return McpSchema.CallToolResult.builder().structuredContent(structured)
          .content(List.of(new McpSchema.TextContent(text(structured)))).build();
    } catch (TrackerException refused) {
      StringBuilder message = new StringBuilder(refused.status() + " " + refused.title() + ":");
      if (refused.errors().isEmpty()) {
        message.append(' ').append(refused.getMessage());
      }
      String separator = " ";
      Map<String, String> names = AgentTools.ARGUMENT_NAMES.getOrDefault(name, Map.of());
      for (FieldError error : refused.errors()) {
        message.append(separator).append(names.getOrDefault(error.field(), error.field())).append(": ")
            .append(error.message());
        separator = "; ";
      }
      return McpSchema.CallToolResult.builder().isError(true)
          .content(List.of(new McpSchema.TextContent(message.toString()))).build();
    }
  }

  private String text(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> asMap(JsonNode node) {
    return node == null ? null : json.convertValue(node, Map.class);
  }

  /** POST /mcp: one JSON-RPC message in, its response out (202 for a notification or a response). */
  public void post(Context ctx) throws IOException {
    String version = ctx.header("MCP-Protocol-Version");
    if (version != null && !PROTOCOL_VERSIONS.contains(version)) {
      throw TrackerException.badRequest("MCP-Protocol-Version " + version + " is not one this server speaks "
          + PROTOCOL_VERSIONS, List.of());
    }
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw new TrackerException(415, "Unsupported media type", "an MCP message is application/json", List.of());
    }
    JsonNode tree;
    try {
      tree = json.readTree(ctx.body());
    } catch (IOException e) {
      rpcError(ctx, 400, null, McpSchema.ErrorCodes.PARSE_ERROR, "the body is not JSON");
      return;
    }
    String invalid = invalidMessage(tree);
    if (invalid != null) {
      rpcError(ctx, 400, tree == null ? null : tree.get("id"), McpSchema.ErrorCodes.INVALID_REQUEST, invalid);
      return;
    }
    String badParams = tree.has("method") ? invalidParams(tree.get("method").asText(), tree.get("params")) : null;
    if (badParams != null) {
      rpcError(ctx, 200, tree.get("id"), McpSchema.ErrorCodes.INVALID_PARAMS, badParams);
      return;
    }
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(mcpJson, ctx.body());
    } catch (IOException | IllegalArgumentException e) {
      rpcError(ctx, 400, tree.get("id"), McpSchema.ErrorCodes.INVALID_REQUEST, "not a JSON-RPC request,"
          + " notification or response");
      return;
    }
    McpTransportContext context = McpTransportContext.EMPTY;
    if (message instanceof McpSchema.JSONRPCRequest request) {
      McpSchema.JSONRPCResponse response;
      try {
        response = handler().handleRequest(context, request)
            .contextWrite(c -> c.put(McpTransportContext.KEY, context)).block();
      } catch (RuntimeException e) {
        // the SDK failed on params it could not read: the client's mistake, answered as such
        rpcError(ctx, 200, tree.get("id"), McpSchema.ErrorCodes.INVALID_PARAMS, "the params of "
            + request.method() + " do not fit the method");
        return;
      }
      if (response != null && response.result() instanceof McpSchema.CallToolResult result
          && Boolean.TRUE.equals(result.isError())) {
        ctx.attribute(REFUSED, true);
      }
      ctx.contentType("application/json").result(mcpJson.writeValueAsString(response));
    } else if (message instanceof McpSchema.JSONRPCNotification notification) {
      handler().handleNotification(context, notification).contextWrite(c -> c.put(McpTransportContext.KEY, context))
          .block();
      ctx.status(202);
    } else {
      ctx.status(202); // a response to a request this server never sends
    }
  }

  /** Whether a POST is a call of a tool that changes the plan (the calls an Idempotency-Key is kept for). */
  public boolean changesData(Context ctx) {
    try {
      JsonNode message = json.readTree(ctx.body());
      return message != null && "tools/call".equals(message.path("method").asText())
          && CHANGING_TOOLS.contains(message.path("params").path("name").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** What makes a JSON value no single JSON-RPC 2.0 message; null when it is one. */
  static String invalidMessage(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      return "send one JSON-RPC message as an object (MCP has no batches since 2025-06-18)";
    }
    if (!tree.path("jsonrpc").isTextual() || !tree.get("jsonrpc").asText().equals(McpSchema.JSONRPC_VERSION)) {
      return "\"jsonrpc\" must be \"2.0\"";
    }
    JsonNode id = tree.get("id");
    if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
      return "\"id\" must be a string or an integer";
    }
    JsonNode method = tree.get("method");
    if (method != null && !method.isTextual()) {
      return "\"method\" must be a string";
    }
    if (method == null && id == null) {
      return "a message has a method (a request or notification) or an id (a response)";
    }
    return null;
  }

  /** What is wrong with a method's params, for the methods whose params this server reads; null when fine. */
  static String invalidParams(String method, JsonNode params) {
    if (params != null && !params.isObject()) {
      return "params must be an object";
    }
    return switch (method) {
      case "initialize" -> params == null || !params.path("protocolVersion").isTextual()
          ? "initialize needs params with a protocolVersion string" : null;
      case "tools/call" -> params == null || !params.path("name").isTextual()
          ? "tools/call needs params with a tool name"
          : params.has("arguments") && !params.get("arguments").isObject() && !params.get("arguments").isNull()
              ? "the arguments of a tool call are an object" : null;
      case "resources/read" -> params == null || !params.path("uri").isTextual()
          ? "resources/read needs params with a uri" : null;
      default -> null;
    };
  }

  private void rpcError(Context ctx, int status, JsonNode id, int code, String message) throws IOException {
    ObjectNode error = json.createObjectNode().put("jsonrpc", McpSchema.JSONRPC_VERSION);
    error.set("id", id == null ? json.nullNode() : id);
    error.putObject("error").put("code", code).put("message", message);
    ctx.status(status).contentType("application/json").result(json.writeValueAsString(error));
  }

  /** GET and DELETE /mcp: no server-initiated stream and no sessions to end. */
  public void notAllowed(Context ctx) {
    ctx.header("Allow", "POST");
    throw new TrackerException(405, "Method not allowed", "this MCP server answers each POST directly:"
        + " it opens no event stream and keeps no sessions", List.of());
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    this.handler = handler;
  }

  @Override
  public List<String> protocolVersions() {
    return PROTOCOL_VERSIONS;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.empty();
  }
}
