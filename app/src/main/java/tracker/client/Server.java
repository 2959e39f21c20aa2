package tracker.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running server a client command talks to, and how it prints: {@code --server} (else
 * {@code TRACKER_URL}, else http://127.0.0.1:7070), the token from {@code TRACKER_TOKEN}, and
 * {@code --json} for the API's JSON unchanged. Every client command takes its options.
 */
final class Server {

  static final String DEFAULT_URL = "http://127.0.0.1:7070";

  static final List<Param> PARAMS = List.of(
      Param.option("--server", Param.Kind.TEXT, "The server (default: $TRACKER_URL, else " + DEFAULT_URL + ").")
          .labelled("URL"),
      Param.option("--json", Param.Kind.FLAG, "Print the API's JSON unchanged."));

  private final String server;
  private final boolean json;
  private final PrintWriter out;

  Server(String server, boolean json, PrintWriter out) {
    this.server = server;
    this.json = json;
    this.out = out;
  }

  /** An answer: its status and its body (JSON, or empty). */
  record Answer(int status, String body) {
    JsonView json() {
      try {
        return JsonView.parse(body);
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
    return out;
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
    Answer answer = exchange(method, path, body == null ? null : JsonView.write(body), Map.of());
    if (answer.status() >= 400) {
      throw new ClientFailure(ClientFailure.REFUSED, problem(answer));
    }
    return answer;
  }

  /** How often a write is sent again after the connection failed, and the first pause between tries. */
  static final int ATTEMPTS = 4;
  static final Duration FIRST_PAUSE = Duration.ofMillis(250);

  /**
   * One logical request and its answer, whatever the status. A write carries one Idempotency-Key
   * for all its tries: when the connection fails (the server restarting, an answer lost on the
   * way), it is sent again and the server answers a write it already made without making it twice.
   * HttpURLConnection rather than java.net.http: it starts in a fifth of the time, which a script's
   * loop pays on every call; it knows no PATCH, which goes as a POST the server reads as one.
   */
  Answer exchange(String method, String path, String jsonBody, Map<String, String> headers) {
    URL url;
    try {
      URI server = URI.create(baseUrl());
      // only a web server's address: ftp:, file: or a port past 65535 would reach the JDK's internals
      if (!("http".equalsIgnoreCase(server.getScheme()) || "https".equalsIgnoreCase(server.getScheme()))
          || server.getHost() == null || server.getHost().isEmpty() || server.getPort() > 65_535) {
        throw new IllegalArgumentException("not an http(s) address");
      }
      url = URI.create(baseUrl() + path).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      throw new UsageError("--server " + baseUrl() + " is not an http(s) URL with a host (http://localhost:7070)");
    }
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Accept", "application/json");
    all.put("X-Actor", actor());
    String token = System.getenv("TRACKER_TOKEN");
    if (token != null && !token.isBlank()) {
      all.put("Authorization", "Bearer " + token.trim());
    }
    all.putAll(headers);
    boolean write = !method.equals("GET");
    if (write) {
      all.put("Idempotency-Key", newKey());
    }
    if (method.equals("PATCH")) {
      all.put("X-HTTP-Method-Override", "PATCH");
    }
    byte[] body = jsonBody == null ? null : jsonBody.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      all.put("Content-Type", "application/json");
    }
    Duration pause = FIRST_PAUSE;
    for (int attempt = 1; ; attempt++) {
      try {
        return once(url, method.equals("PATCH") ? "POST" : method, all, body);
      } catch (ConnectException | SocketTimeoutException e) {
        if (!write || attempt == ATTEMPTS) {
          throw new ClientFailure(ClientFailure.UNREACHABLE, "cannot reach the server at " + baseUrl()
              + " (is it running? set --server or TRACKER_URL)");
        }
      } catch (IOException e) {
        if (!write || attempt == ATTEMPTS) {
          throw new ClientFailure(ClientFailure.UNREACHABLE, "cannot reach the server at " + baseUrl() + ": " + e);
        }
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

  private static Answer once(URL url, String method, Map<String, String> headers, byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(60_000);
    connection.setRequestMethod(method);
    for (Map.Entry<String, String> header : headers.entrySet()) {
      connection.setRequestProperty(header.getKey(), header.getValue());
    }
    if (body != null) {
      connection.setDoOutput(true);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
    }
    int status = connection.getResponseCode();
    InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    try (InputStream answer = in) {
      return new Answer(status, answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /**
   * 128 random bits for an Idempotency-Key, read from /dev/urandom where there is one: starting
   * SecureRandom (providers, digests) costs a command-line call ~15 ms. Elsewhere a random UUID.
   */
  static String newKey() {
    try (InputStream random = new java.io.FileInputStream("/dev/urandom")) {
      byte[] bits = random.readNBytes(16);
      if (bits.length == 16) {
        return java.util.HexFormat.of().formatHex(bits);
      }
    } catch (IOException e) {
      // no such device: the portable way below
    }
    return java.util.UUID.randomUUID().toString();
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
      JsonView problem = JsonView.parse(answer.body());
      String title = problem.get("title").asText();
      StringBuilder line = new StringBuilder().append(answer.status()).append(' ')
          .append(title.isEmpty() ? "error" : title);
      if (problem.get("errors").size() > 0) {
        java.util.StringJoiner errors = new java.util.StringJoiner("; ", ": ", "");
        for (JsonView error : problem.get("errors")) {
          errors.add(error.get("field").asText() + ": " + error.get("message").asText());
        }
        line.append(errors);
      } else if (!problem.get("detail").asText().isEmpty()) {
        line.append(": ").append(problem.get("detail").asText());
      }
      return line.toString();
    } catch (IOException e) {
      return answer.status() + " " + ClientCommands.oneLine(answer.body());
    }
  }
}
