package tracker.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tracker.app.Tracker;
import tracker.support.DatabaseSnapshot;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.app.WebApp;

/** Random and malformed requests: never a 5xx, and a refused request changes nothing at all. */
class BadInputPropertyTest {

  static Path dir;
  static Tracker tracker;
  static Javalin app;
  static HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static long taskA;
  static long taskB;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("tracker-props");
    tracker = TestDatabases.sqlite(dir);
    taskA = tracker.tasks().create(new TaskDraft("A", "first", "API", 1, null, null, null, "s", null, 2.0, null)).id();
    taskB = tracker.tasks().create(new TaskDraft("B", null, "API", 2, "High", null, null, "s", null, 3.0, null)).id();
    tracker.tasks().addDependency(taskB, taskA, null);
    app = WebApp.create(tracker).start("127.0.0.1", 0);
  }

  @AfterContainer
  static void stop() {
    app.stop();
    tracker.close();
  }

  record Request(String method, String path, String query, String contentType, String body) {}

  @Property(tries = 600)
  void no_request_gets_a_5xx_and_a_refused_one_changes_nothing(@ForAll("requests") Request request) throws Exception {
    String before = DatabaseSnapshot.of(tracker.database().ebean());
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + request.path()
            + (request.query().isEmpty() ? "" : "?" + request.query())))
        .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(request.body()));
    if (request.contentType() != null) {
      builder.header("Content-Type", request.contentType());
    }
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException closed) {
      // the server may close a kept-alive connection after refusing a request whose body it did
      // not read; the client then fails on reusing it. That is no server error: send once more.
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    assertThat(response.statusCode()).as("%s -> %s", request, response.body()).isLessThan(500);
    if (response.statusCode() >= 400) {
      assertThat(DatabaseSnapshot.of(tracker.database().ebean())).as("%s changed data", request).isEqualTo(before);
      if (request.path().startsWith("/api")) {
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
            .startsWith("application/problem+json");
      }
    }
  }

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PATCH", "DELETE", "PUT");
    Arbitrary<String> contentType = Arbitraries.of("application/json", "application/json; charset=utf-8",
        "text/plain", "application/x-www-form-urlencoded", "nonsense", null);
    return Combinators.combine(method, paths(), queries(), contentType, bodies()).as(Request::new);
  }

  Arbitrary<String> ids() {
    return Arbitraries.oneOf(Arbitraries.of(String.valueOf(taskA), String.valueOf(taskB), "0", "-1", "abc",
            "99999999999999999999", "1.5", "%20", "%E2%9C%93", "9223372036854775807"),
        Arbitraries.longs().between(1, 50).map(String::valueOf));
  }

  Arbitrary<String> paths() {
    return Combinators.combine(Arbitraries.of("/api/tasks", "/api/tasks/{id}", "/api/tasks/{id}/status",
            "/api/tasks/{id}/progress", "/api/tasks/{id}/comments", "/api/tasks/{id}/dependencies",
            "/api/tasks/{id}/dependencies/{id2}", "/api/stats", "/api/unknown", "/api/tasks/{id}/nothing"),
        ids(), ids()).as((template, id, id2) -> template.replace("{id}", id).replace("{id2}", id2));
  }

  Arbitrary<String> queries() {
    Arbitrary<String> key = Arbitraries.of("status", "phase", "component_area", "priority", "complexity",
        "parent_task_id", "q", "sort", "limit", "offset", "stauts", "");
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of("in_progress", "2", "-priority", "High", "500", "501",
        "-1", "x", "", "%", "\"", "Medium", "abc def"), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> pair = Combinators.combine(key, value)
        .as((k, v) -> URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
    return pair.list().ofMaxSize(3).map(pairs -> String.join("&", pairs));
  }

  Arbitrary<String> bodies() {
    Arbitrary<Object> scalar = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
        Arbitraries.of("not_started", "in_progress", "completed", "blocked", "High", "Critical", "note", "blocker",
            "requires", "x".repeat(2001), "").map(s -> (Object) s),
        Arbitraries.integers().between(-5, 250).map(i -> (Object) i),
        Arbitraries.of(Long.MAX_VALUE, 1e308, -0.5, 0.05, 200.5, 3.5).map(n -> (Object) n),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null),
        Arbitraries.just(List.of(1, 2)),
        Arbitraries.just(Map.of("nested", 1)));
    Arbitrary<String> field = Arbitraries.of("title", "description", "component_area", "phase", "priority",
        "complexity", "status", "source_document", "success_criteria", "time_estimate_hours", "parent_task_id",
        "progress_percentage", "notes", "comment", "comment_type", "updated_by", "depends_on_task_id",
        "dependency_type", "id", "version", "bogus");
    Arbitrary<String> object = Arbitraries.maps(field, scalar).ofMaxSize(6).map(BadInputPropertyTest::toJson);
    Arbitrary<String> broken = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40),
        Arbitraries.of("{", "{\"title\":", "[]", "null", "42", "\"text\"", "{\"a\":1}{", "{\"phase\": 1,}"));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, object),
        net.jqwik.api.Tuple.of(3, broken),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
  }

  static String toJson(Map<String, Object> fields) {
    return fields.entrySet().stream()
        .map(e -> "\"" + e.getKey() + "\": " + value(e.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").chars()
          .mapToObj(c -> c < 0x20 ? String.format("\\u%04x", c) : String.valueOf((char) c))
          .collect(Collectors.joining()) + "\"";
    }
    if (v instanceof List<?> list) {
      return list.stream().map(BadInputPropertyTest::value).collect(Collectors.joining(", ", "[", "]"));
    }
    if (v instanceof Map<?, ?> map) {
      return "{\"nested\": 1}";
    }
    return String.valueOf(v);
  }
}
