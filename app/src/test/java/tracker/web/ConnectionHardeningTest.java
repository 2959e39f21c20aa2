package tracker.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.WebApp;
import tracker.app.Tracker;
import tracker.support.RawHttp;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;

/** What a client can do to the server below the routes: connections, headers, Host names, slow bodies. */
class ConnectionHardeningTest {

  static final String TOKEN = "s3cret-token-ABC";
  static final String TASK = "{\"title\": \"T\", \"component_area\": \"API\", \"phase\": 1, \"source_document\": \"s\"}";

  @TempDir
  Path dir;
  Tracker tracker;
  Javalin app;
  long taskId;

  @BeforeEach
  void start() {
    tracker = TestDatabases.sqlite(dir);
    taskId = tracker.tasks().create(new TaskDraft("Keep me", null, "API", 1, null, null, null, "s", null, 2.0, null)).id();
    app = WebApp.create(tracker, TOKEN, Set.of("tracker.internal")).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    tracker.close();
  }

  private RawHttp connect() {
    return new RawHttp(app.port());
  }

  private long tasks() {
    return tracker.statistics().stats().totalTasks();
  }

  @Test
  void a_bearer_token_differing_only_in_case_is_refused_on_a_kept_alive_connection() {
    try (RawHttp http = connect()) {
      RawHttp.Response right = http.exchange("GET /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\n\r\n");
      assertThat(right.status()).isEqualTo(200);
      RawHttp.Response wrongCase = http.exchange("DELETE /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: BEARER " + TOKEN.toUpperCase(Locale.ROOT) + "\r\n\r\n");
      assertThat(wrongCase.status()).isEqualTo(401);
      assertThat(tasks()).isEqualTo(1);
      RawHttp.Response twoHeaders = http.exchange("DELETE /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\nAuthorization: Bearer wrong\r\n\r\n");
      assertThat(twoHeaders.status()).isEqualTo(400);
      RawHttp.Response rightAgain = http.exchange("DELETE /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: bearer " + TOKEN + "\r\n\r\n");
      assertThat(rightAgain.status()).as("the scheme is case-insensitive, the token is not").isEqualTo(204);
    }
    assertThat(tasks()).isZero();
  }

  @Test
  void a_session_cookie_differing_only_in_case_is_refused_on_a_kept_alive_connection() {
    String cookie;
    try (RawHttp http = connect()) {
      String form = "token=" + TOKEN;
      RawHttp.Response signedIn = http.exchange("POST /login HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form);
      assertThat(signedIn.status()).isEqualTo(303);
      cookie = signedIn.header("Set-Cookie").split(";")[0];
    }
    String wrongCase = cookie.substring(0, cookie.indexOf('=') + 1)
        + cookie.substring(cookie.indexOf('=') + 1).toUpperCase(Locale.ROOT);
    assertThat(wrongCase).isNotEqualTo(cookie);
    try (RawHttp http = connect()) {
      assertThat(http.exchange("GET /tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\nCookie: " + cookie
          + "\r\n\r\n").status()).isEqualTo(200);
      RawHttp.Response refused = http.exchange("POST /tasks/" + taskId + "/delete HTTP/1.1\r\nHost: localhost\r\n"
          + "Cookie: " + wrongCase + "\r\nContent-Length: 0\r\n\r\n");
      assertThat(refused.status()).isEqualTo(401);
    }
    assertThat(tasks()).isEqualTo(1);
  }

  @Test
  void guessing_tokens_is_slowed_to_ten_wrong_ones_a_minute() {
    String delete = "DELETE /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n\r\n";
    try (RawHttp http = connect()) {
      for (int i = 0; i < 10; i++) {
        assertThat(http.exchange(delete.formatted("guess-" + i)).status()).isEqualTo(401);
      }
      RawHttp.Response refused = http.exchange(delete.formatted(TOKEN));
      assertThat(refused.status()).as("even the right token waits").isEqualTo(429);
      assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
      String form = "token=" + TOKEN;
      assertThat(http.exchange("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded"
          + "\r\nContent-Length: " + form.length() + "\r\n\r\n" + form).status()).isEqualTo(429);
    }
    assertThat(tasks()).isOne();
  }

  @Test
  void a_loopback_server_refuses_foreign_host_names_before_any_handler() {
    String post = "POST /api/tasks HTTP/1.1\r\nHost: %s\r\nOrigin: http://%s\r\nSec-Fetch-Site: same-origin\r\n"
        + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: "
        + TASK.length() + "\r\n\r\n" + TASK;
    for (String foreign : List.of("attacker.example:" + app.port(), "attacker.example", "127.0.0.1.nip.io:80",
        "localhost.attacker.example", "[::2]:" + app.port())) {
      try (RawHttp http = connect()) {
        RawHttp.Response refused = http.exchange(post.formatted(foreign, foreign));
        assertThat(refused.status()).as(foreign).isEqualTo(421);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.header("Content-Security-Policy")).isNotNull();
        assertThat(refused.body()).contains("--allowed-hosts");
      }
      try (RawHttp http = connect()) {
        assertThat(http.exchange("GET /api/tasks HTTP/1.1\r\nHost: " + foreign + "\r\n\r\n").status())
            .as("reads too: a rebound page must not read the plan").isEqualTo(421);
      }
    }
    assertThat(tasks()).isEqualTo(1);
    for (String own : List.of("localhost:" + app.port(), "127.0.0.1:" + app.port(), "[::1]:" + app.port(),
        "LOCALHOST", "tracker.internal:8443")) {
      try (RawHttp http = connect()) {
        assertThat(http.exchange(post.formatted(own, own)).status()).as(own).isEqualTo(201);
      }
    }
    assertThat(tasks()).isEqualTo(6);
  }

  @Test
  void a_body_in_another_charset_than_utf8_is_a_415_everywhere() {
    for (String charset : List.of("latin-1", "bogus", "ISO-8859-1", "\"utf-16\"")) {
      for (String[] route : List.of(
          new String[] {"/api/tasks", "application/json", TASK},
          new String[] {"/tasks", "application/x-www-form-urlencoded", "title=T&component_area=A&phase=1"},
          new String[] {"/login", "application/x-www-form-urlencoded", "token=x"})) {
        try (RawHttp http = connect()) {
          RawHttp.Response refused = http.exchange("POST " + route[0] + " HTTP/1.1\r\nHost: localhost\r\n"
              + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: " + route[1] + "; charset=" + charset
              + "\r\nContent-Length: " + route[2].length() + "\r\n\r\n" + route[2]);
          assertThat(refused.status()).as(route[0] + " " + charset).isEqualTo(415);
          assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
      }
    }
    try (RawHttp http = connect()) {
      assertThat(http.exchange("POST /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
          + "\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: " + TASK.length() + "\r\n\r\n"
          + TASK).status()).isEqualTo(201);
    }
    assertThat(tasks()).isEqualTo(2);
  }

  @Test
  void jettys_own_refusals_are_problem_json_with_the_security_headers() {
    List<String> requests = List.of(
        "GET /api/tasks/%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: localhost\r\nBad Header\r\n\r\n");
    List<Integer> statuses = new ArrayList<>();
    for (String request : requests) {
      try (RawHttp http = connect()) {
        RawHttp.Response refused = http.exchange(request);
        statuses.add(refused.status());
        assertThat(refused.status()).isBetween(400, 499);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(refused.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(refused.body()).contains("\"status\":" + refused.status());
      }
    }
    assertThat(statuses).containsExactly(400, 414, 431, 400);
  }

  @Test
  void a_post_may_say_it_is_a_patch_and_nothing_else() {
    String edit = "{\"title\": \"Renamed\"}";
    try (RawHttp http = connect()) {
      RawHttp.Response patched = http.exchange("POST /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\nX-HTTP-Method-Override: PATCH\r\nContent-Type: application/json"
          + "\r\nContent-Length: " + edit.length() + "\r\n\r\n" + edit);
      assertThat(patched.status()).isEqualTo(200);
      assertThat(patched.body()).contains("\"title\":\"Renamed\"");
    }
    for (String[] wrong : List.of(new String[] {"POST", "DELETE"}, new String[] {"POST", "GET"},
        new String[] {"GET", "PATCH"}, new String[] {"GET", "DELETE"}, new String[] {"PATCH", "PATCH"},
        new String[] {"POST", "patch"}, new String[] {"POST", ""}, new String[] {"POST", "PATCH\r\nX-HTTP-Method-Override: DELETE"})) {
      try (RawHttp http = connect()) {
        RawHttp.Response refused = http.exchange(wrong[0] + " /api/tasks/" + taskId + " HTTP/1.1\r\n"
            + "Host: localhost\r\nAuthorization: Bearer " + TOKEN + "\r\nX-HTTP-Method-Override: " + wrong[1]
            + "\r\nContent-Type: application/json\r\nContent-Length: " + edit.length() + "\r\n\r\n" + edit);
        assertThat(refused.status()).as(String.join(" as ", wrong)).isEqualTo(400);
        assertThat(refused.body()).contains("may only turn a POST into a PATCH");
      }
    }
    assertThat(tracker.tasks().get(taskId).title()).isEqualTo("Renamed");
    assertThat(tasks()).isEqualTo(1);
  }

  @Test
  void an_unsupported_method_on_a_known_route_is_a_405_with_allow() {
    try (RawHttp http = connect()) {
      RawHttp.Response refused = http.exchange("PUT /api/tasks/" + taskId + " HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + TOKEN + "\r\nContent-Length: 0\r\n\r\n");
      assertThat(refused.status()).isEqualTo(405);
      assertThat(refused.header("Allow")).contains("GET", "PATCH", "DELETE");
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
    }
  }

  @Test
  void page_forms_have_the_same_1_MiB_limit_as_the_api_with_or_without_a_length() {
    String big = "description=" + "x".repeat(1024 * 1024 + 10);
    try (RawHttp http = connect()) {
      assertThat(http.exchange("POST /tasks HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + big.length() + "\r\n\r\n")
          .status()).isEqualTo(413);
    }
    try (RawHttp http = connect()) {
      StringBuilder chunked = new StringBuilder("POST /login HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n");
      for (int i = 0; i < 20; i++) {
        chunked.append(Integer.toHexString(64 * 1024)).append("\r\n").append("y".repeat(64 * 1024)).append("\r\n");
      }
      chunked.append("0\r\n\r\n");
      // the server answers at once and reads the rest before it closes: the client always reads the 413
      assertThat(http.send(chunked.toString()).read().status()).isEqualTo(413);
    }
    String declared = "x".repeat(3 * 1024 * 1024);
    for (int i = 0; i < 5; i++) {
      try (RawHttp http = connect()) {
        assertThat(http.send("POST /api/tasks HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: " + declared.length() + "\r\n\r\n" + declared)
            .read().status()).isEqualTo(413);
      }
    }
  }

  @Test
  void slow_bodies_are_dropped_and_never_starve_the_other_requests() throws Exception {
    int slow = 300; // more than the request threads
    List<RawHttp> trickling = new ArrayList<>();
    try {
      for (int i = 0; i < slow; i++) {
        trickling.add(connect().send("POST /login HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nt"));
      }
      java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2)).build();
      for (int second = 0; second < 4; second++) {
        for (RawHttp connection : trickling) {
          try {
            connection.send("o");
          } catch (java.io.UncheckedIOException closed) {
            // the server gave up on it: as it should
          }
        }
        var ping = client.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + app.port() + "/ping")).timeout(Duration.ofSeconds(2)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(ping.body()).isEqualTo("pong");
        Thread.sleep(1000);
      }
      int timedOut = 0;
      for (RawHttp connection : trickling) {
        if (connection.read().status() == 408) {
          timedOut++;
        }
      }
      assertThat(timedOut).isEqualTo(slow);
    } finally {
      trickling.forEach(RawHttp::close);
    }
  }
}
