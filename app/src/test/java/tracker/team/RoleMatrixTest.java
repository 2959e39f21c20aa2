package tracker.team;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.testtools.JavalinTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tracker.api.ApiClient;
import tracker.api.ApiClient.Reply;
import tracker.api.Contract;
import tracker.app.WebApp;
import tracker.domain.ContractValue;
import tracker.domain.Role;
import tracker.support.ApiTests;
import tracker.tasks.TaskDraft;
import tracker.team.TeamRecords.IdentityDraft;
import tracker.team.TeamRecords.TokenDraft;

/**
 * Every operation of /openapi.json, called by every role: a role at or above the one the
 * operation names ({@code x-required-role}) is never refused (no 401/403), a smaller one gets a
 * 403 naming the role, and a caller without a token gets a 401 (reads: only when reads are closed).
 * A route left unguarded or guarded too strictly fails here, on both databases.
 */
class RoleMatrixTest extends ApiTests {

  /** An operation: method, path template, the role it needs (null: anyone). */
  record Operation(String method, String path, Role needs) {}

  static List<Operation> operations() {
    List<Operation> operations = new ArrayList<>();
    Contract.INSTANCE.document().get("paths").fields().forEachRemaining(path ->
        path.getValue().fields().forEachRemaining(op -> {
          if (!op.getKey().equals("parameters") && !op.getValue().path("x-event-stream").asBoolean()) {
            // an event stream stays open: its roles are checked on its own below
            JsonNode role = op.getValue().get("x-required-role");
            assertThat(role).as("%s %s names the role it needs", op.getKey(), path.getKey()).isNotNull();
            operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(),
                role.isNull() ? null : ContractValue.parse(Role.class, role.asText()).orElseThrow()));
          }
        }));
    return operations;
  }

  /** One token per role, made on the database directly (as {@code token create} does), and a spare one to revoke. */
  private Map<Role, String> tokensPerRole() {
    Map<Role, String> tokens = new LinkedHashMap<>();
    for (Role role : Role.values()) {
      var identity = tracker.team().createIdentity(new IdentityDraft(role.value() + "-1", "agent", role.value()));
      tokens.put(role, tracker.team().createToken(identity.id(), new TokenDraft("matrix", null)).token());
    }
    return tokens;
  }

  private long spareTokenId() {
    var spare = tracker.team().createIdentity(new IdentityDraft("spare", "person", "reader"));
    return tracker.team().createToken(spare.id(), new TokenDraft("to revoke", null)).details().id();
  }

  private static Reply call(ApiClient api, Operation op, long spareToken, String... headers) {
    String path = op.path().replace("/api/tokens/{id}", "/api/tokens/" + spareToken)
        .replace("{id}", "1").replace("{depends_on_task_id}", "2").replace("{task_id}", "1");
    String body = op.method().equals("POST") || op.method().equals("PATCH") ? "{}" : null;
    return api.send(op.method(), path, body, headers);
  }

  @Test
  void each_role_may_do_exactly_what_the_document_says() {
    tracker.tasks().create(new TaskDraft("one", null, "core", 1, null, null, null, "spec", null, 1.0, null));
    tracker.tasks().create(new TaskDraft("two", null, "core", 1, null, null, null, "spec", null, 1.0, null));
    Map<Role, String> tokens = tokensPerRole();
    long spare = spareTokenId();
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      List<String> checked = new ArrayList<>();
      for (Operation op : operations()) {
        Reply anonymous = call(api, op, spare);
        if (op.needs() == null) {
          assertThat(anonymous.status()).as("%s %s without a token", op.method(), op.path()).isNotIn(401, 403);
          continue;
        }
        assertThat(anonymous.status()).as("%s %s without a token (reads closed)", op.method(), op.path())
            .isEqualTo(401);
        for (Role role : Role.values()) {
          Reply reply = call(api, op, spare, "Authorization", "Bearer " + tokens.get(role));
          String what = op.method() + " " + op.path() + " as " + role.value();
          if (role.covers(op.needs())) {
            assertThat(reply.status()).as(what).isNotIn(401, 403);
          } else {
            assertThat(reply.status()).as(what).isEqualTo(403);
            assertThat(reply.json().get("detail").asText()).as(what).contains("needs the role " + op.needs().value());
          }
          checked.add(what);
        }
      }
      assertThat(checked).hasSizeGreaterThan(100);
    });
  }

  @Test
  void with_reads_open_a_caller_without_a_token_reads_and_changes_nothing() {
    tracker.tasks().create(new TaskDraft("one", null, "core", 1, null, null, null, "spec", null, 1.0, null));
    tokensPerRole();
    long spare = spareTokenId();
    JavalinTest.test(WebApp.create(tracker, null, java.util.Set.of(), null, true), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      for (Operation op : operations()) {
        if (op.needs() == null) {
          continue;
        }
        Reply reply = call(api, op, spare);
        if (op.needs() == Role.READER) {
          assertThat(reply.status()).as("%s %s without a token", op.method(), op.path()).isNotIn(401, 403);
        } else {
          assertThat(reply.status()).as("%s %s without a token", op.method(), op.path()).isEqualTo(401);
        }
      }
      assertThat(rows("tasks")).isEqualTo(1);
    });
  }

  /** The pages, the event stream and MCP follow the same roles as the API they mirror. */
  @Test
  void pages_events_and_mcp_follow_the_same_roles() {
    tracker.tasks().create(new TaskDraft("one", null, "core", 1, null, null, null, "spec", null, 1.0, null));
    Map<Role, String> tokens = tokensPerRole();
    JavalinTest.test(WebApp.create(tracker), (server, http) -> {
      ApiClient api = new ApiClient(server.port());
      String form = "application/x-www-form-urlencoded";
      assertThat(api.get("/tasks").status()).as("a page without a session sends the browser to sign in")
          .isEqualTo(303);
      assertThat(api.get("/tasks").header("Location")).isEqualTo("/login?next=%2Ftasks");
      assertThat(api.send("POST", "/tasks/1/status", "status=blocked", "Content-Type", form).status()).isEqualTo(401);
      String worker = "Bearer " + tokens.get(Role.WORKER);
      String reader = "Bearer " + tokens.get(Role.READER);
      assertThat(api.get("/tasks", "Authorization", reader).status()).isEqualTo(200);
      assertThat(api.get("/team", "Authorization", worker).status()).isEqualTo(403);
      assertThat(api.get("/team", "Authorization", "Bearer " + tokens.get(Role.ADMIN)).status()).isEqualTo(200);
      assertThat(api.send("POST", "/tasks/1/status", "status=blocked", "Content-Type", form, "Authorization", reader)
          .status()).isEqualTo(403);
      assertThat(api.send("POST", "/tasks/1/status", "status=blocked", "Content-Type", form, "Authorization", worker)
          .status()).isIn(200, 303);
      assertThat(api.send("POST", "/tasks/1/delete", "", "Content-Type", form, "Authorization", worker).status())
          .isEqualTo(403);
      assertThat(rows("tasks")).isEqualTo(1);

      assertThat(api.get("/events").status()).as("the event stream without a token").isEqualTo(401);

      String ping = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}";
      assertThat(api.send("POST", "/mcp", ping, "Content-Type", "application/json").status()).isEqualTo(401);
      assertThat(api.send("POST", "/mcp", ping, "Content-Type", "application/json", "Authorization", reader)
          .status()).isEqualTo(200);
      String claim = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"next_task\","
          + "\"arguments\":{\"worker\":\"w\"}}}";
      Reply refused = api.send("POST", "/mcp", claim, "Content-Type", "application/json", "Authorization", reader);
      assertThat(refused.json().get("result").get("isError").asBoolean()).isTrue();
      assertThat(refused.text()).contains("needs the role worker");
      Reply taken = api.send("POST", "/mcp", claim, "Content-Type", "application/json", "Authorization", worker);
      assertThat(taken.json().get("result").get("isError").asBoolean()).isFalse();
    });
  }
}
