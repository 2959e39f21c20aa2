package tracker.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A test's HTTP client for the API: every response is checked against the OpenAPI document. */
public final class ApiClient {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** A response: status, headers, body text and (when JSON) the parsed body. */
  public record Reply(int status, Map<String, java.util.List<String>> headers, String text) {
    public JsonNode json() {
      try {
        return MAPPER.readTree(text);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + text, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  public String baseUrl() {
    return base;
  }

  public Reply get(String path, String... headers) {
    return send("GET", path, null, headers);
  }

  public Reply post(String path, String json, String... headers) {
    return send("POST", path, json, headers);
  }

  public Reply patch(String path, String json, String... headers) {
    return send("PATCH", path, json, headers);
  }

  public Reply delete(String path, String... headers) {
    return send("DELETE", path, null, headers);
  }

  /** Sends a request; headers come as name, value pairs. A JSON body gets application/json unless given. */
  public Reply send(String method, String path, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    boolean contentTypeGiven = false;
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
      contentTypeGiven |= headers[i].equalsIgnoreCase("Content-Type");
    }
    if (body != null && !contentTypeGiven) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Reply reply = new Reply(response.statusCode(), response.headers().map(), response.body());
      if ((path.startsWith("/api") && !path.startsWith("/api/docs")) || path.equals("/health")) {
        Contract.INSTANCE.check(method, path, reply.status(),
            response.headers().firstValue("Content-Type").orElse(""), reply.text());
      }
      return reply;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
