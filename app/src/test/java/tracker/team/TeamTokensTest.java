package tracker.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.app.Tracker;
import tracker.app.WebApp;
import tracker.support.ApiTests;
import tracker.support.Cli;
import tracker.support.TeamTokens;
import tracker.support.TestDatabases;
import tracker.tasks.TaskDraft;
import tracker.team.TeamRecords.NewToken;
import tracker.web.Guesses;
import tracker.web.RequestLog;

/** Tokens of identities: secret once, hashed at rest, refused when revoked or expired, and who did what. */
class TeamTokensTest extends ApiTests {

  private NewToken token(String name, String role) {
    return token(tracker, name, role);
  }

  private static NewToken token(Tracker on, String name, String role) {
    return TeamTokens.issue(on, name, role);
  }

  private static String bearer(NewToken token) {
    return "Bearer " + token.token();
  }

  private void task(String title) {
    tracker.tasks().create(new TaskDraft(title, null, "core", 1, null, null, null, "spec", null, 2.0, null));
  }

  /** Every text value of every table, as one string: where a leaked secret would show. */
  private String everythingStored() {
    StringBuilder all = new StringBuilder();
    List<String> tables = tracker.database().ebean().sqlQuery(database.equals(TestDatabases.SQLITE)
            ? "select name from sqlite_master where type = 'table'"
            : "select table_name as name from information_schema.tables where table_schema = 'public'")
        .findList().stream().map(row -> row.getString("name")).toList();
    for (String table : tables) {
      tracker.database().ebean().sqlQuery("select * from " + table).findList()
          .forEach(row -> row.values().forEach(value -> all.append(value).append('\n')));
    }
    return all.toString();
  }

  @Test
  void a_secret_is_shown_once_kept_only_as_its_hash_and_never_logged() throws Exception {
    String shared = "shared-s3cret";
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream before = System.out;
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
    String secret;
    try {
      JavalinTest.test(WebApp.create(tracker, shared, Set.of(), RequestLog.Format.JSON), (server, http) -> {
        ApiClient api = new ApiClient(server.port());
        Reply made = api.post("/api/identities", "{\"name\":\"ci-bot\",\"kind\":\"agent\",\"role\":\"worker\"}",
            "Authorization", "Bearer " + shared);
        assertThat(made.status()).isEqualTo(201);
        Reply issued = api.post("/api/identities/" + made.json().get("id").asLong() + "/tokens",
            "{\"name\":\"ci\"}", "Authorization", "Bearer " + shared);
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        String issuedSecret = issued.json().get("token").asText();
        assertThat(issuedSecret).startsWith(Secrets.PREFIX).hasSize(Secrets.PREFIX.length() + 43); // 256 bits
        Reply me = api.get("/api/me", "Authorization", "Bearer " + issuedSecret);
        assertThat(me.json().get("name").asText()).isEqualTo("ci-bot");
        assertThat(me.json().get("role").asText()).isEqualTo("worker");
        Reply listed = api.get("/api/identities", "Authorization", "Bearer " + shared);
        assertThat(listed.text()).contains("\"ci\"").doesNotContain(issuedSecret);
        assertThat(listed.json().get(0).get("tokens").get(0).get("last_used_at").isNull()).isFalse();
        System.setProperty("tracker.test.secret", issuedSecret);
      });
    } finally {
      System.setOut(before);
      secret = System.clearProperty("tracker.test.secret");
    }
    assertThat(log.toString(StandardCharsets.UTF_8)).contains("/api/me").doesNotContain(secret)
        .doesNotContain(shared);
    String stored = everythingStored();
    assertThat(stored).doesNotContain(secret).contains(Secrets.hash(secret));
  }

  @Test
  void a_token_differing_anywhere_is_refused_and_comparisons_take_no_shortcut() {
    NewToken real = token("alice", "planner");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      String secret = real.token();
      String lastChanged = secret.substring(0, secret.length() - 1) + (secret.endsWith("A") ? "B" : "A");
      for (String wrong : List.of(lastChanged, secret.substring(0, secret.length() - 1), secret + "x",
          secret.toUpperCase(), " " + secret, Secrets.hash(secret))) {
        assertThat(api.get("/api/me", "Authorization", "Bearer " + wrong).status()).as(wrong).isEqualTo(401);
      }
      assertThat(api.get("/api/me", "Authorization", "Bearer " + secret).status()).isEqualTo(200);
    });
    // the lookup is by hash; what is compared is two hashes of equal length, with MessageDigest.isEqual
    assertThat(Secrets.same("abc", "abd")).isFalse();
    assertThat(Secrets.same("abc", "abc")).isTrue();
    assertThat(Secrets.same(null, "abc")).isFalse();
  }

  @Test
  void an_expired_token_is_refused_and_a_past_expiry_is_not_accepted() {
    NewToken soon = token("bob", "worker");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.get("/api/me", "Authorization", bearer(soon)).status()).isEqualTo(200);
      tracker.database().ebean().sqlUpdate("update access_tokens set expires_at = ? where id = ?")
          .setParameter(Timestamp.from(Instant.now().minusSeconds(1))).setParameter(soon.details().id()).execute();
      Reply refused = api.get("/api/me", "Authorization", bearer(soon));
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.json().get("detail").asText()).contains("revoked or expired");
      NewToken admin = token("root", "admin");
      Reply past = api.post("/api/identities/1/tokens", "{\"expires_at\":\"2020-01-01\"}", "Authorization",
          bearer(admin));
      assertThat(past.status()).isEqualTo(422);
      assertThat(past.text()).contains("expires_at");
      Reply dated = api.post("/api/identities/1/tokens", "{\"expires_at\":\"2099-01-31\"}", "Authorization",
          bearer(admin));
      assertThat(dated.json().get("details").get("expires_at").asText()).isEqualTo("2099-02-01T00:00:00Z");
      Reply keyed = api.post("/api/identities/1/tokens", "{}", "Authorization", bearer(admin), "Idempotency-Key", "k1");
      assertThat(keyed.status()).as("a secret is never replayed, nor a second token made on a retry").isEqualTo(400);
      assertThat(api.post("/api/identities/1/tokens", "{\"expires_at\":\"+12099-01-31\"}", "Authorization",
          bearer(admin)).status()).isEqualTo(422);
      Reply page = api.send("POST", "/team/identities/1/tokens", "name=t&expires_at=2020-01-01", "Content-Type",
          "application/x-www-form-urlencoded", "Authorization", bearer(admin));
      assertThat(page.status()).isEqualTo(422);
      assertThat(page.text()).contains("The token was not made: expires at");
    });
  }

  @Test
  void a_revoked_token_is_refused_by_every_instance_at_once_and_ends_its_browser_sessions() {
    String url = database.equals(TestDatabases.SQLITE) ? TestDatabases.sqliteUrl(dir)
        : TestDatabases.migratedPostgresUrl();
    try (Tracker one = Tracker.open(url); Tracker other = Tracker.open(url)) {
      NewToken admin = token(one, "root", "admin");
      NewToken worker = token(one, "carol", "worker");
      one.tasks().create(new TaskDraft("one", null, "core", 1, null, null, null, "spec", null, 2.0, null));
      Javalin a = WebApp.create(one).start("127.0.0.1", 0);
      Javalin b = WebApp.create(other).start("127.0.0.1", 0);
      try {
        ApiClient onA = new ApiClient(a.port());
        ApiClient onB = new ApiClient(b.port());
        String form = "application/x-www-form-urlencoded";
        Reply signedIn = onB.send("POST", "/login", "token=" + URLEncoder.encode(worker.token(), StandardCharsets.UTF_8)
            + "&next=/tasks", "Content-Type", form);
        assertThat(signedIn.status()).isEqualTo(303);
        String cookie = signedIn.header("Set-Cookie").split(";")[0];
        assertThat(onB.get("/tasks", "Cookie", cookie).text()).contains("Signed in as", "carol");
        assertThat(onB.get("/api/me", "Authorization", bearer(worker)).status()).isEqualTo(200);

        Reply revoked = onA.delete("/api/tokens/" + worker.details().id(), "Authorization", bearer(admin));
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revoked_at").isNull()).isFalse();
        // the very next request to the other instance, well within a second
        assertThat(onB.get("/api/me", "Authorization", bearer(worker)).status()).isEqualTo(401);
        assertThat(onB.send("POST", "/tasks/1/status", "status=blocked", "Content-Type", form, "Cookie", cookie)
            .status()).as("the session opened with the revoked token").isEqualTo(401);
        assertThat(onA.delete("/api/tokens/" + worker.details().id(), "Authorization", bearer(admin)).status())
            .as("revoking again changes nothing").isEqualTo(200);
      } finally {
        a.stop();
        b.stop();
      }
    }
  }

  @Test
  void an_open_event_stream_stops_when_its_token_is_revoked() {
    NewToken admin = token("ada", "admin");
    NewToken reader = token("rita", "reader");
    task("watched");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      try (tracker.support.EventStream stream = new tracker.support.EventStream(server.port(), "", null,
          "Authorization", bearer(reader))) {
        api.post("/api/tasks/1/comments", "{\"comment\":\"one\"}", "Authorization", bearer(admin));
        assertThat(stream.next(2000)).as("the reader sees changes").isNotNull();
        assertThat(api.delete("/api/tokens/" + reader.details().id(), "Authorization", bearer(admin)).status())
            .isEqualTo(200);
        Thread.sleep(1_100); // an open stream checks its token again at most once a second
        api.post("/api/tasks/1/comments", "{\"comment\":\"two\"}", "Authorization", bearer(admin));
        assertThat(stream.next(2000)).as("nothing after the revocation").isNull();
      }
    });
  }

  @Test
  void changes_are_recorded_under_the_identity_and_a_sent_name_is_only_a_label() {
    NewToken bob = token("bob", "worker");
    NewToken eve = token("eve", "worker");
    task("one");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      Reply claimed = api.post("/api/claim", "{\"worker\":\"w1\",\"lease_seconds\":600}", "Authorization", bearer(bob));
      assertThat(claimed.json().get("claimed_by").asText()).isEqualTo("bob/w1");
      long token = claimed.json().get("claim_token").asLong();
      Reply impostor = api.post("/api/tasks/1/heartbeat", "{\"worker\":\"bob/w1\"}", "Authorization", bearer(eve));
      assertThat(impostor.status()).as("eve naming bob's worker acts as eve/bob/w1").isEqualTo(409);
      Reply kept = api.post("/api/tasks/1/heartbeat", "{\"worker\":\"w1\",\"claim_token\":" + token + "}",
          "Authorization", bearer(bob));
      assertThat(kept.status()).isEqualTo(200);
      Reply comment = api.post("/api/tasks/1/comments", "{\"comment\":\"looks fine\"}", "Authorization", bearer(bob),
          "X-Actor", "ci");
      assertThat(comment.json().get("author").asText()).isEqualTo("bob/ci");
      api.post("/api/tasks/1/progress", "{\"progress_percentage\":40,\"updated_by\":\"alice\"}", "Authorization",
          bearer(bob));
      assertThat(api.get("/api/tasks/1/progress", "Authorization", bearer(bob)).json().get(0).get("updated_by").asText())
          .as("bob cannot write as alice").isEqualTo("bob/alice");
      List<String> actors = new java.util.ArrayList<>();
      api.get("/api/tasks/1/history", "Authorization", bearer(bob)).json()
          .forEach(entry -> actors.add(entry.get("actor").asText()));
      assertThat(actors).allMatch(actor -> actor.equals("system") || actor.startsWith("bob") || actor.equals("api"))
          .contains("bob/w1", "bob/ci");
      assertThat(api.get("/tasks/1", "Authorization", bearer(bob)).text()).contains("bob/ci");
    });
  }

  @Test
  void the_token_command_makes_lists_and_revokes_on_the_database() {
    String url = TestDatabases.sqliteUrl(dir);
    Cli.Result missingRole = Cli.run("token", "create", "--db-url", url, "--name", "dana");
    assertThat(missingRole.code()).isEqualTo(2);
    assertThat(missingRole.err()).contains("role is required");
    Cli.Result made = Cli.run("token", "create", "--db-url", url, "--name", "dana", "--role", "admin",
        "--token-name", "laptop");
    assertThat(made.code()).isEqualTo(0);
    String secret = made.out().lines().filter(line -> line.startsWith(Secrets.PREFIX)).findFirst().orElseThrow();
    assertThat(made.out()).contains("Made person dana (admin)", "shown once");
    Cli.Result listed = Cli.run("token", "list", "--db-url", url);
    assertThat(listed.out()).contains("dana  person  admin", "laptop", "never used").doesNotContain(secret);
    assertThat(Cli.run("token", "create", "--db-url", url, "--name", "dana", "--role", "reader").err())
        .contains("dana is the last admin");
    assertThat(Cli.run("token", "create", "--db-url", url, "--name", "erin", "--role", "admin").code()).isZero();
    assertThat(Cli.run("token", "create", "--db-url", url, "--name", "dana", "--role", "reader").out())
        .contains("dana is now a reader");
    Cli.Result revoked = Cli.run("token", "revoke", "--db-url", url, "1");
    assertThat(revoked.code()).isEqualTo(0);
    assertThat(Cli.run("token", "list", "--db-url", url).out()).contains("REVOKED");
    assertThat(Cli.run("token", "revoke", "--db-url", url, "99").code()).isEqualTo(2);
    for (String notPlain : java.util.List.of("+2", "\u0662")) {
      Cli.Result refused = Cli.run("token", "revoke", "--db-url", url, notPlain);
      assertThat(refused.code()).as(notPlain).isEqualTo(2);
      assertThat(refused.err()).contains("is not a whole number");
    }
    assertThat(Cli.run("token", "create", "--db-url", url, "--name", "no/slash", "--role", "reader").err())
        .contains("name must be");
  }

  @Test
  void a_worker_changes_only_what_its_identity_holds_and_a_planner_may_take_over() {
    NewToken bob = token("bob", "worker");
    NewToken eve = token("eve", "worker");
    NewToken pam = token("pam", "planner");
    task("one");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      long claim = api.post("/api/claim", "{\"worker\":\"w1\"}", "Authorization", bearer(bob)).json()
          .get("claim_token").asLong();
      for (String[] write : new String[][] {{"/api/tasks/1/status", "{\"status\":\"not_started\"}"},
          {"/api/tasks/1/status", "{\"status\":\"blocked\",\"claim_token\":" + claim + "}"},
          {"/api/tasks/1/progress", "{\"progress_percentage\":50,\"claim_token\":" + claim + "}"},
          {"/api/tasks/1/comments", "{\"comment\":\"mine now\",\"claim_token\":" + claim + "}"}}) {
        Reply refused = api.post(write[0], write[1], "Authorization", bearer(eve));
        assertThat(refused.status()).as(write[0] + " " + write[1]).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("held by bob/w1");
      }
      task("two");
      String subtask = "{\"title\":\"s\",\"component_area\":\"x\",\"phase\":1,\"source_document\":\"s\","
          + "\"parent_task_id\":1}";
      for (Reply refused : List.of(api.post("/api/tasks", subtask, "Authorization", bearer(eve)),
          api.post("/api/tasks/1/dependencies", "{\"depends_on_task_id\":2}", "Authorization", bearer(eve)))) {
        assertThat(refused.status()).as("a subtask or a dependency of a task bob holds: " + refused.text())
            .isEqualTo(409);
      }
      assertThat(api.get("/api/tasks?limit=50", "Authorization", bearer(pam)).json().get("total").asInt()).isEqualTo(2);
      assertThat(api.post("/api/tasks/1/progress", "{\"progress_percentage\":30}", "Authorization", bearer(bob))
          .status()).as("bob's own identity, any label").isEqualTo(201);
      assertThat(api.post("/api/tasks/1/status", "{\"status\":\"not_started\"}", "Authorization", bearer(pam))
          .status()).as("a planner takes over").isEqualTo(200);
      assertThat(api.get("/api/tasks/1", "Authorization", bearer(pam)).json().get("claimed_by").isNull()).isTrue();
    });
  }

  @Test
  void among_identities_the_shared_token_is_one_more_and_cannot_pass_for_another() {
    token("carol", "worker");
    task("one");
    JavalinTest.test(WebApp.create(tracker, "shared-s3cret"), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      Reply comment = api.post("/api/tasks/1/comments", "{\"comment\":\"hi\"}", "Authorization",
          "Bearer shared-s3cret", "X-Actor", "carol");
      assertThat(comment.json().get("author").asText()).isEqualTo("shared-token/carol");
      assertThat(api.post("/api/identities", "{\"name\":\"Shared-Token\",\"role\":\"admin\"}", "Authorization",
          "Bearer shared-s3cret").status()).isEqualTo(422);
    });
  }

  @Test
  void wrong_tokens_slow_down_guessing_but_never_lock_out_an_identitys_own_token() {
    NewToken ann = token("ann", "reader");
    JavalinTest.test(WebApp.create(tracker, "shared-s3cret"), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      for (int i = 0; i < Guesses.ALLOWED + 1; i++) {
        api.get("/api/me", "Authorization", "Bearer trk_wrong" + i);
      }
      assertThat(api.get("/api/me", "Authorization", "Bearer trk_wrong").status()).isEqualTo(429);
      assertThat(api.get("/api/me", "Authorization", "Bearer shared-s3cret").status())
          .as("the shared token may be weak: it waits too").isEqualTo(429);
      assertThat(api.get("/api/me", "Authorization", bearer(ann)).status()).isEqualTo(200);
    });
  }

  @Test
  void an_open_server_lets_anyone_plan_but_nobody_take_over_the_team() {
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      assertThat(api.post("/api/tasks", "{\"title\":\"t\",\"component_area\":\"c\",\"phase\":1,"
          + "\"source_document\":\"s\"}").status()).isEqualTo(201);
      assertThat(api.delete("/api/tasks/1").status()).isEqualTo(204);
      Reply takeover = api.post("/api/identities", "{\"name\":\"mallory\",\"role\":\"admin\"}");
      assertThat(takeover.status()).isEqualTo(401);
      assertThat(takeover.json().get("detail").asText()).contains("token create");
      assertThat(rows("identities")).isZero();
    });
  }

  @Test
  void the_last_admin_stays_and_team_changes_are_in_the_history() {
    NewToken root = token("root", "admin");
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      Reply demoted = api.patch("/api/identities/1", "{\"role\":\"reader\"}", "Authorization", bearer(root));
      assertThat(demoted.status()).isEqualTo(409);
      assertThat(demoted.json().get("detail").asText()).contains("last admin");
      assertThat(api.post("/api/identities", "{\"name\":\"ROOT\",\"role\":\"reader\"}", "Authorization",
          bearer(root)).status()).as("names differ by more than case").isEqualTo(409);
      api.post("/api/identities", "{\"name\":\"ann\",\"role\":\"reader\"}", "Authorization", bearer(root));
      api.patch("/api/identities/2", "{\"role\":\"worker\"}", "Authorization", bearer(root));
      List<String> actions = new java.util.ArrayList<>();
      api.get("/api/activity", "Authorization", bearer(root)).json()
          .forEach(entry -> actions.add(entry.get("entity").asText() + ":" + entry.get("action").asText()));
      assertThat(actions).contains("identity:identity_created", "identity:token_created", "identity:role_changed");
    });
    Cli.Result refused = Cli.run("token", "create", "--db-url", TestDatabases.sqliteUrl(dir), "--name", "zed",
        "--role", "worker", "--expires", "2020-01-01");
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out()).as("nothing made when the token is refused").doesNotContain("Made");
  }
}
