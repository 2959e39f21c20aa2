package tracker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.WebApp;
import tracker.app.Tracker;
import tracker.api.ApiClient;
import tracker.support.RawHttp;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;

/** The faults an outside probe found after the first hardening, each as the class it stands for. */
class OutsideProbeTest {

  @TempDir
  Path dir;
  Tracker tracker;
  Javalin app;
  ApiClient api;
  long taskId;

  @BeforeEach
  void start() {
    tracker = TestDatabases.sqlite(dir);
    taskId = tracker.tasks().create(new TaskDraft("Keep", null, "API", 1, null, null, null, "s", null, 2.0, null)).id();
    app = WebApp.create(tracker, null, Set.of()).start("127.0.0.1", 0);
    api = new ApiClient(app.port());
  }

  @AfterEach
  void stop() {
    app.stop();
    tracker.close();
  }

  private RawHttp.Response raw(String request) {
    try (RawHttp http = new RawHttp(app.port())) {
      return http.exchange(request);
    }
  }

  private RawHttp.Response post(String path, String contentType, byte[] body, String... headers) {
    StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
        + contentType + "\r\nContent-Length: " + body.length + "\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    try (RawHttp http = new RawHttp(app.port())) {
      http.send(head.append("\r\n").toString());
      http.sendBytes(body);
      return http.read();
    }
  }

  private long tasks() {
    return tracker.statistics().stats().totalTasks();
  }

  @Test
  void bodies_only_in_the_types_encodings_and_utf8_the_server_reads() {
    byte[] task = "{\"title\":\"x\",\"component_area\":\"a\",\"phase\":1,\"source_document\":\"s\"}"
        .getBytes(StandardCharsets.UTF_8);
    for (String path : List.of("/login", "/tasks", "/api/tasks")) {
      assertThat(post(path, "multipart/form-data; boundary=xx", "garbage".getBytes(StandardCharsets.UTF_8)).status())
          .as(path).isEqualTo(415);
      assertThat(post(path, "text/xml", "<a/>".getBytes(StandardCharsets.UTF_8)).status()).as(path).isEqualTo(415);
    }
    assertThat(post("/api/tasks", "application/json", task, "Content-Encoding: gzip").status()).isEqualTo(415);
    byte[] badUtf8 = "{\"title\":\"x\u00ffy\",\"component_area\":\"a\",\"phase\":1,\"source_document\":\"s\"}"
        .getBytes(StandardCharsets.ISO_8859_1);
    assertThat(post("/api/tasks", "application/json", badUtf8).status()).isEqualTo(400);
    assertThat(post("/tasks", "application/x-www-form-urlencoded",
        "title=x%ffy&component_area=a&phase=1&source_document=s".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(400);
    assertThat(post("/tasks", "application/x-www-form-urlencoded",
        "title=x%zz&component_area=a&phase=1&source_document=s".getBytes(StandardCharsets.UTF_8)).status())
        .isEqualTo(400);
    assertThat(raw("GET /api/tasks?q=%ff HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(400);
    assertThat(tasks()).isOne();
    assertThat(post("/api/tasks", "application/json", task).status()).isEqualTo(201);
  }

  @Test
  void head_answers_as_get_would() {
    assertThat(raw("HEAD /api/tasks/999999 HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(404);
    assertThat(raw("HEAD /api/tasks?limit=abc HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(400);
    assertThat(raw("HEAD /tasks/999999 HTTP/1.1\r\nHost: localhost\r\n\r\n").status()).isEqualTo(404);
    RawHttp.Response found = raw("HEAD /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.header("ETag")).isNotNull();
  }

  @Test
  void jetty_refusals_carry_the_problem_for_every_method() {
    for (String method : List.of("DELETE", "PATCH", "PUT", "OPTIONS")) {
      RawHttp.Response refused = raw(method + " /api/tasks/%ff HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
      assertThat(refused.status()).as(method).isEqualTo(400);
      assertThat(refused.header("Content-Type")).as(method).startsWith("application/problem+json");
      assertThat(refused.header("Content-Security-Policy")).as(method).isNotNull();
    }
  }

  @Test
  void a_conditional_get_is_answered_in_full_so_it_is_never_stale() {
    String etag = api.get("/api/tasks/" + taskId).header("ETag");
    api.post("/api/tasks/" + taskId + "/progress", "{\"progress_percentage\": 40}");
    ApiClient.Reply again = api.get("/api/tasks/" + taskId, "If-None-Match", etag);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("progress_percentage").asInt()).isEqualTo(40);
  }

  @Test
  void another_method_on_a_literal_route_is_a_405_naming_its_method() {
    for (String path : List.of("/api/tasks/bulk", "/api/tasks/bulk-status", "/api/groups/from-plan")) {
      for (String method : List.of("GET", "DELETE", "PATCH")) {
        RawHttp.Response refused = raw(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
        assertThat(refused.status()).as(method + " " + path).isEqualTo(405);
        assertThat(refused.header("Allow")).as(method + " " + path).isEqualTo("POST");
      }
    }
    RawHttp.Response health = raw("POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n");
    assertThat(health.status()).isEqualTo(405);
    assertThat(health.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void metadata_keeps_the_text_and_number_rules() {
    for (String metadata : List.of("{\"a\": 123456789012345678901234567890}", "{\"a\": 1e400}",
        "{\"a\": \"\\u0000\"}", "{\"a\": \"\\ud800\"}", "{\"\\u0007\": 1}", "{\"a\": [{\"b\": \"\\u001b[31m\"}]}")) {
      ApiClient.Reply refused = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + taskId + "],"
          + " \"metadata\": " + metadata + "}");
      assertThat(refused.status()).as(metadata).isBetween(400, 422);
    }
    assertThat(api.get("/api/groups").json()).isEmpty();
    ApiClient.Reply fine = api.post("/api/groups", "{\"name\": \"g\", \"task_ids\": [" + taskId + "],"
        + " \"metadata\": {\"big\": 9007199254740992, \"text\": \"two\\nlines\", \"list\": [1.5, true]}}");
    assertThat(fine.status()).isEqualTo(201);
    long id = fine.json().get("id").asLong();
    assertThat(api.get("/api/groups/" + id).json().get("metadata").get("big").asLong()).isEqualTo(9007199254740992L);
  }

  @Test
  void subtasks_nest_at_most_a_hundred_levels() {
    long parent = taskId;
    for (int level = 1; level <= 100; level++) {
      ApiClient.Reply created = api.post("/api/tasks", "{\"title\": \"L" + level + "\", \"component_area\": \"a\","
          + " \"phase\": 1, \"source_document\": \"s\", \"parent_task_id\": " + parent + "}");
      assertThat(created.status()).as("level " + level).isEqualTo(201);
      parent = created.json().get("id").asLong();
    }
    ApiClient.Reply tooDeep = api.post("/api/tasks", "{\"title\": \"L101\", \"component_area\": \"a\", \"phase\": 1,"
        + " \"source_document\": \"s\", \"parent_task_id\": " + parent + "}");
    assertThat(tooDeep.status()).isEqualTo(422);
    assertThat(tooDeep.text()).contains("deeper than 100 levels");
    StringBuilder chain = new StringBuilder("{\"tasks\": [");
    for (int i = 0; i < 102; i++) {
      chain.append(i == 0 ? "" : ",").append("{\"ref\": \"r").append(i).append("\", ")
          .append(i == 0 ? "" : "\"parent_ref\": \"r" + (i - 1) + "\", ")
          .append("\"title\": \"t\", \"component_area\": \"a\", \"phase\": 1, \"source_document\": \"s\"}");
    }
    assertThat(api.post("/api/tasks/bulk", chain.append("]}").toString()).status()).isEqualTo(422);
    assertThat(api.delete("/api/tasks/" + taskId).status()).isEqualTo(204);
    assertThat(tasks()).isZero();
  }

  @Test
  void sign_in_takes_the_token_exactly_and_one_spelling_of_a_session() {
    Javalin guarded = WebApp.create(tracker, "s3cret", Set.of()).start("127.0.0.1", 0);
    try {
      ApiClient client = new ApiClient(guarded.port());
      for (String token : List.of(" s3cret", "s3cret ", "s3cret%00", "S3CRET")) {
        assertThat(client.send("POST", "/login", "token=" + token.replace(" ", "%20"),
            "Content-Type", "application/x-www-form-urlencoded").status()).as(token).isEqualTo(401);
      }
      String cookie = client.send("POST", "/login", "token=s3cret", "Content-Type",
          "application/x-www-form-urlencoded").header("Set-Cookie").split(";")[0];
      char last = cookie.charAt(cookie.length() - 1);
      for (String altered : List.of(cookie + "=", cookie.substring(0, cookie.length() - 1) + (char) (last ^ 1))) {
        assertThat(client.send("POST", "/tasks/" + taskId + "/comments", "comment=c", "Cookie", altered,
            "Content-Type", "application/x-www-form-urlencoded").status()).as(altered).isEqualTo(401);
      }
      assertThat(client.send("POST", "/tasks/" + taskId + "/comments", "comment=c", "Cookie", cookie,
          "Content-Type", "application/x-www-form-urlencoded").status()).isIn(201, 303);
    } finally {
      guarded.stop();
    }
  }

  @Test
  void page_forms_read_numbers_as_strictly_as_the_api() {
    for (String phase : List.of("%D9%A2", "%EF%BC%92", "0x2", "2e0", "%2B2")) {
      RawHttp.Response refused = post("/tasks", "application/x-www-form-urlencoded",
          ("title=t&component_area=a&source_document=s&phase=" + phase).getBytes(StandardCharsets.UTF_8));
      assertThat(refused.status()).as(phase).isEqualTo(422);
    }
    assertThat(tasks()).isOne();
  }

  @Test
  void x_actor_is_read_as_utf8_and_repeated_query_parameters_are_refused() {
    byte[] request = ("POST /api/tasks/" + taskId + "/comments HTTP/1.1\r\nHost: localhost\r\nX-Actor: café\r\n"
        + "Content-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"comment\":\"c\"}").getBytes(StandardCharsets.UTF_8);
    try (RawHttp http = new RawHttp(app.port())) {
      http.sendBytes(request);
      assertThat(http.read().status()).isEqualTo(201);
    }
    assertThat(api.get("/api/tasks/" + taskId + "/history").json().get(1).get("actor").asText()).isEqualTo("café");
    assertThat(api.get("/api/tasks?limit=1&limit=500").status()).isEqualTo(400);
  }
}
