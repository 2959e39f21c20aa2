package tracker.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The running server a client command talks to, and how it prints: {@code --server} (else
 * {@code TRACKER_URL}, else http://127.0.0.1:7070), the token from {@code TRACKER_TOKEN}, and
 * {@code --json} for the API's JSON unchanged. Shared by every client command as a mixin.
 */
public final class Server {

  static final String DEFAULT_URL = "http://127.0.0.1:7070";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--server", paramLabel = "URL", description = "The server (default: $TRACKER_URL, else "
      + DEFAULT_URL + ").")
  String server;

  @Option(names = "--json", description = "Print the API's JSON unchanged.")
  boolean json;

  /** An answer: its status and its body (JSON, or empty). */
  record Answer(int status, String body) {
    JsonNode json() {
      try {
        return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
      } catch (IOException e) {
        throw new ClientFailure(ClientFailure.REFUSED, "the server's answer is not JSON: " + body);
      }
    }
  }

  String baseUrl() {
    String url = server != null ? server : System.getenv("TRACKER_URL");
    url = url == null || url.isBlank() ? DEFAULT_URL : url.trim();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  boolean json() {
    return json;
  }

  /** A body from names and values; null values are left out. */
  static Map<String, Object> body(Object... namesAndValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        body.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return body;
  }

  /** A query string from names and values; null values are left out. */
  static String query(Object... namesAndValues) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        query.append(query.isEmpty() ? '?' : '&').append(namesAndValues[i]).append('=')
            .append(URLEncoder.encode(String.valueOf(namesAndValues[i + 1]), StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  Answer get(String path) {
    return send("GET", path, null);
  }

  Answer post(String path, Object body) {
    return send("POST", path, body);
  }

  Answer patch(String path, Map<String, Object> body) {
    return send("PATCH", path, body);
  }

  Answer delete(String path) {
    return send("DELETE", path, null);
  }

  /**
   * Sends a request. An error status becomes a {@link ClientFailure} with the problem on one line;
   * a server that cannot be reached, one naming the URL tried.
   */
  Answer send(String method, String path, Object body) {
    String text;
    try {
      text = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Answer answer = exchange(method, path, text, Map.of());
    if (answer.status() >= 400) {
      throw new ClientFailure(ClientFailure.REFUSED, problem(answer));
    }
    return answer;
  }

  /** How often a write is sent again after the connection failed, and the first pause between tries. */
  static final int ATTEMPTS = 4;
  static final Duration FIRST_PAUSE = Duration.ofMillis(250);

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /**
   * One logical request and its answer, whatever the status. A write carries one Idempotency-Key
   * for all its tries: when the connection fails (the server restarting, an answer lost on the
   * way), it is sent again and the server answers a write it already made without making it twice.
   */
  Answer exchange(String method, String path, String jsonBody, Map<String, String> headers) {
    String url = baseUrl() + path;
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Accept", "application/json").header("X-Actor", actor());
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--server " + baseUrl() + " is not a URL");
    }
    String token = System.getenv("TRACKER_TOKEN");
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token.trim());
    }
    headers.forEach(request::header);
    boolean write = !method.equals("GET");
    if (write) {
      request.header("Idempotency-Key", java.util.UUID.randomUUID().toString());
    }
    request.method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
      } catch (ConnectException | HttpConnectTimeoutException e) {
        if (!write || attempt == ATTEMPTS) {
          throw new ClientFailure(ClientFailure.UNREACHABLE, "cannot reach the server at " + baseUrl()
              + " (is it running? set --server or TRACKER_URL)");
        }
      } catch (IOException e) {
        if (!write || attempt == ATTEMPTS) {
          throw new ClientFailure(ClientFailure.UNREACHABLE, "cannot reach the server at " + baseUrl() + ": " + e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientFailure(ClientFailure.UNREACHABLE, "interrupted while talking to " + baseUrl());
      }
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientFailure(ClientFailure.UNREACHABLE, "interrupted while talking to " + baseUrl());
      }
      pause = pause.multipliedBy(2);
    }
  }

  /** The person or agent behind this shell, for the activity history. */
  private static String actor() {
    String named = System.getenv("TRACKER_ACTOR");
    String user = System.getProperty("user.name");
    return named != null && !named.isBlank() ? named : "cli:" + (user == null ? "unknown" : user);
  }

  /** "422 Invalid input: phase: must be between 1 and 4; title: is required" */
  private static String problem(Answer answer) {
    try {
      JsonNode problem = JSON.readTree(answer.body());
      StringBuilder line = new StringBuilder().append(answer.status()).append(' ')
          .append(problem.path("title").asText("error"));
      if (problem.path("errors").size() > 0) {
        line.append(':');
        String separator = " ";
        for (JsonNode error : problem.path("errors")) {
          line.append(separator).append(error.path("field").asText()).append(": ").append(error.path("message").asText());
          separator = "; ";
        }
      } else if (!problem.path("detail").asText().isEmpty()) {
        line.append(": ").append(problem.path("detail").asText());
      }
      return line.toString();
    } catch (IOException e) {
      return answer.status() + " " + answer.body().replaceAll("\\s+", " ").trim();
    }
  }
}
