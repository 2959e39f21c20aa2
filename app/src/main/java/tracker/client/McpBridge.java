package tracker.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code tracker mcp}: MCP over stdio for clients that launch a process, forwarding each message
 * to a running server's /mcp (--server / TRACKER_URL, token from TRACKER_TOKEN). Messages are
 * newline-delimited JSON-RPC on stdin and stdout; each is forwarded as it comes (so a ping is not
 * held up by a long tool call), with one Idempotency-Key per message that a retry after a lost
 * connection reuses. Nothing but protocol messages goes to stdout.
 */
final class McpBridge extends ClientCommand {

  McpBridge() {
    super("mcp", "Speak MCP over stdio, forwarding to a running server's /mcp.");
  }

  @Override
  int run() {
    try {
      forwardAll();
    } catch (IOException e) {
      throw new ClientFailure(ClientFailure.REFUSED, "standard input failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private void forwardAll() throws IOException, InterruptedException {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
        StandardCharsets.UTF_8);
    ExecutorService forwarding = Executors.newFixedThreadPool(4, r -> {
      Thread thread = new Thread(r, "mcp-forward");
      thread.setDaemon(true);
      return thread;
    });
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (!line.isBlank()) {
        String message = line;
        forwarding.submit(() -> answer(message, out));
      }
    }
    forwarding.shutdown();
    forwarding.awaitTermination(60, TimeUnit.SECONDS);
  }

  /**
   * Forwards one line and writes the answer to a request. Whatever goes wrong (a line that is not
   * JSON, a server that cannot be reached or answers something other than JSON-RPC) becomes a
   * JSON-RPC error on stdout, so a client never waits for an answer that will not come.
   */
  private void answer(String message, PrintStream out) {
    JsonView parsed;
    try {
      parsed = JsonView.parse(message);
    } catch (IOException e) {
      write(out, error(null, -32700, "the line is not JSON"));
      return;
    }
    Object id = parsed.get("id").value();
    boolean request = !parsed.get("method").isNull() && id != null;
    String reply;
    try {
      Server.Answer answer = server.exchange("POST", "/mcp", message,
          Map.of("Accept", "application/json, text/event-stream"));
      if (answer.status() == 202 && answer.body().isBlank()) {
        return; // a notification or a response, taken
      }
      reply = isJsonRpc(answer.body()) ? answer.body()
          : error(id, -32000, "the server answered " + answer.status() + " without JSON-RPC: " + oneLine(answer.body()));
    } catch (RuntimeException failure) {
      reply = error(id, -32000, "cannot forward to the server: " + failure.getMessage());
    }
    if (request || isJsonRpc(reply) && reply.contains("\"error\"")) {
      write(out, reply);
    }
  }

  private static void write(PrintStream out, String reply) {
    synchronized (out) {
      out.println(oneLine(reply));
    }
  }

  private static boolean isJsonRpc(String body) {
    try {
      return "2.0".equals(JsonView.parse(body).get("jsonrpc").asText());
    } catch (IOException e) {
      return false;
    }
  }

  private static String error(Object id, int code, String text) {
    Map<String, Object> error = new java.util.LinkedHashMap<>();
    error.put("jsonrpc", "2.0");
    error.put("id", id);
    error.put("error", Map.of("code", code, "message", text));
    return JsonView.write(error);
  }

  private static String oneLine(String text) {
    return text.replace("\r", "").replace("\n", " ").trim();
  }
}
