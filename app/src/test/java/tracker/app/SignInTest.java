package tracker.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.testtools.JavalinTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tracker.app.Tracker;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.support.TestDatabases;

/** Signing in from a browser: where it may send you afterwards, and what the session is. */
class SignInTest {

  @TempDir
  Path dir;
  Tracker tracker;

  @BeforeEach
  void open() {
    tracker = TestDatabases.sqlite(dir);
  }

  @AfterEach
  void close() {
    tracker.close();
  }

  private static Reply signIn(ApiClient client, String token, String next, String... headers) {
    String body = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&next="
        + URLEncoder.encode(next, StandardCharsets.UTF_8);
    String[] all = new String[headers.length + 2];
    System.arraycopy(headers, 0, all, 0, headers.length);
    all[headers.length] = "Content-Type";
    all[headers.length + 1] = "application/x-www-form-urlencoded";
    return client.send("POST", "/login", body, all);
  }

  @Test
  void after_sign_in_the_browser_goes_only_to_a_path_on_this_server() {
    JavalinTest.test(WebApp.create(tracker, "s3cret"), (server, http) -> {
      ApiClient client = new ApiClient(server.port());
      for (String foreign : List.of("//evil.example/", "/\t/evil.example", "/\n/evil.example", "/\\evil.example",
          "\\\\evil.example", "https://evil.example/", "javascript:alert(1)", "/\u0000/evil", " //evil.example",
          "/%09/evil.example".replace("%09", "\t"), "///evil.example", "/\u3000/evil", "evil.example", "")) {
        Reply reply = signIn(client, "s3cret", foreign);
        assertThat(reply.status()).as(foreign).isEqualTo(303);
        assertThat(reply.header("Location")).as(foreign).isEqualTo("/");
      }
      for (String own : List.of("/tasks", "/tasks/7?tab=history#c3", "/tasks?q=a%20b&status=blocked")) {
        assertThat(signIn(client, "s3cret", own).header("Location")).isEqualTo(own);
      }
    });
    assertThat(SignIn.safeNext("/%2F%2Fevil.example")).as("encoded slashes stay a path here")
        .isEqualTo("/%2F%2Fevil.example");
  }

  @Test
  void each_sign_in_gets_its_own_expiring_session_and_logout_clears_it() {
    JavalinTest.test(WebApp.create(tracker, "s3cret"), (server, http) -> {
      ApiClient client = new ApiClient(server.port());
      String first = signIn(client, "s3cret", "/").header("Set-Cookie");
      String second = signIn(client, "s3cret", "/").header("Set-Cookie");
      assertThat(first).contains("Max-Age=43200", "HttpOnly", "SameSite=Strict", "Path=/").doesNotContain("Secure");
      assertThat(first.split(";")[0]).isNotEqualTo(second.split(";")[0]);

      String viaProxy = signIn(client, "s3cret", "/", "X-Forwarded-Proto", "https").header("Set-Cookie");
      assertThat(viaProxy).contains("Secure");

      Reply out = client.send("POST", "/logout", "", "Cookie", first.split(";")[0],
          "Content-Type", "application/x-www-form-urlencoded");
      assertThat(out.status()).isEqualTo(303);
      assertThat(out.header("Set-Cookie")).startsWith(SignIn.COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970");
      assertThat(client.get("/login").text()).contains("action=\"/logout\"");
    });
  }

  @Test
  void a_signed_out_session_is_refused_on_every_instance_and_a_new_token_ends_every_session() {
    String body = "title=Mine&component_area=X&phase=1&source_document=x";
    JavalinTest.test(WebApp.create(tracker, "s3cret"), (server, http) -> {
      ApiClient client = new ApiClient(server.port());
      String cookie = signIn(client, "s3cret", "/").header("Set-Cookie").split(";")[0];
      io.javalin.Javalin other = WebApp.create(tracker, "s3cret").start("127.0.0.1", 0);
      try {
        ApiClient second = new ApiClient(other.port());
        assertThat(second.send("POST", "/tasks", body, "Cookie", cookie, "Content-Type",
            "application/x-www-form-urlencoded").status()).as("another instance knows the session").isEqualTo(303);
        client.send("POST", "/logout", "", "Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded");
        for (ApiClient instance : List.of(client, second)) {
          assertThat(instance.send("POST", "/tasks", body, "Cookie", cookie, "Content-Type",
              "application/x-www-form-urlencoded").status()).as("after sign-out").isEqualTo(401);
        }
      } finally {
        other.stop();
      }
      String fresh = signIn(client, "s3cret", "/").header("Set-Cookie").split(";")[0];
      io.javalin.Javalin rekeyed = WebApp.create(tracker, "new-token").start("127.0.0.1", 0);
      try {
        assertThat(new ApiClient(rekeyed.port()).send("POST", "/tasks", body, "Cookie", fresh, "Content-Type",
            "application/x-www-form-urlencoded").status()).as("under another token").isEqualTo(401);
      } finally {
        rekeyed.stop();
      }
      for (String forged : List.of("", "x", fresh + "x", fresh.toUpperCase())) {
        assertThat(client.send("POST", "/tasks", body, "Cookie", forged, "Content-Type",
            "application/x-www-form-urlencoded").status()).as(forged).isEqualTo(401);
      }
    });
  }
}
